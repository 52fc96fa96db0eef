package io.pangolin.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A service principal as the API shows it: never its secret.
 *
 * @param tenant empty for the deployment's root principals
 */
public record ServicePrincipal(
    Optional<String> tenant,
    String name,
    String clientId,
    Set<String> roles,
    boolean enabled,
    Optional<Instant> expiresAt,
    Instant createdAt,
    Instant updatedAt,
    long version) {
  public ServicePrincipal {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(clientId, "clientId");
    roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
