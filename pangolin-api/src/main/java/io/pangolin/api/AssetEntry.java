package io.pangolin.api;

import java.util.Objects;

/**
 * One line of a names-only listing of a namespace's assets: what a listing answer needs (the Iceberg API lists
 * identifiers of the tables and views that have metadata), without the asset's properties, locations and times.
 *
 * @param hasMetadataLocation the asset has a current Iceberg metadata file ({@link Asset#metadataLocation()})
 */
public record AssetEntry(String name, AssetKind kind, boolean hasMetadataLocation) {
  public AssetEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
  }

  /** The entry of a whole asset. */
  public static AssetEntry of(Asset asset) {
    return new AssetEntry(asset.name(), asset.kind(), asset.metadataLocation().isPresent());
  }
}
