package io.pangolin.api;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Search over a tenant's assets across its catalogs; empty filters match everything.
 *
 * @param nameContains case-insensitive substring of the asset name
 * @param propertyKey the asset must have this property…
 * @param propertyValue …with this value (only meaningful with a key)
 */
public record AssetQuery(
    Optional<String> catalog,
    Optional<String> nameContains,
    Optional<AssetKind> kind,
    Optional<String> propertyKey,
    Optional<String> propertyValue) {
  public static final AssetQuery ALL =
      new AssetQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public AssetQuery {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(nameContains, "nameContains");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(propertyKey, "propertyKey");
    Objects.requireNonNull(propertyValue, "propertyValue");
    if (propertyValue.isPresent() && propertyKey.isEmpty()) {
      throw new ValidationException("a property value filter needs a property key");
    }
  }

  /** True if {@code a} passes every filter. */
  public boolean matches(Asset a) {
    return catalog.map(a.catalog()::equals).orElse(true)
        && nameContains.map(s -> a.name().toLowerCase(Locale.ROOT).contains(s.toLowerCase(Locale.ROOT))).orElse(true)
        && kind.map(k -> k == a.kind()).orElse(true)
        && propertyKey.map(k -> a.properties().containsKey(k)
            && propertyValue.map(v -> v.equals(a.properties().get(k))).orElse(true)).orElse(true);
  }
}
