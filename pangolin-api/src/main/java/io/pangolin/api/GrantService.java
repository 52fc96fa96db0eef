package io.pangolin.api;

import java.util.List;
import java.util.Set;

/**
 * Custom roles and grants of the context's tenant. Built-in roles ({@link Roles}) hold their privileges on the whole
 * tenant; custom roles and principals hold what is granted to them. Roles are assigned to principals through
 * {@link PrincipalService} (service principals' and users' {@code roles}). Managing roles needs
 * {@value Roles#TENANT_ADMIN}; granting and revoking on a scope needs {@link Privilege#MANAGE_GRANTS} on it, and
 * nobody can grant a privilege they do not hold there.
 */
public interface GrantService {
  /** @throws AlreadyExistsException a custom or built-in role of that name exists */
  Role createRole(RequestContext ctx, String name, String description);

  List<Role> listRoles(RequestContext ctx);

  /** Deletes a custom role and the grants given to it; principals that had it lose it. */
  void deleteRole(RequestContext ctx, String name);

  /**
   * Grants {@code privileges} on {@code scope} to {@code grantee}.
   *
   * @throws AlreadyExistsException the grantee already has a grant on that scope (revoke it first)
   * @throws NotFoundException the role or principal does not exist in the tenant
   */
  Grant grant(RequestContext ctx, GrantScope scope, Grant.Grantee grantee, Set<Privilege> privileges);

  /** The grants the caller may see: all for those who manage grants on the tenant, else those on scopes they manage. */
  List<Grant> listGrants(RequestContext ctx);

  /** @throws NotFoundException no such grant */
  void revoke(RequestContext ctx, String grantId);

  /** What the context's principal may do on {@code scope} (its built-in roles and grants together). */
  Set<Privilege> effective(RequestContext ctx, GrantScope scope);
}
