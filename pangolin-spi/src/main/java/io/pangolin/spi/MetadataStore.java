package io.pangolin.spi;

import io.pangolin.api.AlreadyExistsException;
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
import io.pangolin.api.Grant;
import io.pangolin.api.Principal;
import io.pangolin.api.Role;
import io.pangolin.api.Tenant;
import io.pangolin.api.User;
import io.pangolin.api.ValidationException;
import io.pangolin.api.Warehouse;
import java.util.List;
import java.util.Optional;

/**
 * The persistence contract of Pangolin: create / get / list / update / delete for each entity, compare-and-swap on
 * the version of an entity, and paged listing.
 *
 * <h2>Contract common to all methods</h2>
 *
 * <ul>
 *   <li><b>Thread-safety:</b> implementations are safe for concurrent use by any number of threads.
 *   <li><b>Tenant isolation:</b> every entity below the tenant is addressed with its tenant; an operation never reads
 *       or changes data of another tenant. Equal names in different tenants are unrelated.
 *   <li><b>Versions:</b> {@code create*} stores the entity with version 1 and returns what was stored. {@code update*}
 *       is a compare-and-swap: it succeeds only if the stored version equals {@code expectedVersion}, stores the new
 *       value with version {@code expectedVersion + 1} and returns it; otherwise it throws {@link ConflictException}
 *       and changes nothing; if the entity does not exist it throws {@link NotFoundException}. Timestamps and all
 *       other fields are persisted as given. Deleting a missing entity throws {@link NotFoundException}.
 *   <li><b>Identity fields</b> (tenant, names, kind, asset id) are not changed by {@code update*}; renames have their
 *       own operation.
 *   <li><b>Parents:</b> creating an entity whose parent is missing throws {@link NotFoundException} (tenant for
 *       warehouses, catalogs and users; tenant and warehouse for catalogs; catalog and parent namespace for
 *       namespaces; namespace for assets). The check and the insert are atomic.
 *   <li><b>Deletes are refused, never cascading:</b> deleting an entity that still has children throws
 *       {@link ConflictException} and deletes nothing (tenant with warehouses, catalogs or users; warehouse used by a
 *       catalog; catalog with namespaces; namespace with child namespaces or assets). Audit events are never deleted
 *       by these operations.
 *   <li><b>Order:</b> names compare by {@link String#compareTo} (code points; all names are ASCII), namespaces by
 *       {@link NamespaceName#compareTo} (level by level).
 *   <li><b>Paging:</b> listings have a stable total order (documented per method), pages never skip or repeat an
 *       item that existed for the whole traversal, and tokens are opaque strings valid across calls of any instance
 *       of the same store. A token from another listing or a garbled token throws {@link ValidationException}. A page
 *       may be shorter than requested only if it is the last; the last page has no next token.
 *   <li><b>Errors:</b> only {@link io.pangolin.api.PangolinException} subclasses escape; driver exceptions are
 *       translated (unreachable backend: {@link io.pangolin.api.UnavailableException}).
 * </ul>
 */
public interface MetadataStore extends AutoCloseable {

  // ---- tenants --------------------------------------------------------------------------------------------

  /** @throws AlreadyExistsException a tenant with that name exists */
  Tenant createTenant(Tenant tenant);

  Optional<Tenant> getTenant(String name);

  /** Ordered by name. */
  Page<Tenant> listTenants(PageRequest page);

  Tenant updateTenant(Tenant tenant, long expectedVersion);

  /** @throws ConflictException the tenant still has warehouses, catalogs or users */
  void deleteTenant(String name);

  // ---- warehouses -----------------------------------------------------------------------------------------

  Warehouse createWarehouse(Warehouse warehouse);

  Optional<Warehouse> getWarehouse(String tenant, String name);

  /** Ordered by name. */
  Page<Warehouse> listWarehouses(String tenant, PageRequest page);

  Warehouse updateWarehouse(Warehouse warehouse, long expectedVersion);

  /** @throws ConflictException a catalog still uses it */
  void deleteWarehouse(String tenant, String name);

  // ---- catalogs -------------------------------------------------------------------------------------------

  default Catalog createCatalog(Catalog catalog) {
    return createCatalog(catalog, Long.MAX_VALUE);
  }

  /**
   * Creates the catalog only if the store holds fewer than {@code maxCatalogs} catalogs of all tenants together (the
   * deployment-wide quota as far as this store holds the deployment's catalogs), decided atomically with the insert
   * (as for {@link #createAsset(Asset, AssetQuota)}): concurrent creates through any number of clients of the same
   * database never exceed it together. A decorator that spreads tenants over several stores (a tenancy router) decides
   * it over all of them.
   *
   * @throws io.pangolin.api.QuotaExceededException the store has {@code maxCatalogs} catalogs; nothing was written
   */
  Catalog createCatalog(Catalog catalog, long maxCatalogs);

  Optional<Catalog> getCatalog(String tenant, String name);

  /**
   * The catalog together with its warehouse, or empty if the catalog does not exist. Stores that can read both in
   * one round trip (a join) should override the default, which reads the catalog and then its warehouse; decorators
   * should forward it so the delegate's single read is used.
   *
   * @throws NotFoundException the catalog exists but its warehouse does not (the delete rules prevent that)
   */
  default Optional<CatalogBinding> getCatalogBinding(String tenant, String name) {
    return bindingOf(this, tenant, name);
  }

  /**
   * The catalog together with its warehouse read from {@code store} in two reads (the default of
   * {@link #getCatalogBinding}; for decorators whose own reads should serve it, such as a cache).
   */
  static Optional<CatalogBinding> bindingOf(MetadataStore store, String tenant, String name) {
    Optional<Catalog> catalog = store.getCatalog(tenant, name);
    if (catalog.isEmpty()) {
      return Optional.empty();
    }
    Warehouse warehouse = store.getWarehouse(tenant, catalog.get().warehouse())
        .orElseThrow(() -> new NotFoundException("warehouse '" + catalog.get().warehouse() + "' of catalog '"
            + name + "' does not exist"));
    return Optional.of(new CatalogBinding(catalog.get(), warehouse));
  }

  /** Ordered by name. */
  Page<Catalog> listCatalogs(String tenant, PageRequest page);

  Catalog updateCatalog(Catalog catalog, long expectedVersion);

  /** @throws ConflictException the catalog still has namespaces */
  void deleteCatalog(String tenant, String name);

  /** Number of catalogs of all tenants together (for the deployment-wide quota). */
  long countCatalogs();

  // ---- namespaces -----------------------------------------------------------------------------------------

  Namespace createNamespace(Namespace namespace);

  Optional<Namespace> getNamespace(String tenant, String catalog, NamespaceName name);

  /**
   * Direct children of {@code parent} ({@link NamespaceName#ROOT} lists the top level), ordered by their last level.
   * Lists nothing (no error) when the catalog or parent does not exist.
   */
  Page<Namespace> listNamespaces(String tenant, String catalog, NamespaceName parent, PageRequest page);

  /**
   * {@link #listNamespaces} narrowed to the names — what a listing answer such as Iceberg's {@code listNamespaces}
   * needs — so a store reads and maps no more than that (no properties or times). The same namespaces in the same
   * order and pages as {@link #listNamespaces} with the same arguments, and the same page tokens. The default maps
   * the page of {@link #listNamespaces} (right, but it reads whole namespaces); a store whose rows cost something to
   * map narrows its read (PostgreSQL and MongoDB do), and a decorator forwards it.
   */
  default Page<NamespaceName> listNamespaceNames(String tenant, String catalog, NamespaceName parent,
      PageRequest page) {
    Page<Namespace> namespaces = listNamespaces(tenant, catalog, parent, page);
    return new Page<>(namespaces.items().stream().map(Namespace::name).toList(), namespaces.nextToken());
  }

  Namespace updateNamespace(Namespace namespace, long expectedVersion);

  /** @throws ConflictException the namespace has child namespaces or assets */
  void deleteNamespace(String tenant, String catalog, NamespaceName name);

  // ---- assets ---------------------------------------------------------------------------------------------

  /** @throws AlreadyExistsException an asset of any kind has that key */
  default Asset createAsset(Asset asset) {
    return createAsset(asset, AssetQuota.NONE);
  }

  /**
   * Creates the asset only if its catalog holds fewer than {@link AssetQuota#maxPerCatalog()} and its namespace
   * fewer than {@link AssetQuota#maxPerNamespace()} assets, decided atomically with the insert: concurrent creates
   * through any number of clients of the same database never exceed a quota together (a store may refuse a create
   * near the quota while another one is in flight, never let one through too many).
   *
   * @throws AlreadyExistsException an asset of any kind has that key
   * @throws io.pangolin.api.QuotaExceededException a quota is reached; nothing was written
   */
  Asset createAsset(Asset asset, AssetQuota quota);

  Optional<Asset> getAsset(String tenant, AssetKey key);

  /** Assets of one namespace, optionally of one kind, ordered by name. */
  Page<Asset> listAssets(String tenant, String catalog, NamespaceName namespace, Optional<AssetKind> kind,
      PageRequest page);

  /**
   * {@link #listAssets} narrowed to what a listing answer needs — name, kind and whether there is a metadata file —
   * so a store reads and maps no more than that (no properties, locations or times). The same assets in the same
   * order and pages as {@link #listAssets} with the same arguments, and the same page tokens. The default maps the
   * page of {@link #listAssets} (right, but it reads whole assets); a store whose rows cost something to map narrows
   * its read (PostgreSQL and MongoDB do), and a decorator forwards it.
   */
  default Page<AssetEntry> listAssetEntries(String tenant, String catalog, NamespaceName namespace,
      Optional<AssetKind> kind, PageRequest page) {
    Page<Asset> assets = listAssets(tenant, catalog, namespace, kind, page);
    return new Page<>(assets.items().stream().map(AssetEntry::of).toList(), assets.nextToken());
  }

  Asset updateAsset(Asset asset, long expectedVersion);

  /**
   * Atomically applies all updates or none: if any asset is missing or not at its expected version, nothing
   * changes and {@link ConflictException} (or {@link NotFoundException}) is thrown. Used for multi-table commits.
   *
   * @param updates at most one entry per asset key, all of the given tenant
   * @return the stored assets, in the order of {@code updates}
   */
  List<Asset> updateAssets(String tenant, List<AssetUpdate> updates);

  /**
   * Moves an asset to a new key in the same catalog (namespace and/or name), keeping its id, bumping its version.
   *
   * @throws NotFoundException the source or the target namespace does not exist
   * @throws AlreadyExistsException an asset exists at the target key
   * @throws ValidationException the target is in another catalog
   */
  default Asset renameAsset(String tenant, AssetKey from, AssetKey to) {
    return renameAsset(tenant, from, to, Long.MAX_VALUE);
  }

  /**
   * {@link #renameAsset(String, AssetKey, AssetKey)} that, when the asset moves to another namespace, moves it only if
   * the target namespace holds fewer than {@code maxInTargetNamespace} assets, decided atomically with the move.
   *
   * @throws io.pangolin.api.QuotaExceededException the target namespace is full; nothing was changed
   */
  Asset renameAsset(String tenant, AssetKey from, AssetKey to, long maxInTargetNamespace);

  void deleteAsset(String tenant, AssetKey key);

  /** Number of assets of a catalog (all namespaces). */
  long countAssets(String tenant, String catalog);

  /** Number of assets directly in one namespace. */
  long countAssets(String tenant, String catalog, NamespaceName namespace);

  /** Assets of the tenant matching {@code query}, ordered by catalog, namespace, name. */
  Page<Asset> searchAssets(String tenant, AssetQuery query, PageRequest page);

  // ---- users ----------------------------------------------------------------------------------------------

  default User createUser(User user) {
    return createUser(user, Long.MAX_VALUE);
  }

  /**
   * Creates the user only if the tenant has fewer than {@code maxUsers} users, decided atomically with the insert
   * (as for {@link #createAsset(Asset, AssetQuota)}).
   *
   * @throws io.pangolin.api.QuotaExceededException the tenant has {@code maxUsers} users; nothing was written
   */
  User createUser(User user, long maxUsers);

  Optional<User> getUser(String tenant, String name);

  /** Ordered by name. */
  Page<User> listUsers(String tenant, PageRequest page);

  User updateUser(User user, long expectedVersion);

  void deleteUser(String tenant, String name);

  long countUsers(String tenant);

  // ---- audit ----------------------------------------------------------------------------------------------

  /** Appends an event. Does not require the tenant to exist (failed attempts on unknown tenants are recorded). */
  void appendAudit(AuditEvent event);

  /** Events of the tenant matching {@code query}, newest first (timestamp descending, then id descending). */
  Page<AuditEvent> queryAudit(String tenant, AuditQuery query, PageRequest page);

  long countAudit(String tenant, AuditQuery query);

  /**
   * Whether this store keeps an audit archive ({@link #archiveAudit}, {@link #queryArchivedAudit},
   * {@link #countArchivedAudit}). The default is {@code false}; the engine then refuses the archive operations with a
   * {@link ValidationException} before calling the store. Only the tenant's store is asked.
   */
  default boolean supportsAuditArchive() {
    return false;
  }

  /**
   * Moves the tenant's audit events with a timestamp before {@code before} from its log to its audit archive: once
   * this returns, each such event is in the archive and no longer in the log (an event is never lost nor archived
   * twice, also when archival runs on several instances at once or is interrupted and run again). Events appended
   * meanwhile with an older timestamp may stay in the log until the next run.
   *
   * @return how many events this call moved
   * @throws ValidationException the store keeps no audit archive (the default)
   */
  default long archiveAudit(String tenant, java.time.Instant before) {
    throw noAuditArchive(this);
  }

  /**
   * Archived events of the tenant matching {@code query}, in the order of {@link #queryAudit}.
   *
   * @throws ValidationException the store keeps no audit archive (the default)
   */
  default Page<AuditEvent> queryArchivedAudit(String tenant, AuditQuery query, PageRequest page) {
    throw noAuditArchive(this);
  }

  /**
   * How many archived events of the tenant match {@code query}.
   *
   * @throws ValidationException the store keeps no audit archive (the default)
   */
  default long countArchivedAudit(String tenant, AuditQuery query) {
    throw noAuditArchive(this);
  }

  /** The refusal of the archive operations by a store without an audit archive. */
  static ValidationException noAuditArchive(MetadataStore store) {
    return new ValidationException("this deployment's store (" + store.getClass().getSimpleName()
        + ") keeps no audit archive");
  }

  // ---- principals (control plane) -------------------------------------------------------------------------

  /**
   * Stores a new principal with version 1. Called on the deployment's control-plane store only.
   *
   * @throws AlreadyExistsException its id, or its name among the principals of the same tenant and kind, is taken
   * @throws NotFoundException its tenant does not exist
   */
  PrincipalRecord createPrincipal(PrincipalRecord principal);

  Optional<PrincipalRecord> getPrincipal(String id);

  /** The principal of {@code kind} named {@code name} in {@code tenant} (empty tenant: root principals). */
  Optional<PrincipalRecord> getPrincipalByName(Optional<String> tenant, Principal.Kind kind, String name);

  /** The principals of {@code tenant} (empty: root principals), of every kind, ordered by name, then kind. */
  Page<PrincipalRecord> listPrincipals(Optional<String> tenant, PageRequest page);

  /** @throws ConflictException the stored version is not {@code expectedVersion}; NotFoundException it is gone */
  PrincipalRecord updatePrincipal(PrincipalRecord principal, long expectedVersion);

  /** @throws NotFoundException it does not exist */
  void deletePrincipal(String id);

  // ---- placements (control plane) -------------------------------------------------------------------------

  /**
   * Stores a new placement ({@link PlacementRecord}) with version 1. Called on the deployment's control-plane store
   * only; the tenant's row need not exist.
   *
   * @throws AlreadyExistsException the tenant has a placement already
   */
  PlacementRecord createPlacement(PlacementRecord placement);

  /** The tenant's placement, read from the primary (never a lagging replica): routing depends on it. */
  Optional<PlacementRecord> getPlacement(String tenant);

  /** Every placement, ordered by tenant. */
  Page<PlacementRecord> listPlacements(PageRequest page);

  /**
   * Replaces the placement's fields (all but the tenant) if its stored version is {@code expectedVersion}, and
   * stores it with version {@code expectedVersion + 1}: a compare-and-swap.
   *
   * @throws ConflictException the stored version is not {@code expectedVersion}
   * @throws NotFoundException the tenant has no placement
   */
  PlacementRecord updatePlacement(PlacementRecord placement, long expectedVersion);

  /** @throws NotFoundException the tenant has no placement */
  void deletePlacement(String tenant);

  // ---- custom roles and grants (the tenant's store) -------------------------------------------------------

  /**
   * Stores a custom role of the tenant.
   *
   * @throws AlreadyExistsException the name is taken in the tenant
   * @throws NotFoundException the tenant does not exist
   */
  Role createRole(String tenant, Role role);

  /** The tenant's custom roles, ordered by name. */
  List<Role> listRoles(String tenant);

  /**
   * Deletes a custom role and every grant given to it, atomically.
   *
   * @throws NotFoundException it does not exist
   */
  void deleteRole(String tenant, String name);

  /**
   * Stores a grant.
   *
   * @throws AlreadyExistsException its id is taken, or its grantee already has a grant on the same scope
   * @throws NotFoundException the tenant does not exist
   */
  Grant createGrant(String tenant, Grant grant);

  /** All grants of the tenant (a tenant has few; the engine caches them), ordered by id. */
  List<Grant> listGrants(String tenant);

  /** @throws NotFoundException it does not exist */
  void deleteGrant(String tenant, String id);

  // ---- storage roots (optional; deployment-wide) ----------------------------------------------------------

  /**
   * Whether this store keeps the deployment-wide registry of storage roots ({@link #claimStorageRoot},
   * {@link #storageRootsOverlapping}, {@link #releaseStorageRoot}). The default is {@code false}; the engine then
   * falls back to scanning every tenant's warehouses, which is not safe against concurrent creates. Only the
   * control-plane store of a deployment is asked.
   */
  default boolean supportsStorageRoots() {
    return false;
  }

  /**
   * Records {@code claim}: its root belongs to that warehouse. Atomic and unique by root across all tenants — of two
   * concurrent claims of one root at most one succeeds. Claiming a root the same warehouse already holds changes
   * nothing and returns {@code false}. Does not check overlaps (a root inside another one); the engine claims, then
   * asks {@link #storageRootsOverlapping} and releases its claim if it finds another one, so of two overlapping
   * concurrent claims at most one survives. The tenant need not exist in this store.
   *
   * @return {@code true} if the claim was recorded now, {@code false} if the same warehouse already held it
   * @throws io.pangolin.api.ConflictException another warehouse (of any tenant) holds the root; nothing changes
   * @throws ValidationException the store keeps no registry (the default)
   */
  default boolean claimStorageRoot(StorageRootClaim claim) {
    throw new ValidationException("this store (" + getClass().getSimpleName() + ") keeps no storage-root registry");
  }

  /**
   * Every claim whose root equals {@code root}, contains it or lies inside it ({@link StorageRootClaim#overlaps}),
   * of all tenants, read from the primary (claims recorded before the call are seen), ordered by root.
   *
   * @throws ValidationException the store keeps no registry (the default)
   */
  default List<StorageRootClaim> storageRootsOverlapping(String root) {
    throw new ValidationException("this store (" + getClass().getSimpleName() + ") keeps no storage-root registry");
  }

  /**
   * Removes {@code claim} if exactly that warehouse holds that root; otherwise changes nothing (releasing is
   * idempotent and never removes another warehouse's claim).
   *
   * @throws ValidationException the store keeps no registry (the default)
   */
  default void releaseStorageRoot(StorageRootClaim claim) {
    throw new ValidationException("this store (" + getClass().getSimpleName() + ") keeps no storage-root registry");
  }

  // ---- restore (optional) ---------------------------------------------------------------------------------

  /**
   * Takes or renews the deployment-wide lease {@code name} for {@code holder} until {@code ttl} from now: succeeds
   * when nobody holds it, when its holder's time has run out, or when {@code holder} already holds it (a renewal).
   * Of concurrent callers for one free lease exactly one succeeds. Leases live in the control plane of a deployment
   * and are not tenant data; servers use them to run periodic work on one instance at a time.
   *
   * @return whether {@code holder} holds the lease now
   */
  boolean tryAcquireLease(String name, String holder, java.time.Duration ttl);

  /** Gives up the lease {@code name} if {@code holder} holds it; otherwise does nothing. */
  void releaseLease(String name, String holder);

  /** Whether {@link #restore} is implemented. The default is {@code false}. */
  default boolean supportsRestore() {
    return false;
  }

  /**
   * Writes entities of {@code tenant} exactly as given — versions, timestamps and ids included — creating each one
   * or replacing the one stored under the same key. For copying a tenant from one place to another (tier moves of
   * {@code pangolin-tenancy}) and restores; not a normal write path: there is no compare-and-swap, and nobody else
   * may write the same entities meanwhile. The tenant must exist in this store; parents must be restored before
   * (or in the same batch as) their children — a store may refuse a child whose parent is missing with
   * {@link NotFoundException}. Each entity is written atomically; the batch as a whole need not be, so after a
   * failure part of it may be stored, and running the same call again is safe.
   *
   * @throws ValidationException the store does not support restoring (the default), or an entity belongs to
   *     another tenant (then nothing is written)
   */
  default void restore(String tenant, TenantEntities entities) {
    throw new ValidationException("this store (" + getClass().getSimpleName() + ") does not support restore");
  }

  // ---- lifecycle ------------------------------------------------------------------------------------------

  /** A cheap liveness probe of the backend; never throws. */
  default StoreHealth health() {
    return StoreHealth.up("ok");
  }

  /**
   * The store's connection pools and read replicas now (for metrics and readiness): cheap — counters the store
   * already keeps, no I/O — thread-safe and never throws. The default is {@link StoreStats#none()}.
   */
  default StoreStats stats() {
    return StoreStats.none();
  }

  /** Releases connections and threads. Idempotent. */
  @Override
  void close();
}
