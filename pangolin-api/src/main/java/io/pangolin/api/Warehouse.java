package io.pangolin.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A storage root (for example {@code s3://bucket/prefix} or {@code file:///data}) that catalogs place data under.
 *
 * @param storageProperties endpoint, region, credentials… for the storage; may hold secrets, never logged
 */
public record Warehouse(
    String tenant,
    String name,
    String storageRoot,
    Map<String, String> storageProperties,
    Instant createdAt,
    Instant updatedAt,
    long version) {
  public Warehouse {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(storageRoot, "storageRoot");
    storageProperties = Map.copyOf(Objects.requireNonNull(storageProperties, "storageProperties"));
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  public Warehouse withVersion(long newVersion) {
    return new Warehouse(tenant, name, storageRoot, storageProperties, createdAt, updatedAt, newVersion);
  }
}
