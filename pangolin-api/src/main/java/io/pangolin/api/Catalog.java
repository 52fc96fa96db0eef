package io.pangolin.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** A catalog of a tenant, placing its data under one warehouse. */
public record Catalog(
    String tenant,
    String name,
    String warehouse,
    Map<String, String> properties,
    Instant createdAt,
    Instant updatedAt,
    long version) {
  public Catalog {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(warehouse, "warehouse");
    properties = Map.copyOf(Objects.requireNonNull(properties, "properties"));
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  public Catalog withVersion(long newVersion) {
    return new Catalog(tenant, name, warehouse, properties, createdAt, updatedAt, newVersion);
  }
}
