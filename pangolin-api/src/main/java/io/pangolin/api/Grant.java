package io.pangolin.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Privileges on a scope, given to a role of the tenant or to one principal.
 *
 * @param id stable identifier, used to revoke the grant
 * @param grantee a role name ({@link Grantee.Kind#ROLE}) or a principal id ({@link Grantee.Kind#PRINCIPAL})
 */
public record Grant(String id, GrantScope scope, Grantee grantee, Set<Privilege> privileges, Instant createdAt,
    String createdBy) {
  /** Who a grant is for. */
  public record Grantee(Kind kind, String name) {
    /** A role of the tenant (built in or custom), or a principal. */
    public enum Kind { ROLE, PRINCIPAL }

    public Grantee {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(name, "name");
    }

    public static Grantee role(String name) {
      return new Grantee(Kind.ROLE, name);
    }

    public static Grantee principal(String id) {
      return new Grantee(Kind.PRINCIPAL, id);
    }
  }

  public Grant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(grantee, "grantee");
    privileges = Set.copyOf(Objects.requireNonNull(privileges, "privileges"));
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(createdBy, "createdBy");
    if (privileges.isEmpty()) {
      throw new IllegalArgumentException("a grant gives at least one privilege");
    }
  }

  /** Whether this grant applies to {@code principal} (its id, or one of its roles). */
  public boolean appliesTo(Principal principal) {
    return switch (grantee.kind()) {
      case PRINCIPAL -> grantee.name().equals(principal.id());
      case ROLE -> principal.roles().contains(grantee.name());
    };
  }
}
