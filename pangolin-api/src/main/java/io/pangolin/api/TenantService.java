package io.pangolin.api;

import java.util.Map;
import java.util.Set;

/** Tenant administration (deployment level). The context's tenant is the tenant being acted on. */
public interface TenantService {
  /** @throws ValidationException bad name; @throws AlreadyExistsException name taken */
  Tenant create(RequestContext ctx, String name, Map<String, String> properties);

  /** @throws NotFoundException unknown tenant */
  Tenant get(String name);

  Page<Tenant> list(PageRequest page);

  /**
   * The tenant, if the context's principal may see it (root, or a principal of that tenant).
   *
   * @throws ForbiddenException another tenant's principal (whether the tenant exists or not)
   * @throws NotFoundException unknown tenant
   */
  Tenant get(RequestContext ctx, String name);

  /** Every tenant; root only. @throws ForbiddenException not root */
  Page<Tenant> list(RequestContext ctx, PageRequest page);

  /** Sets {@code updates} and removes {@code removals} (a key may not be in both). */
  Tenant updateProperties(RequestContext ctx, String name, Map<String, String> updates, Set<String> removals);

  /** @throws ConflictException the tenant still has warehouses, catalogs or users */
  void delete(RequestContext ctx, String name);
}
