package io.pangolin.store.postgres;

import static io.pangolin.store.postgres.Rows.json;
import static io.pangolin.store.postgres.Rows.levels;
import static io.pangolin.store.postgres.Rows.ts;

import io.pangolin.api.Grant;
import io.pangolin.api.Role;
import io.pangolin.api.Asset;
import io.pangolin.api.AssetEntry;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.AssetQuery;
import io.pangolin.api.AuditEvent;
import io.pangolin.api.AuditQuery;
import io.pangolin.api.Catalog;
import io.pangolin.api.CatalogBinding;
import io.pangolin.api.ConflictException;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.Principal;
import io.pangolin.api.PangolinException;
import io.pangolin.api.Tenant;
import io.pangolin.api.User;
import io.pangolin.api.Warehouse;
import io.pangolin.spi.AssetQuota;
import io.pangolin.spi.AssetUpdate;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.PlacementRecord;
import io.pangolin.spi.PrincipalRecord;
import io.pangolin.spi.PageTokens;
import io.pangolin.spi.StoreContract;
import io.pangolin.spi.StoreHealth;
import io.pangolin.spi.StoreStats;
import io.pangolin.spi.StorageRootClaim;
import io.pangolin.spi.TenantEntities;
import io.pangolin.store.postgres.SqlErrors.Op;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * The PostgreSQL {@link MetadataStore}. Thread-safe; one instance owns its connection pools and its maintenance
 * thread, and {@link #close()} releases them.
 *
 * <p>Atomicity comes from PostgreSQL: parents are foreign keys with {@code ON DELETE RESTRICT} (a create whose
 * parent is missing and a delete of an entity with children fail inside the same statement), updates are
 * compare-and-swap statements ({@code UPDATE … WHERE version = :expected}), multi-asset commits run in one
 * transaction. Listings are keyset pages over indexes in the SPI's order; tokens hold the last row's sort key.
 */
public final class PostgresMetadataStore implements MetadataStore {
  private static final System.Logger LOG = System.getLogger(PostgresMetadataStore.class.getName());

  private final Db db;
  private final Sql sql;
  private final Restores restores;
  private final AuditPartitions partitions;
  /** Set by {@link #open} before the store is handed out (none when {@code maintenance-interval-s} is 0). */
  private volatile Optional<ScheduledExecutorService> maintenance = Optional.empty();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Only assigns: {@link #open} migrates, connects and prepares before, and starts the maintenance after. */
  private PostgresMetadataStore(PostgresStoreConfig config, Db db, String foldCollation, Clock clock) {
    this.db = db;
    this.sql = new Sql(config.schema(), foldCollation);
    this.restores = new Restores(sql);
    this.partitions = new AuditPartitions(db.primary(), config.schema(), clock, config.auditPartitionsAhead(),
        config.auditRetentionDays(), AuditPartitions.DEFAULT_BATCH_SIZE);
  }

  /**
   * Migrates the schema (unless {@code migrate=false}), opens the pools, prepares the audit partitions and starts the
   * maintenance thread (unless {@code maintenance-interval-s=0}).
   *
   * @throws io.pangolin.api.UnavailableException PostgreSQL cannot be reached or the migration failed
   */
  public static PostgresMetadataStore open(PostgresStoreConfig config) {
    return open(config, Clock.systemUTC());
  }

  static PostgresMetadataStore open(PostgresStoreConfig config, Clock clock) {
    Objects.requireNonNull(config, "config");
    if (config.migrate()) {
      Migrations.migrate(config);
    }
    Db db = Db.open(config);
    try {
      PostgresMetadataStore store = new PostgresMetadataStore(config, db, foldCollation(db), clock);
      try {
        store.partitions.ensureAhead();
      } catch (RuntimeException e) {
        throw SqlErrors.translate(e, new Op(Op.Kind.MAINTENANCE, "audit partitions"));
      }
      store.startMaintenance(config.maintenanceIntervalS());
      return store;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  private void startMaintenance(long intervalS) {
    if (intervalS > 0) {
      ScheduledExecutorService ses = Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("pangolin-pg-maintenance").daemon().factory());
      ses.scheduleWithFixedDelay(this::maintain, intervalS, intervalS, TimeUnit.SECONDS);
      this.maintenance = Optional.of(ses);
    }
  }

  private static String foldCollation(Db db) {
    try {
      boolean icu = db.primary().withHandle(h -> h.createQuery(
          "SELECT EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu')").mapTo(Boolean.class).one());
      return icu ? "\"und-x-icu\"" : "\"default\"";
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e, Op.read("collations"));
    }
  }

  /** One run of the scheduled maintenance: partitions ahead, then archival. Never throws. */
  void maintain() {
    try {
      partitions.ensureAhead();
      partitions.archive();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "audit partition maintenance failed; will retry at the next run", e);
    }
  }

  AuditPartitions partitions() {
    return partitions;
  }

  Db db() {
    return db;
  }

  // ---- helpers --------------------------------------------------------------------------------------------------

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("store is closed");
    }
  }

  private <T> T read(String tenant, String what, Function<Handle, T> body) {
    checkOpen();
    return db.read(Optional.of(tenant), Op.read(what), body);
  }

  private <T> T write(String tenant, Op op, Function<Handle, T> body) {
    checkOpen();
    return db.write(Optional.of(tenant), op, body);
  }

  /** The position after which a page starts ({@link PageTokens#position}); validated even if nothing is listed. */
  private static Optional<List<String>> after(PageRequest page, String listing, int parts) {
    return PageTokens.position(page, listing, parts);
  }

  /** A page from {@code size + 1} fetched rows ({@link PageTokens#page}). */
  private static <T> Page<T> page(List<T> rows, int size, String listing, Function<T, List<String>> position) {
    return PageTokens.page(rows, size, listing, position);
  }

  private static <T> T cas(Optional<T> updated, Supplier<Optional<Long>> currentVersion, String what,
      long expected) {
    if (updated.isPresent()) {
      return updated.get();
    }
    throw StoreContract.casFailure(what, currentVersion.get(), expected);
  }

  private static Void deleted(int rows, String what) {
    if (rows == 0) {
      throw new NotFoundException(what + " does not exist");
    }
    return null;
  }

  private static <T> List<T> byName(Handle h, String first, String after, Optional<List<String>> position,
      int size, Function<Query, Query> bind, org.jdbi.v3.core.mapper.RowMapper<T> mapper) {
    Query q = position.isPresent() ? h.createQuery(after).bind("after", position.get().get(0)) : h.createQuery(first);
    return bind.apply(q).bind("limit", size + 1).map(mapper).list();
  }

  // ---- tenants --------------------------------------------------------------------------------------------------

  @Override
  public Tenant createTenant(Tenant tenant) {
    Objects.requireNonNull(tenant, "tenant");
    return write(tenant.name(), Op.create("tenant '" + tenant.name() + "'"), h -> h.createQuery(sql.insertTenant)
        .bind("name", tenant.name()).bind("properties", json(tenant.properties()))
        .bind("createdAt", ts(tenant.createdAt())).bind("updatedAt", ts(tenant.updatedAt()))
        .map(Rows.TENANT).one());
  }

  @Override
  public Optional<Tenant> getTenant(String name) {
    Objects.requireNonNull(name, "name");
    return read(name, "tenant", h -> h.createQuery(sql.getTenant).bind("name", name).map(Rows.TENANT).findOne());
  }

  @Override
  public Page<Tenant> listTenants(PageRequest page) {
    Objects.requireNonNull(page, "page");
    checkOpen();
    String listing = "tenants";
    Optional<List<String>> pos = after(page, listing, 1);
    return db.read(Optional.empty(), Op.read("tenants"), h -> page(byName(h, sql.listTenants, sql.listTenantsAfter,
        pos, page.size(), q -> q, Rows.TENANT), page.size(), listing, t -> List.of(t.name())));
  }

  @Override
  public Tenant updateTenant(Tenant tenant, long expectedVersion) {
    Objects.requireNonNull(tenant, "tenant");
    String what = "tenant '" + tenant.name() + "'";
    return write(tenant.name(), Op.update(what), h -> cas(h.createQuery(sql.updateTenant)
            .bind("name", tenant.name()).bind("properties", json(tenant.properties()))
            .bind("createdAt", ts(tenant.createdAt())).bind("updatedAt", ts(tenant.updatedAt()))
            .bind("expected", expectedVersion).map(Rows.TENANT).findOne(),
        () -> h.createQuery(sql.tenantVersion).bind("name", tenant.name()).mapTo(Long.class).findOne(),
        what, expectedVersion));
  }

  @Override
  public void deleteTenant(String name) {
    Objects.requireNonNull(name, "name");
    String what = "tenant '" + name + "'";
    write(name, Op.delete(what), h -> deleted(h.createUpdate(sql.deleteTenant).bind("name", name).execute(), what));
  }

  // ---- warehouses -----------------------------------------------------------------------------------------------

  @Override
  public Warehouse createWarehouse(Warehouse w) {
    Objects.requireNonNull(w, "warehouse");
    return write(w.tenant(), Op.create("warehouse '" + w.name() + "'"), h -> h.createQuery(sql.insertWarehouse)
        .bind("tenant", w.tenant()).bind("name", w.name()).bind("storageRoot", w.storageRoot())
        .bind("properties", json(w.storageProperties())).bind("createdAt", ts(w.createdAt()))
        .bind("updatedAt", ts(w.updatedAt())).map(Rows.WAREHOUSE).one());
  }

  @Override
  public Optional<Warehouse> getWarehouse(String tenant, String name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    return read(tenant, "warehouse", h -> h.createQuery(sql.getWarehouse).bind("tenant", tenant).bind("name", name)
        .map(Rows.WAREHOUSE).findOne());
  }

  @Override
  public Page<Warehouse> listWarehouses(String tenant, PageRequest page) {
    Objects.requireNonNull(tenant, "tenant");
    String listing = "warehouses/" + tenant;
    Optional<List<String>> pos = after(page, listing, 1);
    return read(tenant, "warehouses", h -> page(byName(h, sql.listWarehouses, sql.listWarehousesAfter, pos,
        page.size(), q -> q.bind("tenant", tenant), Rows.WAREHOUSE), page.size(), listing, w -> List.of(w.name())));
  }

  @Override
  public Warehouse updateWarehouse(Warehouse w, long expectedVersion) {
    Objects.requireNonNull(w, "warehouse");
    String what = "warehouse '" + w.name() + "'";
    return write(w.tenant(), Op.update(what), h -> cas(h.createQuery(sql.updateWarehouse)
            .bind("tenant", w.tenant()).bind("name", w.name()).bind("storageRoot", w.storageRoot())
            .bind("properties", json(w.storageProperties())).bind("createdAt", ts(w.createdAt()))
            .bind("updatedAt", ts(w.updatedAt())).bind("expected", expectedVersion).map(Rows.WAREHOUSE).findOne(),
        () -> h.createQuery(sql.warehouseVersion).bind("tenant", w.tenant()).bind("name", w.name())
            .mapTo(Long.class).findOne(),
        what, expectedVersion));
  }

  @Override
  public void deleteWarehouse(String tenant, String name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    String what = "warehouse '" + name + "'";
    write(tenant, Op.delete(what), h -> deleted(h.createUpdate(sql.deleteWarehouse).bind("tenant", tenant)
        .bind("name", name).execute(), what));
  }

  // ---- catalogs -------------------------------------------------------------------------------------------------

  @Override
  public Catalog createCatalog(Catalog c, long maxCatalogs) {
    Objects.requireNonNull(c, "catalog");
    return write(c.tenant(), Op.create("catalog '" + c.name() + "'"), h -> {
      if (StoreContract.limited(maxCatalogs)) {
        lockQuotaScope(h, "catalogs");
        StoreContract.checkCatalogQuota(h.createQuery(sql.countCatalogs).mapTo(Long.class).one(), maxCatalogs);
      }
      return h.createQuery(sql.insertCatalog)
          .bind("tenant", c.tenant()).bind("name", c.name()).bind("warehouse", c.warehouse())
          .bind("properties", json(c.properties())).bind("createdAt", ts(c.createdAt()))
          .bind("updatedAt", ts(c.updatedAt())).map(Rows.CATALOG).one();
    });
  }

  @Override
  public Optional<Catalog> getCatalog(String tenant, String name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    return read(tenant, "catalog", h -> h.createQuery(sql.getCatalog).bind("tenant", tenant).bind("name", name)
        .map(Rows.CATALOG).findOne());
  }

  /** One statement: the catalog joined with its warehouse. */
  @Override
  public Optional<CatalogBinding> getCatalogBinding(String tenant, String name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    return read(tenant, "catalog", h -> h.createQuery(sql.getCatalogBinding).bind("tenant", tenant)
        .bind("name", name).map(Rows.CATALOG_BINDING).findOne())
        .map(e -> new CatalogBinding(e.getKey(), e.getValue().orElseThrow(() -> new NotFoundException(
            "warehouse '" + e.getKey().warehouse() + "' of catalog '" + name + "' does not exist"))));
  }

  @Override
  public Page<Catalog> listCatalogs(String tenant, PageRequest page) {
    Objects.requireNonNull(tenant, "tenant");
    String listing = "catalogs/" + tenant;
    Optional<List<String>> pos = after(page, listing, 1);
    return read(tenant, "catalogs", h -> page(byName(h, sql.listCatalogs, sql.listCatalogsAfter, pos,
        page.size(), q -> q.bind("tenant", tenant), Rows.CATALOG), page.size(), listing, c -> List.of(c.name())));
  }

  @Override
  public Catalog updateCatalog(Catalog c, long expectedVersion) {
    Objects.requireNonNull(c, "catalog");
    String what = "catalog '" + c.name() + "'";
    return write(c.tenant(), Op.update(what), h -> cas(h.createQuery(sql.updateCatalog)
            .bind("tenant", c.tenant()).bind("name", c.name()).bind("warehouse", c.warehouse())
            .bind("properties", json(c.properties())).bind("createdAt", ts(c.createdAt()))
            .bind("updatedAt", ts(c.updatedAt())).bind("expected", expectedVersion).map(Rows.CATALOG).findOne(),
        () -> h.createQuery(sql.catalogVersion).bind("tenant", c.tenant()).bind("name", c.name())
            .mapTo(Long.class).findOne(),
        what, expectedVersion));
  }

  @Override
  public void deleteCatalog(String tenant, String name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    String what = "catalog '" + name + "'";
    write(tenant, Op.delete(what), h -> deleted(h.createUpdate(sql.deleteCatalog).bind("tenant", tenant)
        .bind("name", name).execute(), what));
  }

  @Override
  public long countCatalogs() {
    checkOpen();
    return db.read(Optional.empty(), Op.read("catalogs"), h -> h.createQuery(sql.countCatalogs).mapTo(Long.class)
        .one());
  }

  // ---- namespaces -----------------------------------------------------------------------------------------------

  @Override
  public Namespace createNamespace(Namespace ns) {
    Objects.requireNonNull(ns, "namespace");
    return write(ns.tenant(), Op.create("namespace '" + ns.name() + "'"), h -> h.createQuery(sql.insertNamespace)
        .bind("tenant", ns.tenant()).bind("catalog", ns.catalog()).bind("name", levels(ns.name()))
        .bind("properties", json(ns.properties())).bind("createdAt", ts(ns.createdAt()))
        .bind("updatedAt", ts(ns.updatedAt())).map(Rows.NAMESPACE).one());
  }

  @Override
  public Optional<Namespace> getNamespace(String tenant, String catalog, NamespaceName name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(name, "name");
    if (name.isRoot()) {
      return Optional.empty();
    }
    return read(tenant, "namespace", h -> h.createQuery(sql.getNamespace).bind("tenant", tenant)
        .bind("catalog", catalog).bind("name", levels(name)).map(Rows.NAMESPACE).findOne());
  }

  @Override
  public Page<Namespace> listNamespaces(String tenant, String catalog, NamespaceName parent, PageRequest page) {
    boolean root = Objects.requireNonNull(parent, "parent").isRoot();
    return listNamespaces(tenant, catalog, parent, page, root ? sql.listRootNamespaces : sql.listChildNamespaces,
        root ? sql.listRootNamespacesAfter : sql.listChildNamespacesAfter, Rows.NAMESPACE, Namespace::name);
  }

  @Override
  public Page<NamespaceName> listNamespaceNames(String tenant, String catalog, NamespaceName parent,
      PageRequest page) {
    boolean root = Objects.requireNonNull(parent, "parent").isRoot();
    return listNamespaces(tenant, catalog, parent, page,
        root ? sql.listRootNamespaceNames : sql.listChildNamespaceNames,
        root ? sql.listRootNamespaceNamesAfter : sql.listChildNamespaceNamesAfter, Rows.NAMESPACE_NAME, n -> n);
  }

  /** One page of the children of {@code parent} by last level, as {@code firstSql} / {@code afterSql} read them. */
  private <T> Page<T> listNamespaces(String tenant, String catalog, NamespaceName parent, PageRequest page,
      String firstSql, String afterSql, RowMapper<T> mapper, Function<T, NamespaceName> name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(catalog, "catalog");
    String listing = "namespaces/" + tenant + "/" + catalog + "/" + parent;
    Optional<List<String>> pos = after(page, listing, 1);
    boolean root = parent.isRoot();
    return read(tenant, "namespaces", h -> page(byName(h, firstSql, afterSql, pos, page.size(), q -> {
          q.bind("tenant", tenant).bind("catalog", catalog);
          return root ? q : q.bind("parent", levels(parent));
        }, mapper), page.size(), listing, n -> List.of(name.apply(n).leaf())));
  }

  @Override
  public Namespace updateNamespace(Namespace ns, long expectedVersion) {
    Objects.requireNonNull(ns, "namespace");
    String what = "namespace '" + ns.name() + "'";
    return write(ns.tenant(), Op.update(what), h -> cas(h.createQuery(sql.updateNamespace)
            .bind("tenant", ns.tenant()).bind("catalog", ns.catalog()).bind("name", levels(ns.name()))
            .bind("properties", json(ns.properties())).bind("createdAt", ts(ns.createdAt()))
            .bind("updatedAt", ts(ns.updatedAt())).bind("expected", expectedVersion).map(Rows.NAMESPACE).findOne(),
        () -> h.createQuery(sql.namespaceVersion).bind("tenant", ns.tenant()).bind("catalog", ns.catalog())
            .bind("name", levels(ns.name())).mapTo(Long.class).findOne(),
        what, expectedVersion));
  }

  @Override
  public void deleteNamespace(String tenant, String catalog, NamespaceName name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(name, "name");
    StoreContract.requireNamespace(name);
    String what = "namespace '" + name + "'";
    write(tenant, Op.delete(what), h -> deleted(h.createUpdate(sql.deleteNamespace).bind("tenant", tenant)
        .bind("catalog", catalog).bind("name", levels(name)).execute(), what));
  }

  // ---- assets ---------------------------------------------------------------------------------------------------

  private static Query bindKey(Query q, String tenant, AssetKey key) {
    return q.bind("tenant", tenant).bind("catalog", key.catalog()).bind("namespace", levels(key.namespace()))
        .bind("name", key.name());
  }

  @Override
  public Asset createAsset(Asset a, AssetQuota quota) {
    Objects.requireNonNull(a, "asset");
    Objects.requireNonNull(quota, "quota");
    return write(a.tenant(), Op.create("asset '" + a.key() + "'"), h -> {
      if (!StoreContract.limited(quota)) {
        return insertAsset(h, a);
      }
      // the asset_counts trigger counts the asset and refuses it past the quota, in this one statement; the count
      // rows it updated stay locked until the commit, so no other create of the catalog can pass the quota meanwhile
      try {
        return bindAsset(h.createQuery(sql.insertAssetWithinQuota), a)
            .bind("quota", quota.maxPerCatalog() + " " + quota.maxPerNamespace()).map(Rows.ASSET).one();
      } catch (RuntimeException e) {
        long[] before = SqlErrors.assetQuotaCounts(e).orElseThrow(() -> e);
        StoreContract.checkAssetQuota(quota, a.catalog(), a.namespace(), before[0], () -> before[1]);
        throw new IllegalStateException("the asset quota trigger refused counts the quota allows", e);
      }
    });
  }

  /** Held until the transaction ends; the key is a hash of the scope within this schema's tables. */
  private void lockQuotaScope(Handle h, String scope) {
    h.createQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(:scope, 0))")
        .bind("scope", sql.quotaScope(scope)).mapTo(Integer.class).one();
  }

  private Asset insertAsset(Handle h, Asset a) {
    return bindAsset(h.createQuery(sql.insertAsset), a).map(Rows.ASSET).one();
  }

  private static Query bindAsset(Query q, Asset a) {
    return q.bind("tenant", a.tenant()).bind("id", a.id()).bind("catalog", a.catalog())
        .bind("namespace", levels(a.namespace())).bind("name", a.name()).bind("kind", a.kind().name())
        .bind("location", a.location()).bind("properties", json(a.properties()))
        .bind("metadataLocation", a.metadataLocation().orElse(null)).bind("createdAt", ts(a.createdAt()))
        .bind("updatedAt", ts(a.updatedAt()));
  }

  @Override
  public Optional<Asset> getAsset(String tenant, AssetKey key) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(key, "key");
    return read(tenant, "asset", h -> bindKey(h.createQuery(sql.getAsset), tenant, key).map(Rows.ASSET).findOne());
  }

  @Override
  public Page<Asset> listAssets(String tenant, String catalog, NamespaceName namespace, Optional<AssetKind> kind,
      PageRequest page) {
    return listAssets(tenant, catalog, namespace, kind, page, sql.assetSelect, Rows.ASSET, Asset::name);
  }

  @Override
  public Page<AssetEntry> listAssetEntries(String tenant, String catalog, NamespaceName namespace,
      Optional<AssetKind> kind, PageRequest page) {
    return listAssets(tenant, catalog, namespace, kind, page, sql.assetEntrySelect, Rows.ASSET_ENTRY,
        AssetEntry::name);
  }

  /** One page of a namespace's assets in name order, as {@code select} reads and {@code mapper} maps them. */
  private <T> Page<T> listAssets(String tenant, String catalog, NamespaceName namespace, Optional<AssetKind> kind,
      PageRequest page, String select, RowMapper<T> mapper, Function<T, String> name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(kind, "kind");
    String listing = "assets/" + tenant + "/" + catalog + "/" + namespace + "/" + kind.map(Enum::name).orElse("*");
    Optional<List<String>> pos = after(page, listing, 1);
    String q = select + " WHERE tenant = :tenant AND catalog = :catalog AND namespace = :namespace"
        + (kind.isPresent() ? " AND kind = :kind" : "") + (pos.isPresent() ? " AND name > :after" : "")
        + " ORDER BY name LIMIT :limit";
    return read(tenant, "assets", h -> {
      Query query = h.createQuery(q).bind("tenant", tenant).bind("catalog", catalog)
          .bind("namespace", levels(namespace)).bind("limit", page.size() + 1);
      kind.ifPresent(k -> query.bind("kind", k.name()));
      pos.ifPresent(p -> query.bind("after", p.get(0)));
      return page(query.map(mapper).list(), page.size(), listing, a -> List.of(name.apply(a)));
    });
  }

  private Optional<Asset> casAsset(Handle h, Asset a, long expectedVersion) {
    return bindKey(h.createQuery(sql.updateAsset), a.tenant(), a.key()).bind("location", a.location())
        .bind("properties", json(a.properties())).bind("metadataLocation", a.metadataLocation().orElse(null))
        .bind("createdAt", ts(a.createdAt())).bind("updatedAt", ts(a.updatedAt())).bind("expected", expectedVersion)
        .map(Rows.ASSET).findOne();
  }

  private Optional<Long> assetVersion(Handle h, String tenant, AssetKey key) {
    return bindKey(h.createQuery(sql.assetVersion), tenant, key).mapTo(Long.class).findOne();
  }

  @Override
  public Asset updateAsset(Asset a, long expectedVersion) {
    Objects.requireNonNull(a, "asset");
    String what = "asset '" + a.key() + "'";
    return write(a.tenant(), Op.update(what), h -> cas(casAsset(h, a, expectedVersion),
        () -> assetVersion(h, a.tenant(), a.key()), what, expectedVersion));
  }

  private static final Comparator<AssetKey> KEY_ORDER = Comparator.comparing(AssetKey::catalog)
      .thenComparing(AssetKey::namespace).thenComparing(AssetKey::name);

  @Override
  public List<Asset> updateAssets(String tenant, List<AssetUpdate> updates) {
    StoreContract.checkUpdates(tenant, updates);
    if (updates.isEmpty()) {
      return StoreContract.emptyCommit(tenant, t -> getTenant(t).isPresent());
    }
    // rows are locked in key order, so concurrent multi-asset commits cannot deadlock one another
    Integer[] order = new Integer[updates.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparing(i -> updates.get(i).asset().key(), KEY_ORDER));
    return write(tenant, Op.update("multi-asset commit"), h -> {
      Asset[] stored = new Asset[updates.size()];
      for (int i : order) {
        AssetUpdate u = updates.get(i);
        String what = "asset '" + u.asset().key() + "'";
        stored[i] = cas(casAsset(h, u.asset(), u.expectedVersion()),
            () -> assetVersion(h, tenant, u.asset().key()), what, u.expectedVersion());
      }
      return List.of(stored);
    });
  }

  @Override
  public Asset renameAsset(String tenant, AssetKey from, AssetKey to, long maxInTargetNamespace) {
    Objects.requireNonNull(tenant, "tenant");
    StoreContract.checkRename(from, to, k -> getAsset(tenant, k).isPresent());
    boolean checked = StoreContract.renameNeedsQuota(from, to, maxInTargetNamespace);
    return write(tenant, Op.create("asset '" + to + "'"), h -> {
      try {
        Query rename = bindKey(h.createQuery(checked ? sql.renameAssetWithinQuota : sql.renameAsset), tenant, from)
            .bind("toNamespace", levels(to.namespace())).bind("toName", to.name());
        if (checked) {
          // a rename stays in its catalog: only the target namespace's count is checked
          rename.bind("quota", Long.MAX_VALUE + " " + maxInTargetNamespace);
        }
        return rename.map(Rows.ASSET).findOne()
            .orElseThrow(() -> new NotFoundException("asset '" + from + "' does not exist"));
      } catch (RuntimeException e) {
        if (!checked || SqlErrors.assetQuotaCounts(e).isEmpty()) {
          throw e;
        }
        StoreContract.checkRenameQuota(from, to, SqlErrors.assetQuotaCounts(e).get()[1], maxInTargetNamespace);
        throw new IllegalStateException("the asset quota trigger refused counts the quota allows", e);
      }
    });
  }

  @Override
  public void deleteAsset(String tenant, AssetKey key) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(key, "key");
    String what = "asset '" + key + "'";
    write(tenant, Op.delete(what), h -> deleted(h.createUpdate(sql.deleteAsset).bind("tenant", tenant)
        .bind("catalog", key.catalog()).bind("namespace", levels(key.namespace())).bind("name", key.name())
        .execute(), what));
  }

  @Override
  public long countAssets(String tenant, String catalog) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(catalog, "catalog");
    return read(tenant, "assets", h -> h.createQuery(sql.countAssetsOfCatalog).bind("tenant", tenant)
        .bind("catalog", catalog).mapTo(Long.class).one());
  }

  @Override
  public long countAssets(String tenant, String catalog, NamespaceName namespace) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(namespace, "namespace");
    return read(tenant, "assets", h -> h.createQuery(sql.countAssetsOfNamespace).bind("tenant", tenant)
        .bind("catalog", catalog).bind("namespace", levels(namespace)).mapTo(Long.class).one());
  }

  @Override
  public Page<Asset> searchAssets(String tenant, AssetQuery query, PageRequest page) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(query, "query");
    String listing = "search/" + tenant;
    Optional<List<String>> pos = after(page, listing, 3);
    StringBuilder q = new StringBuilder(sql.assetSelect).append(" WHERE tenant = :tenant");
    query.catalog().ifPresent(c -> q.append(" AND catalog = :catalog"));
    query.nameContains().ifPresent(s -> q.append(" AND strpos(lower(name COLLATE ").append(sql.foldCollation)
        .append("), lower(CAST(:nameContains AS text) COLLATE ").append(sql.foldCollation).append(")) > 0"));
    query.kind().ifPresent(k -> q.append(" AND kind = :kind"));
    if (query.propertyKey().isPresent()) {
      q.append(query.propertyValue().isPresent()
          ? " AND properties @> jsonb_build_object(CAST(:propertyKey AS text), CAST(:propertyValue AS text))"
          : " AND jsonb_exists(properties, :propertyKey)");
    }
    // keyset condition; with a catalog filter it must leave out the (equal) catalog column, or PostgreSQL cannot
    // start the index scan at the position and reads the catalog from its beginning
    Optional<String> afterCatalog = pos.map(p -> p.get(0));
    boolean catalogFixed = query.catalog().isPresent();
    if (catalogFixed && afterCatalog.isPresent() && afterCatalog.get().compareTo(query.catalog().get()) > 0) {
      checkOpen();
      return Page.last(List.of());
    }
    boolean keysetInCatalog = catalogFixed && afterCatalog.equals(query.catalog());
    if (keysetInCatalog) {
      q.append(" AND (namespace, name) > (:afterNamespace, :afterName)");
    } else if (pos.isPresent() && !catalogFixed) {
      q.append(" AND (catalog, namespace, name) > (:afterCatalog, :afterNamespace, :afterName)");
    }
    q.append(" ORDER BY catalog, namespace, name LIMIT :limit");
    boolean bindPosition = keysetInCatalog || (pos.isPresent() && !catalogFixed);
    return read(tenant, "assets", h -> {
      Query stmt = h.createQuery(q.toString()).bind("tenant", tenant).bind("limit", page.size() + 1);
      query.catalog().ifPresent(c -> stmt.bind("catalog", c));
      query.nameContains().ifPresent(s -> stmt.bind("nameContains", s));
      query.kind().ifPresent(k -> stmt.bind("kind", k.name()));
      query.propertyKey().ifPresent(k -> stmt.bind("propertyKey", k));
      query.propertyValue().ifPresent(v -> stmt.bind("propertyValue", v));
      if (bindPosition) {
        List<String> p = pos.orElseThrow();
        if (!keysetInCatalog) {
          stmt.bind("afterCatalog", p.get(0));
        }
        stmt.bind("afterNamespace", levels(NamespaceName.parse(p.get(1)))).bind("afterName", p.get(2));
      }
      return page(stmt.map(Rows.ASSET).list(), page.size(), listing,
          a -> List.of(a.catalog(), a.namespace().toString(), a.name()));
    });
  }

  // ---- users ----------------------------------------------------------------------------------------------------

  // ---- principals (control plane) -------------------------------------------------------------------------------

  private static final String PRINCIPAL_COLS = "id, tenant, name, kind, credential_hash, roles, enabled, expires_at, "
      + "created_at, updated_at, version";

  private String principals() {
    return sql.table("principals");
  }

  @Override
  public PrincipalRecord createPrincipal(PrincipalRecord p) {
    Objects.requireNonNull(p, "principal");
    return write(p.tenant().orElse(""), Op.create("principal '" + p.name() + "'"), h -> h.createQuery(
            "INSERT INTO " + principals() + " (" + PRINCIPAL_COLS + ") VALUES (:id, :tenant, :name, :kind, :hash, "
                + ":roles, :enabled, :expiresAt, :createdAt, :updatedAt, 1) RETURNING " + PRINCIPAL_COLS)
        .bind("id", p.id()).bind("tenant", p.tenant().orElse(null)).bind("name", p.name())
        .bind("kind", p.kind().name()).bind("hash", p.credentialHash()).bind("roles", Rows.texts(p.roles()))
        .bind("enabled", p.enabled()).bind("expiresAt", Rows.tsOrNull(p.expiresAt()))
        .bind("createdAt", ts(p.createdAt())).bind("updatedAt", ts(p.updatedAt())).map(Rows.PRINCIPAL).one());
  }

  @Override
  public Optional<PrincipalRecord> getPrincipal(String id) {
    Objects.requireNonNull(id, "id");
    return read("", "principal", h -> h.createQuery("SELECT " + PRINCIPAL_COLS + " FROM " + principals()
        + " WHERE id = :id").bind("id", id).map(Rows.PRINCIPAL).findOne());
  }

  @Override
  public Optional<PrincipalRecord> getPrincipalByName(Optional<String> tenant, Principal.Kind kind, String name) {
    Objects.requireNonNull(name, "name");
    return read("", "principal", h -> h.createQuery("SELECT " + PRINCIPAL_COLS + " FROM " + principals()
            + " WHERE tenant_key = :tenant AND name = :name AND kind = :kind")
        .bind("tenant", tenant.orElse("")).bind("name", name).bind("kind", kind.name())
        .map(Rows.PRINCIPAL).findOne());
  }

  @Override
  public Page<PrincipalRecord> listPrincipals(Optional<String> tenant, PageRequest page) {
    Objects.requireNonNull(page, "page");
    String listing = "principals/" + tenant.orElse("");
    Optional<List<String>> pos = after(page, listing, 2);
    return read("", "principals", h -> {
      Query q = h.createQuery("SELECT " + PRINCIPAL_COLS + " FROM " + principals() + " WHERE tenant_key = :tenant"
          + (pos.isPresent() ? " AND (name, kind) > (:afterName, :afterKind)" : "")
          + " ORDER BY name, kind LIMIT :limit").bind("tenant", tenant.orElse("")).bind("limit", page.size() + 1);
      pos.ifPresent(p -> q.bind("afterName", p.get(0)).bind("afterKind", p.get(1)));
      return page(q.map(Rows.PRINCIPAL).list(), page.size(), listing, r -> List.of(r.name(), r.kind().name()));
    });
  }

  @Override
  public PrincipalRecord updatePrincipal(PrincipalRecord p, long expectedVersion) {
    Objects.requireNonNull(p, "principal");
    String what = "principal '" + p.name() + "'";
    return write(p.tenant().orElse(""), Op.update(what), h -> cas(h.createQuery("UPDATE " + principals()
                + " SET credential_hash = :hash, roles = :roles, enabled = :enabled, expires_at = :expiresAt, "
                + "created_at = :createdAt, updated_at = :updatedAt, version = version + 1 "
                + "WHERE id = :id AND version = :expected RETURNING " + PRINCIPAL_COLS)
            .bind("id", p.id()).bind("hash", p.credentialHash()).bind("roles", Rows.texts(p.roles()))
            .bind("enabled", p.enabled())
            .bind("expiresAt", Rows.tsOrNull(p.expiresAt()))
            .bind("createdAt", ts(p.createdAt())).bind("updatedAt", ts(p.updatedAt()))
            .bind("expected", expectedVersion).map(Rows.PRINCIPAL).findOne(),
        () -> h.createQuery("SELECT version FROM " + principals() + " WHERE id = :id").bind("id", p.id())
            .mapTo(Long.class).findOne(),
        what, expectedVersion));
  }

  @Override
  public void deletePrincipal(String id) {
    Objects.requireNonNull(id, "id");
    write("", Op.delete("principal"), h -> {
      if (h.createUpdate("DELETE FROM " + principals() + " WHERE id = :id").bind("id", id).execute() == 0) {
        throw new NotFoundException("principal does not exist");
      }
      return null;
    });
  }

  // ---- placements (control plane) -------------------------------------------------------------------------------

  private static final String PLACEMENT_COLS = "tenant, tier, target, catalogs, move_tier, move_target, move_state, "
      + "move_id, move_since, cleanup_tier, cleanup_target, cleanup_digest, created_at, updated_at, version";

  private String placements() {
    return sql.table("placements");
  }

  /** Binds every field of {@code p} but the version. */
  private static <S extends org.jdbi.v3.core.statement.SqlStatement<S>> S bindPlacement(S stmt, PlacementRecord p) {
    Optional<PlacementRecord.Move> m = p.move();
    Optional<PlacementRecord.Cleanup> c = p.cleanup();
    return stmt.bind("tenant", p.tenant()).bind("tier", p.place().tier()).bind("target", p.place().target())
        .bind("catalogs", p.catalogs())
        .bind("moveTier", m.map(x -> x.to().tier()).orElse(null))
        .bind("moveTarget", m.map(x -> x.to().target()).orElse(null))
        .bind("moveState", m.map(x -> x.state().name()).orElse(null))
        .bind("moveId", m.map(x -> x.id()).orElse(null))
        .bind("moveSince", Rows.tsOrNull(m.map(PlacementRecord.Move::since)))
        .bind("cleanupTier", c.map(x -> x.from().tier()).orElse(null))
        .bind("cleanupTarget", c.map(x -> x.from().target()).orElse(null))
        .bind("cleanupDigest", c.map(x -> x.digest()).orElse(null))
        .bind("createdAt", ts(p.createdAt())).bind("updatedAt", ts(p.updatedAt()));
  }

  @Override
  public PlacementRecord createPlacement(PlacementRecord p) {
    Objects.requireNonNull(p, "placement");
    checkOpen();
    return db.write(Optional.empty(), Op.create("the placement of tenant '" + p.tenant() + "'"),
        h -> bindPlacement(h.createQuery("INSERT INTO " + placements() + " (" + PLACEMENT_COLS + ") VALUES (:tenant, "
            + ":tier, :target, :catalogs, :moveTier, :moveTarget, :moveState, :moveId, :moveSince, :cleanupTier, "
            + ":cleanupTarget, :cleanupDigest, :createdAt, :updatedAt, 1) RETURNING " + PLACEMENT_COLS), p)
            .map(Rows.PLACEMENT).one());
  }

  /** On the primary: a replica's lag must never route a tenant to the place it was moved away from. */
  @Override
  public Optional<PlacementRecord> getPlacement(String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    checkOpen();
    return db.readPrimary(Op.read("placement"), h -> h.createQuery("SELECT " + PLACEMENT_COLS + " FROM "
        + placements() + " WHERE tenant = :tenant").bind("tenant", tenant).map(Rows.PLACEMENT).findOne());
  }

  @Override
  public Page<PlacementRecord> listPlacements(PageRequest page) {
    Objects.requireNonNull(page, "page");
    checkOpen();
    String listing = "placements";
    Optional<List<String>> pos = after(page, listing, 1);
    return db.readPrimary(Op.read("placements"), h -> {
      Query q = h.createQuery("SELECT " + PLACEMENT_COLS + " FROM " + placements()
          + (pos.isPresent() ? " WHERE tenant > :after" : "") + " ORDER BY tenant LIMIT :limit")
          .bind("limit", page.size() + 1);
      pos.ifPresent(p -> q.bind("after", p.get(0)));
      return page(q.map(Rows.PLACEMENT).list(), page.size(), listing, r -> List.of(r.tenant()));
    });
  }

  @Override
  public PlacementRecord updatePlacement(PlacementRecord p, long expectedVersion) {
    Objects.requireNonNull(p, "placement");
    checkOpen();
    String what = "the placement of tenant '" + p.tenant() + "'";
    return db.write(Optional.empty(), Op.update(what), h -> cas(bindPlacement(h.createQuery("UPDATE "
                + placements() + " SET tier = :tier, target = :target, catalogs = :catalogs, move_tier = :moveTier, "
                + "move_target = :moveTarget, move_state = :moveState, move_id = :moveId, move_since = :moveSince, "
                + "cleanup_tier = :cleanupTier, cleanup_target = :cleanupTarget, cleanup_digest = :cleanupDigest, "
                + "created_at = :createdAt, updated_at = :updatedAt, version = version + 1 "
                + "WHERE tenant = :tenant AND version = :expected RETURNING " + PLACEMENT_COLS), p)
            .bind("expected", expectedVersion).map(Rows.PLACEMENT).findOne(),
        () -> h.createQuery("SELECT version FROM " + placements() + " WHERE tenant = :tenant")
            .bind("tenant", p.tenant()).mapTo(Long.class).findOne(),
        what, expectedVersion));
  }

  @Override
  public void deletePlacement(String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    checkOpen();
    db.write(Optional.empty(), Op.delete("placement"), h -> deleted(h.createUpdate("DELETE FROM " + placements()
        + " WHERE tenant = :tenant").bind("tenant", tenant).execute(), "the placement of tenant '" + tenant + "'"));
  }

  // ---- custom roles and grants (the tenant's schema) ------------------------------------------------------------

  private static final String GRANT_COLS = "id, scope, grantee_kind, grantee, privileges, created_at, created_by";

  @Override
  public Role createRole(String tenant, Role role) {
    Objects.requireNonNull(role, "role");
    return write(tenant, Op.create("role '" + role.name() + "'"), h -> h.createQuery("INSERT INTO "
            + sql.table("roles") + " (tenant, name, description, created_at) VALUES (:tenant, :name, :description, "
            + ":createdAt) RETURNING name, description, created_at")
        .bind("tenant", tenant).bind("name", role.name()).bind("description", role.description())
        .bind("createdAt", ts(role.createdAt())).map(Rows.ROLE).one());
  }

  @Override
  public List<Role> listRoles(String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    return read(tenant, "roles", h -> {
      requireTenantRow(h, tenant);
      return h.createQuery("SELECT name, description, created_at FROM " + sql.table("roles")
          + " WHERE tenant = :tenant ORDER BY name").bind("tenant", tenant).map(Rows.ROLE).list();
    });
  }

  @Override
  public void deleteRole(String tenant, String name) {
    Objects.requireNonNull(name, "name");
    write(tenant, Op.delete("role '" + name + "'"), h -> {
      h.createUpdate("DELETE FROM " + sql.table("grants") + " WHERE tenant = :tenant AND grantee_kind = 'ROLE' "
          + "AND grantee = :name").bind("tenant", tenant).bind("name", name).execute();
      if (h.createUpdate("DELETE FROM " + sql.table("roles") + " WHERE tenant = :tenant AND name = :name")
          .bind("tenant", tenant).bind("name", name).execute() == 0) {
        throw new NotFoundException("role '" + name + "' does not exist");
      }
      return null;
    });
  }

  @Override
  public Grant createGrant(String tenant, Grant g) {
    Objects.requireNonNull(g, "grant");
    return write(tenant, Op.create("a grant to " + g.grantee().name() + " on " + g.scope()), h -> h.createQuery(
            "INSERT INTO " + sql.table("grants") + " (tenant, " + GRANT_COLS + ") VALUES (:tenant, :id, :scope, "
                + ":kind, :grantee, :privileges, :createdAt, :createdBy) RETURNING " + GRANT_COLS)
        .bind("tenant", tenant).bind("id", g.id()).bind("scope", g.scope().toString())
        .bind("kind", g.grantee().kind().name()).bind("grantee", g.grantee().name())
        .bind("privileges", Rows.texts(g.privileges().stream().map(io.pangolin.api.Privilege::wireName)
            .collect(java.util.stream.Collectors.toSet())))
        .bind("createdAt", ts(g.createdAt())).bind("createdBy", g.createdBy()).map(Rows.GRANT).one());
  }

  @Override
  public List<Grant> listGrants(String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    return read(tenant, "grants", h -> {
      requireTenantRow(h, tenant);
      return h.createQuery("SELECT " + GRANT_COLS + " FROM " + sql.table("grants")
          + " WHERE tenant = :tenant ORDER BY id").bind("tenant", tenant).map(Rows.GRANT).list();
    });
  }

  @Override
  public void deleteGrant(String tenant, String id) {
    Objects.requireNonNull(id, "id");
    write(tenant, Op.delete("grant '" + id + "'"), h -> {
      if (h.createUpdate("DELETE FROM " + sql.table("grants") + " WHERE tenant = :tenant AND id = :id")
          .bind("tenant", tenant).bind("id", id).execute() == 0) {
        throw new NotFoundException("grant '" + id + "' does not exist");
      }
      return null;
    });
  }

  private void requireTenantRow(Handle h, String tenant) {
    if (h.createQuery("SELECT 1 FROM " + sql.table("tenants") + " WHERE name = :tenant").bind("tenant", tenant)
        .mapTo(Integer.class).findOne().isEmpty()) {
      throw new NotFoundException("tenant '" + tenant + "' does not exist");
    }
  }

  @Override
  public User createUser(User u, long maxUsers) {
    Objects.requireNonNull(u, "user");
    return write(u.tenant(), Op.create("user '" + u.name() + "'"), h -> {
      if (StoreContract.limited(maxUsers)) {
        lockQuotaScope(h, "users/" + u.tenant());
        StoreContract.checkUserQuota(h.createQuery(sql.countUsers).bind("tenant", u.tenant()).mapTo(Long.class)
            .one(), maxUsers);
      }
      return h.createQuery(sql.insertUser)
          .bind("tenant", u.tenant()).bind("name", u.name()).bind("email", u.email().orElse(null))
          .bind("properties", json(u.properties())).bind("createdAt", ts(u.createdAt()))
          .bind("updatedAt", ts(u.updatedAt())).map(Rows.USER).one();
    });
  }

  @Override
  public Optional<User> getUser(String tenant, String name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    return read(tenant, "user", h -> h.createQuery(sql.getUser).bind("tenant", tenant).bind("name", name)
        .map(Rows.USER).findOne());
  }

  @Override
  public Page<User> listUsers(String tenant, PageRequest page) {
    Objects.requireNonNull(tenant, "tenant");
    String listing = "users/" + tenant;
    Optional<List<String>> pos = after(page, listing, 1);
    return read(tenant, "users", h -> page(byName(h, sql.listUsers, sql.listUsersAfter, pos, page.size(),
        q -> q.bind("tenant", tenant), Rows.USER), page.size(), listing, u -> List.of(u.name())));
  }

  @Override
  public User updateUser(User u, long expectedVersion) {
    Objects.requireNonNull(u, "user");
    String what = "user '" + u.name() + "'";
    return write(u.tenant(), Op.update(what), h -> cas(h.createQuery(sql.updateUser)
            .bind("tenant", u.tenant()).bind("name", u.name()).bind("email", u.email().orElse(null))
            .bind("properties", json(u.properties())).bind("createdAt", ts(u.createdAt()))
            .bind("updatedAt", ts(u.updatedAt())).bind("expected", expectedVersion).map(Rows.USER).findOne(),
        () -> h.createQuery(sql.userVersion).bind("tenant", u.tenant()).bind("name", u.name())
            .mapTo(Long.class).findOne(),
        what, expectedVersion));
  }

  @Override
  public void deleteUser(String tenant, String name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    String what = "user '" + name + "'";
    write(tenant, Op.delete(what), h -> deleted(h.createUpdate(sql.deleteUser).bind("tenant", tenant)
        .bind("name", name).execute(), what));
  }

  @Override
  public long countUsers(String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    return read(tenant, "users", h -> h.createQuery(sql.countUsers).bind("tenant", tenant).mapTo(Long.class).one());
  }

  // ---- audit ----------------------------------------------------------------------------------------------------

  @Override
  public void appendAudit(AuditEvent e) {
    Objects.requireNonNull(e, "event");
    write(e.tenant(), Op.create("audit event '" + e.id() + "'"), h -> h.createUpdate(sql.insertAudit)
        .bind("tenant", e.tenant()).bind("timestamp", ts(e.timestamp())).bind("id", e.id())
        .bind("actor", e.actor()).bind("action", e.action()).bind("resourceType", e.resourceType())
        .bind("resourceId", e.resourceId()).bind("resourceName", e.resourceName()).bind("result", e.result().name())
        .bind("requestId", e.requestId()).bind("details", json(e.details())).execute());
  }

  /** The filters of an audit query as SQL conditions (parameters bound by {@link #bindAuditFilters}). */
  private static String auditFilters(AuditQuery q) {
    StringBuilder sb = new StringBuilder();
    q.actor().ifPresent(v -> sb.append(" AND actor = :actor"));
    q.action().ifPresent(v -> sb.append(" AND action = :action"));
    q.resourceType().ifPresent(v -> sb.append(" AND resource_type = :resourceType"));
    q.resourceName().ifPresent(v -> sb.append(" AND resource_name = :resourceName"));
    q.result().ifPresent(v -> sb.append(" AND result = :result"));
    q.from().ifPresent(v -> sb.append(" AND timestamp >= :from"));
    q.to().ifPresent(v -> sb.append(" AND timestamp < :to"));
    return sb.toString();
  }

  private static Query bindAuditFilters(Query stmt, String tenant, AuditQuery q) {
    stmt.bind("tenant", tenant);
    q.actor().ifPresent(v -> stmt.bind("actor", v));
    q.action().ifPresent(v -> stmt.bind("action", v));
    q.resourceType().ifPresent(v -> stmt.bind("resourceType", v));
    q.resourceName().ifPresent(v -> stmt.bind("resourceName", v));
    q.result().ifPresent(v -> stmt.bind("result", v.name()));
    q.from().ifPresent(v -> stmt.bind("from", ts(v)));
    q.to().ifPresent(v -> stmt.bind("to", ts(v)));
    return stmt;
  }

  @Override
  public Page<AuditEvent> queryAudit(String tenant, AuditQuery query, PageRequest page) {
    return queryAudit(sql.auditSelect, "audit/", tenant, query, page);
  }

  @Override
  public Page<AuditEvent> queryArchivedAudit(String tenant, AuditQuery query, PageRequest page) {
    return queryAudit(sql.auditArchiveSelect, "audit-archive/", tenant, query, page);
  }

  @Override
  public long countArchivedAudit(String tenant, AuditQuery query) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(query, "query");
    return read(tenant, "archived audit events", h -> bindAuditFilters(h.createQuery(sql.auditArchiveCount
        + auditFilters(query)), tenant, query).mapTo(Long.class).one());
  }

  /** This store keeps an audit archive. */
  @Override
  public boolean supportsAuditArchive() {
    return true;
  }

  /** Moves the tenant's old events in batches, each one statement (see {@code Sql.archiveAuditBatch}). */
  @Override
  public long archiveAudit(String tenant, Instant before) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(before, "before");
    long total = 0;
    while (true) {
      long n = write(tenant, Op.update("audit archive of tenant '" + tenant + "'"), h ->
          h.createQuery(sql.archiveAuditBatch).bind("tenant", tenant).bind("before", ts(before))
              .bind("limit", AuditPartitions.DEFAULT_BATCH_SIZE).mapTo(Long.class).one());
      total += n;
      if (n < AuditPartitions.DEFAULT_BATCH_SIZE) {
        return total;
      }
    }
  }

  private Page<AuditEvent> queryAudit(String select, String prefix, String tenant, AuditQuery query,
      PageRequest page) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(query, "query");
    String listing = prefix + tenant;
    Optional<List<String>> pos = after(page, listing, 2);
    Optional<Instant> afterTs = pos.map(p -> PageTokens.part(p.get(0), Instant::parse));
    String q = select + auditFilters(query)
        + (pos.isPresent() ? " AND (timestamp, id) < (:afterTs, :afterId)" : "")
        + " ORDER BY timestamp DESC, id DESC LIMIT :limit";
    return read(tenant, "audit events", h -> {
      Query stmt = bindAuditFilters(h.createQuery(q), tenant, query).bind("limit", page.size() + 1);
      afterTs.ifPresent(t -> stmt.bind("afterTs", ts(t)).bind("afterId", pos.get().get(1)));
      return page(stmt.map(Rows.AUDIT).list(), page.size(), listing,
          e -> List.of(e.timestamp().toString(), e.id()));
    });
  }

  @Override
  public long countAudit(String tenant, AuditQuery query) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(query, "query");
    return read(tenant, "audit events", h -> bindAuditFilters(h.createQuery(sql.auditCount + auditFilters(query)),
        tenant, query).mapTo(Long.class).one());
  }

  // ---- restore --------------------------------------------------------------------------------------------------

  // ---- storage roots (on the primary: the overlap check must see every claim) ----------------------------------

  @Override
  public boolean supportsStorageRoots() {
    return true;
  }

  /** Insert-if-absent on the primary key; a row already there is read in the same transaction to tell who holds it. */
  @Override
  public boolean claimStorageRoot(StorageRootClaim claim) {
    Objects.requireNonNull(claim, "claim");
    checkOpen();
    return db.write(Optional.empty(), Op.create("storage root claim"), h -> {
      int inserted = h.createUpdate(sql.claimStorageRoot).bind("root", claim.root()).bind("tenant", claim.tenant())
          .bind("warehouse", claim.warehouse()).execute();
      if (inserted == 1) {
        return true;
      }
      boolean same = h.createQuery(sql.storageRootHolder).bind("root", claim.root())
          .map((rs, ctx) -> claim.heldBy(rs.getString("tenant"), rs.getString("warehouse"))).findOne().orElse(false);
      if (!same) {
        throw new ConflictException("the storage root is already used by another warehouse");
      }
      return false;
    });
  }

  @Override
  public List<StorageRootClaim> storageRootsOverlapping(String root) {
    Objects.requireNonNull(root, "root");
    checkOpen();
    String slashed = root.endsWith("/") ? root : root + "/";
    return db.readPrimary(Op.read("storage roots"), h -> h.createQuery(sql.storageRootsOverlapping)
        .bind("root", root).bind("slashed", slashed)
        .map((rs, ctx) -> new StorageRootClaim(rs.getString("root"), rs.getString("tenant"),
            rs.getString("warehouse"))).list());
  }

  @Override
  public void releaseStorageRoot(StorageRootClaim claim) {
    Objects.requireNonNull(claim, "claim");
    checkOpen();
    db.write(Optional.empty(), Op.delete("storage root claim"), h -> h.createUpdate(sql.releaseStorageRoot)
        .bind("root", claim.root()).bind("tenant", claim.tenant()).bind("warehouse", claim.warehouse()).execute());
  }

  /** One upsert guarded by "expired or mine" on the database clock: a row comes back only when the lease is ours. */
  @Override
  public boolean tryAcquireLease(String name, String holder, java.time.Duration ttl) {
    StoreContract.checkLease(name, holder, ttl);
    checkOpen();
    double seconds = ttl.toNanos() / 1e9;
    return db.write(Optional.empty(), Op.update("lease"), h -> h.createQuery(sql.acquireLease)
        .bind("name", name).bind("holder", holder).bind("ttl", seconds).mapTo(String.class).findOne().isPresent());
  }

  @Override
  public void releaseLease(String name, String holder) {
    StoreContract.checkLeaseHolder(name, holder);
    checkOpen();
    db.write(Optional.empty(), Op.delete("lease"), h -> h.createUpdate(sql.releaseLease).bind("name", name)
        .bind("holder", holder).execute());
  }

  @Override
  public boolean supportsRestore() {
    return true;
  }

  /** Upserts every entity in one transaction on the primary, parents first (see {@link Restores}). */
  @Override
  public void restore(String tenant, TenantEntities entities) {
    if (!StoreContract.checkRestore(tenant, entities)) {
      return;
    }
    write(tenant, Op.create("restore of " + entities.size() + " entities of tenant '" + tenant + "'"), h -> {
      restores.apply(h, entities);
      return null;
    });
  }

  // ---- lifecycle ------------------------------------------------------------------------------------------------

  @Override
  public StoreHealth health() {
    if (closed.get()) {
      return StoreHealth.down("closed");
    }
    try {
      db.primary().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
      return StoreHealth.up(db.describe());
    } catch (RuntimeException e) {
      PangolinException p = SqlErrors.translate(e, Op.read("health"));
      return StoreHealth.down("primary unreachable (" + p.code() + ")");
    }
  }

  /** The primary's and each replica's HikariCP pool, and each replica's rotation and lag from the last poll. */
  @Override
  public StoreStats stats() {
    return closed.get() ? StoreStats.none() : db.stats();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    maintenance.ifPresent(ScheduledExecutorService::shutdownNow);
    db.close();
  }
}
