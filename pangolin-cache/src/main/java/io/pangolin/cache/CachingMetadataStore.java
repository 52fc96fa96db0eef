package io.pangolin.cache;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetEntry;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.Catalog;
import io.pangolin.api.CatalogBinding;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.Grant;
import io.pangolin.api.PangolinException;
import io.pangolin.api.Tenant;
import io.pangolin.api.UnavailableException;
import io.pangolin.api.User;
import io.pangolin.api.Warehouse;
import io.pangolin.spi.AssetQuota;
import io.pangolin.spi.AssetUpdate;
import io.pangolin.spi.CacheObserver;
import io.pangolin.spi.ForwardingMetadataStore;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.ReadConsistency;
import io.pangolin.spi.StoreHealth;
import io.pangolin.spi.TenantEntities;
import io.pangolin.spi.TenantInvalidation;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The cache decorator: reads of the cached families go L1 → L2 → store, every write goes to the store and then
 * invalidates exactly the keys it changed ({@link RedisShared#invalidate}, or only L1 without Redis). Everything else
 * (listings of tenants, warehouses, catalogs and users, counts, search, audit, custom roles) goes straight to the
 * store ({@link ForwardingMetadataStore}); so do principals (read at token time and by the authenticator, which keeps
 * its own short-lived copy), the storage-root registry (the overlap check must see every claim made anywhere) and
 * leases (coordination state).
 *
 * <p>Failed writes: a typed "nothing changed" outcome ({@link PangolinException} other than
 * {@link UnavailableException}) drops the keys from this instance's L1 only (if a conflict came from a stale read,
 * the next read is fresh); an unknown outcome (UnavailableException, any other exception) invalidates everywhere.
 *
 * <p>Read-your-writes across instances: a read made while the request carries a consistency token
 * ({@link ReadConsistency#required()} above 0, the {@code X-Pangolin-Consistency} header of an earlier write) goes to
 * the store, never to L1 or L2: another instance's write may not have reached this instance's L1 yet (its
 * invalidation is on its way, or was not acknowledged within {@code ack-timeout}), and the store honours the token.
 * If the fresh value differs from this instance's L1 entry, that entry is dropped.
 */
final class CachingMetadataStore extends ForwardingMetadataStore implements TenantInvalidation {
  private static final System.Logger LOG = System.getLogger(CachingMetadataStore.class.getName());
  private static final int WARM_PAGE = PageRequest.MAX_SIZE;

  private final MetadataStore delegate;
  private final CacheConfig config;
  private final CacheObserver observer;
  private final Keys keys;
  private final LocalCache local;
  private final RedisShared shared;
  private final Map<CacheFamily, Long> ttlNanos = new EnumMap<>(CacheFamily.class);
  private final long degradedTtlNanos;
  private final AtomicLong warmed = new AtomicLong();
  private volatile String warmState = "";
  private volatile boolean closed;

  CachingMetadataStore(MetadataStore delegate, CacheConfig config, CacheObserver observer) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.config = Objects.requireNonNull(config, "config");
    this.observer = Objects.requireNonNull(observer, "observer");
    this.keys = new Keys(config.keyPrefix());
    this.local = new LocalCache(config.l1MaxSize(), observer);
    for (CacheFamily f : CacheFamily.values()) {
      ttlNanos.put(f, config.ttl(f).toNanos());
    }
    this.degradedTtlNanos = config.degradedTtl().toNanos();
    if (config.shared()) {
      this.shared = new RedisShared(config, keys, local, observer);
    } else {
      this.shared = null;
      observer.onStateChange(false, describe());
    }
  }

  /** Connects to Redis (if shared) and starts warming the configured catalogs. Called once, by the factory. */
  CachingMetadataStore start() {
    if (shared != null) {
      shared.start();
    }
    if (!config.warmCatalogs().isEmpty()) {
      warmState = "warming " + config.warmCatalogs();
      Thread.ofVirtual().name("pangolin-cache-warm").start(this::warm);
    }
    return this;
  }

  @Override
  protected MetadataStore delegate() {
    return delegate;
  }

  // ---- the read and write paths ---------------------------------------------------------------------------

  private boolean cached(CacheFamily family) {
    return !closed && ttlNanos.get(family) > 0;
  }

  private long ttlNanos(CacheFamily family) {
    long ttl = ttlNanos.get(family);
    return shared != null && shared.degraded() ? Math.min(ttl, degradedTtlNanos) : ttl;
  }

  private <T> Optional<T> get(CacheKey key, Class<T> type, Supplier<Optional<T>> load) {
    return readThrough(key, "", v -> v instanceof Optional<?> o && (o.isEmpty() || type.isInstance(o.get())), load);
  }

  private <T> Page<T> page(CacheKey key, String field, Class<T> type, Supplier<Page<T>> load) {
    return readThrough(key, field, v -> v instanceof Page<?> p && items(p, type), load);
  }

  /**
   * Reads {@code key} through L1 and L2 (if the key is shared) and on a miss from {@code load}, filling both. A field
   * of {@code ""} is a plain key's value; any other is one page of a listing key. A cached value that does not
   * {@code fit} (another type under the same key) counts as a miss.
   *
   * <p>Two kinds of read go to the store. A read that must bypass the cache — {@link ReadConsistency#required()}
   * above 0 on entry: a client's token, or a caller inside {@link ReadConsistency#fromPrimary} — is answered by the
   * store as the caller's scope says and never fills. The cache's own fill on a miss runs {@code load} inside
   * {@code fromPrimary}, so what is stored in L1/L2 never comes from a lagging replica; that scope is opened only
   * around {@code load}, after the bypass check, so it does not turn the fill into a bypass.
   */
  private <V> V readThrough(CacheKey key, String field, Predicate<Object> fits, Supplier<V> load) {
    CacheFamily family = key.family();
    if (!cached(family)) {
      return load.get();
    }
    boolean plain = field.isEmpty();
    if (ReadConsistency.required() > 0) {
      return revalidated(key, plain ? local.get(key.id()) : local.getPage(key.id(), field), load.get());
    }
    Object hit = plain ? local.get(key.id()) : local.getPage(key.id(), field);
    if (fits.test(hit)) {
      observer.onEvent(family.id(), CacheObserver.Event.LOCAL_HIT, 1);
      return cast(hit);
    }
    LocalCache.Ticket ticket = local.ticket(key.id());
    // on a miss only (never on an L1 hit): L2, the key's generation and whether a write is marked, in one round trip
    RedisShared.Lookup l2 = shared != null ? shared.lookup(key, field) : null;
    boolean sharedHit = l2 != null && key.shared() && fits.test(l2.value());
    V value;
    if (sharedHit) {
      observer.onEvent(family.id(), CacheObserver.Event.SHARED_HIT, 1);
      value = cast(l2.value());
    } else {
      // what is cached must come from the primary: a lagging replica's answer would be served until the TTL
      value = ReadConsistency.fromPrimary(load);
      observer.onEvent(family.id(), CacheObserver.Event.MISS, 1);
    }
    // no fill while a write is marked on the key (its writer may die before invalidating), nor when Redis could not
    // say so although the cache is not degraded (a failed lookup); degraded, L1 fills with the short degraded TTL
    boolean fill = shared == null || (l2 == null ? shared.degraded() : !l2.writing());
    if (!fill) {
      return value;
    }
    if (plain) {
      local.put(key.id(), family, value, ttlNanos(family), ticket);
    } else {
      local.putPage(key.id(), family, field, (Page<?>) value, ttlNanos(family), ticket);
    }
    if (l2 != null && key.shared() && !sharedHit) {
      shared.store(key, field, l2.generation(), value, config.ttl(family));
    }
    return value;
  }

  /** A cached value that passed its {@code fits} test. */
  @SuppressWarnings("unchecked")
  private static <V> V cast(Object value) {
    return (V) value;
  }

  /**
   * A token-carrying read's answer, loaded from the store past both cache tiers: a different L1 entry ({@code held})
   * is stale and dropped from this instance's L1.
   */
  private <V> V revalidated(CacheKey key, Object held, V fresh) {
    observer.onEvent(key.family().id(), CacheObserver.Event.MISS, 1);
    if (held != null && !held.equals(fresh)) {
      local.invalidate(key.id());
    }
    return fresh;
  }

  private static boolean items(Page<?> page, Class<?> type) {
    return page.items().stream().allMatch(type::isInstance);
  }

  /**
   * Runs a store write that changes {@code changed}: marks them in Redis first (every instance drops them and fills
   * no cache with them until the marker is removed or expires; it is renewed while the write runs), then writes,
   * then invalidates everywhere (removing the marker). A writer killed between its store write and its invalidation
   * leaves no stale entry behind: the keys are read from the store until its marker expires, {@code write-marker}
   * after it died at the latest.
   */
  private <R> R write(List<CacheKey> changed, Supplier<R> body) {
    RedisShared.Marker marker = shared != null ? shared.mark(changed) : RedisShared.Marker.NONE;
    R result;
    try {
      result = body.get();
    } catch (UnavailableException e) {
      invalidate(changed, marker); // the write may or may not have happened
      throw e;
    } catch (PangolinException e) {
      for (CacheKey k : changed) {
        local.invalidate(k.id()); // nothing changed; but if we answered from a stale entry, stop doing so
      }
      if (shared != null) {
        shared.unmark(changed, marker);
      }
      throw e;
    } catch (RuntimeException | Error e) {
      invalidate(changed, marker);
      throw e;
    }
    invalidate(changed, marker);
    return result;
  }

  /** Drops every key of {@code tenant} from L2 and from every instance's L1 (after a tier move). */
  @Override
  public void invalidateTenant(String tenant) {
    String prefix = keys.tenantPrefix(Objects.requireNonNull(tenant, "tenant"));
    if (shared != null) {
      shared.invalidatePrefix(prefix);
    } else {
      local.invalidatePrefix(prefix);
    }
  }

  private void writeVoid(List<CacheKey> changed, Runnable body) {
    write(changed, () -> {
      body.run();
      return null;
    });
  }

  private void invalidate(List<CacheKey> changed, RedisShared.Marker marker) {
    Map<CacheFamily, Long> perFamily = new EnumMap<>(CacheFamily.class);
    for (CacheKey k : changed) {
      perFamily.merge(k.family(), 1L, Long::sum);
    }
    if (shared != null) {
      shared.invalidate(changed, marker);
    } else {
      for (CacheKey k : changed) {
        local.invalidate(k.id());
      }
    }
    perFamily.forEach((f, n) -> observer.onEvent(f.id(), CacheObserver.Event.INVALIDATION_SENT, n));
  }

  // ---- tenants --------------------------------------------------------------------------------------------

  @Override
  public Tenant createTenant(Tenant tenant) {
    return write(List.of(keys.tenant(tenant.name())), () -> delegate.createTenant(tenant));
  }

  @Override
  public Optional<Tenant> getTenant(String name) {
    return get(keys.tenant(name), Tenant.class, () -> delegate.getTenant(name));
  }

  @Override
  public Tenant updateTenant(Tenant tenant, long expectedVersion) {
    return write(List.of(keys.tenant(tenant.name())), () -> delegate.updateTenant(tenant, expectedVersion));
  }

  @Override
  public void deleteTenant(String name) {
    writeVoid(List.of(keys.tenant(name), keys.grants(name)), () -> delegate.deleteTenant(name));
  }

  // ---- warehouses -----------------------------------------------------------------------------------------

  @Override
  public Warehouse createWarehouse(Warehouse warehouse) {
    return write(List.of(keys.warehouse(warehouse.tenant(), warehouse.name())),
        () -> delegate.createWarehouse(warehouse));
  }

  @Override
  public Optional<Warehouse> getWarehouse(String tenant, String name) {
    return get(keys.warehouse(tenant, name), Warehouse.class, () -> delegate.getWarehouse(tenant, name));
  }

  @Override
  public Warehouse updateWarehouse(Warehouse warehouse, long expectedVersion) {
    return write(List.of(keys.warehouse(warehouse.tenant(), warehouse.name())),
        () -> delegate.updateWarehouse(warehouse, expectedVersion));
  }

  @Override
  public void deleteWarehouse(String tenant, String name) {
    writeVoid(List.of(keys.warehouse(tenant, name)), () -> delegate.deleteWarehouse(tenant, name));
  }

  // ---- catalogs -------------------------------------------------------------------------------------------

  @Override
  public Catalog createCatalog(Catalog catalog, long maxCatalogs) {
    return write(catalogKeys(catalog.tenant(), catalog.name()), () -> delegate.createCatalog(catalog, maxCatalogs));
  }

  @Override
  public Optional<Catalog> getCatalog(String tenant, String name) {
    return get(keys.catalog(tenant, name), Catalog.class, () -> delegate.getCatalog(tenant, name));
  }

  /** From the cached catalog and warehouse (not the store's single read of both, which would bypass the cache). */
  @Override
  public Optional<CatalogBinding> getCatalogBinding(String tenant, String name) {
    return MetadataStore.bindingOf(this, tenant, name);
  }

  @Override
  public Catalog updateCatalog(Catalog catalog, long expectedVersion) {
    return write(List.of(keys.catalog(catalog.tenant(), catalog.name())),
        () -> delegate.updateCatalog(catalog, expectedVersion));
  }

  @Override
  public void deleteCatalog(String tenant, String name) {
    writeVoid(catalogKeys(tenant, name), () -> delegate.deleteCatalog(tenant, name));
  }

  /** A created or deleted catalog: itself and (defensively; it is empty either way) its top-level listing. */
  private List<CacheKey> catalogKeys(String tenant, String name) {
    return List.of(keys.catalog(tenant, name), keys.namespaceListing(tenant, name, NamespaceName.ROOT));
  }

  // ---- namespaces -----------------------------------------------------------------------------------------

  @Override
  public Namespace createNamespace(Namespace namespace) {
    return write(namespaceKeys(namespace.tenant(), namespace.catalog(), namespace.name()),
        () -> delegate.createNamespace(namespace));
  }

  @Override
  public Optional<Namespace> getNamespace(String tenant, String catalog, NamespaceName name) {
    return get(keys.namespace(tenant, catalog, name), Namespace.class,
        () -> delegate.getNamespace(tenant, catalog, name));
  }

  @Override
  public Page<Namespace> listNamespaces(String tenant, String catalog, NamespaceName parent, PageRequest page) {
    return page(keys.namespaceListing(tenant, catalog, parent), Keys.pageField(page), Namespace.class,
        () -> delegate.listNamespaces(tenant, catalog, parent, page));
  }

  /**
   * The names of the cached {@link #listNamespaces} page (stated here so that it is never a plain forward past the
   * cache): one cached listing serves both reads, no second key, no second invalidation.
   */
  @Override
  public Page<NamespaceName> listNamespaceNames(String tenant, String catalog, NamespaceName parent,
      PageRequest page) {
    Page<Namespace> namespaces = listNamespaces(tenant, catalog, parent, page);
    return new Page<>(namespaces.items().stream().map(Namespace::name).toList(), namespaces.nextToken());
  }

  @Override
  public Namespace updateNamespace(Namespace namespace, long expectedVersion) {
    NamespaceName name = namespace.name();
    return write(List.of(keys.namespace(namespace.tenant(), namespace.catalog(), name),
            keys.namespaceListing(namespace.tenant(), namespace.catalog(), name.parent().orElseThrow())),
        () -> delegate.updateNamespace(namespace, expectedVersion));
  }

  @Override
  public void deleteNamespace(String tenant, String catalog, NamespaceName name) {
    writeVoid(namespaceKeys(tenant, catalog, name), () -> delegate.deleteNamespace(tenant, catalog, name));
  }

  /**
   * A created or deleted namespace: itself, its parent's listing, and (defensively; they are empty either way) its
   * own listings of children and assets.
   */
  private List<CacheKey> namespaceKeys(String tenant, String catalog, NamespaceName name) {
    List<CacheKey> k = new ArrayList<>(4);
    k.add(keys.namespace(tenant, catalog, name));
    name.parent().ifPresent(p -> k.add(keys.namespaceListing(tenant, catalog, p)));
    k.add(keys.namespaceListing(tenant, catalog, name));
    k.add(keys.assetListing(tenant, catalog, name));
    return k;
  }

  // ---- assets ---------------------------------------------------------------------------------------------

  @Override
  public Asset createAsset(Asset asset, AssetQuota quota) {
    return write(assetKeys(asset.tenant(), asset.key()), () -> delegate.createAsset(asset, quota));
  }

  @Override
  public Optional<Asset> getAsset(String tenant, AssetKey key) {
    return get(keys.asset(tenant, key), Asset.class, () -> delegate.getAsset(tenant, key));
  }

  @Override
  public Page<Asset> listAssets(String tenant, String catalog, NamespaceName namespace, Optional<AssetKind> kind,
      PageRequest page) {
    return page(keys.assetListing(tenant, catalog, namespace), Keys.pageField(kind, page), Asset.class,
        () -> delegate.listAssets(tenant, catalog, namespace, kind, page));
  }

  /**
   * The entries of the cached {@link #listAssets} page (the SPI's default, stated here so that it is never a plain
   * forward past the cache): one cached listing serves both reads, no second key, no second invalidation.
   */
  @Override
  public Page<AssetEntry> listAssetEntries(String tenant, String catalog, NamespaceName namespace,
      Optional<AssetKind> kind, PageRequest page) {
    Page<Asset> assets = listAssets(tenant, catalog, namespace, kind, page);
    return new Page<>(assets.items().stream().map(AssetEntry::of).toList(), assets.nextToken());
  }

  @Override
  public Asset updateAsset(Asset asset, long expectedVersion) {
    return write(assetKeys(asset.tenant(), asset.key()), () -> delegate.updateAsset(asset, expectedVersion));
  }

  @Override
  public List<Asset> updateAssets(String tenant, List<AssetUpdate> updates) {
    Map<String, CacheKey> changed = new LinkedHashMap<>();
    for (AssetUpdate u : updates) {
      for (CacheKey k : assetKeys(tenant, u.asset().key())) {
        changed.putIfAbsent(k.id(), k);
      }
    }
    return write(List.copyOf(changed.values()), () -> delegate.updateAssets(tenant, updates));
  }

  @Override
  public Asset renameAsset(String tenant, AssetKey from, AssetKey to, long maxInTargetNamespace) {
    List<CacheKey> changed = new ArrayList<>(assetKeys(tenant, from));
    for (CacheKey k : assetKeys(tenant, to)) {
      if (!changed.contains(k)) {
        changed.add(k);
      }
    }
    return write(changed, () -> delegate.renameAsset(tenant, from, to, maxInTargetNamespace));
  }

  @Override
  public void deleteAsset(String tenant, AssetKey key) {
    writeVoid(assetKeys(tenant, key), () -> delegate.deleteAsset(tenant, key));
  }

  /** An asset's own key and the listing of its namespace (which shows its version and properties). */
  private List<CacheKey> assetKeys(String tenant, AssetKey key) {
    return List.of(keys.asset(tenant, key), keys.assetListing(tenant, key.catalog(), key.namespace()));
  }

  // ---- users ----------------------------------------------------------------------------------------------

  @Override
  public User createUser(User user, long maxUsers) {
    return write(List.of(keys.userPermissions(user.tenant(), user.name())),
        () -> delegate.createUser(user, maxUsers));
  }

  @Override
  public Optional<User> getUser(String tenant, String name) {
    return get(keys.userPermissions(tenant, name), User.class, () -> delegate.getUser(tenant, name));
  }

  @Override
  public User updateUser(User user, long expectedVersion) {
    return write(List.of(keys.userPermissions(user.tenant(), user.name())),
        () -> delegate.updateUser(user, expectedVersion));
  }

  @Override
  public void deleteUser(String tenant, String name) {
    writeVoid(List.of(keys.userPermissions(tenant, name)), () -> delegate.deleteUser(tenant, name));
  }

  // ---- custom roles and grants: the grants of a tenant are what every authorization decision reads ----------

  /** The cached value of {@link #listGrants}. */
  private record GrantList(List<Grant> grants) {}

  @Override
  public void deleteRole(String tenant, String name) {
    writeVoid(List.of(keys.grants(tenant)), () -> delegate.deleteRole(tenant, name));
  }

  @Override
  public Grant createGrant(String tenant, Grant grant) {
    return write(List.of(keys.grants(tenant)), () -> delegate.createGrant(tenant, grant));
  }

  @Override
  public List<Grant> listGrants(String tenant) {
    return get(keys.grants(tenant), GrantList.class, () -> Optional.of(new GrantList(delegate.listGrants(tenant))))
        .orElseThrow().grants();
  }

  @Override
  public void deleteGrant(String tenant, String id) {
    writeVoid(List.of(keys.grants(tenant)), () -> delegate.deleteGrant(tenant, id));
  }

  // ---- restore --------------------------------------------------------------------------------------------

  /** Forwarded; every key of every restored entity (and the listings they appear in) is invalidated. */
  @Override
  public void restore(String tenant, TenantEntities entities) {
    Map<String, CacheKey> changed = new LinkedHashMap<>();
    List<CacheKey> all = new ArrayList<>();
    entities.warehouses().forEach(w -> all.add(keys.warehouse(tenant, w.name())));
    entities.catalogs().forEach(c -> all.addAll(catalogKeys(tenant, c.name())));
    entities.namespaces().forEach(n -> all.addAll(namespaceKeys(tenant, n.catalog(), n.name())));
    entities.assets().forEach(a -> all.addAll(assetKeys(tenant, a.key())));
    entities.users().forEach(u -> all.add(keys.userPermissions(tenant, u.name())));
    for (CacheKey k : all) {
      changed.putIfAbsent(k.id(), k);
    }
    writeVoid(List.copyOf(changed.values()), () -> delegate.restore(tenant, entities));
  }

  // ---- warming --------------------------------------------------------------------------------------------

  /** Loads the configured hot catalogs through the normal read path (so L2 is filled too), bounded by L1's size. */
  private void warm() {
    long budget = Math.max(1, config.l1MaxSize() / 2);
    try {
      for (CacheConfig.WarmCatalog wc : config.warmCatalogs()) {
        if (closed || warmed.get() >= budget) {
          break;
        }
        count(getTenant(wc.tenant()).isPresent());
        Optional<Catalog> catalog = getCatalog(wc.tenant(), wc.catalog());
        count(catalog.isPresent());
        if (catalog.isPresent()) {
          count(getWarehouse(wc.tenant(), catalog.get().warehouse()).isPresent());
          warmNamespaces(wc.tenant(), wc.catalog(), NamespaceName.ROOT, budget);
        } else {
          LOG.log(Level.WARNING, "warm-up: catalog " + wc + " does not exist");
        }
      }
      warmState = "warmed " + warmed.get() + " entries of " + config.warmCatalogs();
      LOG.log(Level.INFO, "cache " + warmState);
    } catch (RuntimeException e) {
      warmState = "warm-up stopped after " + warmed.get() + " entries: " + e.getClass().getSimpleName();
      LOG.log(Level.WARNING, "cache " + warmState, e);
    }
  }

  private void count(boolean present) {
    if (present) {
      warmed.incrementAndGet();
    }
  }

  private void warmNamespaces(String tenant, String catalog, NamespaceName parent, long budget) {
    Optional<String> token = Optional.empty();
    do {
      Page<Namespace> page = listNamespaces(tenant, catalog, parent, new PageRequest(token, WARM_PAGE));
      for (Namespace ns : page.items()) {
        if (closed || warmed.get() >= budget) {
          return;
        }
        count(getNamespace(tenant, catalog, ns.name()).isPresent());
        warmAssets(tenant, catalog, ns.name(), budget);
        warmNamespaces(tenant, catalog, ns.name(), budget);
      }
      token = page.nextToken();
    } while (token.isPresent());
  }

  private void warmAssets(String tenant, String catalog, NamespaceName namespace, long budget) {
    Optional<String> token = Optional.empty();
    do {
      Page<Asset> page = listAssets(tenant, catalog, namespace, Optional.empty(), new PageRequest(token, WARM_PAGE));
      for (Asset a : page.items()) {
        if (closed || warmed.get() >= budget) {
          return;
        }
        count(getAsset(tenant, a.key()).isPresent());
      }
      token = page.nextToken();
    } while (token.isPresent());
  }

  long warmedEntries() {
    return warmed.get();
  }

  // ---- lifecycle ------------------------------------------------------------------------------------------

  /** The state of the cache for operators (health detail). */
  String describe() {
    String mode = shared == null ? "local only (no redis-address)" : shared.describe();
    return "cache caffeine-redis: " + mode + (warmState.isEmpty() ? "" : "; " + warmState);
  }

  boolean degraded() {
    return shared != null && shared.degraded();
  }

  RedisShared shared() {
    return shared;
  }

  LocalCache local() {
    return local;
  }

  /** The store's health with the cache's state in the detail; a degraded cache does not make the store down. */
  @Override
  public StoreHealth health() {
    StoreHealth store = delegate.health();
    return new StoreHealth(store.up(), store.detail() + "; " + describe());
  }

  /** Closes the cache (Redis connections, threads); not the delegate. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (shared != null) {
      shared.close();
    }
    local.invalidateAll();
  }

  @Override
  public String toString() {
    return "cached(" + delegate + ")";
  }
}
