package io.pangolin.api;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Principals and their credentials: service principals of the context's tenant (client id + secret, for OAuth2
 * client credentials), user passwords, authentication, and the deployment's root principal. Secrets and passwords
 * are stored only as hashes and returned only once.
 */
public interface PrincipalService {
  /**
   * Creates a service principal of the context's tenant.
   *
   * @param roles tenant roles ({@link Roles#TENANT_ROLES})
   * @throws AlreadyExistsException the name is taken in the tenant
   */
  ServiceCredentials create(RequestContext ctx, String name, Set<String> roles, Optional<Instant> expiresAt);

  /** @throws NotFoundException unknown service principal */
  ServicePrincipal get(RequestContext ctx, String name);

  Page<ServicePrincipal> list(RequestContext ctx, PageRequest page);

  /** A new secret; the old one stops working at once. */
  ServiceCredentials rotateSecret(RequestContext ctx, String name);

  /** Enables or disables; a disabled principal cannot authenticate and its tokens stop working. */
  ServicePrincipal setEnabled(RequestContext ctx, String name, boolean enabled);

  /**
   * Replaces the roles of a service principal (built-in tenant roles and custom roles of the tenant).
   *
   * @throws NotFoundException unknown service principal
   */
  ServicePrincipal setRoles(RequestContext ctx, String name, Set<String> roles);

  void delete(RequestContext ctx, String name);

  /**
   * Sets the password (and, by an administrator, the roles; default {@link Roles#TENANT_USER}) of a user of the
   * context's tenant, who can then log in. Administrators set anyone's; a user sets their own.
   *
   * @throws NotFoundException unknown user
   */
  void setPassword(RequestContext ctx, String user, String password, Optional<Set<String>> roles);

  /** The principal of a client id and secret, if they match an enabled, unexpired principal. */
  Optional<Principal> authenticate(String clientId, String clientSecret);

  /** {@link #authenticate(String, String)} from the network address {@code source} (recorded in the audit log). */
  default Optional<Principal> authenticate(String clientId, String clientSecret, Optional<String> source) {
    return authenticate(clientId, clientSecret);
  }

  /** The principal of a user name and password of a tenant, if they match. */
  Optional<Principal> login(String tenant, String user, String password);

  /** {@link #login(String, String, String)} from the network address {@code source} (recorded in the audit log). */
  default Optional<Principal> login(String tenant, String user, String password, Optional<String> source) {
    return login(tenant, user, password);
  }

  /** The current state of a principal by {@link Principal#id()}: empty if deleted, disabled or expired. */
  Optional<Principal> principal(String principalId);

  /**
   * Makes sure the deployment has a root principal. With {@code clientId} and {@code secret} given, that principal
   * exists afterwards (created if missing; an existing one keeps its secret). With neither, a root principal with
   * generated credentials is created if there is none at all.
   *
   * @return the credentials of a root principal created by this call
   */
  Optional<ServiceCredentials> ensureRoot(Optional<String> clientId, Optional<String> secret);
}
