package io.pangolin.store.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.elemMatch;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.regex;
import static com.mongodb.client.model.Projections.include;
import static com.mongodb.client.model.Sorts.ascending;
import static com.mongodb.client.model.Sorts.descending;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.Asset;
import io.pangolin.api.AssetEntry;
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
import io.pangolin.api.Grant;
import io.pangolin.api.Principal;
import io.pangolin.api.Role;
import io.pangolin.api.PangolinException;
import io.pangolin.api.Tenant;
import io.pangolin.api.User;
import io.pangolin.api.Warehouse;
import io.pangolin.spi.AssetQuota;
import io.pangolin.spi.AssetUpdate;
import io.pangolin.spi.Quotas;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.PageTokens;
import io.pangolin.spi.PlacementRecord;
import io.pangolin.spi.PrincipalRecord;
import io.pangolin.spi.StoreContract;
import io.pangolin.spi.StoreHealth;
import io.pangolin.spi.StorageRootClaim;
import io.pangolin.spi.TenantEntities;
import io.pangolin.store.mongo.AtomicWrites.Children;
import io.pangolin.store.mongo.AtomicWrites.Parent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The MongoDB store. Single-document writes (creates without parents, compare-and-swap updates, plain deletes) are
 * done here with one atomic command each; writes spanning documents go through {@link AtomicWrites} (transactions
 * or the fallback protocol, chosen at start-up from the detected {@link Topology} and the configuration). Reads skip
 * documents of unfinished creates and settle decided intents they meet ({@link Intents#settle}).
 *
 * <p>Every query carries the shard-key prefix of its collection ({@code tenant_id}, plus {@code catalog} for catalog
 * data) so that mongos routes it; the few that cannot (deployment-wide counts, a tenant-wide search in single-tenant
 * mode, the maintenance sweeps) are listed in the module README.
 */
final class MongoMetadataStore implements MetadataStore {
  private static final FindOneAndUpdateOptions AFTER =
      new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);
  /** Re-reads of a listing after settling intents met in it. */
  private static final int SETTLE_ROUNDS = 3;

  private final MongoStoreConfig config;
  private final MongoClient client;
  private final Context ctx;
  private final Topology topology;
  private final ShardingSetup.Report sharding;
  private final Intents intents;
  private final ProtocolWrites protocol;
  private final AtomicWrites writes;
  private final AuditArchiver archiver;
  private final MongoMaintenance maintenance;
  private final MongoCollection<Document> tenants;
  private final MongoCollection<Document> warehouses;
  private final MongoCollection<Document> catalogs;
  private final MongoCollection<Document> namespaces;
  private final MongoCollection<Document> assets;
  private final MongoCollection<Document> users;
  private final Principals principals;
  private final Grants grants;
  private final MongoCollection<Document> audit;
  private final MongoCollection<Document> auditArchive;
  private final MongoCollection<Document> storageRoots;
  private final MongoCollection<Document> leases;
  private final Placements placements;
  private volatile boolean closed;

  /**
   * Connects, prepares the database ({@link MongoBootstrap}: topology detection, indexes, sharding through mongos,
   * recovery of stale fallback-protocol operations) and starts the {@link MongoMaintenance} task.
   */
  static MongoMetadataStore open(MongoStoreConfig config, StoreOptions options) {
    MongoClientSettings.Builder settings = MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(config.connectionString()))
        .applicationName("pangolin")
        .applyToSocketSettings(s -> s
            .connectTimeout((int) config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout((int) config.socketTimeout().toMillis(), TimeUnit.MILLISECONDS))
        .applyToClusterSettings(c -> c
            .serverSelectionTimeout(config.serverSelectionTimeout().toMillis(), TimeUnit.MILLISECONDS));
    options.clientSettings().accept(settings);
    MongoClient client = MongoClients.create(settings.build());
    try {
      MongoMetadataStore store = new MongoMetadataStore(config, client, MongoBootstrap.prepare(config, options,
          client));
      store.maintenance.start();
      return store;
    } catch (MongoException e) {
      client.close();
      throw Errors.translate(e, "open MongoDB store (" + config.describe() + ")");
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** Only assigns: {@link #open} connects and prepares the database before, and starts the maintenance after. */
  private MongoMetadataStore(MongoStoreConfig config, MongoClient client, MongoBootstrap.Prepared prepared) {
    this.config = config;
    this.client = client;
    this.ctx = prepared.ctx();
    MongoDatabase db = ctx.db;
    this.topology = prepared.topology();
    this.sharding = prepared.sharding();
    this.intents = prepared.intents();
    this.protocol = prepared.protocol();
    this.writes = prepared.writes();
    this.archiver = new AuditArchiver(ctx, config.auditArchiveBatchSize());
    this.maintenance = new MongoMaintenance(ctx, protocol, archiver, config);
    this.tenants = db.getCollection(Schema.TENANTS);
    this.warehouses = db.getCollection(Schema.WAREHOUSES);
    this.catalogs = db.getCollection(Schema.CATALOGS);
    this.namespaces = db.getCollection(Schema.NAMESPACES);
    this.assets = db.getCollection(Schema.ASSETS);
    this.users = db.getCollection(Schema.USERS);
    this.principals = new Principals(db.getCollection(Principals.COLLECTION), tenants);
    this.grants = new Grants(db.getCollection(Grants.ROLES), db.getCollection(Grants.GRANTS), tenants);
    this.audit = db.getCollection(Schema.AUDIT);
    this.auditArchive = db.getCollection(Schema.AUDIT_ARCHIVE);
    this.storageRoots = db.getCollection(Schema.STORAGE_ROOTS).withReadPreference(ReadPreference.primary());
    this.leases = db.getCollection(Schema.LEASES).withReadPreference(ReadPreference.primary());
    this.placements = new Placements(db.getCollection(Placements.COLLECTION));
  }

  // ---- package-private views for tests ---------------------------------------------------------------------

  Topology topology() {
    return topology;
  }

  ShardingSetup.Report sharding() {
    return sharding;
  }

  AtomicWrites writes() {
    return writes;
  }

  Intents intents() {
    return intents;
  }

  ProtocolWrites protocol() {
    return protocol;
  }

  AuditArchiver archiver() {
    return archiver;
  }

  MongoMaintenance maintenance() {
    return maintenance;
  }

  MongoDatabase database() {
    return ctx.db;
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("store is closed");
    }
  }

  private <T> T read(String operation, Supplier<T> body) {
    checkOpen();
    return Errors.call(operation, true, body);
  }

  /** A single-command write: retried only when it certainly did not apply. */
  private <T> T write(String operation, Supplier<T> body) {
    checkOpen();
    return Errors.call(operation, false, body);
  }

  /** A multi-step write: never re-run as a whole (its steps are re-runnable by the protocol's recovery). */
  private <T> T once(String operation, Supplier<T> body) {
    checkOpen();
    try {
      return body.get();
    } catch (MongoException e) {
      throw Errors.translate(e, operation);
    }
  }

  private void once(String operation, Runnable body) {
    once(operation, () -> {
      body.run();
      return null;
    });
  }

  /** {@link StoreContract#casFailure} on the document read after a compare-and-swap that matched nothing. */
  static PangolinException missingOrConflict(Document current, String what, long expected) {
    return StoreContract.casFailure(what, Optional.ofNullable(current).map(d -> d.getLong(Docs.VERSION)), expected);
  }

  /** Compare-and-swap of one document's content and version. */
  private static Document cas(MongoCollection<Document> c, Document key, long expected, Docs.Content content,
      String what) {
    Document stored = c.findOneAndUpdate(and(key, Context.live(), eq(Docs.VERSION, expected)),
        content.update(expected + 1), AFTER);
    if (stored == null) {
      throw missingOrConflict(c.find(and(key, Context.live())).first(), what, expected);
    }
    return stored;
  }

  private static Optional<Document> findLive(MongoCollection<Document> c, Bson key) {
    return Optional.ofNullable(c.find(and(key, Context.live())).first());
  }

  private static <T> Page<T> list(MongoCollection<Document> c, List<Bson> filters, String sortField,
      PageRequest page, String listing, Function<Document, T> map) {
    return list(c, filters, sortField, page, listing, null, map);
  }

  /** {@link #list} reading only the fields of {@code projection} (null: whole documents). */
  private static <T> Page<T> list(MongoCollection<Document> c, List<Bson> filters, String sortField,
      PageRequest page, String listing, Bson projection, Function<Document, T> map) {
    List<String> pos = Paging.position(page, listing, 1);
    List<Bson> f = new ArrayList<>(filters);
    f.add(Context.live());
    if (pos != null) {
      f.add(gt(sortField, pos.get(0)));
    }
    List<Document> docs = c.find(and(f)).projection(projection).sort(ascending(sortField)).limit(page.size() + 1)
        .into(new ArrayList<>());
    return Paging.page(docs, page.size(), map, d -> List.of(d.getString(sortField)), listing);
  }

  private static String tenantWhat(String tenant) {
    return "tenant '" + tenant + "'";
  }

  private static Parent tenantParent(String tenant) {
    return new Parent(Schema.TENANTS, Docs.tenantKey(tenant), tenantWhat(tenant));
  }

  // ---- tenants -----------------------------------------------------------------------------------------------

  @Override
  public Tenant createTenant(Tenant tenant) {
    Objects.requireNonNull(tenant, "tenant");
    return write("createTenant", () -> {
      try {
        tenants.insertOne(Docs.tenantDoc(tenant, 1));
      } catch (MongoException e) {
        if (Errors.isDuplicateKey(e)) {
          throw new AlreadyExistsException(tenantWhat(tenant.name()) + " already exists", e);
        }
        throw e;
      }
      return tenant.withVersion(1);
    });
  }

  @Override
  public Optional<Tenant> getTenant(String name) {
    Objects.requireNonNull(name, "name");
    return read("getTenant", () -> findLive(tenants, Docs.tenantKey(name)).map(Docs::tenant));
  }

  @Override
  public Page<Tenant> listTenants(PageRequest page) {
    Objects.requireNonNull(page, "page");
    return read("listTenants", () -> list(tenants, List.of(), Docs.TENANT, page, "tenants", Docs::tenant));
  }

  @Override
  public Tenant updateTenant(Tenant tenant, long expectedVersion) {
    Objects.requireNonNull(tenant, "tenant");
    return write("updateTenant", () -> Docs.tenant(cas(tenants, Docs.tenantKey(tenant.name()), expectedVersion,
        Docs.tenantContent(tenant), tenantWhat(tenant.name()))));
  }

  @Override
  public void deleteTenant(String name) {
    Objects.requireNonNull(name, "name");
    String what = tenantWhat(name);
    once("deleteTenant", () -> writes.delete(Schema.TENANTS, Docs.tenantKey(name), List.of(
        new Children(Schema.WAREHOUSES, Docs.tenantKey(name), what + " still has warehouses"),
        new Children(Schema.CATALOGS, Docs.tenantKey(name), what + " still has catalogs"),
        new Children(Schema.USERS, Docs.tenantKey(name), what + " still has users")), what));
    write("deleteTenant", () -> {
      principals.deleteOfTenant(name);
      grants.deleteOfTenant(name);
      return null;
    });
  }

  // ---- warehouses ----------------------------------------------------------------------------------------------

  @Override
  public Warehouse createWarehouse(Warehouse warehouse) {
    Objects.requireNonNull(warehouse, "warehouse");
    return once("createWarehouse", () -> {
      writes.insert(Schema.WAREHOUSES, Docs.namedKey(warehouse.tenant(), warehouse.name()),
          Docs.warehouseDoc(warehouse, 1), List.of(tenantParent(warehouse.tenant())), List.of(),
          "warehouse '" + warehouse.name() + "'");
      return warehouse.withVersion(1);
    });
  }

  @Override
  public Optional<Warehouse> getWarehouse(String tenant, String name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    return read("getWarehouse", () -> findLive(warehouses, Docs.namedKey(tenant, name)).map(Docs::warehouse));
  }

  @Override
  public Page<Warehouse> listWarehouses(String tenant, PageRequest page) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(page, "page");
    return read("listWarehouses", () -> list(warehouses, List.of(eq(Docs.TENANT, tenant)), Docs.NAME, page,
        "warehouses/" + tenant, Docs::warehouse));
  }

  @Override
  public Warehouse updateWarehouse(Warehouse warehouse, long expectedVersion) {
    Objects.requireNonNull(warehouse, "warehouse");
    return write("updateWarehouse", () -> Docs.warehouse(cas(warehouses,
        Docs.namedKey(warehouse.tenant(), warehouse.name()), expectedVersion, Docs.warehouseContent(warehouse),
        "warehouse '" + warehouse.name() + "'")));
  }

  @Override
  public void deleteWarehouse(String tenant, String name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    String what = "warehouse '" + name + "'";
    String inUse = what + " is still used by a catalog";
    once("deleteWarehouse", () -> writes.delete(Schema.WAREHOUSES, Docs.namedKey(tenant, name), List.of(
        new Children(Schema.CATALOGS, Docs.tenantKey(tenant).append(Docs.WAREHOUSE, name), inUse),
        new Children(Schema.CATALOGS, Docs.tenantKey(tenant).append(Docs.CLAIM + ".warehouse", name), inUse)),
        what));
  }

  // ---- catalogs ------------------------------------------------------------------------------------------------

  private static String catalogWhat(String name) {
    return "catalog '" + name + "'";
  }

  @Override
  public Catalog createCatalog(Catalog catalog, long maxCatalogs) {
    Objects.requireNonNull(catalog, "catalog");
    // all catalogs of the store: the guard is one deployment-wide document (the fallback protocol counts pending ones)
    List<AtomicWrites.Quota> quotas = !StoreContract.limited(maxCatalogs) ? List.of()
        : List.of(new AtomicWrites.Quota(Schema.CATALOGS, new Document(), maxCatalogs, new Parent(Schema.GUARDS,
            new Document(Docs.ID, Schema.CATALOG_QUOTA), "the catalog quota guard"), Quotas.catalogsFull(maxCatalogs)));
    return once("createCatalog", () -> {
      writes.insert(Schema.CATALOGS, Docs.catalogKey(catalog.tenant(), catalog.name()), Docs.catalogDoc(catalog, 1),
          List.of(tenantParent(catalog.tenant()), new Parent(Schema.WAREHOUSES,
              Docs.namedKey(catalog.tenant(), catalog.warehouse()), "warehouse '" + catalog.warehouse() + "'")),
          quotas, catalogWhat(catalog.name()));
      return catalog.withVersion(1);
    });
  }

  @Override
  public Optional<Catalog> getCatalog(String tenant, String name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    return read("getCatalog", () -> findLive(catalogs, Docs.catalogKey(tenant, name)).map(Docs::catalog));
  }

  @Override
  public Page<Catalog> listCatalogs(String tenant, PageRequest page) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(page, "page");
    return read("listCatalogs", () -> list(catalogs, List.of(eq(Docs.TENANT, tenant)), Docs.CATALOG, page,
        "catalogs/" + tenant, Docs::catalog));
  }

  @Override
  public Catalog updateCatalog(Catalog catalog, long expectedVersion) {
    Objects.requireNonNull(catalog, "catalog");
    Document key = Docs.catalogKey(catalog.tenant(), catalog.name());
    String what = catalogWhat(catalog.name());
    Document current = read("updateCatalog", () -> findLive(catalogs, key)
        .orElseThrow(() -> new NotFoundException(what + " does not exist")));
    if (current.getString(Docs.WAREHOUSE).equals(catalog.warehouse())) {
      return write("updateCatalog", () -> Docs.catalog(cas(catalogs, key, expectedVersion,
          Docs.catalogContent(catalog), what)));
    }
    Parent warehouse = new Parent(Schema.WAREHOUSES, Docs.namedKey(catalog.tenant(), catalog.warehouse()),
        "warehouse '" + catalog.warehouse() + "'");
    return once("updateCatalog", () -> Docs.catalog(writes.updateCatalogWarehouse(key, expectedVersion,
        Docs.catalogContent(catalog), warehouse, what)));
  }

  @Override
  public void deleteCatalog(String tenant, String name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    String what = catalogWhat(name);
    once("deleteCatalog", () -> writes.delete(Schema.CATALOGS, Docs.catalogKey(tenant, name), List.of(
        new Children(Schema.NAMESPACES, Docs.catalogKey(tenant, name), what + " still has namespaces")), what));
  }

  @Override
  public long countCatalogs() {
    return read("countCatalogs", () -> catalogs.countDocuments(Context.live()));
  }

  // ---- namespaces ----------------------------------------------------------------------------------------------

  private static String namespaceWhat(NamespaceName name) {
    return "namespace '" + name + "'";
  }

  @Override
  public Namespace createNamespace(Namespace namespace) {
    Objects.requireNonNull(namespace, "namespace");
    String tenant = namespace.tenant();
    String catalog = namespace.catalog();
    List<Parent> parents = new ArrayList<>();
    parents.add(new Parent(Schema.CATALOGS, Docs.catalogKey(tenant, catalog), catalogWhat(catalog)));
    NamespaceName parent = namespace.name().parent().orElseThrow();
    if (!parent.isRoot()) {
      parents.add(new Parent(Schema.NAMESPACES, Docs.namespaceKey(tenant, catalog, parent),
          "parent " + namespaceWhat(parent)));
    }
    return once("createNamespace", () -> {
      writes.insert(Schema.NAMESPACES, Docs.namespaceKey(tenant, catalog, namespace.name()),
          Docs.namespaceDoc(namespace, 1), parents, List.of(), namespaceWhat(namespace.name()));
      return namespace.withVersion(1);
    });
  }

  @Override
  public Optional<Namespace> getNamespace(String tenant, String catalog, NamespaceName name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(name, "name");
    if (name.isRoot()) {
      return Optional.empty();
    }
    return read("getNamespace", () -> findLive(namespaces, Docs.namespaceKey(tenant, catalog, name))
        .map(Docs::namespace));
  }

  @Override
  public Page<Namespace> listNamespaces(String tenant, String catalog, NamespaceName parent, PageRequest page) {
    return listNamespaces("listNamespaces", tenant, catalog, parent, page, null, Docs::namespace);
  }

  @Override
  public Page<NamespaceName> listNamespaceNames(String tenant, String catalog, NamespaceName parent,
      PageRequest page) {
    return listNamespaces("listNamespaceNames", tenant, catalog, parent, page, include(Docs.NAMESPACE, Docs.LEAF),
        d -> Docs.namespaceName(d.getString(Docs.NAMESPACE)));
  }

  /** One page of the live children of {@code parent} by last level; {@code projection} null reads whole documents. */
  private <T> Page<T> listNamespaces(String op, String tenant, String catalog, NamespaceName parent, PageRequest page,
      Bson projection, Function<Document, T> map) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(page, "page");
    String listing = "namespaces/" + tenant + "/" + catalog + "/" + parent;
    return read(op, () -> list(namespaces,
        List.of(eq(Docs.TENANT, tenant), eq(Docs.CATALOG, catalog), eq(Docs.PARENT, Docs.ns(parent))),
        Docs.LEAF, page, listing, projection, map));
  }

  @Override
  public Namespace updateNamespace(Namespace namespace, long expectedVersion) {
    Objects.requireNonNull(namespace, "namespace");
    return write("updateNamespace", () -> Docs.namespace(cas(namespaces,
        Docs.namespaceKey(namespace.tenant(), namespace.catalog(), namespace.name()), expectedVersion,
        Docs.namespaceContent(namespace), namespaceWhat(namespace.name()))));
  }

  @Override
  public void deleteNamespace(String tenant, String catalog, NamespaceName name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(catalog, "catalog");
    StoreContract.requireNamespace(name);
    String what = namespaceWhat(name);
    Document inside = Docs.catalogKey(tenant, catalog);
    once("deleteNamespace", () -> writes.delete(Schema.NAMESPACES, Docs.namespaceKey(tenant, catalog, name),
        List.of(
            new Children(Schema.NAMESPACES, new Document(inside).append(Docs.PARENT, Docs.ns(name)),
                what + " has child namespaces"),
            new Children(Schema.ASSETS, new Document(inside).append(Docs.NAMESPACE, Docs.ns(name)),
                what + " is not empty")),
        what));
  }

  // ---- assets --------------------------------------------------------------------------------------------------

  private static String assetWhat(AssetKey key) {
    return "asset '" + key + "'";
  }

  /**
   * Runs a query over assets, settling the intents of decided or stale multi-document writes it meets and running
   * it again if that changed anything, so that a result never mixes states before and after a commit point.
   */
  private List<Document> settled(Supplier<List<Document>> query) {
    for (int round = 1; ; round++) {
      List<Document> docs = query.get();
      boolean changed = false;
      for (Document d : docs) {
        if (Intents.intentMarker(d) != null) {
          changed |= intents.settle(d);
        }
      }
      if (!changed || round >= SETTLE_ROUNDS) {
        return docs;
      }
    }
  }

  /** The live asset at {@code key}, after settling an intent on it. */
  private Optional<Document> findAsset(Document key) {
    for (int round = 1; ; round++) {
      Document d = assets.find(key).first();
      if (d == null) {
        return Optional.empty();
      }
      if (round < SETTLE_ROUNDS && Intents.intentMarker(d) != null && intents.settle(d)) {
        continue;
      }
      return d.containsKey(Docs.PENDING) ? Optional.empty() : Optional.of(d);
    }
  }

  @Override
  public Asset createAsset(Asset asset, AssetQuota quota) {
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(quota, "quota");
    Parent namespace = namespaceParent(asset.tenant(), asset.catalog(), asset.namespace());
    List<AtomicWrites.Quota> quotas = new ArrayList<>();
    if (StoreContract.limited(quota.maxPerCatalog())) {
      quotas.add(new AtomicWrites.Quota(Schema.ASSETS, Docs.catalogKey(asset.tenant(), asset.catalog()),
          quota.maxPerCatalog(), new Parent(Schema.CATALOGS, Docs.catalogKey(asset.tenant(), asset.catalog()),
              "catalog '" + asset.catalog() + "'"), Quotas.catalogFull(asset.catalog(), quota.maxPerCatalog())));
    }
    if (StoreContract.limited(quota.maxPerNamespace())) {
      quotas.add(namespaceQuota(namespace, asset.namespace(), quota.maxPerNamespace()));
    }
    return once("createAsset", () -> {
      writes.insert(Schema.ASSETS, Docs.assetKey(asset.tenant(), asset.key()), Docs.assetDoc(asset, 1),
          List.of(namespace), quotas, assetWhat(asset.key()));
      return asset.withVersion(1);
    });
  }

  private static Parent namespaceParent(String tenant, String catalog, NamespaceName namespace) {
    return new Parent(Schema.NAMESPACES, Docs.namespaceKey(tenant, catalog, namespace), namespaceWhat(namespace));
  }

  /** The assets directly in {@code namespace} (whose document is {@code parent}) may number at most {@code max}. */
  private static AtomicWrites.Quota namespaceQuota(Parent parent, NamespaceName namespace, long max) {
    return new AtomicWrites.Quota(Schema.ASSETS, parent.key(), max, parent, Quotas.namespaceFull(namespace, max));
  }

  @Override
  public Optional<Asset> getAsset(String tenant, AssetKey key) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(key, "key");
    return read("getAsset", () -> findAsset(Docs.assetKey(tenant, key)).map(Docs::asset));
  }

  @Override
  public Page<Asset> listAssets(String tenant, String catalog, NamespaceName namespace, Optional<AssetKind> kind,
      PageRequest page) {
    return listAssets("listAssets", tenant, catalog, namespace, kind, page, null, Docs::asset);
  }

  @Override
  public Page<AssetEntry> listAssetEntries(String tenant, String catalog, NamespaceName namespace,
      Optional<AssetKind> kind, PageRequest page) {
    return listAssets("listAssetEntries", tenant, catalog, namespace, kind, page,
        include(Docs.NAME, Docs.KIND, Docs.METADATA_LOCATION), Docs::assetEntry);
  }

  /** One page of a namespace's live assets in name order; {@code projection} null reads whole documents. */
  private <T> Page<T> listAssets(String op, String tenant, String catalog, NamespaceName namespace,
      Optional<AssetKind> kind, PageRequest page, Bson projection, Function<Document, T> map) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(page, "page");
    String listing = "assets/" + tenant + "/" + catalog + "/" + namespace + "/" + kind.map(Enum::name).orElse("*");
    return read(op, () -> {
      List<String> pos = Paging.position(page, listing, 1);
      List<Bson> f = new ArrayList<>(List.of(eq(Docs.TENANT, tenant), eq(Docs.CATALOG, catalog),
          eq(Docs.NAMESPACE, Docs.ns(namespace)), Context.live()));
      kind.ifPresent(k -> f.add(eq(Docs.KIND, k.name())));
      if (pos != null) {
        f.add(gt(Docs.NAME, pos.get(0)));
      }
      List<Document> docs = settled(() -> assets.find(and(f)).projection(projection).sort(ascending(Docs.NAME))
          .limit(page.size() + 1).into(new ArrayList<>()));
      return Paging.page(docs, page.size(), map, d -> List.of(d.getString(Docs.NAME)), listing);
    });
  }

  @Override
  public Asset updateAsset(Asset asset, long expectedVersion) {
    Objects.requireNonNull(asset, "asset");
    Document key = Docs.assetKey(asset.tenant(), asset.key());
    Docs.Content content = Docs.assetContent(asset);
    return write("updateAsset", () -> {
      for (int attempt = 1; ; attempt++) {
        Document stored = assets.findOneAndUpdate(
            and(key, Context.live(), Context.unlocked(), eq(Docs.VERSION, expectedVersion)),
            content.update(expectedVersion + 1), AFTER);
        if (stored != null) {
          return Docs.asset(stored);
        }
        Document current = assets.find(and(key, Context.live())).first();
        if (current == null) {
          throw new NotFoundException(assetWhat(asset.key()) + " does not exist");
        }
        if (!current.containsKey(Docs.LOCK)) {
          throw Intents.versionConflict(asset.key(), expectedVersion, current.getLong(Docs.VERSION));
        }
        waitForIntent(current, attempt, asset.key());
      }
    });
  }

  private void waitForIntent(Document locked, int attempt, AssetKey key) {
    if (!intents.settle(locked)) {
      if (attempt >= Intents.MAX_WAITS) {
        throw new ConflictException(assetWhat(key) + " is being changed by a concurrent commit; retry");
      }
      Errors.backoff(attempt);
    }
  }

  @Override
  public List<Asset> updateAssets(String tenant, List<AssetUpdate> updates) {
    StoreContract.checkUpdates(tenant, updates);
    if (updates.isEmpty()) {
      return StoreContract.emptyCommit(tenant, t -> getTenant(t).isPresent());
    }
    return once("updateAssets", () -> writes.updateAssets(tenant, updates).stream().map(Docs::asset).toList());
  }

  @Override
  public Asset renameAsset(String tenant, AssetKey from, AssetKey to, long maxInTargetNamespace) {
    Objects.requireNonNull(tenant, "tenant");
    StoreContract.checkRename(from, to, k -> getAsset(tenant, k).isPresent());
    Parent targetNamespace = namespaceParent(tenant, to.catalog(), to.namespace());
    List<AtomicWrites.Quota> quotas = StoreContract.renameNeedsQuota(from, to, maxInTargetNamespace)
        ? List.of(namespaceQuota(targetNamespace, to.namespace(), maxInTargetNamespace)) : List.of();
    return once("renameAsset", () -> Docs.asset(writes.renameAsset(tenant, from, to, targetNamespace, quotas)));
  }

  @Override
  public void deleteAsset(String tenant, AssetKey key) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(key, "key");
    Document k = Docs.assetKey(tenant, key);
    write("deleteAsset", () -> {
      for (int attempt = 1; ; attempt++) {
        if (assets.deleteOne(and(k, Context.live(), Context.unlocked())).getDeletedCount() > 0) {
          return null;
        }
        Document current = assets.find(and(k, Context.live())).first();
        if (current == null) {
          throw new NotFoundException(assetWhat(key) + " does not exist");
        }
        if (current.containsKey(Docs.LOCK)) {
          waitForIntent(current, attempt, key);
        }
      }
    });
  }

  @Override
  public long countAssets(String tenant, String catalog) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(catalog, "catalog");
    return read("countAssets", () -> assets.countDocuments(and(Docs.catalogKey(tenant, catalog), Context.live())));
  }

  @Override
  public long countAssets(String tenant, String catalog, NamespaceName namespace) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(namespace, "namespace");
    return read("countAssets", () -> assets.countDocuments(and(Docs.catalogKey(tenant, catalog),
        eq(Docs.NAMESPACE, Docs.ns(namespace)), Context.live())));
  }

  @Override
  public Page<Asset> searchAssets(String tenant, AssetQuery query, PageRequest page) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(page, "page");
    String listing = "search/" + tenant;
    return read("searchAssets", () -> {
      List<String> pos = Paging.position(page, listing, 3);
      List<Bson> f = new ArrayList<>(List.of(eq(Docs.TENANT, tenant), Context.live()));
      query.catalog().ifPresent(c -> f.add(eq(Docs.CATALOG, c)));
      query.kind().ifPresent(k -> f.add(eq(Docs.KIND, k.name())));
      query.nameContains().ifPresent(s -> f.add(regex(Docs.NAME_LC, Pattern.quote(s.toLowerCase(Locale.ROOT)))));
      query.propertyKey().ifPresent(k -> f.add(query.propertyValue()
          .map(v -> elemMatch(Docs.PROPERTIES, and(eq("k", k), eq("v", v))))
          .orElseGet(() -> eq(Docs.PROPERTIES + ".k", k))));
      if (pos != null) {
        f.add(Paging.after(List.of(Docs.CATALOG, Docs.NS_SORT, Docs.NAME),
            List.of(pos.get(0), Docs.nsSort(NamespaceName.parse(pos.get(1))), pos.get(2)), false));
      }
      List<Document> docs = settled(() -> assets.find(and(f))
          .sort(ascending(Docs.CATALOG, Docs.NS_SORT, Docs.NAME)).limit(page.size() + 1).into(new ArrayList<>()));
      return Paging.page(docs, page.size(), Docs::asset,
          d -> List.of(d.getString(Docs.CATALOG), d.getString(Docs.NAMESPACE), d.getString(Docs.NAME)), listing);
    });
  }

  // ---- custom roles and grants --------------------------------------------------------------------------------

  @Override
  public Role createRole(String tenant, Role role) {
    Objects.requireNonNull(role, "role");
    return write("createRole", () -> grants.createRole(tenant, role));
  }

  @Override
  public List<Role> listRoles(String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    return read("listRoles", () -> grants.listRoles(tenant));
  }

  @Override
  public void deleteRole(String tenant, String name) {
    Objects.requireNonNull(name, "name");
    once("deleteRole", () -> {
      grants.deleteRole(tenant, name);
      return null;
    });
  }

  @Override
  public Grant createGrant(String tenant, Grant grant) {
    Objects.requireNonNull(grant, "grant");
    return write("createGrant", () -> grants.createGrant(tenant, grant));
  }

  @Override
  public List<Grant> listGrants(String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    return read("listGrants", () -> grants.listGrants(tenant));
  }

  @Override
  public void deleteGrant(String tenant, String id) {
    Objects.requireNonNull(id, "id");
    write("deleteGrant", () -> {
      grants.deleteGrant(tenant, id);
      return null;
    });
  }

  // ---- placements (control plane) -----------------------------------------------------------------------------

  @Override
  public PlacementRecord createPlacement(PlacementRecord placement) {
    Objects.requireNonNull(placement, "placement");
    return write("createPlacement", () -> placements.create(placement));
  }

  @Override
  public Optional<PlacementRecord> getPlacement(String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    return read("getPlacement", () -> placements.get(tenant));
  }

  @Override
  public Page<PlacementRecord> listPlacements(PageRequest page) {
    Objects.requireNonNull(page, "page");
    return read("listPlacements", () -> placements.list(page));
  }

  @Override
  public PlacementRecord updatePlacement(PlacementRecord placement, long expectedVersion) {
    Objects.requireNonNull(placement, "placement");
    return write("updatePlacement", () -> placements.update(placement, expectedVersion));
  }

  @Override
  public void deletePlacement(String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    write("deletePlacement", () -> {
      placements.delete(tenant);
      return null;
    });
  }

  // ---- principals (control plane) -----------------------------------------------------------------------------

  @Override
  public PrincipalRecord createPrincipal(PrincipalRecord principal) {
    Objects.requireNonNull(principal, "principal");
    return write("createPrincipal", () -> principals.create(principal));
  }

  @Override
  public Optional<PrincipalRecord> getPrincipal(String id) {
    Objects.requireNonNull(id, "id");
    return read("getPrincipal", () -> principals.get(id));
  }

  @Override
  public Optional<PrincipalRecord> getPrincipalByName(Optional<String> tenant, Principal.Kind kind, String name) {
    Objects.requireNonNull(name, "name");
    return read("getPrincipalByName", () -> principals.byName(tenant, kind, name));
  }

  @Override
  public Page<PrincipalRecord> listPrincipals(Optional<String> tenant, PageRequest page) {
    Objects.requireNonNull(page, "page");
    return read("listPrincipals", () -> principals.list(tenant, page));
  }

  @Override
  public PrincipalRecord updatePrincipal(PrincipalRecord principal, long expectedVersion) {
    Objects.requireNonNull(principal, "principal");
    return write("updatePrincipal", () -> principals.update(principal, expectedVersion));
  }

  @Override
  public void deletePrincipal(String id) {
    Objects.requireNonNull(id, "id");
    write("deletePrincipal", () -> {
      principals.delete(id);
      return null;
    });
  }

  // ---- users ---------------------------------------------------------------------------------------------------

  @Override
  public User createUser(User user, long maxUsers) {
    Objects.requireNonNull(user, "user");
    Parent tenant = tenantParent(user.tenant());
    List<AtomicWrites.Quota> quotas = !StoreContract.limited(maxUsers) ? List.of()
        : List.of(new AtomicWrites.Quota(Schema.USERS, Docs.tenantKey(user.tenant()), maxUsers, tenant,
            Quotas.usersFull(maxUsers)));
    return once("createUser", () -> {
      writes.insert(Schema.USERS, Docs.namedKey(user.tenant(), user.name()), Docs.userDoc(user, 1),
          List.of(tenant), quotas, "user '" + user.name() + "'");
      return user.withVersion(1);
    });
  }

  @Override
  public Optional<User> getUser(String tenant, String name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    return read("getUser", () -> findLive(users, Docs.namedKey(tenant, name)).map(Docs::user));
  }

  @Override
  public Page<User> listUsers(String tenant, PageRequest page) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(page, "page");
    return read("listUsers", () -> list(users, List.of(eq(Docs.TENANT, tenant)), Docs.NAME, page,
        "users/" + tenant, Docs::user));
  }

  @Override
  public User updateUser(User user, long expectedVersion) {
    Objects.requireNonNull(user, "user");
    return write("updateUser", () -> Docs.user(cas(users, Docs.namedKey(user.tenant(), user.name()),
        expectedVersion, Docs.userContent(user), "user '" + user.name() + "'")));
  }

  @Override
  public void deleteUser(String tenant, String name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    write("deleteUser", () -> {
      if (users.deleteOne(and(Docs.namedKey(tenant, name), Context.live())).getDeletedCount() == 0) {
        throw new NotFoundException("user '" + name + "' does not exist");
      }
      return null;
    });
  }

  @Override
  public long countUsers(String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    return read("countUsers", () -> users.countDocuments(and(Docs.tenantKey(tenant), Context.live())));
  }

  // ---- audit ---------------------------------------------------------------------------------------------------

  /** Idempotent by event id: appending the same event again (e.g. after an unknown outcome) is a no-op. */
  @Override
  public void appendAudit(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    write("appendAudit", () -> {
      try {
        audit.insertOne(Docs.auditDoc(event));
      } catch (MongoException e) {
        if (!Errors.isDuplicateKey(e)) {
          throw e;
        }
      }
      return null;
    });
  }

  private static List<Bson> auditFilter(String tenant, AuditQuery q) {
    List<Bson> f = new ArrayList<>();
    f.add(eq(Docs.TENANT, tenant));
    q.actor().ifPresent(v -> f.add(eq(Docs.ACTOR, v)));
    q.action().ifPresent(v -> f.add(eq(Docs.ACTION, v)));
    q.resourceType().ifPresent(v -> f.add(eq(Docs.RESOURCE_TYPE, v)));
    q.resourceName().ifPresent(v -> f.add(eq(Docs.RESOURCE_NAME, v)));
    q.result().ifPresent(v -> f.add(eq(Docs.RESULT, v.name())));
    q.from().ifPresent(v -> f.add(gte(Docs.TIMESTAMP, Docs.micros(v))));
    q.to().ifPresent(v -> f.add(lt(Docs.TIMESTAMP, Docs.micros(v))));
    return f;
  }

  @Override
  public Page<AuditEvent> queryAudit(String tenant, AuditQuery query, PageRequest page) {
    return queryAudit(audit, "audit/", tenant, query, page);
  }

  @Override
  public Page<AuditEvent> queryArchivedAudit(String tenant, AuditQuery query, PageRequest page) {
    return queryAudit(auditArchive, "audit-archive/", tenant, query, page);
  }

  @Override
  public long countArchivedAudit(String tenant, AuditQuery query) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(query, "query");
    return read("countArchivedAudit", () -> auditArchive.countDocuments(and(auditFilter(tenant, query))));
  }

  /** This store keeps an audit archive. */
  @Override
  public boolean supportsAuditArchive() {
    return true;
  }

  /** {@link AuditArchiver}'s copy-then-delete steps for one tenant (exactly once without transactions). */
  @Override
  public long archiveAudit(String tenant, java.time.Instant before) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(before, "before");
    return write("archiveAudit", () -> archiver.archiveBefore(tenant, before));
  }

  private Page<AuditEvent> queryAudit(MongoCollection<Document> log, String prefix, String tenant,
      AuditQuery query, PageRequest page) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(page, "page");
    String listing = prefix + tenant;
    return read("queryAudit", () -> {
      List<String> pos = Paging.position(page, listing, 2);
      List<Bson> f = auditFilter(tenant, query);
      if (pos != null) {
        long micros = PageTokens.part(pos.get(0), Long::parseLong);
        f.add(Paging.after(List.of(Docs.TIMESTAMP, Docs.ID), List.of(micros, pos.get(1)), true));
      }
      List<Document> docs = log.find(and(f)).sort(descending(Docs.TIMESTAMP, Docs.ID)).limit(page.size() + 1)
          .into(new ArrayList<>());
      return Paging.page(docs, page.size(), Docs::audit,
          d -> List.of(String.valueOf(d.getLong(Docs.TIMESTAMP)), d.getString(Docs.ID)), listing);
    });
  }

  @Override
  public long countAudit(String tenant, AuditQuery query) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(query, "query");
    return read("countAudit", () -> audit.countDocuments(and(auditFilter(tenant, query))));
  }

  // ---- lifecycle -----------------------------------------------------------------------------------------------

  @Override
  public StoreHealth health() {
    if (closed) {
      return StoreHealth.down("closed");
    }
    try {
      client.getDatabase("admin").runCommand(new Document("ping", 1));
      return StoreHealth.up(config.describe() + ": " + topology.describe() + ", " + writes.describe() + ", "
          + sharding.summary());
    } catch (RuntimeException e) {
      return StoreHealth.down(config.describe() + " unreachable: " + e.getClass().getSimpleName());
    }
  }

  // ---- restore -----------------------------------------------------------------------------------------------

  // ---- storage roots --------------------------------------------------------------------------------------------

  @Override
  public boolean supportsStorageRoots() {
    return true;
  }

  /** One insert keyed by the root ({@code _id}, unique); on a duplicate key the holder is read to tell who it is. */
  @Override
  public boolean claimStorageRoot(StorageRootClaim claim) {
    Objects.requireNonNull(claim, "claim");
    checkOpen();
    try {
      storageRoots.insertOne(new Document(Docs.ID, claim.root()).append("tenant", claim.tenant())
          .append("warehouse", claim.warehouse()));
      return true;
    } catch (MongoException e) {
      if (!Errors.isDuplicateKey(e)) {
        throw Errors.translate(e, "claimStorageRoot");
      }
    }
    Document held = read("claimStorageRoot", () -> storageRoots.find(eq(Docs.ID, claim.root())).first());
    if (held != null && claim.heldBy(held.getString("tenant"), held.getString("warehouse"))) {
      return false;
    }
    throw new ConflictException("the storage root is already used by another warehouse");
  }

  /**
   * The root itself and its ancestors by {@code _id} (every prefix ending at a {@code /}), its descendants by a range
   * on {@code _id}: the keys starting with {@code root + "/"} are exactly those in {@code [root/, root0)}.
   */
  @Override
  public List<StorageRootClaim> storageRootsOverlapping(String root) {
    Objects.requireNonNull(root, "root");
    String slashed = root.endsWith("/") ? root : root + "/";
    List<String> self = new ArrayList<>(List.of(root));
    for (int i = root.indexOf('/'); i >= 0; i = root.indexOf('/', i + 1)) {
      self.add(root.substring(0, i));
      self.add(root.substring(0, i + 1));
    }
    String end = slashed.substring(0, slashed.length() - 1) + "0";
    Bson filter = com.mongodb.client.model.Filters.or(com.mongodb.client.model.Filters.in(Docs.ID, self),
        and(gte(Docs.ID, slashed), lt(Docs.ID, end)));
    return read("storageRootsOverlapping", () -> {
      List<StorageRootClaim> claims = new ArrayList<>();
      for (Document d : storageRoots.find(filter).sort(ascending(Docs.ID))) {
        claims.add(new StorageRootClaim(d.getString(Docs.ID), d.getString("tenant"), d.getString("warehouse")));
      }
      return claims;
    });
  }

  @Override
  public void releaseStorageRoot(StorageRootClaim claim) {
    Objects.requireNonNull(claim, "claim");
    write("releaseStorageRoot", () -> storageRoots.deleteOne(and(eq(Docs.ID, claim.root()),
        eq("tenant", claim.tenant()), eq("warehouse", claim.warehouse()))));
  }
  /**
   * One {@code findOneAndUpdate} upsert on the lease name, filtered by "expired or mine": when another holder's lease
   * is still running the filter matches nothing, the upsert tries to insert the same {@code _id} and fails with a
   * duplicate key — the lease is not ours. Expiry is on this process' clock, so the servers' clocks must agree to
   * well within a lease's time to live (NTP).
   */
  @Override
  public boolean tryAcquireLease(String name, String holder, java.time.Duration ttl) {
    StoreContract.checkLease(name, holder, ttl);
    checkOpen();
    java.time.Instant now = java.time.Instant.now();
    Bson free = com.mongodb.client.model.Filters.or(lt("expiresAt", java.util.Date.from(now)), eq("holder", holder));
    Bson update = com.mongodb.client.model.Updates.combine(com.mongodb.client.model.Updates.set("holder", holder),
        com.mongodb.client.model.Updates.set("expiresAt", java.util.Date.from(now.plus(ttl))));
    try {
      Document after = leases.findOneAndUpdate(and(eq(Docs.ID, name), free), update,
          new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
      return after != null && holder.equals(after.getString("holder"));
    } catch (MongoException e) {
      if (Errors.isDuplicateKey(e)) {
        return false;
      }
      throw Errors.translate(e, "tryAcquireLease");
    }
  }

  @Override
  public void releaseLease(String name, String holder) {
    StoreContract.checkLeaseHolder(name, holder);
    write("releaseLease", () -> leases.deleteOne(and(eq(Docs.ID, name), eq("holder", holder))));
  }


  @Override
  public boolean supportsRestore() {
    return true;
  }

  /**
   * One {@code replaceOne(key, document, upsert)} per entity, parents first: each entity is written atomically and
   * exactly (version included); a re-run writes the same documents again. Marks of the fallback protocol on a
   * replaced document are dropped with it, which is why nobody else may write these entities meanwhile.
   */
  @Override
  public void restore(String tenant, TenantEntities entities) {
    if (!StoreContract.checkRestore(tenant, entities)) {
      return;
    }
    ReplaceOptions upsert = new ReplaceOptions().upsert(true);
    write("restore", () -> {
      for (Warehouse w : entities.warehouses()) {
        warehouses.replaceOne(Docs.namedKey(tenant, w.name()), Docs.warehouseDoc(w, w.version()), upsert);
      }
      for (Catalog c : entities.catalogs()) {
        catalogs.replaceOne(Docs.catalogKey(tenant, c.name()), Docs.catalogDoc(c, c.version()), upsert);
      }
      for (Namespace n : entities.namespacesParentsFirst()) {
        namespaces.replaceOne(Docs.namespaceKey(tenant, n.catalog(), n.name()), Docs.namespaceDoc(n, n.version()),
            upsert);
      }
      for (Asset a : entities.assets()) {
        assets.replaceOne(Docs.assetKey(tenant, a.key()), Docs.assetDoc(a, a.version()), upsert);
      }
      for (User u : entities.users()) {
        users.replaceOne(Docs.namedKey(tenant, u.name()), Docs.userDoc(u, u.version()), upsert);
      }
      return null;
    });
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    maintenance.close();
    client.close();
  }
}
