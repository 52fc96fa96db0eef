package io.pangolin.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a caller supplies to create an asset.
 *
 * @param location requested location; must lie inside the catalog's warehouse root. Empty: the location policy
 *     chooses one
 * @param metadataLocation current Iceberg metadata file, for Iceberg kinds
 */
public record NewAsset(
    String name,
    AssetKind kind,
    Optional<String> location,
    Map<String, String> properties,
    Optional<String> metadataLocation) {
  public NewAsset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(location, "location");
    properties = Map.copyOf(Objects.requireNonNull(properties, "properties"));
    Objects.requireNonNull(metadataLocation, "metadataLocation");
  }
}
