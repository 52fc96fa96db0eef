package io.pangolin.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A user of a tenant. Credentials and grants arrive with the security capability; this is the identity. */
public record User(
    String tenant,
    String name,
    Optional<String> email,
    Map<String, String> properties,
    Instant createdAt,
    Instant updatedAt,
    long version) {
  public User {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(email, "email");
    properties = Map.copyOf(Objects.requireNonNull(properties, "properties"));
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  public User withVersion(long newVersion) {
    return new User(tenant, name, email, properties, createdAt, updatedAt, newVersion);
  }
}
