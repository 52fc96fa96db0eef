package io.pangolin.core;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetEntry;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.AssetService;
import io.pangolin.api.GrantScope;
import io.pangolin.api.MetadataCommit;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NewAsset;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.Privilege;
import io.pangolin.api.RequestContext;
import io.pangolin.api.ValidationException;
import io.pangolin.api.Warehouse;
import io.pangolin.spi.AssetQuota;
import io.pangolin.spi.AssetUpdate;
import io.pangolin.spi.MetadataStore;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

final class AssetServiceImpl implements AssetService {
  private final Engine engine;
  private final Scope scope;

  AssetServiceImpl(Engine engine, Scope scope) {
    this.engine = engine;
    this.scope = scope;
  }

  /** Checks a privilege on a namespace (or catalog) scope or an asset; a scope it may not see is "missing". */
  private void requireOn(MetadataStore store, RequestContext ctx, Privilege privilege, GrantScope target) {
    String what = switch (target.kind()) {
      case ASSET -> "asset '" + target.catalog().orElseThrow() + "." + String.join(".", target.namespace()) + "."
          + target.asset().orElseThrow() + "'";
      case CATALOG -> "catalog '" + target.catalog().orElseThrow() + "'";
      default -> "namespace '" + String.join(".", target.namespace()) + "' in catalog '"
          + target.catalog().orElseThrow() + "'";
    };
    engine.access.require(store, ctx, privilege, target, what);
  }

  private void checkKey(AssetKey key) {
    Objects.requireNonNull(key, "key");
    Names.catalog(key.catalog());
    Names.namespace(key.namespace(), Integer.MAX_VALUE);
    Names.asset(key.name());
  }

  @Override
  public Asset create(RequestContext ctx, String catalog, NamespaceName namespace, NewAsset asset) {
    var store = scope.store(ctx);
    String label = catalog + "." + namespace + "." + (asset == null ? "null" : asset.name());
    return engine.audited(store, ctx, "asset.create", "asset", label, Asset::id, () -> {
      Objects.requireNonNull(asset, "asset");
      Names.catalog(catalog);
      Names.namespace(namespace, engine.limits.maxNamespaceDepth());
      Names.asset(asset.name());
      Names.properties(asset.properties(), engine.limits);
      if (asset.metadataLocation().isPresent() && !asset.kind().isIceberg()) {
        throw new ValidationException("only Iceberg assets have a metadata location");
      }
      requireOn(store, ctx, Privilege.CREATE, Access.scopeOf(catalog, namespace));
      Warehouse wh = warehouseOf(store, ctx, catalog);
      Optional<String> metadataLocation = asset.metadataLocation()
          .map(m -> LocationPolicy.metadataLocation(wh.storageRoot(), m));
      String id = UUID.randomUUID().toString();
      String location = asset.location()
          .map(l -> LocationPolicy.requested(wh.storageRoot(), l))
          .orElseGet(() -> defaultLocation(store, ctx, wh, catalog, namespace, asset.name(), id));
      var now = engine.now();
      return store.createAsset(new Asset(ctx.tenant(), id, catalog, namespace, asset.name(), asset.kind(), location,
          asset.properties(), metadataLocation, now, now, 1),
          new AssetQuota(engine.limits.maxTablesPerCatalog(), engine.limits.maxTablesPerNamespace()));
    });
  }

  /** The warehouse of {@code catalog}, through the scope (one lookup, memoised in a session). */
  private Warehouse warehouseOf(MetadataStore store, RequestContext ctx, String catalog) {
    return scope.binding(store, ctx, catalog)
        .orElseThrow(() -> new NotFoundException("catalog '" + catalog + "' does not exist"))
        .warehouse();
  }

  @Override
  public Asset get(RequestContext ctx, AssetKey key) {
    return find(scope.store(ctx), ctx, key);
  }

  @Override
  public Optional<Asset> find(RequestContext ctx, AssetKey key) {
    var store = scope.store(ctx);
    checkKey(key);
    return readable(store, ctx, key, store.getAsset(ctx.tenant(), key));
  }

  /**
   * What a read of {@code key} may return: the asset if the principal may read it; empty if it may not even see it
   * (a denied read answers like a missing asset).
   *
   * @throws io.pangolin.api.ForbiddenException it sees the asset (e.g. listed) but may not read it
   */
  private Optional<Asset> readable(MetadataStore store, RequestContext ctx, AssetKey key, Optional<Asset> found) {
    if (found.isEmpty() || engine.access.allows(store, ctx, Privilege.READ, Access.scopeOf(key))) {
      return found;
    }
    if (!engine.access.sees(store, ctx, Access.scopeOf(key))) {
      return Optional.empty();
    }
    throw new io.pangolin.api.ForbiddenException("principal '" + Names.shorten(ctx.principal().name())
        + "' may not read asset '" + key + "'");
  }

  /** Like {@link #get} for a caller that already resolved the tenant's store (no second tenant lookup). */
  private Asset find(MetadataStore store, RequestContext ctx, AssetKey key) {
    checkKey(key);
    return readable(store, ctx, key, store.getAsset(ctx.tenant(), key))
        .orElseThrow(() -> new NotFoundException("asset '" + key + "' does not exist"));
  }

  @Override
  public boolean exists(RequestContext ctx, AssetKey key) {
    var store = scope.store(ctx);
    checkKey(key);
    return store.getAsset(ctx.tenant(), key).isPresent() && engine.access.sees(store, ctx, Access.scopeOf(key));
  }

  @Override
  public Page<Asset> list(RequestContext ctx, String catalog, NamespaceName namespace, Optional<AssetKind> kind,
      PageRequest page) {
    return list(ctx, catalog, namespace, Asset::name,
        store -> store.listAssets(ctx.tenant(), catalog, namespace, kind, page));
  }

  @Override
  public Page<AssetEntry> listEntries(RequestContext ctx, String catalog, NamespaceName namespace,
      Optional<AssetKind> kind, PageRequest page) {
    return list(ctx, catalog, namespace, AssetEntry::name,
        store -> store.listAssetEntries(ctx.tenant(), catalog, namespace, kind, page));
  }

  /** One page of {@code lister} with what the caller may not see left out; not-found when the namespace is not. */
  private <T> Page<T> list(RequestContext ctx, String catalog, NamespaceName namespace, Function<T, String> name,
      Function<MetadataStore, Page<T>> lister) {
    var store = scope.store(ctx);
    Names.catalog(catalog);
    Names.namespace(namespace, Integer.MAX_VALUE);
    GrantScope parent = Access.scopeOf(catalog, namespace);
    if (!engine.access.sees(store, ctx, parent)) {
      throw new NotFoundException("namespace '" + namespace + "' does not exist in catalog '" + catalog + "'");
    }
    Page<T> assets = Access.filter(lister.apply(store),
        a -> engine.access.sees(store, ctx, GrantScope.asset(catalog, namespace.levels(), name.apply(a))));
    // an asset exists only in an existing namespace: ask whether the namespace exists only if the page is empty
    if (assets.items().isEmpty() && store.getNamespace(ctx.tenant(), catalog, namespace).isEmpty()) {
      throw new NotFoundException("namespace '" + namespace + "' does not exist in catalog '" + catalog + "'");
    }
    return assets;
  }

  @Override
  public Asset updateProperties(RequestContext ctx, AssetKey key, Map<String, String> updates, Set<String> removals) {
    var store = scope.store(ctx);
    return engine.audited(store, ctx, "asset.update", "asset", String.valueOf(key), Asset::id, () -> {
      checkKey(key);
      Names.propertyUpdate(updates, removals, engine.limits);
      requireOn(store, ctx, Privilege.WRITE, Access.scopeOf(key));
      return Retry.onConflict(() -> {
        Asset a = find(store, ctx, key);
        return store.updateAsset(new Asset(a.tenant(), a.id(), a.catalog(), a.namespace(), a.name(), a.kind(),
            a.location(), Props.apply(a.properties(), updates, removals, engine.limits), a.metadataLocation(),
            a.createdAt(), engine.now(), a.version()), a.version());
      });
    });
  }

  @Override
  public Asset commitMetadata(RequestContext ctx, AssetKey key, long expectedVersion, String newMetadataLocation) {
    var store = scope.store(ctx);
    return engine.audited(store, ctx, "asset.commit", "asset", String.valueOf(key), Asset::id, () -> {
      checkKey(key);
      Names.location("metadata location", newMetadataLocation);
      requireOn(store, ctx, Privilege.WRITE, Access.scopeOf(key));
      Asset a = find(store, ctx, key);
      String location = LocationPolicy.metadataLocation(warehouseOf(store, ctx, key.catalog()).storageRoot(),
          newMetadataLocation);
      if (!a.kind().isIceberg()) {
        throw new ValidationException("asset '" + key + "' is not an Iceberg table or view");
      }
      return store.updateAsset(new Asset(a.tenant(), a.id(), a.catalog(), a.namespace(), a.name(), a.kind(),
          a.location(), a.properties(), Optional.of(location), a.createdAt(), engine.now(), a.version()),
          expectedVersion);
    });
  }

  @Override
  public List<Asset> commitMetadata(RequestContext ctx, List<MetadataCommit> commits) {
    var store = scope.store(ctx);
    Objects.requireNonNull(commits, "commits");
    String label = commits.stream().map(c -> String.valueOf(c.key())).collect(Collectors.joining(","));
    return engine.audited(store, ctx, "asset.commit-multi", "asset", label,
        r -> r.stream().map(Asset::id).collect(Collectors.joining(",")), () -> {
          if (commits.isEmpty()) {
            throw new ValidationException("a commit needs at least one change");
          }
          List<AssetUpdate> updates = new ArrayList<>();
          for (MetadataCommit c : commits) {
            checkKey(c.key());
            Names.location("metadata location", c.newMetadataLocation());
            requireOn(store, ctx, Privilege.WRITE, Access.scopeOf(c.key()));
            Asset a = find(store, ctx, c.key());
            String location = LocationPolicy.metadataLocation(
                warehouseOf(store, ctx, c.key().catalog()).storageRoot(), c.newMetadataLocation());
            if (!a.kind().isIceberg()) {
              throw new ValidationException("asset '" + c.key() + "' is not an Iceberg table or view");
            }
            updates.add(new AssetUpdate(new Asset(a.tenant(), a.id(), a.catalog(), a.namespace(), a.name(), a.kind(),
                a.location(), a.properties(), Optional.of(location), a.createdAt(), engine.now(), a.version()),
                c.expectedVersion()));
          }
          return store.updateAssets(ctx.tenant(), updates);
        });
  }

  @Override
  public String planLocation(RequestContext ctx, String catalog, NamespaceName namespace, String name,
      Optional<String> requested) {
    var store = scope.store(ctx);
    Names.catalog(catalog);
    Names.namespace(namespace, engine.limits.maxNamespaceDepth());
    Names.asset(name);
    requireOn(store, ctx, Privilege.CREATE, Access.scopeOf(catalog, namespace));
    Warehouse wh = warehouseOf(store, ctx, catalog);
    return requested.map(l -> LocationPolicy.requested(wh.storageRoot(), l))
        .orElseGet(() -> defaultLocation(store, ctx, wh, catalog, namespace, name, UUID.randomUUID().toString()));
  }

  /**
   * Where an asset goes without a requested location: under its namespace's location when the namespace's user set
   * one, else the hash-prefixed default of {@link LocationPolicy}.
   */
  private String defaultLocation(MetadataStore store, RequestContext ctx, Warehouse wh, String catalog,
      NamespaceName namespace, String name, String id) {
    return scope.namespace(store, ctx, catalog, namespace)
        .map(n -> n.properties().get(LocationPolicy.NAMESPACE_LOCATION))
        .map(l -> LocationPolicy.inNamespace(wh.storageRoot(), l, name, id))
        .orElseGet(() -> LocationPolicy.defaultLocation(wh.storageRoot(), catalog, namespace, name, id));
  }

  @Override
  public Asset rename(RequestContext ctx, AssetKey from, AssetKey to) {
    var store = scope.store(ctx);
    return engine.audited(store, ctx, "asset.rename", "asset", from + " -> " + to, Asset::id, () -> {
      checkKey(from);
      checkKey(to);
      Names.namespace(to.namespace(), engine.limits.maxNamespaceDepth());
      if (!from.catalog().equals(to.catalog())) {
        throw new ValidationException("an asset cannot be renamed into another catalog");
      }
      requireOn(store, ctx, Privilege.DELETE, Access.scopeOf(from));
      requireOn(store, ctx, Privilege.CREATE, Access.scopeOf(to.catalog(), to.namespace()));
      if (from.namespace().equals(to.namespace())) {
        Asset renamed = store.renameAsset(ctx.tenant(), from, to);
        engine.access.dropGrantsWithin(store, ctx.tenant(), Access.scopeOf(from)); // grants do not follow a rename
        return renamed;
      }
      Asset moved = store.renameAsset(ctx.tenant(), from, to, engine.limits.maxTablesPerNamespace());
      engine.access.dropGrantsWithin(store, ctx.tenant(), Access.scopeOf(from));
      return moved;
    });
  }

  @Override
  public void delete(RequestContext ctx, AssetKey key) {
    var store = scope.store(ctx);
    engine.auditedVoid(store, ctx, "asset.delete", "asset", String.valueOf(key), () -> {
      checkKey(key);
      requireOn(store, ctx, Privilege.DELETE, Access.scopeOf(key));
      store.deleteAsset(ctx.tenant(), key);
      engine.access.dropGrantsWithin(store, ctx.tenant(), Access.scopeOf(key));
    });
  }
}
