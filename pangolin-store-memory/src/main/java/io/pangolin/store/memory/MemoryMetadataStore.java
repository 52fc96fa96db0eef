package io.pangolin.store.memory;

import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.AssetQuery;
import io.pangolin.api.AuditEvent;
import io.pangolin.api.AuditQuery;
import io.pangolin.api.Catalog;
import io.pangolin.api.ConflictException;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.Tenant;
import io.pangolin.api.Grant;
import io.pangolin.api.Principal;
import io.pangolin.api.Role;
import io.pangolin.api.User;
import io.pangolin.api.Warehouse;
import io.pangolin.spi.AssetQuota;
import io.pangolin.spi.AssetUpdate;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.PlacementRecord;
import io.pangolin.spi.PrincipalRecord;
import io.pangolin.spi.PageTokens;
import io.pangolin.spi.StoreHealth;
import io.pangolin.spi.StorageRootClaim;
import io.pangolin.spi.StoreContract;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Thread-safe in-memory store. One read-write lock guards all state, which makes every operation (including the
 * parent checks, refused deletes and multi-asset updates) trivially atomic. Listings are keyset-paged over sorted
 * maps, exactly as a database store pages over an index.
 */
public final class MemoryMetadataStore implements MetadataStore {
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, Lease> leases = new HashMap<>();
  private final TreeMap<String, PlacementRecord> placements = new TreeMap<>();
  private final TreeMap<String, Tenant> tenants = new TreeMap<>();
  private final Map<String, TenantData> data = new HashMap<>();
  /** Principals by id, and by "tenant NUL name NUL kind" (listing order; root principals under tenant ""). */
  private final Map<String, PrincipalRecord> principals = new HashMap<>();
  private final TreeMap<String, PrincipalRecord> principalsByName = new TreeMap<>();
  /** Audit per tenant name, independent of whether the tenant exists; newest first. */
  private final Map<String, TreeMap<AuditKey, AuditEvent>> audit = new HashMap<>();
  /** Archived audit per tenant name; newest first. */
  private final Map<String, TreeMap<AuditKey, AuditEvent>> auditArchive = new HashMap<>();
  /** The deployment-wide registry of storage roots: canonical root → claim. */
  private final TreeMap<String, StorageRootClaim> storageRoots = new TreeMap<>();
  private volatile boolean closed;

  /** Everything below one tenant. */
  private static final class TenantData {
    final TreeMap<String, Warehouse> warehouses = new TreeMap<>();
    final TreeMap<String, Catalog> catalogs = new TreeMap<>();
    final TreeMap<String, User> users = new TreeMap<>();
    /** catalog → parent namespace → leaf → namespace. */
    final Map<String, Map<NamespaceName, TreeMap<String, Namespace>>> namespaces = new HashMap<>();
    /** catalog → namespace → name → asset; both outer maps sorted for search order. */
    final TreeMap<String, TreeMap<NamespaceName, TreeMap<String, Asset>>> assets = new TreeMap<>();
    final TreeMap<String, Role> roles = new TreeMap<>();
    final TreeMap<String, Grant> grants = new TreeMap<>();
  }

  private record AuditKey(Instant timestamp, String id) implements Comparable<AuditKey> {
    private static final Comparator<AuditKey> NEWEST_FIRST =
        Comparator.comparing(AuditKey::timestamp).thenComparing(AuditKey::id).reversed();

    @Override
    public int compareTo(AuditKey o) {
      return NEWEST_FIRST.compare(this, o);
    }
  }

  // ---- locking helpers --------------------------------------------------------------------------------------

  private <T> T read(Supplier<T> body) {
    checkOpen();
    lock.readLock().lock();
    try {
      return body.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  private <T> T write(Supplier<T> body) {
    checkOpen();
    lock.writeLock().lock();
    try {
      return body.get();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("store is closed");
    }
  }

  private TenantData tenantData(String tenant) {
    TenantData d = data.get(tenant);
    if (d == null) {
      throw new NotFoundException("tenant '" + tenant + "' does not exist");
    }
    return d;
  }

  private Optional<TenantData> tenantDataIfPresent(String tenant) {
    return Optional.ofNullable(data.get(Objects.requireNonNull(tenant, "tenant")));
  }

  /** Keyset page over a sorted map; the token holds the last key's string form. */
  private static <K, V> Page<V> page(NavigableMap<K, V> map, PageRequest page, String listing,
      Function<String, K> parseKey, Function<K, String> formatKey) {
    NavigableMap<K, V> tail = map;
    Optional<List<String>> position = PageTokens.position(page, listing, 1);
    if (position.isPresent()) {
      tail = map.tailMap(parseKey.apply(position.get().get(0)), false);
    }
    List<V> items = new ArrayList<>(Math.min(page.size(), tail.size()));
    K last = null;
    Iterator<Map.Entry<K, V>> it = tail.entrySet().iterator();
    while (it.hasNext() && items.size() < page.size()) {
      Map.Entry<K, V> e = it.next();
      items.add(e.getValue());
      last = e.getKey();
    }
    Optional<String> next = it.hasNext() ? Optional.of(PageTokens.encode(listing, List.of(formatKey.apply(last))))
        : Optional.empty();
    return new Page<>(items, next);
  }

  private static <V> Page<V> pageByName(NavigableMap<String, V> map, PageRequest page, String listing) {
    return page(map, page, listing, Function.identity(), Function.identity());
  }

  // ---- tenants ----------------------------------------------------------------------------------------------

  @Override
  public Tenant createTenant(Tenant tenant) {
    Objects.requireNonNull(tenant, "tenant");
    return write(() -> {
      if (tenants.containsKey(tenant.name())) {
        throw new AlreadyExistsException("tenant '" + tenant.name() + "' already exists");
      }
      Tenant stored = tenant.withVersion(1);
      tenants.put(tenant.name(), stored);
      data.put(tenant.name(), new TenantData());
      return stored;
    });
  }

  @Override
  public Optional<Tenant> getTenant(String name) {
    Objects.requireNonNull(name, "name");
    return read(() -> Optional.ofNullable(tenants.get(name)));
  }

  @Override
  public Page<Tenant> listTenants(PageRequest page) {
    return read(() -> pageByName(tenants, page, "tenants"));
  }

  @Override
  public Tenant updateTenant(Tenant tenant, long expectedVersion) {
    return write(() -> {
      Tenant current = tenants.get(tenant.name());
      if (current == null) {
        throw new NotFoundException("tenant '" + tenant.name() + "' does not exist");
      }
      StoreContract.checkVersion("tenant '" + tenant.name() + "'", current.version(), expectedVersion);
      Tenant stored = new Tenant(current.name(), tenant.properties(), tenant.createdAt(), tenant.updatedAt(),
          expectedVersion + 1);
      tenants.put(stored.name(), stored);
      return stored;
    });
  }

  @Override
  public void deleteTenant(String name) {
    write(() -> {
      TenantData d = tenantData(name);
      if (!d.warehouses.isEmpty() || !d.catalogs.isEmpty() || !d.users.isEmpty()) {
        throw new ConflictException("tenant '" + name + "' still has warehouses, catalogs or users");
      }
      tenants.remove(name);
      data.remove(name);
      principals.values().removeIf(p -> p.tenant().equals(Optional.of(name)));
      principalsByName.values().removeIf(p -> p.tenant().equals(Optional.of(name)));
      return null;
    });
  }

  // ---- warehouses -------------------------------------------------------------------------------------------

  @Override
  public Warehouse createWarehouse(Warehouse warehouse) {
    Objects.requireNonNull(warehouse, "warehouse");
    return write(() -> {
      TenantData d = tenantData(warehouse.tenant());
      if (d.warehouses.containsKey(warehouse.name())) {
        throw new AlreadyExistsException("warehouse '" + warehouse.name() + "' already exists");
      }
      Warehouse stored = warehouse.withVersion(1);
      d.warehouses.put(stored.name(), stored);
      return stored;
    });
  }

  @Override
  public Optional<Warehouse> getWarehouse(String tenant, String name) {
    Objects.requireNonNull(name, "name");
    return read(() -> tenantDataIfPresent(tenant).map(d -> d.warehouses.get(name)));
  }

  @Override
  public Page<Warehouse> listWarehouses(String tenant, PageRequest page) {
    return read(() -> tenantDataIfPresent(tenant)
        .map(d -> pageByName(d.warehouses, page, "warehouses/" + tenant))
        .orElseGet(() -> emptyPage(page, "warehouses/" + tenant)));
  }

  @Override
  public Warehouse updateWarehouse(Warehouse warehouse, long expectedVersion) {
    return write(() -> {
      TenantData d = tenantData(warehouse.tenant());
      Warehouse current = d.warehouses.get(warehouse.name());
      if (current == null) {
        throw new NotFoundException("warehouse '" + warehouse.name() + "' does not exist");
      }
      StoreContract.checkVersion("warehouse '" + warehouse.name() + "'", current.version(), expectedVersion);
      Warehouse stored = new Warehouse(current.tenant(), current.name(), warehouse.storageRoot(),
          warehouse.storageProperties(), warehouse.createdAt(), warehouse.updatedAt(), expectedVersion + 1);
      d.warehouses.put(stored.name(), stored);
      return stored;
    });
  }

  @Override
  public void deleteWarehouse(String tenant, String name) {
    write(() -> {
      TenantData d = tenantData(tenant);
      if (!d.warehouses.containsKey(name)) {
        throw new NotFoundException("warehouse '" + name + "' does not exist");
      }
      if (d.catalogs.values().stream().anyMatch(c -> c.warehouse().equals(name))) {
        throw new ConflictException("warehouse '" + name + "' is still used by a catalog");
      }
      d.warehouses.remove(name);
      return null;
    });
  }

  // ---- catalogs ---------------------------------------------------------------------------------------------

  @Override
  public Catalog createCatalog(Catalog catalog, long maxCatalogs) {
    Objects.requireNonNull(catalog, "catalog");
    return write(() -> {
      TenantData d = tenantData(catalog.tenant());
      if (!d.warehouses.containsKey(catalog.warehouse())) {
        throw new NotFoundException("warehouse '" + catalog.warehouse() + "' does not exist");
      }
      if (d.catalogs.containsKey(catalog.name())) {
        throw new AlreadyExistsException("catalog '" + catalog.name() + "' already exists");
      }
      if (StoreContract.limited(maxCatalogs)) {
        StoreContract.checkCatalogQuota(data.values().stream().mapToLong(t -> t.catalogs.size()).sum(), maxCatalogs);
      }
      Catalog stored = catalog.withVersion(1);
      d.catalogs.put(stored.name(), stored);
      d.namespaces.put(stored.name(), new HashMap<>());
      d.assets.put(stored.name(), new TreeMap<>());
      return stored;
    });
  }

  @Override
  public Optional<Catalog> getCatalog(String tenant, String name) {
    Objects.requireNonNull(name, "name");
    return read(() -> tenantDataIfPresent(tenant).map(d -> d.catalogs.get(name)));
  }

  @Override
  public Page<Catalog> listCatalogs(String tenant, PageRequest page) {
    return read(() -> tenantDataIfPresent(tenant)
        .map(d -> pageByName(d.catalogs, page, "catalogs/" + tenant))
        .orElseGet(() -> emptyPage(page, "catalogs/" + tenant)));
  }

  @Override
  public Catalog updateCatalog(Catalog catalog, long expectedVersion) {
    return write(() -> {
      TenantData d = tenantData(catalog.tenant());
      Catalog current = d.catalogs.get(catalog.name());
      if (current == null) {
        throw new NotFoundException("catalog '" + catalog.name() + "' does not exist");
      }
      StoreContract.checkVersion("catalog '" + catalog.name() + "'", current.version(), expectedVersion);
      if (!catalog.warehouse().equals(current.warehouse()) && !d.warehouses.containsKey(catalog.warehouse())) {
        throw new NotFoundException("warehouse '" + catalog.warehouse() + "' does not exist");
      }
      Catalog stored = new Catalog(current.tenant(), current.name(), catalog.warehouse(), catalog.properties(),
          catalog.createdAt(), catalog.updatedAt(), expectedVersion + 1);
      d.catalogs.put(stored.name(), stored);
      return stored;
    });
  }

  @Override
  public void deleteCatalog(String tenant, String name) {
    write(() -> {
      TenantData d = tenantData(tenant);
      if (!d.catalogs.containsKey(name)) {
        throw new NotFoundException("catalog '" + name + "' does not exist");
      }
      if (d.namespaces.get(name).values().stream().anyMatch(m -> !m.isEmpty())) {
        throw new ConflictException("catalog '" + name + "' still has namespaces");
      }
      d.catalogs.remove(name);
      d.namespaces.remove(name);
      d.assets.remove(name);
      return null;
    });
  }

  @Override
  public long countCatalogs() {
    return read(() -> data.values().stream().mapToLong(d -> d.catalogs.size()).sum());
  }

  // ---- namespaces -------------------------------------------------------------------------------------------

  private Map<NamespaceName, TreeMap<String, Namespace>> catalogNamespaces(TenantData d, String catalog) {
    Map<NamespaceName, TreeMap<String, Namespace>> m = d.namespaces.get(catalog);
    if (m == null) {
      throw new NotFoundException("catalog '" + catalog + "' does not exist");
    }
    return m;
  }

  private static Optional<Namespace> findNamespace(Map<NamespaceName, TreeMap<String, Namespace>> m,
      NamespaceName name) {
    if (name.isRoot()) {
      return Optional.empty();
    }
    TreeMap<String, Namespace> siblings = m.get(name.parent().orElseThrow());
    return Optional.ofNullable(siblings == null ? null : siblings.get(name.leaf()));
  }

  @Override
  public Namespace createNamespace(Namespace namespace) {
    Objects.requireNonNull(namespace, "namespace");
    return write(() -> {
      TenantData d = tenantData(namespace.tenant());
      Map<NamespaceName, TreeMap<String, Namespace>> m = catalogNamespaces(d, namespace.catalog());
      NamespaceName parent = namespace.name().parent().orElseThrow();
      if (!parent.isRoot() && findNamespace(m, parent).isEmpty()) {
        throw new NotFoundException("parent namespace '" + parent + "' does not exist");
      }
      TreeMap<String, Namespace> siblings = m.computeIfAbsent(parent, p -> new TreeMap<>());
      if (siblings.containsKey(namespace.name().leaf())) {
        throw new AlreadyExistsException("namespace '" + namespace.name() + "' already exists");
      }
      Namespace stored = namespace.withVersion(1);
      siblings.put(namespace.name().leaf(), stored);
      return stored;
    });
  }

  @Override
  public Optional<Namespace> getNamespace(String tenant, String catalog, NamespaceName name) {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(name, "name");
    return read(() -> tenantDataIfPresent(tenant)
        .map(d -> d.namespaces.get(catalog))
        .flatMap(m -> findNamespace(m, name)));
  }

  @Override
  public Page<Namespace> listNamespaces(String tenant, String catalog, NamespaceName parent, PageRequest page) {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(parent, "parent");
    String listing = "namespaces/" + tenant + "/" + catalog + "/" + parent;
    return read(() -> {
      Map<NamespaceName, TreeMap<String, Namespace>> m =
          tenantDataIfPresent(tenant).map(d -> d.namespaces.get(catalog)).orElse(null);
      TreeMap<String, Namespace> children = m == null ? null : m.get(parent);
      return children == null ? emptyPage(page, listing) : pageByName(children, page, listing);
    });
  }

  @Override
  public Namespace updateNamespace(Namespace namespace, long expectedVersion) {
    return write(() -> {
      TenantData d = tenantData(namespace.tenant());
      Map<NamespaceName, TreeMap<String, Namespace>> m = catalogNamespaces(d, namespace.catalog());
      Namespace current = findNamespace(m, namespace.name())
          .orElseThrow(() -> new NotFoundException("namespace '" + namespace.name() + "' does not exist"));
      StoreContract.checkVersion("namespace '" + namespace.name() + "'", current.version(), expectedVersion);
      Namespace stored = new Namespace(current.tenant(), current.catalog(), current.name(), namespace.properties(),
          namespace.createdAt(), namespace.updatedAt(), expectedVersion + 1);
      m.get(current.name().parent().orElseThrow()).put(current.name().leaf(), stored);
      return stored;
    });
  }

  @Override
  public void deleteNamespace(String tenant, String catalog, NamespaceName name) {
    StoreContract.requireNamespace(name);
    write(() -> {
      TenantData d = tenantData(tenant);
      Map<NamespaceName, TreeMap<String, Namespace>> m = catalogNamespaces(d, catalog);
      if (findNamespace(m, name).isEmpty()) {
        throw new NotFoundException("namespace '" + name + "' does not exist");
      }
      TreeMap<String, Namespace> children = m.get(name);
      if (children != null && !children.isEmpty()) {
        throw new ConflictException("namespace '" + name + "' has child namespaces");
      }
      TreeMap<String, Asset> assets = d.assets.get(catalog).get(name);
      if (assets != null && !assets.isEmpty()) {
        throw new ConflictException("namespace '" + name + "' is not empty");
      }
      m.remove(name);
      d.assets.get(catalog).remove(name);
      m.get(name.parent().orElseThrow()).remove(name.leaf());
      return null;
    });
  }

  // ---- assets -----------------------------------------------------------------------------------------------

  /** The assets map of an existing namespace. */
  private TreeMap<String, Asset> namespaceAssets(TenantData d, String catalog, NamespaceName namespace) {
    Map<NamespaceName, TreeMap<String, Namespace>> m = catalogNamespaces(d, catalog);
    if (findNamespace(m, namespace).isEmpty()) {
      throw new NotFoundException("namespace '" + namespace + "' does not exist");
    }
    return d.assets.get(catalog).computeIfAbsent(namespace, n -> new TreeMap<>());
  }

  private Optional<Asset> findAsset(TenantData d, AssetKey key) {
    TreeMap<NamespaceName, TreeMap<String, Asset>> byNs = d.assets.get(key.catalog());
    TreeMap<String, Asset> byName = byNs == null ? null : byNs.get(key.namespace());
    return Optional.ofNullable(byName == null ? null : byName.get(key.name()));
  }

  @Override
  public Asset createAsset(Asset asset, AssetQuota quota) {
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(quota, "quota");
    return write(() -> {
      TenantData d = tenantData(asset.tenant());
      TreeMap<String, Asset> assets = namespaceAssets(d, asset.catalog(), asset.namespace());
      if (assets.containsKey(asset.name())) {
        throw new AlreadyExistsException("asset '" + asset.key() + "' already exists");
      }
      long inCatalog = d.assets.get(asset.catalog()).values().stream().mapToLong(TreeMap::size).sum();
      StoreContract.checkAssetQuota(quota, asset.catalog(), asset.namespace(), inCatalog, assets::size);
      Asset stored = asset.withVersion(1);
      assets.put(stored.name(), stored);
      return stored;
    });
  }

  @Override
  public Optional<Asset> getAsset(String tenant, AssetKey key) {
    Objects.requireNonNull(key, "key");
    return read(() -> tenantDataIfPresent(tenant).flatMap(d -> findAsset(d, key)));
  }

  @Override
  public Page<Asset> listAssets(String tenant, String catalog, NamespaceName namespace, Optional<AssetKind> kind,
      PageRequest page) {
    Objects.requireNonNull(kind, "kind");
    String listing = "assets/" + tenant + "/" + catalog + "/" + namespace + "/" + kind.map(Enum::name).orElse("*");
    return read(() -> {
      TreeMap<String, Asset> assets = tenantDataIfPresent(tenant)
          .map(d -> d.assets.get(catalog))
          .map(m -> m.get(namespace))
          .orElse(null);
      if (assets == null) {
        return emptyPage(page, listing);
      }
      if (kind.isEmpty()) {
        return pageByName(assets, page, listing);
      }
      return filteredPage(assets, page, listing, a -> a.kind() == kind.get());
    });
  }

  private static Page<Asset> filteredPage(TreeMap<String, Asset> map, PageRequest page, String listing,
      Predicate<Asset> filter) {
    NavigableMap<String, Asset> tail = map;
    if (page.token().isPresent()) {
      tail = map.tailMap(PageTokens.decode(page.token().get(), listing, 1).get(0), false);
    }
    List<Asset> items = new ArrayList<>();
    String last = null;
    boolean more = false;
    for (Map.Entry<String, Asset> e : tail.entrySet()) {
      if (!filter.test(e.getValue())) {
        continue;
      }
      if (items.size() == page.size()) {
        more = true;
        break;
      }
      items.add(e.getValue());
      last = e.getKey();
    }
    return new Page<>(items, more ? Optional.of(PageTokens.encode(listing, List.of(last))) : Optional.empty());
  }

  private static Asset merge(Asset current, Asset update, long newVersion) {
    return new Asset(current.tenant(), current.id(), current.catalog(), current.namespace(), current.name(),
        current.kind(), update.location(), update.properties(), update.metadataLocation(), update.createdAt(),
        update.updatedAt(), newVersion);
  }

  @Override
  public Asset updateAsset(Asset asset, long expectedVersion) {
    return write(() -> {
      TenantData d = tenantData(asset.tenant());
      Asset current = findAsset(d, asset.key())
          .orElseThrow(() -> new NotFoundException("asset '" + asset.key() + "' does not exist"));
      StoreContract.checkVersion("asset '" + asset.key() + "'", current.version(), expectedVersion);
      Asset stored = merge(current, asset, expectedVersion + 1);
      d.assets.get(asset.catalog()).get(asset.namespace()).put(asset.name(), stored);
      return stored;
    });
  }

  @Override
  public List<Asset> updateAssets(String tenant, List<AssetUpdate> updates) {
    StoreContract.checkUpdates(tenant, updates);
    return write(() -> {
      TenantData d = tenantData(tenant);
      List<Asset> currents = new ArrayList<>();
      for (AssetUpdate u : updates) {
        Asset current = findAsset(d, u.asset().key())
            .orElseThrow(() -> new NotFoundException("asset '" + u.asset().key() + "' does not exist"));
        StoreContract.checkVersion("asset '" + u.asset().key() + "'", current.version(), u.expectedVersion());
        currents.add(current);
      }
      List<Asset> stored = new ArrayList<>();
      for (int i = 0; i < updates.size(); i++) {
        AssetUpdate u = updates.get(i);
        Asset s = merge(currents.get(i), u.asset(), u.expectedVersion() + 1);
        d.assets.get(s.catalog()).get(s.namespace()).put(s.name(), s);
        stored.add(s);
      }
      return stored;
    });
  }

  @Override
  public Asset renameAsset(String tenant, AssetKey from, AssetKey to, long maxInTargetNamespace) {
    StoreContract.checkRename(from, to, k -> getAsset(tenant, k).isPresent());
    return write(() -> {
      TenantData d = tenantData(tenant);
      Asset current = findAsset(d, from)
          .orElseThrow(() -> new NotFoundException("asset '" + from + "' does not exist"));
      TreeMap<String, Asset> target = namespaceAssets(d, to.catalog(), to.namespace());
      if (target.containsKey(to.name())) {
        throw new AlreadyExistsException("asset '" + to + "' already exists");
      }
      StoreContract.checkRenameQuota(from, to, target.size(), maxInTargetNamespace);
      d.assets.get(from.catalog()).get(from.namespace()).remove(from.name());
      Asset stored = current.withKey(to.namespace(), to.name()).withVersion(current.version() + 1);
      target.put(to.name(), stored);
      return stored;
    });
  }

  @Override
  public void deleteAsset(String tenant, AssetKey key) {
    write(() -> {
      TenantData d = tenantData(tenant);
      if (findAsset(d, key).isEmpty()) {
        throw new NotFoundException("asset '" + key + "' does not exist");
      }
      d.assets.get(key.catalog()).get(key.namespace()).remove(key.name());
      return null;
    });
  }

  @Override
  public long countAssets(String tenant, String catalog) {
    return read(() -> tenantDataIfPresent(tenant)
        .map(d -> d.assets.get(catalog))
        .map(m -> m.values().stream().mapToLong(TreeMap::size).sum())
        .orElse(0L));
  }

  @Override
  public long countAssets(String tenant, String catalog, NamespaceName namespace) {
    return read(() -> tenantDataIfPresent(tenant)
        .map(d -> d.assets.get(catalog))
        .map(m -> m.get(namespace))
        .map(m -> (long) m.size())
        .orElse(0L));
  }

  @Override
  public Page<Asset> searchAssets(String tenant, AssetQuery query, PageRequest page) {
    Objects.requireNonNull(query, "query");
    String listing = "search/" + tenant;
    return read(() -> {
      Optional<TenantData> d = tenantDataIfPresent(tenant);
      if (d.isEmpty()) {
        return emptyPage(page, listing);
      }
      String afterCatalog = null;
      NamespaceName afterNs = null;
      String afterName = null;
      if (page.token().isPresent()) {
        List<String> pos = PageTokens.decode(page.token().get(), listing, 3);
        afterCatalog = pos.get(0);
        afterNs = NamespaceName.parse(pos.get(1));
        afterName = pos.get(2);
      }
      List<Asset> items = new ArrayList<>();
      Asset last = null;
      NavigableMap<String, TreeMap<NamespaceName, TreeMap<String, Asset>>> catalogs =
          afterCatalog == null ? d.get().assets : d.get().assets.tailMap(afterCatalog, true);
      for (var c : catalogs.entrySet()) {
        if (query.catalog().isPresent() && !query.catalog().get().equals(c.getKey())) {
          continue;
        }
        boolean sameCatalog = c.getKey().equals(afterCatalog);
        NavigableMap<NamespaceName, TreeMap<String, Asset>> nss =
            sameCatalog ? c.getValue().tailMap(afterNs, true) : c.getValue();
        for (var n : nss.entrySet()) {
          boolean sameNs = sameCatalog && n.getKey().equals(afterNs);
          NavigableMap<String, Asset> names = sameNs ? n.getValue().tailMap(afterName, false) : n.getValue();
          for (Asset a : names.values()) {
            if (!query.matches(a)) {
              continue;
            }
            if (items.size() == page.size()) {
              return new Page<>(items, Optional.of(PageTokens.encode(listing,
                  List.of(last.catalog(), last.namespace().toString(), last.name()))));
            }
            items.add(a);
            last = a;
          }
        }
      }
      return Page.last(items);
    });
  }

  // ---- users ------------------------------------------------------------------------------------------------

  @Override
  public User createUser(User user, long maxUsers) {
    Objects.requireNonNull(user, "user");
    return write(() -> {
      TenantData d = tenantData(user.tenant());
      if (d.users.containsKey(user.name())) {
        throw new AlreadyExistsException("user '" + user.name() + "' already exists");
      }
      StoreContract.checkUserQuota(d.users.size(), maxUsers);
      User stored = user.withVersion(1);
      d.users.put(stored.name(), stored);
      return stored;
    });
  }

  @Override
  public Optional<User> getUser(String tenant, String name) {
    Objects.requireNonNull(name, "name");
    return read(() -> tenantDataIfPresent(tenant).map(d -> d.users.get(name)));
  }

  @Override
  public Page<User> listUsers(String tenant, PageRequest page) {
    return read(() -> tenantDataIfPresent(tenant)
        .map(d -> pageByName(d.users, page, "users/" + tenant))
        .orElseGet(() -> emptyPage(page, "users/" + tenant)));
  }

  @Override
  public User updateUser(User user, long expectedVersion) {
    return write(() -> {
      TenantData d = tenantData(user.tenant());
      User current = d.users.get(user.name());
      if (current == null) {
        throw new NotFoundException("user '" + user.name() + "' does not exist");
      }
      StoreContract.checkVersion("user '" + user.name() + "'", current.version(), expectedVersion);
      User stored = new User(current.tenant(), current.name(), user.email(), user.properties(), user.createdAt(),
          user.updatedAt(), expectedVersion + 1);
      d.users.put(stored.name(), stored);
      return stored;
    });
  }

  @Override
  public void deleteUser(String tenant, String name) {
    write(() -> {
      TenantData d = tenantData(tenant);
      if (d.users.remove(name) == null) {
        throw new NotFoundException("user '" + name + "' does not exist");
      }
      return null;
    });
  }

  @Override
  public long countUsers(String tenant) {
    return read(() -> tenantDataIfPresent(tenant).map(d -> (long) d.users.size()).orElse(0L));
  }

  // ---- principals -------------------------------------------------------------------------------------------

  private static String nameKey(Optional<String> tenant, String name, Principal.Kind kind) {
    return tenant.orElse("") + "\u0000" + name + "\u0000" + kind.name();
  }

  @Override
  public PrincipalRecord createPrincipal(PrincipalRecord principal) {
    Objects.requireNonNull(principal, "principal");
    return write(() -> {
      principal.tenant().ifPresent(this::tenantData);
      String key = nameKey(principal.tenant(), principal.name(), principal.kind());
      if (principals.containsKey(principal.id()) || principalsByName.containsKey(key)) {
        throw new AlreadyExistsException("principal '" + principal.name() + "' already exists");
      }
      PrincipalRecord stored = principal.withVersion(1);
      principals.put(stored.id(), stored);
      principalsByName.put(key, stored);
      return stored;
    });
  }

  @Override
  public Optional<PrincipalRecord> getPrincipal(String id) {
    Objects.requireNonNull(id, "id");
    return read(() -> Optional.ofNullable(principals.get(id)));
  }

  @Override
  public Optional<PrincipalRecord> getPrincipalByName(Optional<String> tenant, Principal.Kind kind, String name) {
    return read(() -> Optional.ofNullable(principalsByName.get(nameKey(tenant, name, kind))));
  }

  @Override
  public Page<PrincipalRecord> listPrincipals(Optional<String> tenant, PageRequest page) {
    String prefix = tenant.orElse("") + "\u0000";
    String listing = "principals/" + tenant.orElse("");
    return read(() -> page(principalsByName.subMap(prefix, true, prefix + "\uffff", false), page, listing,
        Function.identity(), Function.identity()));
  }

  @Override
  public PrincipalRecord updatePrincipal(PrincipalRecord principal, long expectedVersion) {
    Objects.requireNonNull(principal, "principal");
    return write(() -> {
      PrincipalRecord current = principals.get(principal.id());
      if (current == null) {
        throw new NotFoundException("principal '" + principal.name() + "' does not exist");
      }
      StoreContract.checkVersion("principal '" + current.name() + "'", current.version(), expectedVersion);
      PrincipalRecord stored = new PrincipalRecord(current.id(), current.tenant(), current.name(), current.kind(),
          principal.credentialHash(), principal.roles(), principal.enabled(), principal.expiresAt(),
          principal.createdAt(), principal.updatedAt(), expectedVersion + 1);
      principals.put(stored.id(), stored);
      principalsByName.put(nameKey(stored.tenant(), stored.name(), stored.kind()), stored);
      return stored;
    });
  }

  @Override
  public void deletePrincipal(String id) {
    write(() -> {
      PrincipalRecord current = principals.remove(id);
      if (current == null) {
        throw new NotFoundException("principal does not exist");
      }
      principalsByName.remove(nameKey(current.tenant(), current.name(), current.kind()));
      return null;
    });
  }

  // ---- placements -------------------------------------------------------------------------------------------

  @Override
  public PlacementRecord createPlacement(PlacementRecord placement) {
    Objects.requireNonNull(placement, "placement");
    return write(() -> {
      if (placements.containsKey(placement.tenant())) {
        throw new AlreadyExistsException("the placement of tenant '" + placement.tenant() + "' already exists");
      }
      PlacementRecord stored = placement.withVersion(1);
      placements.put(stored.tenant(), stored);
      return stored;
    });
  }

  @Override
  public Optional<PlacementRecord> getPlacement(String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    return read(() -> Optional.ofNullable(placements.get(tenant)));
  }

  @Override
  public Page<PlacementRecord> listPlacements(PageRequest page) {
    Objects.requireNonNull(page, "page");
    return read(() -> pageByName(placements, page, "placements"));
  }

  @Override
  public PlacementRecord updatePlacement(PlacementRecord placement, long expectedVersion) {
    Objects.requireNonNull(placement, "placement");
    return write(() -> {
      PlacementRecord current = placements.get(placement.tenant());
      if (current == null) {
        throw new NotFoundException("the placement of tenant '" + placement.tenant() + "' does not exist");
      }
      StoreContract.checkVersion("the placement of tenant '" + placement.tenant() + "'", current.version(), expectedVersion);
      PlacementRecord stored = placement.withVersion(expectedVersion + 1);
      placements.put(stored.tenant(), stored);
      return stored;
    });
  }

  @Override
  public void deletePlacement(String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    write(() -> {
      if (placements.remove(tenant) == null) {
        throw new NotFoundException("the placement of tenant '" + tenant + "' does not exist");
      }
      return null;
    });
  }

  // ---- custom roles and grants ------------------------------------------------------------------------------

  @Override
  public Role createRole(String tenant, Role role) {
    Objects.requireNonNull(role, "role");
    return write(() -> {
      TenantData d = tenantData(tenant);
      if (d.roles.putIfAbsent(role.name(), role) != null) {
        throw new AlreadyExistsException("role '" + role.name() + "' already exists");
      }
      return role;
    });
  }

  @Override
  public List<Role> listRoles(String tenant) {
    return read(() -> List.copyOf(tenantData(tenant).roles.values()));
  }

  @Override
  public void deleteRole(String tenant, String name) {
    write(() -> {
      TenantData d = tenantData(tenant);
      if (d.roles.remove(name) == null) {
        throw new NotFoundException("role '" + name + "' does not exist");
      }
      d.grants.values().removeIf(g -> g.grantee().equals(Grant.Grantee.role(name)));
      return null;
    });
  }

  @Override
  public Grant createGrant(String tenant, Grant grant) {
    Objects.requireNonNull(grant, "grant");
    return write(() -> {
      TenantData d = tenantData(tenant);
      boolean taken = d.grants.containsKey(grant.id()) || d.grants.values().stream()
          .anyMatch(g -> g.grantee().equals(grant.grantee()) && g.scope().equals(grant.scope()));
      if (taken) {
        throw new AlreadyExistsException("a grant to " + grant.grantee().name() + " on " + grant.scope()
            + " already exists");
      }
      d.grants.put(grant.id(), grant);
      return grant;
    });
  }

  @Override
  public List<Grant> listGrants(String tenant) {
    return read(() -> List.copyOf(tenantData(tenant).grants.values()));
  }

  @Override
  public void deleteGrant(String tenant, String id) {
    write(() -> {
      if (tenantData(tenant).grants.remove(id) == null) {
        throw new NotFoundException("grant '" + id + "' does not exist");
      }
      return null;
    });
  }

  // ---- audit ------------------------------------------------------------------------------------------------

  @Override
  public void appendAudit(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    write(() -> audit.computeIfAbsent(event.tenant(), t -> new TreeMap<>())
        .put(new AuditKey(event.timestamp(), event.id()), event));
  }

  @Override
  public Page<AuditEvent> queryAudit(String tenant, AuditQuery query, PageRequest page) {
    return query(audit, "audit/", tenant, query, page);
  }

  @Override
  public Page<AuditEvent> queryArchivedAudit(String tenant, AuditQuery query, PageRequest page) {
    return query(auditArchive, "audit-archive/", tenant, query, page);
  }

  /** This store keeps an audit archive. */
  @Override
  public boolean supportsAuditArchive() {
    return true;
  }

  @Override
  public long archiveAudit(String tenant, Instant before) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(before, "before");
    return write(() -> {
      TreeMap<AuditKey, AuditEvent> events = audit.get(tenant);
      if (events == null) {
        return 0L;
      }
      // newest first: the events before the cutoff are the tail from the cutoff on
      NavigableMap<AuditKey, AuditEvent> old = events.tailMap(new AuditKey(before, ""), false);
      List<AuditEvent> moved = new ArrayList<>(old.values());
      moved.removeIf(e -> !e.timestamp().isBefore(before));
      TreeMap<AuditKey, AuditEvent> archive = auditArchive.computeIfAbsent(tenant, t -> new TreeMap<>());
      for (AuditEvent e : moved) {
        AuditKey key = new AuditKey(e.timestamp(), e.id());
        archive.put(key, e);
        events.remove(key);
      }
      return (long) moved.size();
    });
  }

  @Override
  public long countArchivedAudit(String tenant, AuditQuery query) {
    return count(auditArchive, tenant, query);
  }

  private Page<AuditEvent> query(Map<String, TreeMap<AuditKey, AuditEvent>> log, String prefix, String tenant,
      AuditQuery query, PageRequest page) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(query, "query");
    String listing = prefix + tenant;
    return read(() -> {
      TreeMap<AuditKey, AuditEvent> events = log.get(tenant);
      if (events == null) {
        return emptyPage(page, listing);
      }
      NavigableMap<AuditKey, AuditEvent> tail = events;
      Optional<List<String>> pos = PageTokens.position(page, listing, 2);
      if (pos.isPresent()) {
        Instant ts = PageTokens.part(pos.get().get(0), Instant::parse);
        tail = events.tailMap(new AuditKey(ts, pos.get().get(1)), false);
      }
      List<AuditEvent> items = new ArrayList<>();
      for (AuditEvent e : tail.values()) {
        if (!query.matches(e)) {
          continue;
        }
        if (items.size() == page.size()) {
          AuditEvent last = items.get(items.size() - 1);
          return new Page<>(items, Optional.of(PageTokens.encode(listing,
              List.of(last.timestamp().toString(), last.id()))));
        }
        items.add(e);
      }
      return Page.last(items);
    });
  }

  @Override
  public long countAudit(String tenant, AuditQuery query) {
    return count(audit, tenant, query);
  }

  private long count(Map<String, TreeMap<AuditKey, AuditEvent>> log, String tenant, AuditQuery query) {
    Objects.requireNonNull(query, "query");
    return read(() -> {
      TreeMap<AuditKey, AuditEvent> events = log.get(tenant);
      return events == null ? 0L : events.values().stream().filter(query::matches).count();
    });
  }

  // ---- storage roots --------------------------------------------------------------------------------------

  @Override
  public boolean supportsStorageRoots() {
    return true;
  }

  @Override
  public boolean claimStorageRoot(StorageRootClaim claim) {
    Objects.requireNonNull(claim, "claim");
    return write(() -> {
      StorageRootClaim held = storageRoots.get(claim.root());
      if (held != null) {
        if (held.heldBy(claim.tenant(), claim.warehouse())) {
          return false;
        }
        throw new ConflictException("the storage root is already used by another warehouse");
      }
      storageRoots.put(claim.root(), claim);
      return true;
    });
  }

  @Override
  public List<StorageRootClaim> storageRootsOverlapping(String root) {
    Objects.requireNonNull(root, "root");
    return read(() -> storageRoots.values().stream().filter(c -> c.overlaps(root)).toList());
  }

  @Override
  public void releaseStorageRoot(StorageRootClaim claim) {
    Objects.requireNonNull(claim, "claim");
    write(() -> storageRoots.remove(claim.root(), claim));
  }

  /** Under the write lock; expiry is measured on {@link System#nanoTime()}, which never runs backwards. */
  @Override
  public boolean tryAcquireLease(String name, String holder, java.time.Duration ttl) {
    StoreContract.checkLease(name, holder, ttl);
    return write(() -> {
      long now = System.nanoTime();
      Lease held = leases.get(name);
      if (held != null && !held.holder().equals(holder) && held.expiresAtNanos() - now > 0) {
        return false;
      }
      leases.put(name, new Lease(holder, now + ttl.toNanos()));
      return true;
    });
  }

  @Override
  public void releaseLease(String name, String holder) {
    StoreContract.checkLeaseHolder(name, holder);
    write(() -> leases.computeIfPresent(name, (n, l) -> l.holder().equals(holder) ? null : l));
  }

  private record Lease(String holder, long expiresAtNanos) {}

  // ---- lifecycle --------------------------------------------------------------------------------------------

  /** An empty listing, after validating its token. */
  private static <T> Page<T> emptyPage(PageRequest page, String listing) {
    PageTokens.position(page, listing, 1);
    return Page.last(List.of());
  }

  @Override
  public StoreHealth health() {
    return closed ? StoreHealth.down("closed") : StoreHealth.up("in-memory");
  }

  @Override
  public void close() {
    closed = true;
  }
}
