package io.pangolin.server;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKind;
import io.pangolin.api.Catalog;
import io.pangolin.api.Grant;
import io.pangolin.api.GrantScope;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.PangolinException;
import io.pangolin.api.Privilege;
import io.pangolin.api.Role;
import io.pangolin.api.Tenant;
import io.pangolin.api.User;
import io.pangolin.api.ValidationException;
import io.pangolin.api.Warehouse;
import io.pangolin.core.Names;
import io.pangolin.core.TenantArchive;
import io.pangolin.server.Views.AssetView;
import io.pangolin.server.Views.CatalogView;
import io.pangolin.server.Views.GrantView;
import io.pangolin.server.Views.NamespaceView;
import io.pangolin.server.Views.RoleView;
import io.pangolin.server.Views.TenantView;
import io.pangolin.server.Views.UserView;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The JSON document of {@code GET /api/v1/tenants/{tenant}/export} and {@code POST /api/v1/tenants/import}: the
 * views of the management API, ids, timestamps, versions and metadata pointers included. Secret storage properties
 * of warehouses ({@link Secrets#isSecret}) are left out — their keys are listed in {@code secretPropertiesOmitted}
 * — so no credential leaves the server; set them again after an import.
 */
final class ArchiveBodies {
  static final int FORMAT = 1;

  private ArchiveBodies() {}

  /** A warehouse without its secret storage properties. */
  record ArchivedWarehouse(String name, String storageRoot, Map<String, String> storageProperties,
      List<String> secretPropertiesOmitted, String createdAt, String updatedAt, long version) {}

  /** The document; {@code name} (import only, optional) imports under another tenant name. */
  record TenantDocument(Integer format, String name, TenantView tenant, List<ArchivedWarehouse> warehouses,
      List<CatalogView> catalogs, List<NamespaceView> namespaces, List<AssetView> assets, List<UserView> users,
      List<RoleView> roles, List<GrantView> grants) implements JsonRequest, JsonResponse {}

  /** {@code 201} answer of an import. */
  record ImportedView(String tenant, int warehouses, int catalogs, int namespaces, int assets, int users, int roles,
      int grants, int grantsSkipped, List<String> secretPropertiesToSet) implements JsonResponse {
    /** {@code secretPropertiesToSet}: {@code <warehouse>:<key>} of every secret the document left out. */
    static ImportedView of(TenantArchive.Imported done, TenantDocument d) {
      List<String> secrets = new ArrayList<>();
      if (d.warehouses() != null) {
        d.warehouses().forEach(w -> {
          if (w.secretPropertiesOmitted() != null) {
            w.secretPropertiesOmitted().forEach(k -> secrets.add(w.name() + ":" + k));
          }
        });
      }
      return new ImportedView(done.tenant(), done.warehouses(), done.catalogs(), done.namespaces(), done.assets(),
          done.users(), done.roles(), done.grants(), done.grantsSkipped(), secrets);
    }
  }

  static TenantDocument of(TenantArchive a) {
    return new TenantDocument(FORMAT, null, TenantView.of(a.tenant()),
        a.warehouses().stream().map(ArchiveBodies::warehouse).toList(),
        a.catalogs().stream().map(CatalogView::of).toList(),
        a.namespaces().stream().map(NamespaceView::of).toList(),
        a.assets().stream().map(AssetView::of).toList(),
        a.users().stream().map(UserView::of).toList(),
        a.roles().stream().map(RoleView::of).toList(),
        a.grants().stream().map(GrantView::of).toList());
  }

  private static ArchivedWarehouse warehouse(Warehouse w) {
    Map<String, String> kept = new TreeMap<>();
    List<String> omitted = new ArrayList<>();
    w.storageProperties().forEach((k, v) -> {
      if (Secrets.isSecret(k)) {
        omitted.add(k);
      } else {
        kept.put(k, v);
      }
    });
    return new ArchivedWarehouse(w.name(), w.storageRoot(), kept, omitted.stream().sorted().toList(),
        Views.iso(w.createdAt()), Views.iso(w.updatedAt()), w.version());
  }

  /** The archive a document describes, for the tenant it names; every field checked (400 on anything missing). */
  static TenantArchive archive(TenantDocument d) {
    if (d.format() == null || d.format() != FORMAT) {
      throw new ValidationException("field 'format' must be " + FORMAT);
    }
    TenantView tv = required(d.tenant(), "tenant");
    String t = Fields.required(tv.name(), "tenant.name");
    try {
      Tenant tenant = new Tenant(t, Fields.map(tv.properties(), "tenant.properties"), instant(tv.createdAt()),
          instant(tv.updatedAt()), tv.version());
      return new TenantArchive(tenant,
          list(d.warehouses(), "warehouses", w -> new Warehouse(t, w.name(), w.storageRoot(),
              Fields.map(w.storageProperties(), "storageProperties"), instant(w.createdAt()),
              instant(w.updatedAt()), w.version())),
          list(d.catalogs(), "catalogs", c -> new Catalog(t, c.name(), c.warehouse(),
              Fields.map(c.properties(), "properties"), instant(c.createdAt()), instant(c.updatedAt()),
              c.version())),
          list(d.namespaces(), "namespaces", n -> new Namespace(t, Fields.required(n.catalog(), "catalog"),
              new NamespaceName(required(n.levels(), "levels")), Fields.map(n.properties(), "properties"),
              instant(n.createdAt()), instant(n.updatedAt()), n.version())),
          list(d.assets(), "assets", a -> new Asset(t, Fields.required(a.id(), "id"),
              Fields.required(a.catalog(), "catalog"), NamespaceName.parse(Fields.required(a.namespace(),
                  "namespace")), Fields.required(a.name(), "name"), kind(a.kind()),
              Fields.required(a.location(), "location"), Fields.map(a.properties(), "properties"),
              Optional.ofNullable(a.metadataLocation()), instant(a.createdAt()), instant(a.updatedAt()),
              a.version())),
          list(d.users(), "users", u -> new User(t, Fields.required(u.name(), "name"),
              Optional.ofNullable(u.email()), Fields.map(u.properties(), "properties"), instant(u.createdAt()),
              instant(u.updatedAt()), u.version())),
          list(d.roles(), "roles", r -> new Role(Fields.required(r.name(), "name"), r.description(),
              instant(r.createdAt()))),
          list(d.grants(), "grants", ArchiveBodies::grant));
    } catch (PangolinException e) {
      throw e;
    } catch (RuntimeException e) {
      // a domain record refused a value (null, blank, out of range): the document is malformed
      throw new ValidationException("the tenant document is malformed: " + Optional.ofNullable(e.getMessage())
          .map(Names::shorten).orElse("a required value is missing"));
    }
  }

  private static Grant grant(GrantView g) {
    Views.GranteeView grantee = required(g.grantee(), "grantee");
    Grant.Grantee who = switch (Fields.required(grantee.kind(), "grantee.kind")) {
      case "role" -> Grant.Grantee.role(Fields.required(grantee.name(), "grantee.name"));
      case "principal" -> Grant.Grantee.principal(Fields.required(grantee.name(), "grantee.name"));
      default -> throw new ValidationException("grantee.kind must be 'role' or 'principal'");
    };
    Set<Privilege> privileges = EnumSet.noneOf(Privilege.class);
    required(g.privileges(), "privileges").forEach(p -> privileges.add(Privilege.parse(p)));
    return new Grant(Fields.required(g.id(), "id"), GrantScope.parse(Fields.required(g.scope(), "scope")), who,
        privileges, instant(g.createdAt()), Fields.required(g.createdBy(), "createdBy"));
  }

  private static AssetKind kind(String kind) {
    try {
      return AssetKind.valueOf(Fields.required(kind, "kind").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ValidationException("unknown asset kind '" + Names.shorten(kind) + "'");
    }
  }

  private static Instant instant(String iso) {
    try {
      return Instant.parse(Fields.required(iso, "timestamp"));
    } catch (DateTimeParseException e) {
      throw new ValidationException("timestamps must be ISO-8601 instants, was '" + Names.shorten(iso) + "'");
    }
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw new ValidationException("field '" + field + "' is required");
    }
    return value;
  }

  private static <V, T> List<T> list(List<V> values, String field, Function<V, T> convert) {
    if (values == null) {
      return List.of();
    }
    List<T> out = new ArrayList<>(values.size());
    for (V v : values) {
      out.add(convert.apply(required(v, field + "[]")));
    }
    return out;
  }
}
