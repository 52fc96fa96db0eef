package io.pangolin.spi;

import io.pangolin.api.Principal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A stored principal with its credential hash (never leaves the engine). Principals live in the deployment's
 * control-plane store: a token request names only a client id, so they must be found without knowing the tenant.
 *
 * @param id unique: the client id of a service or root principal, {@code user:<tenant>:<name>} for a user
 * @param tenant empty for root principals
 * @param name unique per tenant (and among root principals) and kind
 * @param credentialHash the hash of the client secret or password (a self-describing format such as bcrypt's)
 */
public record PrincipalRecord(
    String id,
    Optional<String> tenant,
    String name,
    Principal.Kind kind,
    String credentialHash,
    Set<String> roles,
    boolean enabled,
    Optional<Instant> expiresAt,
    Instant createdAt,
    Instant updatedAt,
    long version) {
  public PrincipalRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(credentialHash, "credentialHash");
    roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (kind == Principal.Kind.SYSTEM) {
      throw new IllegalArgumentException("the system principal is not stored");
    }
    if ((kind == Principal.Kind.ROOT) != tenant.isEmpty()) {
      throw new IllegalArgumentException("root principals have no tenant; all others have one");
    }
  }

  public PrincipalRecord withVersion(long newVersion) {
    return new PrincipalRecord(id, tenant, name, kind, credentialHash, roles, enabled, expiresAt, createdAt,
        updatedAt, newVersion);
  }

  /** Never prints the hash. */
  @Override
  public String toString() {
    return "PrincipalRecord[" + id + ", " + tenant.orElse("-") + "/" + name + ", " + kind + ", roles=" + roles
        + ", enabled=" + enabled + ", v" + version + "]";
  }
}
