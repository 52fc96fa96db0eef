package io.pangolin.api;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who calls: an authenticated principal, or the trusted {@link #system()} principal of an embedding application.
 *
 * @param id stable identifier (the client id of a service principal, {@code user:<tenant>:<name>} of a user)
 * @param name display name, recorded as the actor of audit events
 * @param tenant the tenant the principal belongs to; empty for deployment-level principals (root, system)
 * @param roles role names: {@value Roles#ROOT}, {@value Roles#TENANT_ADMIN}, {@value Roles#TENANT_USER}
 */
public record Principal(String id, String name, Kind kind, Optional<String> tenant, Set<String> roles) {
  /** What kind of principal. */
  public enum Kind {
    /** The deployment's administrator (acts in any tenant). */
    ROOT,
    /** A service principal: client id and secret (OAuth2 client credentials). */
    SERVICE,
    /** A human user of a tenant: name and password. */
    USER,
    /** The embedding application itself: trusted, not authenticated by Pangolin. */
    SYSTEM
  }

  private static final Principal SYSTEM = new Principal("system", "system", Kind.SYSTEM, Optional.empty(),
      Set.of(Roles.ROOT));

  public Principal {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(tenant, "tenant");
    roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
    if ((kind == Kind.ROOT || kind == Kind.SYSTEM) != tenant.isEmpty()) {
      throw new IllegalArgumentException("root and system principals have no tenant; all others have one");
    }
  }

  /** The principal of calls made by an embedding application through {@link RequestContext#of}: trusted. */
  public static Principal system() {
    return SYSTEM;
  }

  /** Whether the principal may act in every tenant (root or the embedding system). */
  public boolean isDeploymentAdmin() {
    return kind == Kind.ROOT || kind == Kind.SYSTEM;
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
