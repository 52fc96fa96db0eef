package io.pangolin.core;

import io.pangolin.api.NotFoundException;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.RequestContext;
import io.pangolin.api.Warehouse;
import io.pangolin.api.WarehouseService;
import io.pangolin.spi.MetadataStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

final class WarehouseServiceImpl implements WarehouseService {
  private final Engine engine;
  private final Scope scope;

  WarehouseServiceImpl(Engine engine, Scope scope) {
    this.engine = engine;
    this.scope = scope;
  }

  /** The tenant's store for a read, which needs a built-in role (tenant infrastructure is not granted per object). */
  private io.pangolin.spi.MetadataStore readable(RequestContext ctx) {
    var store = scope.store(ctx);
    Authz.require(ctx, Authz.Need.READ);
    return store;
  }

  @Override
  public Warehouse create(RequestContext ctx, String name, String storageRoot, Map<String, String> props) {
    var store = scope.store(ctx);
    return engine.audited(store, ctx, "warehouse.create", "warehouse", String.valueOf(name), Warehouse::name, () -> {
      Names.warehouse(name);
      String root = engine.storage.check(storageRoot);
      Names.properties(props, engine.limits);
      boolean claimed = engine.storage.claim(root, ctx.tenant(), name);
      try {
        var now = engine.now();
        return store.createWarehouse(new Warehouse(ctx.tenant(), name, root,
            engine.secrets.seal(Props.orEmpty(props)), now, now, 1));
      } catch (RuntimeException e) {
        if (claimed) {
          engine.storage.release(root, ctx.tenant(), name);
        }
        throw e;
      }
    });
  }

  @Override
  public Warehouse get(RequestContext ctx, String name) {
    return find(readable(ctx), ctx, name);
  }

  @Override
  public Optional<Warehouse> find(RequestContext ctx, String name) {
    var store = readable(ctx);
    Names.warehouse(name);
    return store.getWarehouse(ctx.tenant(), name);
  }

  /** Like {@link #get} for a caller that already resolved the tenant's store (no second tenant lookup). */
  private static Warehouse find(MetadataStore store, RequestContext ctx, String name) {
    Names.warehouse(name);
    return store.getWarehouse(ctx.tenant(), name)
        .orElseThrow(() -> new NotFoundException("warehouse '" + name + "' does not exist"));
  }

  @Override
  public Page<Warehouse> list(RequestContext ctx, PageRequest page) {
    return readable(ctx).listWarehouses(ctx.tenant(), page);
  }

  @Override
  public Warehouse update(RequestContext ctx, String name, Optional<String> storageRoot, Map<String, String> updates,
      Set<String> removals) {
    var store = scope.store(ctx);
    return engine.audited(store, ctx, "warehouse.update", "warehouse", String.valueOf(name), Warehouse::name, () -> {
      Names.warehouse(name);
      Optional<String> root = storageRoot.map(engine.storage::check);
      Names.propertyUpdate(updates, removals, engine.limits);
      scope.lookupsChanged();
      find(store, ctx, name);
      boolean claimed = root.isPresent() && engine.storage.claim(root.get(), ctx.tenant(), name);
      List<Warehouse> before = new ArrayList<>(1);
      Warehouse updated;
      try {
        updated = Retry.onConflict(() -> {
          Warehouse w = find(store, ctx, name);
          before.clear();
          before.add(w);
          return store.updateWarehouse(new Warehouse(w.tenant(), w.name(), root.orElse(w.storageRoot()),
              Props.apply(w.storageProperties(), engine.secrets.seal(updates), removals, engine.limits), w.createdAt(),
              engine.now(),
              w.version()), w.version());
        });
      } catch (RuntimeException e) {
        if (claimed) {
          engine.storage.release(root.get(), ctx.tenant(), name);
        }
        throw e;
      }
      root.ifPresent(r -> engine.storage.moved(before.get(0).storageRoot(), r, ctx.tenant(), name));
      return updated;
    });
  }

  @Override
  public void delete(RequestContext ctx, String name) {
    var store = scope.store(ctx);
    engine.auditedVoid(store, ctx, "warehouse.delete", "warehouse", String.valueOf(name), () -> {
      Names.warehouse(name);
      scope.lookupsChanged();
      Optional<Warehouse> w = store.getWarehouse(ctx.tenant(), name);
      store.deleteWarehouse(ctx.tenant(), name);
      w.ifPresent(gone -> engine.storage.release(gone.storageRoot(), ctx.tenant(), name));
    });
  }
}
