package io.pangolin.core;

import io.pangolin.api.RequestContext;
import io.pangolin.api.TenancyService;
import io.pangolin.api.TenantPlacement;
import io.pangolin.api.TenantUsage;
import io.pangolin.api.ValidationException;
import java.util.Set;
import java.util.TreeSet;

/** {@link TenancyService} over the engine's tenancy strategy: authorized here, moves audited with the caller. */
final class TenancyServiceImpl implements TenancyService {
  private final Engine engine;

  TenancyServiceImpl(Engine engine) {
    this.engine = engine;
  }

  @Override
  public Set<String> tiers() {
    return engine.tenancy.tiers();
  }

  @Override
  public TenantPlacement placement(RequestContext ctx, String tenant) {
    readable(ctx, tenant);
    return engine.tenancy.placement(tenant);
  }

  @Override
  public TenantPlacement move(RequestContext ctx, String tenant, String tier) {
    Names.tenant(tenant);
    RequestContext on = in(ctx, tenant);
    Authz.require(on, Authz.Need.ROOT);
    engine.requireTenant(tenant);
    return engine.audited(null, on, "tenant.move", "tenant", tenant, p -> tenant, () -> {
      if (tier == null || !engine.tenancy.tiers().contains(tier)) {
        throw new ValidationException("tier must be one of " + new TreeSet<>(engine.tenancy.tiers())
            + " in this deployment, was '" + Names.shorten(String.valueOf(tier)) + "'");
      }
      return engine.tenancy.move(tenant, tier);
    });
  }

  @Override
  public TenantUsage usage(RequestContext ctx, String tenant) {
    readable(ctx, tenant);
    return engine.tenancy.usage(tenant);
  }

  private void readable(RequestContext ctx, String tenant) {
    Names.tenant(tenant);
    Authz.require(in(ctx, tenant), Authz.Need.READ);
    engine.requireTenant(tenant);
  }

  /** The caller acting on {@code tenant} (root names it; anyone else acts in its own tenant only). */
  private static RequestContext in(RequestContext ctx, String tenant) {
    if (ctx.tenant().equals(tenant)) {
      return ctx;
    }
    RequestContext on = new RequestContext(tenant, ctx.actor(), ctx.requestId(), ctx.principal());
    return ctx.source().map(on::withSource).orElse(on);
  }
}
