package io.pangolin.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A tenant: the unit of isolation. Its {@code name} is its identity (lower-case, DNS-like) and is what requests carry
 * as tenant context.
 *
 * @param version store version, starts at 1 and grows by one on each update (compare-and-swap token)
 */
public record Tenant(String name, Map<String, String> properties, Instant createdAt, Instant updatedAt, long version) {
  public Tenant {
    Objects.requireNonNull(name, "name");
    properties = Map.copyOf(Objects.requireNonNull(properties, "properties"));
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  public Tenant withVersion(long newVersion) {
    return new Tenant(name, properties, createdAt, updatedAt, newVersion);
  }
}
