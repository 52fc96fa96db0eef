package io.pangolin.core;

import io.pangolin.api.RequestContext;
import io.pangolin.api.TenancyService;
import io.pangolin.api.Tenant;
import io.pangolin.api.TenantPlacement;
import io.pangolin.api.TenantUsage;
import io.pangolin.api.ValidationException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
  public Tenant create(RequestContext ctx, String name, Map<String, String> properties, Optional<String> tier,
      Optional<String> server) {
    return create(engine, ctx, name, properties, tier, server);
  }

  /** Creates a tenant (audited as {@code tenant.create}) on a tier of the strategy; the default tier if none. */
  static Tenant create(Engine engine, RequestContext ctx, String name, Map<String, String> properties,
      Optional<String> tier, Optional<String> server) {
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(server, "server");
    return engine.audited(null, ctx, "tenant.create", "tenant", String.valueOf(name), Tenant::name, () -> {
      Names.tenant(name);
      Names.properties(properties, engine.limits);
      tier.ifPresent(t -> requireTier(engine, t));
      var now = engine.now();
      Tenant tenant = new Tenant(name, Props.orEmpty(properties), now, now, 1);
      if (tier.isPresent() || server.isPresent()) {
        return engine.tenancy.create(tenant, tier, server);
      }
      Tenant created = engine.control().createTenant(tenant); // the default tier, through the observed store
      engine.tenancy.provision(name);
      return created;
    });
  }

  private static void requireTier(Engine engine, String tier) {
    if (!engine.tenancy.tiers().contains(tier)) {
      throw new ValidationException("tier must be one of " + new TreeSet<>(engine.tenancy.tiers())
          + " in this deployment, was '" + Names.shorten(tier) + "'");
    }
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
      requireTier(engine, String.valueOf(tier));
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
