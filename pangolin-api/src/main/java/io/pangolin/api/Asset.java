package io.pangolin.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A data asset: an Iceberg table or view, or a governed pointer to another kind of data (Delta table, Parquet
 * directory, ML model …).
 *
 * @param id stable identifier (a UUID), kept across renames
 * @param location root location of the asset's data
 * @param metadataLocation current Iceberg metadata file; empty for non-Iceberg kinds
 * @param version store version, the compare-and-swap token for the metadata pointer
 */
public record Asset(
    String tenant,
    String id,
    String catalog,
    NamespaceName namespace,
    String name,
    AssetKind kind,
    String location,
    Map<String, String> properties,
    Optional<String> metadataLocation,
    Instant createdAt,
    Instant updatedAt,
    long version) {
  public Asset {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(location, "location");
    properties = Map.copyOf(Objects.requireNonNull(properties, "properties"));
    Objects.requireNonNull(metadataLocation, "metadataLocation");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  public AssetKey key() {
    return new AssetKey(catalog, namespace, name);
  }

  public Asset withVersion(long newVersion) {
    return new Asset(tenant, id, catalog, namespace, name, kind, location, properties, metadataLocation,
        createdAt, updatedAt, newVersion);
  }

  /** The same asset under a new namespace and name (identity {@link #id()} kept). */
  public Asset withKey(NamespaceName newNamespace, String newName) {
    return new Asset(tenant, id, catalog, newNamespace, newName, kind, location, properties, metadataLocation,
        createdAt, updatedAt, version);
  }
}
