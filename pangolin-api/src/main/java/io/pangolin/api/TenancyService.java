package io.pangolin.api;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where tenants live and moving them between tiers: deployment administration over the tenancy strategy, authorized
 * and audited by the engine with the caller's context. {@code tenant} names the tenant acted on; the caller may be
 * root or, for the reads, a principal of that tenant allowed to read it.
 */
public interface TenancyService {
  /** The tiers tenants can be created on and moved to in this deployment (e.g. {@code shared}, {@code hybrid}). */
  Set<String> tiers();

  /**
   * Creates a tenant like {@link TenantService#create} (root only, validated, audited as {@code tenant.create}), on
   * {@code tier} — one of {@link #tiers()}; empty: the deployment's default tier — and, for a dedicated tenant, on
   * the named {@code server} the strategy was configured with.
   *
   * @throws ValidationException bad name or properties, unknown tier or server, or a server for another tier
   * @throws AlreadyExistsException name taken
   */
  Tenant create(RequestContext ctx, String name, Map<String, String> properties, Optional<String> tier,
      Optional<String> server);

  /**
   * Where the tenant lives: its tier, its own schema or database, a move under way.
   *
   * @throws ForbiddenException the caller may not read the tenant
   * @throws NotFoundException unknown tenant
   */
  TenantPlacement placement(RequestContext ctx, String tenant);

  /**
   * Moves the tenant to {@code tier} and returns its new placement once the move is done (long-running for big
   * tenants; re-runnable after an interruption). Audited as {@code tenant.move} in the tenant's log with the caller
   * as actor.
   *
   * @throws ForbiddenException the caller is not root
   * @throws NotFoundException unknown tenant
   * @throws ValidationException unknown tier, or the strategy cannot move tenants
   * @throws ConflictException another move of the tenant is under way
   */
  TenantPlacement move(RequestContext ctx, String tenant, String tier);

  /**
   * What the tenant holds (catalogs, namespaces, assets, users, recorded size), measured now in its own store.
   *
   * @throws ForbiddenException the caller may not read the tenant
   * @throws NotFoundException unknown tenant
   */
  TenantUsage usage(RequestContext ctx, String tenant);
}
