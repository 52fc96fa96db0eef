package io.pangolin.cache;

import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.PageRequest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The key format. Every key includes the tenant; every name in a key is escaped (anything but {@code A-Z a-z 0-9 . _ -}
 * becomes {@code %XX}), so {@code :}, {@code #}, braces and newlines only ever appear as separators.
 *
 * <pre>
 * {prefix}:{tenant}:tenant                              catalog          getTenant
 * {prefix}:{tenant}:warehouse:{name}                    catalog (local)  getWarehouse
 * {prefix}:{tenant}:catalog:{name}                      catalog          getCatalog
 * {prefix}:{tenant}:namespace:{catalog}:{a.b}           namespace-list   getNamespace
 * {prefix}:{tenant}:namespaces:{catalog}:{parent}       namespace-list   listNamespaces (field size:token)
 * {prefix}:{tenant}:assets:{catalog}:{a.b}              namespace-list   listAssets (field kind:size:token)
 * {prefix}:{tenant}:asset:{catalog}:{a.b}:{name}        asset            getAsset
 * {prefix}:{tenant}:permissions:user:{name}             permissions      getUser
 * </pre>
 */
final class Keys {
  private final String prefix;

  Keys(String prefix) {
    this.prefix = prefix;
  }

  private String base(String tenant, String kind) {
    return tenantPrefix(tenant) + kind;
  }

  /** The start of every key of {@code tenant}. */
  String tenantPrefix(String tenant) {
    return prefix + ":{" + escape(tenant) + "}:";
  }

  CacheKey tenant(String tenant) {
    return new CacheKey(base(tenant, "tenant"), CacheFamily.CATALOG, true, false);
  }

  CacheKey warehouse(String tenant, String name) {
    return new CacheKey(base(tenant, "warehouse") + ':' + escape(name), CacheFamily.CATALOG, false, false);
  }

  CacheKey catalog(String tenant, String name) {
    return new CacheKey(base(tenant, "catalog") + ':' + escape(name), CacheFamily.CATALOG, true, false);
  }

  CacheKey namespace(String tenant, String catalog, NamespaceName name) {
    return new CacheKey(base(tenant, "namespace") + ':' + escape(catalog) + ':' + escape(name.toString()),
        CacheFamily.NAMESPACE_LIST, true, false);
  }

  CacheKey namespaceListing(String tenant, String catalog, NamespaceName parent) {
    return new CacheKey(base(tenant, "namespaces") + ':' + escape(catalog) + ':' + escape(parent.toString()),
        CacheFamily.NAMESPACE_LIST, true, true);
  }

  CacheKey assetListing(String tenant, String catalog, NamespaceName namespace) {
    return new CacheKey(base(tenant, "assets") + ':' + escape(catalog) + ':' + escape(namespace.toString()),
        CacheFamily.NAMESPACE_LIST, true, true);
  }

  CacheKey asset(String tenant, AssetKey key) {
    return new CacheKey(base(tenant, "asset") + ':' + escape(key.catalog()) + ':' + escape(key.namespace().toString())
        + ':' + escape(key.name()), CacheFamily.ASSET, true, false);
  }

  /** All grants of the tenant (local cache only: invalidated on every instance when grants or roles change). */
  CacheKey grants(String tenant) {
    return new CacheKey(base(tenant, "permissions") + ":grants", CacheFamily.PERMISSIONS, false, false);
  }

  CacheKey userPermissions(String tenant, String user) {
    return new CacheKey(base(tenant, "permissions") + ":user:" + escape(user), CacheFamily.PERMISSIONS, true, false);
  }

  /** The field of one page of a listing. */
  static String pageField(PageRequest page) {
    return page.size() + ":" + page.token().orElse("");
  }

  static String pageField(Optional<AssetKind> kind, PageRequest page) {
    return kind.map(Enum::name).orElse("*") + ":" + pageField(page);
  }

  /** The family of a key id received from another instance; empty if it is not a key of this format. */
  Optional<CacheFamily> familyOf(String id) {
    if (!id.startsWith(prefix + ":{")) {
      return Optional.empty();
    }
    int close = id.indexOf("}:", prefix.length() + 2);
    if (close < 0) {
      return Optional.empty();
    }
    int start = close + 2;
    int end = id.indexOf(':', start);
    String kind = id.substring(start, end < 0 ? id.length() : end);
    return switch (kind) {
      case "tenant", "warehouse", "catalog" -> Optional.of(CacheFamily.CATALOG);
      case "namespace", "namespaces", "assets" -> Optional.of(CacheFamily.NAMESPACE_LIST);
      case "asset" -> Optional.of(CacheFamily.ASSET);
      case "permissions" -> Optional.of(CacheFamily.PERMISSIONS);
      default -> Optional.empty();
    };
  }

  static String escape(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
          || c == '_' || c == '-';
      if (plain) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      int cp = s.codePointAt(i);
      for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
      }
      if (Character.charCount(cp) == 2) {
        i++;
      }
    }
    return out == null ? s : out.toString();
  }
}
