package io.pangolin.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a grant applies: the whole tenant, a catalog, a namespace (with its sub-namespaces and their assets) or one
 * asset. Written {@code tenant}, {@code catalog:<c>}, {@code namespace:<c>:<a.b>} or {@code asset:<c>:<a.b>:<name>}.
 *
 * @param namespace levels; empty for tenant and catalog scopes
 */
public record GrantScope(Kind kind, Optional<String> catalog, List<String> namespace, Optional<String> asset) {
  /** The kinds of scope, outermost first. */
  public enum Kind { TENANT, CATALOG, NAMESPACE, ASSET }

  private static final GrantScope TENANT = new GrantScope(Kind.TENANT, Optional.empty(), List.of(), Optional.empty());

  public GrantScope {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(catalog, "catalog");
    namespace = List.copyOf(Objects.requireNonNull(namespace, "namespace"));
    Objects.requireNonNull(asset, "asset");
    boolean ok = switch (kind) {
      case TENANT -> catalog.isEmpty() && namespace.isEmpty() && asset.isEmpty();
      case CATALOG -> catalog.isPresent() && namespace.isEmpty() && asset.isEmpty();
      case NAMESPACE -> catalog.isPresent() && !namespace.isEmpty() && asset.isEmpty();
      case ASSET -> catalog.isPresent() && !namespace.isEmpty() && asset.isPresent();
    };
    if (!ok) {
      throw new IllegalArgumentException("inconsistent " + kind + " scope");
    }
  }

  public static GrantScope tenant() {
    return TENANT;
  }

  public static GrantScope catalog(String catalog) {
    return new GrantScope(Kind.CATALOG, Optional.of(catalog), List.of(), Optional.empty());
  }

  public static GrantScope namespace(String catalog, List<String> levels) {
    return levels.isEmpty() ? catalog(catalog)
        : new GrantScope(Kind.NAMESPACE, Optional.of(catalog), levels, Optional.empty());
  }

  public static GrantScope asset(String catalog, List<String> namespace, String name) {
    return new GrantScope(Kind.ASSET, Optional.of(catalog), namespace, Optional.of(name));
  }

  /** Whether this scope contains {@code other} (or is it). */
  public boolean covers(GrantScope other) {
    return switch (kind) {
      case TENANT -> true;
      case CATALOG -> other.catalog.equals(catalog);
      case NAMESPACE -> other.catalog.equals(catalog) && other.namespace.size() >= namespace.size()
          && other.namespace.subList(0, namespace.size()).equals(namespace);
      case ASSET -> equals(other);
    };
  }

  /** The scope that directly contains this one (the tenant contains itself). */
  public GrantScope parent() {
    return switch (kind) {
      case TENANT, CATALOG -> TENANT;
      case NAMESPACE -> namespace.size() == 1 ? catalog(catalog.orElseThrow())
          : namespace(catalog.orElseThrow(), namespace.subList(0, namespace.size() - 1));
      case ASSET -> namespace(catalog.orElseThrow(), namespace);
    };
  }

  /** The written form (see the class comment). */
  @Override
  public String toString() {
    return switch (kind) {
      case TENANT -> "tenant";
      case CATALOG -> "catalog:" + catalog.orElseThrow();
      case NAMESPACE -> "namespace:" + catalog.orElseThrow() + ":" + String.join(".", namespace);
      case ASSET -> "asset:" + catalog.orElseThrow() + ":" + String.join(".", namespace) + ":" + asset.orElseThrow();
    };
  }

  /**
   * Parses the written form.
   *
   * @throws ValidationException malformed
   */
  public static GrantScope parse(String s) {
    if (s == null || s.isEmpty() || s.length() > 1024) {
      throw new ValidationException("a grant scope is tenant, catalog:<c>, namespace:<c>:<a.b> or "
          + "asset:<c>:<a.b>:<name>");
    }
    String[] p = s.split(":", -1);
    try {
      return switch (p[0]) {
        case "tenant" -> p.length == 1 ? tenant() : fail();
        case "catalog" -> p.length == 2 && !p[1].isEmpty() ? catalog(p[1]) : fail();
        case "namespace" -> p.length == 3 && !p[1].isEmpty() ? namespace(p[1], levels(p[2])) : fail();
        case "asset" -> p.length == 4 && !p[1].isEmpty() && !p[3].isEmpty()
            ? asset(p[1], levels(p[2]), p[3]) : fail();
        default -> fail();
      };
    } catch (IllegalArgumentException e) {
      return fail();
    }
  }

  private static List<String> levels(String dotted) {
    List<String> levels = List.of(dotted.split("\\.", -1));
    if (dotted.isEmpty() || levels.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("empty level");
    }
    return levels;
  }

  private static GrantScope fail() {
    throw new ValidationException("a grant scope is tenant, catalog:<c>, namespace:<c>:<a.b> or "
        + "asset:<c>:<a.b>:<name>");
  }
}
