package io.pangolin.tenancy;

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
import io.pangolin.api.Grant;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.Principal;
import io.pangolin.api.Role;
import io.pangolin.api.Tenant;
import io.pangolin.api.UnavailableException;
import io.pangolin.api.User;
import io.pangolin.api.ValidationException;
import io.pangolin.api.Warehouse;
import io.pangolin.spi.AssetQuota;
import io.pangolin.spi.AssetUpdate;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.PrincipalRecord;
import io.pangolin.spi.StoreStats;
import io.pangolin.spi.StorageRootClaim;
import io.pangolin.spi.StoreHealth;
import io.pangolin.spi.TenantEntities;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A {@link MetadataStore} over every tenant of a {@link PlacementTenancy}: each call goes to the store of the place
 * its tenant argument lives in (the shared control-plane store, the tenant's schema or its database), looked up in the
 * placement registry. The tenant registry itself — {@code createTenant}, {@code getTenant}, {@code listTenants},
 * {@code updateTenant}, {@code deleteTenant} — is the control-plane store's tenant table; creating a tenant also
 * provisions its place, deleting one drops it. This is the strategy's {@link PlacementTenancy#controlPlane()} and
 * passes the whole store test kit under every tier.
 *
 * <h2>Placement at creation</h2>
 * A new tenant goes to the deployment's default tier unless its creation names one
 * ({@link #createTenant(Tenant, Optional, Optional)}, {@link PlacementTenancy#create}): {@code shared},
 * {@code hybrid} or {@code dedicated}, and for a dedicated tenant optionally a named server. Tenant properties never
 * carry placement: {@code pangolin.placement.*} properties are refused, at creation and on updates.
 *
 * <h2>Isolation</h2>
 * A tenant's calls reach only its own place; within a place every row still carries the tenant and every query
 * filters on it, as in the shared store. No session state is set on any connection: stores qualify every name, so a
 * pooled connection (PgBouncer in transaction mode included) never carries one tenant's schema into another's call.
 *
 * <h2>Writes during a move</h2>
 * Writes of a tenant whose move is switching wait (up to {@code switch-timeout-ms}, then
 * {@link UnavailableException}) and then go to the new place; reads go on against the old one. See
 * {@link TenantMover}.
 *
 * <h2>Deployment-wide catalog count</h2>
 * {@link #countCatalogs()} is the shared store's count plus the catalog counts the registry keeps for tenants with a
 * place of their own (updated after each catalog create and delete through this store; a crash between the two can
 * leave a count off by one until the tenant's next move recounts it).
 */
public final class TenantRoutingStore implements MetadataStore {
  private static final System.Logger LOG = System.getLogger(TenantRoutingStore.class.getName());
  static final String RESERVED_PREFIX = "pangolin.placement.";
  /** A registry row without its tenant is taken over by a new creation after this long. */
  private static final Duration ABANDONED = Duration.ofMinutes(1);

  private final PlacementTenancy owner;
  final MetadataStore control;
  final PlacementRegistry registry;
  final PlaceStores places;
  final WriteGates gates;
  final TenancyConfig config;
  final PlaceConfigs configs;
  final Clock clock;

  TenantRoutingStore(PlacementTenancy owner, MetadataStore control, PlacementRegistry registry, PlaceStores places,
      WriteGates gates, TenancyConfig config, PlaceConfigs configs, Clock clock) {
    this.owner = owner;
    this.control = control;
    this.registry = registry;
    this.places = places;
    this.gates = gates;
    this.config = config;
    this.configs = configs;
    this.clock = clock;
  }

  // ---- routing --------------------------------------------------------------------------------------------------

  private static String tenantArg(String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    if (PlacementRegistry.reserved(tenant)) {
      throw new ValidationException("'" + tenant + "' is not a tenant name");
    }
    return tenant;
  }

  <T> T read(String tenant, Function<MetadataStore, T> call) {
    Placement p = registry.route(tenantArg(tenant));
    return places.with(p.place(), call);
  }

  <T> T write(String tenant, Function<MetadataStore, T> call) {
    return write(tenant, (p, s) -> call.apply(s));
  }

  /**
   * Runs a write against the tenant's place: passes this instance's gate for the tenant, and waits while the
   * registry shows the tenant's move switching (without holding the gate, which the move closes meanwhile).
   */
  <T> T write(String tenant, BiFunction<Placement, MetadataStore, T> call) {
    tenantArg(tenant);
    long deadline = System.nanoTime() + config.switchTimeout().toNanos();
    for (;;) {
      WriteGates.Pass pass = gates.enter(tenant);
      try {
        Placement p = registry.route(tenant);
        if (!p.switching()) {
          return places.with(p.place(), s -> call.apply(p, s));
        }
      } finally {
        pass.close();
      }
      awaitSwitch(tenant, deadline);
    }
  }

  private void awaitSwitch(String tenant, long deadline) {
    for (;;) {
      if (System.nanoTime() > deadline) {
        throw new UnavailableException("tenant '" + tenant + "' is being moved to another tier and its writes are "
            + "paused for the switch; retry");
      }
      WriteGates.sleep(20);
      if (registry.read(tenant).map(p -> !p.switching()).orElse(true)) {
        return;
      }
    }
  }

  // ---- tenants (the registry) -----------------------------------------------------------------------------------

  /**
   * Registers the tenant at its tier: claims its placement row, provisions its place (schema or database, migrated)
   * with an anchor row of the tenant there, then stores the tenant in the registry. If anything fails the claim and
   * the place are undone, so a failed creation leaves nothing behind.
   */
  @Override
  public Tenant createTenant(Tenant tenant) {
    return createTenant(tenant, Optional.empty(), Optional.empty());
  }

  /**
   * Like {@link #createTenant(Tenant)}, on {@code chosen} (empty: the default tier) and, for a dedicated tenant, on
   * the named {@code server}.
   *
   * @throws ValidationException a server for another tier than dedicated, or an unknown server
   */
  public Tenant createTenant(Tenant tenant, Optional<Tier> chosen, Optional<String> chosenServer) {
    Objects.requireNonNull(tenant, "tenant");
    String name = tenantArg(tenant.name());
    Tier tier = chosen.orElse(config.defaultTier());
    Optional<String> server = chosenServer.map(String::strip);
    rejectReserved(tenant.properties());
    if (server.isPresent()) {
      if (tier != Tier.DEDICATED) {
        throw new ValidationException("a server applies to the dedicated tier only");
      }
      configs.requireServer(server.get());
    }
    if (control.getTenant(name).isPresent()) {
      throw new AlreadyExistsException("tenant '" + name + "' already exists");
    }
    Place place = tier == Tier.SHARED ? Place.SHARED
        : new Place(tier, server.map(s -> s + "/").orElse("") + PlaceNames.of(config.placePrefix(), name));
    Placement claimed = claim(name, place);
    try {
      if (!place.shared()) {
        places.provision(place);
        places.with(place, s -> ensureAnchor(s, tenant));
      }
      return control.createTenant(tenant);
    } catch (RuntimeException e) {
      abandon(claimed, e);
      throw e;
    }
  }

  private Placement claim(String name, Place place) {
    Placement wanted = Placement.of(name, place, clock.instant());
    try {
      return registry.create(wanted);
    } catch (AlreadyExistsException e) {
      Placement existing = registry.read(name).orElseThrow(() -> e);
      if (control.getTenant(name).isPresent() || existing.move().isPresent()) {
        throw new AlreadyExistsException("tenant '" + name + "' already exists");
      }
      if (existing.createdAt().isAfter(clock.instant().minus(ABANDONED))) {
        throw new AlreadyExistsException("tenant '" + name + "' already exists (its creation is under way)");
      }
      // left behind by a creation or deletion that did not finish: drop its place and take the row over
      if (!existing.place().shared() && !existing.place().equals(place)) {
        places.drop(existing.place());
      }
      return registry.update(new Placement(name, place, 0, Optional.empty(), Optional.empty(), wanted.createdAt(),
          existing.version()), existing);
    }
  }

  private void abandon(Placement claimed, RuntimeException cause) {
    try {
      if (control.getTenant(claimed.tenant()).isPresent()) {
        return;
      }
      if (!claimed.place().shared()) {
        places.drop(claimed.place());
      }
      registry.delete(claimed.tenant());
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** The tenant's row in its own place, which its warehouses, catalogs and users refer to. */
  static Void ensureAnchor(MetadataStore place, Tenant tenant) {
    if (place.getTenant(tenant.name()).isEmpty()) {
      try {
        place.createTenant(new Tenant(tenant.name(), Map.of(), tenant.createdAt(), tenant.updatedAt(), 0));
      } catch (AlreadyExistsException e) {
        // created concurrently or by an earlier attempt
      }
    }
    return null;
  }

  private static void rejectReserved(Map<String, String> props) {
    for (String key : props.keySet()) {
      if (key.startsWith(RESERVED_PREFIX)) {
        throw new ValidationException("tenant property '" + key + "' is reserved: a tenant's placement is chosen "
            + "with its tier at creation and changed only by moving the tenant");
      }
    }
  }

  // ---- principals (control plane) ----------------------------------------------------------------------------

  @Override
  public PrincipalRecord createPrincipal(PrincipalRecord principal) {
    return control.createPrincipal(principal);
  }

  @Override
  public Optional<PrincipalRecord> getPrincipal(String id) {
    return control.getPrincipal(id);
  }

  @Override
  public Optional<PrincipalRecord> getPrincipalByName(Optional<String> tenant, Principal.Kind kind, String name) {
    return control.getPrincipalByName(tenant, kind, name);
  }

  @Override
  public Page<PrincipalRecord> listPrincipals(Optional<String> tenant, PageRequest page) {
    return control.listPrincipals(tenant, page);
  }

  @Override
  public PrincipalRecord updatePrincipal(PrincipalRecord principal, long expectedVersion) {
    return control.updatePrincipal(principal, expectedVersion);
  }

  @Override
  public void deletePrincipal(String id) {
    control.deletePrincipal(id);
  }

  @Override
  public Optional<Tenant> getTenant(String name) {
    Objects.requireNonNull(name, "name");
    return PlacementRegistry.reserved(name) ? Optional.empty() : control.getTenant(name);
  }

  /** The registry's tenants in name order; the placement rows after them are left out. */
  @Override
  public Page<Tenant> listTenants(PageRequest page) {
    Objects.requireNonNull(page, "page");
    Page<Tenant> p = control.listTenants(page);
    List<Tenant> real = p.items().stream().takeWhile(t -> !PlacementRegistry.reserved(t.name())).toList();
    if (real.size() < p.items().size()) {
      return Page.last(real);
    }
    if (p.nextToken().isPresent()) {
      List<Tenant> next = control.listTenants(PageRequest.after(p.nextToken().get(), 1)).items();
      if (next.isEmpty() || PlacementRegistry.reserved(next.get(0).name())) {
        return Page.last(real);
      }
    }
    return p;
  }

  @Override
  public Tenant updateTenant(Tenant tenant, long expectedVersion) {
    Objects.requireNonNull(tenant, "tenant");
    if (PlacementRegistry.reserved(tenant.name())) {
      throw new NotFoundException("tenant '" + tenant.name() + "' does not exist");
    }
    rejectReserved(tenant.properties());
    return control.updateTenant(tenant, expectedVersion);
  }

  /**
   * Deletes the tenant (refused while it has warehouses, catalogs or users) and then its place: the tenant's audit
   * events move to the shared store (they outlive the tenant) and the schema or database is dropped. A tenant being
   * moved cannot be deleted.
   */
  @Override
  public void deleteTenant(String name) {
    Objects.requireNonNull(name, "name");
    if (PlacementRegistry.reserved(name)) {
      throw new NotFoundException("tenant '" + name + "' does not exist");
    }
    Placement p = registry.read(name).orElseGet(() -> Placement.legacy(name));
    if (p.move().isPresent()) {
      throw new ConflictException("tenant '" + name + "' is being moved to the " + p.move().get().to().tier().key()
          + " tier; finish the move (run it again) or abort it first");
    }
    if (p.cleanup().isPresent()) {
      p = owner.mover().cleanUp(p);
    }
    if (p.place().shared()) {
      control.deleteTenant(name);
      if (p.version() > 0) {
        registry.delete(name);
      }
      return;
    }
    if (control.getTenant(name).isEmpty()) {
      throw new NotFoundException("tenant '" + name + "' does not exist");
    }
    try {
      places.with(p.place(), s -> {
        s.deleteTenant(name);
        return null;
      });
    } catch (NotFoundException e) {
      // the anchor went in an earlier attempt
    }
    control.deleteTenant(name);
    dropPlace(p);
  }

  /**
   * Drops the place of a deleted tenant — guarded: only a placement whose tenant is no longer registered, and only
   * the place the registry recorded for it.
   */
  void dropPlace(Placement p) {
    if (control.getTenant(p.tenant()).isPresent()) {
      throw new ConflictException("tenant '" + p.tenant() + "' still exists; delete it before dropping its place");
    }
    if (!p.place().shared()) {
      places.with(p.place(), s -> new TenantSync(p.tenant(), config.moveBatchSize(), null, 1, n -> { })
          .missingAudit(s, control, true));
      places.drop(p.place());
      // part of the tenant's deletion, which the engine audits (tenant.delete, with the caller as actor); the tenant's
      // log stays exactly what it recorded
      LOG.log(Level.INFO, "dropped " + p.place() + " of deleted tenant '" + p.tenant() + "'");
    }
    registry.delete(p.tenant());
  }

  /** The place of a registered tenant exists and holds its anchor (after a creation that crashed midway). */
  void ensureProvisioned(String tenant) {
    Tenant t = control.getTenant(tenantArg(tenant)).orElseThrow(() ->
        new NotFoundException("tenant '" + tenant + "' does not exist"));
    Placement p = registry.route(tenant);
    if (!p.place().shared() && !places.provisioned(p.place())) {
      places.provision(p.place());
      places.with(p.place(), s -> ensureAnchor(s, t));
    }
  }

  // ---- warehouses -----------------------------------------------------------------------------------------------

  @Override
  public Warehouse createWarehouse(Warehouse warehouse) {
    return write(warehouse.tenant(), s -> s.createWarehouse(warehouse));
  }

  @Override
  public Optional<Warehouse> getWarehouse(String tenant, String name) {
    return read(tenant, s -> s.getWarehouse(tenant, name));
  }

  @Override
  public Page<Warehouse> listWarehouses(String tenant, PageRequest page) {
    return read(tenant, s -> s.listWarehouses(tenant, page));
  }

  @Override
  public Warehouse updateWarehouse(Warehouse warehouse, long expectedVersion) {
    return write(warehouse.tenant(), s -> s.updateWarehouse(warehouse, expectedVersion));
  }

  @Override
  public void deleteWarehouse(String tenant, String name) {
    write(tenant, s -> {
      s.deleteWarehouse(tenant, name);
      return null;
    });
  }

  // ---- catalogs -------------------------------------------------------------------------------------------------

  @Override
  public Catalog createCatalog(Catalog catalog) {
    return write(catalog.tenant(), (p, s) -> {
      Catalog created = s.createCatalog(catalog);
      if (!p.place().shared()) {
        registry.addCatalogs(catalog.tenant(), 1);
      }
      return created;
    });
  }

  @Override
  public Optional<Catalog> getCatalog(String tenant, String name) {
    return read(tenant, s -> s.getCatalog(tenant, name));
  }

  @Override
  public Optional<CatalogBinding> getCatalogBinding(String tenant, String name) {
    return read(tenant, s -> s.getCatalogBinding(tenant, name));
  }

  @Override
  public Page<Catalog> listCatalogs(String tenant, PageRequest page) {
    return read(tenant, s -> s.listCatalogs(tenant, page));
  }

  @Override
  public Catalog updateCatalog(Catalog catalog, long expectedVersion) {
    return write(catalog.tenant(), s -> s.updateCatalog(catalog, expectedVersion));
  }

  @Override
  public void deleteCatalog(String tenant, String name) {
    write(tenant, (p, s) -> {
      s.deleteCatalog(tenant, name);
      if (!p.place().shared()) {
        registry.addCatalogs(tenant, -1);
      }
      return null;
    });
  }

  /** The shared store's catalogs plus the counts the registry keeps for tenants with a place of their own. */
  @Override
  public long countCatalogs() {
    return control.countCatalogs() + registry.catalogsOutsideShared();
  }

  // ---- storage roots: deployment-wide, kept in the control-plane store ------------------------------------------

  @Override
  public boolean supportsStorageRoots() {
    return control.supportsStorageRoots();
  }

  /** Recorded in the control-plane store for every tier, so roots are unique across schemas and databases. */
  @Override
  public boolean claimStorageRoot(StorageRootClaim claim) {
    tenantArg(claim.tenant());
    return control.claimStorageRoot(claim);
  }

  @Override
  public List<StorageRootClaim> storageRootsOverlapping(String root) {
    return control.storageRootsOverlapping(root);
  }

  @Override
  public void releaseStorageRoot(StorageRootClaim claim) {
    tenantArg(claim.tenant());
    control.releaseStorageRoot(claim);
  }

  /** Leases are deployment-wide: the control-plane store holds them for every tier. */
  @Override
  public boolean tryAcquireLease(String name, String holder, java.time.Duration ttl) {
    return control.tryAcquireLease(name, holder, ttl);
  }

  @Override
  public void releaseLease(String name, String holder) {
    control.releaseLease(name, holder);
  }

  // ---- namespaces -----------------------------------------------------------------------------------------------

  @Override
  public Namespace createNamespace(Namespace namespace) {
    return write(namespace.tenant(), s -> s.createNamespace(namespace));
  }

  @Override
  public Optional<Namespace> getNamespace(String tenant, String catalog, NamespaceName name) {
    return read(tenant, s -> s.getNamespace(tenant, catalog, name));
  }

  @Override
  public Page<Namespace> listNamespaces(String tenant, String catalog, NamespaceName parent, PageRequest page) {
    return read(tenant, s -> s.listNamespaces(tenant, catalog, parent, page));
  }

  @Override
  public Namespace updateNamespace(Namespace namespace, long expectedVersion) {
    return write(namespace.tenant(), s -> s.updateNamespace(namespace, expectedVersion));
  }

  @Override
  public void deleteNamespace(String tenant, String catalog, NamespaceName name) {
    write(tenant, s -> {
      s.deleteNamespace(tenant, catalog, name);
      return null;
    });
  }

  // ---- assets ---------------------------------------------------------------------------------------------------

  @Override
  public Asset createAsset(Asset asset, AssetQuota quota) {
    return write(asset.tenant(), s -> s.createAsset(asset, quota));
  }

  @Override
  public Optional<Asset> getAsset(String tenant, AssetKey key) {
    return read(tenant, s -> s.getAsset(tenant, key));
  }

  @Override
  public Page<Asset> listAssets(String tenant, String catalog, NamespaceName namespace, Optional<AssetKind> kind,
      PageRequest page) {
    return read(tenant, s -> s.listAssets(tenant, catalog, namespace, kind, page));
  }

  @Override
  public Page<AssetEntry> listAssetEntries(String tenant, String catalog, NamespaceName namespace,
      Optional<AssetKind> kind, PageRequest page) {
    return read(tenant, s -> s.listAssetEntries(tenant, catalog, namespace, kind, page));
  }

  @Override
  public Asset updateAsset(Asset asset, long expectedVersion) {
    return write(asset.tenant(), s -> s.updateAsset(asset, expectedVersion));
  }

  @Override
  public List<Asset> updateAssets(String tenant, List<AssetUpdate> updates) {
    return write(tenant, s -> s.updateAssets(tenant, updates));
  }

  @Override
  public Asset renameAsset(String tenant, AssetKey from, AssetKey to, long maxInTargetNamespace) {
    return write(tenant, s -> s.renameAsset(tenant, from, to, maxInTargetNamespace));
  }

  @Override
  public void deleteAsset(String tenant, AssetKey key) {
    write(tenant, s -> {
      s.deleteAsset(tenant, key);
      return null;
    });
  }

  @Override
  public long countAssets(String tenant, String catalog) {
    return read(tenant, s -> s.countAssets(tenant, catalog));
  }

  @Override
  public long countAssets(String tenant, String catalog, NamespaceName namespace) {
    return read(tenant, s -> s.countAssets(tenant, catalog, namespace));
  }

  @Override
  public Page<Asset> searchAssets(String tenant, AssetQuery query, PageRequest page) {
    return read(tenant, s -> s.searchAssets(tenant, query, page));
  }

  // ---- users ----------------------------------------------------------------------------------------------------

  @Override
  public Role createRole(String tenant, Role role) {
    return write(tenant, s -> s.createRole(tenant, role));
  }

  @Override
  public List<Role> listRoles(String tenant) {
    return read(tenant, s -> s.listRoles(tenant));
  }

  @Override
  public void deleteRole(String tenant, String name) {
    write(tenant, s -> {
      s.deleteRole(tenant, name);
      return null;
    });
  }

  @Override
  public Grant createGrant(String tenant, Grant grant) {
    return write(tenant, s -> s.createGrant(tenant, grant));
  }

  @Override
  public List<Grant> listGrants(String tenant) {
    return read(tenant, s -> s.listGrants(tenant));
  }

  @Override
  public void deleteGrant(String tenant, String id) {
    write(tenant, s -> {
      s.deleteGrant(tenant, id);
      return null;
    });
  }

  @Override
  public User createUser(User user, long maxUsers) {
    return write(user.tenant(), s -> s.createUser(user, maxUsers));
  }

  @Override
  public Optional<User> getUser(String tenant, String name) {
    return read(tenant, s -> s.getUser(tenant, name));
  }

  @Override
  public Page<User> listUsers(String tenant, PageRequest page) {
    return read(tenant, s -> s.listUsers(tenant, page));
  }

  @Override
  public User updateUser(User user, long expectedVersion) {
    return write(user.tenant(), s -> s.updateUser(user, expectedVersion));
  }

  @Override
  public void deleteUser(String tenant, String name) {
    write(tenant, s -> {
      s.deleteUser(tenant, name);
      return null;
    });
  }

  @Override
  public long countUsers(String tenant) {
    return read(tenant, s -> s.countUsers(tenant));
  }

  // ---- audit ----------------------------------------------------------------------------------------------------

  /** Goes to the tenant's place; events of unknown (or deleted) tenants go to the shared store. */
  @Override
  public void appendAudit(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    write(event.tenant(), s -> {
      s.appendAudit(event);
      return null;
    });
  }

  @Override
  public Page<AuditEvent> queryAudit(String tenant, AuditQuery query, PageRequest page) {
    return read(tenant, s -> s.queryAudit(tenant, query, page));
  }

  @Override
  public long countAudit(String tenant, AuditQuery query) {
    return read(tenant, s -> s.countAudit(tenant, query));
  }

  @Override
  public long archiveAudit(String tenant, java.time.Instant before) {
    return write(tenant, s -> s.archiveAudit(tenant, before));
  }

  @Override
  public Page<AuditEvent> queryArchivedAudit(String tenant, AuditQuery query, PageRequest page) {
    return read(tenant, s -> s.queryArchivedAudit(tenant, query, page));
  }

  @Override
  public long countArchivedAudit(String tenant, AuditQuery query) {
    return read(tenant, s -> s.countArchivedAudit(tenant, query));
  }

  // ---- restore --------------------------------------------------------------------------------------------------

  @Override
  public boolean supportsRestore() {
    return control.supportsRestore();
  }

  @Override
  public void restore(String tenant, TenantEntities entities) {
    write(tenant, s -> {
      s.restore(tenant, entities);
      return null;
    });
  }

  // ---- lifecycle ------------------------------------------------------------------------------------------------

  @Override
  public StoreHealth health() {
    StoreHealth h = control.health();
    return new StoreHealth(h.up(), h.detail() + "; tenancy " + config.defaultTier().key() + " by default, "
        + places.openCount() + " tenant place stores open");
  }

  /**
   * The control-plane store's pools and replicas (the shared store, where shared-tier tenants live); the small
   * pools of hybrid and dedicated tenants' place stores are not included.
   */
  @Override
  public StoreStats stats() {
    return control.stats();
  }

  /** Closes the whole strategy (this store is its control plane). */
  @Override
  public void close() {
    owner.close();
  }

  @Override
  public String toString() {
    return "TenantRoutingStore[" + config.defaultTier().key() + "]";
  }
}
