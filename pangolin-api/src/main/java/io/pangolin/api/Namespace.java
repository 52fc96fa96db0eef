package io.pangolin.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** A namespace inside a catalog. Its parent namespace must exist; the catalog root is implicit. */
public record Namespace(
    String tenant,
    String catalog,
    NamespaceName name,
    Map<String, String> properties,
    Instant createdAt,
    Instant updatedAt,
    long version) {
  public Namespace {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(name, "name");
    if (name.isRoot()) {
      throw new IllegalArgumentException("a namespace needs at least one level");
    }
    properties = Map.copyOf(Objects.requireNonNull(properties, "properties"));
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  public Namespace withVersion(long newVersion) {
    return new Namespace(tenant, catalog, name, properties, createdAt, updatedAt, newVersion);
  }
}
