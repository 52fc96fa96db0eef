package io.pangolin.core;

import io.pangolin.api.NotFoundException;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.RequestContext;
import io.pangolin.api.Tenant;
import io.pangolin.api.TenantService;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

final class TenantServiceImpl implements TenantService {
  private final Engine engine;

  TenantServiceImpl(Engine engine) {
    this.engine = engine;
  }

  @Override
  public Tenant create(RequestContext ctx, String name, Map<String, String> properties) {
    return TenancyServiceImpl.create(engine, ctx, name, properties, Optional.empty(), Optional.empty());
  }

  @Override
  public Tenant get(String name) {
    Names.tenant(name);
    return engine.requireTenant(name);
  }

  @Override
  public Page<Tenant> list(PageRequest page) {
    return engine.control().listTenants(page);
  }

  @Override
  public Tenant get(RequestContext ctx, String name) {
    Names.tenant(name);
    Authz.require(new RequestContext(name, ctx.actor(), ctx.requestId(), ctx.principal()), Authz.Need.READ);
    return engine.requireTenant(name);
  }

  @Override
  public Page<Tenant> list(RequestContext ctx, PageRequest page) {
    Authz.require(ctx, Authz.Need.ROOT);
    return engine.control().listTenants(page);
  }

  @Override
  public Tenant updateProperties(RequestContext ctx, String name, Map<String, String> updates, Set<String> removals) {
    Names.tenant(name);
    Authz.require(ctx, Authz.Need.ROOT);
    engine.requireTenant(name);
    return engine.audited(null, ctx, "tenant.update", "tenant", name, Tenant::name, () -> {
      Names.propertyUpdate(updates, removals, engine.limits);
      return Retry.onConflict(() -> {
        Tenant t = engine.control().getTenant(name)
            .orElseThrow(() -> new NotFoundException("tenant '" + name + "' does not exist"));
        return engine.control().updateTenant(new Tenant(name,
            Props.apply(t.properties(), updates, removals, engine.limits), t.createdAt(), engine.now(), t.version()),
            t.version());
      });
    });
  }

  @Override
  public void delete(RequestContext ctx, String name) {
    Names.tenant(name);
    Authz.require(ctx, Authz.Need.ROOT);
    engine.requireTenant(name);
    engine.auditedVoid(null, ctx, "tenant.delete", "tenant", name, () -> {
      engine.control().deleteTenant(name);
      engine.tenancy.deprovision(name);
    });
  }
}
