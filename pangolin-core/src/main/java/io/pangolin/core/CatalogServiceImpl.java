package io.pangolin.core;

import io.pangolin.api.Catalog;
import io.pangolin.api.CatalogBinding;
import io.pangolin.api.CatalogService;
import io.pangolin.api.GrantScope;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.RequestContext;
import io.pangolin.spi.MetadataStore;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

final class CatalogServiceImpl implements CatalogService {
  private final Engine engine;
  private final Scope scope;

  CatalogServiceImpl(Engine engine, Scope scope) {
    this.engine = engine;
    this.scope = scope;
  }

  @Override
  public Catalog create(RequestContext ctx, String name, String warehouse, Map<String, String> properties) {
    var store = scope.store(ctx);
    return engine.audited(store, ctx, "catalog.create", "catalog", String.valueOf(name), Catalog::name, () -> {
      Names.catalog(name);
      Names.warehouse(warehouse);
      Names.properties(properties, engine.limits);
      MaintenancePolicy.validate(Props.orEmpty(properties));
      // the deployment-wide quota is decided by the store (a tenancy router: over all its places) with the insert
      var now = engine.now();
      return store.createCatalog(new Catalog(ctx.tenant(), name, warehouse, Props.orEmpty(properties), now, now, 1),
          engine.limits.maxCatalogsPerDeployment());
    });
  }

  @Override
  public Catalog get(RequestContext ctx, String name) {
    return find(scope.store(ctx), ctx, name);
  }

  @Override
  public Optional<Catalog> find(RequestContext ctx, String name) {
    var store = scope.store(ctx);
    Names.catalog(name);
    return store.getCatalog(ctx.tenant(), name).filter(c -> sees(store, ctx, name));
  }

  /** Whether the principal may know the catalog (a catalog it may not see answers like a missing one). */
  private boolean sees(MetadataStore store, RequestContext ctx, String name) {
    return engine.access.sees(store, ctx, GrantScope.catalog(name));
  }

  @Override
  public Optional<CatalogBinding> findWithWarehouse(RequestContext ctx, String name) {
    var store = scope.store(ctx);
    Names.catalog(name);
    return scope.binding(store, ctx, name).filter(b -> sees(store, ctx, name));
  }

  /** Like {@link #get} for a caller that already resolved the tenant's store (no second tenant lookup). */
  private Catalog find(MetadataStore store, RequestContext ctx, String name) {
    Names.catalog(name);
    return store.getCatalog(ctx.tenant(), name).filter(c -> sees(store, ctx, name))
        .orElseThrow(() -> new NotFoundException("catalog '" + name + "' does not exist"));
  }

  @Override
  public Page<Catalog> list(RequestContext ctx, PageRequest page) {
    var store = scope.store(ctx);
    return Access.filter(store.listCatalogs(ctx.tenant(), page), c -> sees(store, ctx, c.name()));
  }

  @Override
  public Catalog updateProperties(RequestContext ctx, String name, Map<String, String> updates,
      Set<String> removals) {
    var store = scope.store(ctx);
    return engine.audited(store, ctx, "catalog.update", "catalog", String.valueOf(name), Catalog::name, () -> {
      Names.catalog(name);
      Names.propertyUpdate(updates, removals, engine.limits);
      scope.lookupsChanged();
      return Retry.onConflict(() -> {
        Catalog c = find(store, ctx, name);
        Map<String, String> properties = Props.apply(c.properties(), updates, removals, engine.limits);
        MaintenancePolicy.validate(properties);
        return store.updateCatalog(new Catalog(c.tenant(), c.name(), c.warehouse(), properties, c.createdAt(),
            engine.now(), c.version()), c.version());
      });
    });
  }

  @Override
  public void delete(RequestContext ctx, String name) {
    var store = scope.store(ctx);
    engine.auditedVoid(store, ctx, "catalog.delete", "catalog", String.valueOf(name), () -> {
      Names.catalog(name);
      scope.lookupsChanged();
      store.deleteCatalog(ctx.tenant(), name);
      engine.access.dropGrantsWithin(store, ctx.tenant(), GrantScope.catalog(name));
    });
  }
}
