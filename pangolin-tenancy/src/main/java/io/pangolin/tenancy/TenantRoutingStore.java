package io.pangolin.tenancy;

import io.pangolin.api.Catalog;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.Tenant;
import io.pangolin.api.UnavailableException;
import io.pangolin.api.ValidationException;
import io.pangolin.spi.ForwardingMetadataStore;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.PlacementRecord;
import io.pangolin.spi.StoreContract;
import io.pangolin.spi.StoreHealth;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A {@link MetadataStore} over every tenant of a {@link PlacementTenancy}: each call goes to the store of the place
 * its tenant argument lives in (the shared control-plane store, the tenant's schema or its database), looked up in the
 * placement registry. The tenant registry itself — {@code createTenant}, {@code getTenant}, {@code listTenants},
 * {@code updateTenant}, {@code deleteTenant} — is the control-plane store's tenant table; creating a tenant also
 * provisions its place, deleting one drops it ({@link TenantLifecycle}). Principals, leases and the storage-root
 * registry live in the control-plane store. This is the strategy's {@link PlacementTenancy#controlPlane()} and passes
 * the whole store test kit under every tier.
 *
 * <h2>Placement at creation</h2>
 * A new tenant goes to the deployment's default tier unless its creation names one
 * ({@link #createTenant(Tenant, Optional, Optional)}, {@link PlacementTenancy#create}): {@code shared},
 * {@code hybrid} or {@code dedicated}, and for a dedicated tenant optionally a named server. Tenant properties never
 * carry placement: the placement is a record of its own ({@link io.pangolin.spi.PlacementRecord}), and no tenant
 * property name is reserved.
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
 * place of their own (raised before each catalog create and lowered after each delete through this store) and the
 * creates in flight of shared-store tenants; a crash between two steps leaves a count one too high — conservative —
 * until the tenant's next move recounts it. {@link #createCatalog(Catalog, long)} keeps the deployment-wide quota
 * exact over all places.
 *
 * <h2>Health and stats</h2>
 * {@link #health()} is the control-plane store's with the tier and the number of open place stores;
 * {@link #stats()} are the control-plane store's pools and replicas (the shared store, where shared-tier tenants
 * live), not the small pools of hybrid and dedicated tenants' place stores.
 */
public final class TenantRoutingStore extends ForwardingMetadataStore {
  private static final System.Logger LOG = System.getLogger(TenantRoutingStore.class.getName());
  private final PlacementTenancy owner;
  private final TenantLifecycle lifecycle;
  final MetadataStore control;
  private final PlacementRegistry registry;
  private final PlaceStores places;
  private final WriteGates gates;
  private final TenancyConfig config;

  TenantRoutingStore(PlacementTenancy owner, TenantLifecycle lifecycle, WriteGates gates) {
    this.owner = owner;
    this.lifecycle = lifecycle;
    this.control = lifecycle.control();
    this.registry = lifecycle.registry();
    this.places = lifecycle.places();
    this.gates = gates;
    this.config = lifecycle.config();
  }

  // ---- routing --------------------------------------------------------------------------------------------------

  /** The control-plane store; tenant-scoped calls go to their tenant's place instead ({@link #forward}). */
  @Override
  protected MetadataStore delegate() {
    return control;
  }

  /**
   * Reads go to the tenant's place, writes too through the tenant's write gate; principals, leases and the
   * storage-root registry and placements go to the control-plane store.
   */
  @Override
  protected <T> T forward(Call call, Function<MetadataStore, T> body) {
    return switch (call.scope()) {
      case TENANT_READ -> read(call.tenant().orElse(null), body);
      case TENANT_WRITE -> write(call.tenant().orElse(null), body);
      case CONTROL_PLANE, DEPLOYMENT -> {
        call.tenant().ifPresent(TenantRoutingStore::tenantArg);
        yield body.apply(control);
      }
    };
  }

  static String tenantArg(String tenant) {
    return Objects.requireNonNull(tenant, "tenant");
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

  /** Registers the tenant at the default tier ({@link TenantLifecycle#create}). */
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
    return lifecycle.create(tenant, chosen, chosenServer);
  }

  @Override
  public Optional<Tenant> getTenant(String name) {
    Objects.requireNonNull(name, "name");
    return control.getTenant(name);
  }

  /** The registry's tenants in name order. */
  @Override
  public Page<Tenant> listTenants(PageRequest page) {
    Objects.requireNonNull(page, "page");
    return control.listTenants(page);
  }

  @Override
  public Tenant updateTenant(Tenant tenant, long expectedVersion) {
    Objects.requireNonNull(tenant, "tenant");
    return control.updateTenant(tenant, expectedVersion);
  }

  /** Deletes the tenant and then its place ({@link TenantLifecycle#delete}). */
  @Override
  public void deleteTenant(String name) {
    lifecycle.delete(name);
  }

  // ---- catalogs: counted in the registry for tenants with a place of their own -----------------------------------

  /**
   * Creates the catalog in its tenant's place, within the deployment-wide quota {@code maxCatalogs} counted over
   * every place ({@link #countCatalogs()}), exact across any number of instances without a lock: each create
   * <em>writes before it counts</em>, so of two racing creates the one that counts last sees the other. The write is
   * a raise of the tenant's count in its placement record (a compare-and-swap in the control-plane store); then the
   * deployment is counted — above the quota the count is lowered again and the create refused — and then the catalog
   * is created in the place (the count is lowered again if that fails). For a tenant with a place of its own the
   * raised count is its catalog count from then on; for a tenant of the shared store, whose catalogs the shared store
   * counts itself, the raise marks a create in flight and is lowered once the catalog is stored.
   *
   * <p>A crash after a raise and before its lowering leaves the tenant's count one too high: the quota is reached one
   * catalog early, never passed, until the tenant's next move sets the count from the catalogs it copied.
   */
  @Override
  public Catalog createCatalog(Catalog catalog, long maxCatalogs) {
    Objects.requireNonNull(catalog, "catalog");
    return write(catalog.tenant(), (p, s) -> {
      boolean shared = p.place().shared();
      if (shared && !StoreContract.limited(maxCatalogs)) {
        return s.createCatalog(catalog);
      }
      registry.addCatalogs(catalog.tenant(), 1);
      Catalog created;
      try {
        if (StoreContract.limited(maxCatalogs)) {
          StoreContract.checkCatalogQuota(countCatalogs() - 1, maxCatalogs);
        }
        created = s.createCatalog(catalog);
      } catch (RuntimeException e) {
        lowerQuietly(catalog.tenant(), e);
        throw e;
      }
      if (shared) {
        lowerQuietly(catalog.tenant(), null);
      }
      return created;
    });
  }

  /** Lowers the tenant's count; if that fails the count stays one too high, which is conservative. */
  private void lowerQuietly(String tenant, RuntimeException failure) {
    try {
      registry.addCatalogs(tenant, -1);
    } catch (RuntimeException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      } else {
        LOG.log(System.Logger.Level.WARNING, "tenant '" + tenant + "': lowering its catalog count failed, the"
            + " deployment's catalog quota counts one catalog too many until the tenant's next move: " + e);
      }
    }
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

  /**
   * The shared store's catalogs plus the counts the registry keeps: the catalogs of tenants with a place of their own
   * and the creates in flight of tenants in the shared store.
   *
   * <p>The registry is read <em>before</em> the shared store: a shared-store create raises its count, stores its
   * catalog, then lowers the count, so a counter reading in this order sees it in one of the two reads (or both:
   * counted twice refuses early, never late), or reads its record before its raise — and then that create raised
   * after this counter's own raise and counts it. In the other order a create stored and lowered between the two
   * reads would be seen by neither, and two creates could pass the quota by one.
   */
  @Override
  public long countCatalogs() {
    long counted = registry.catalogsCounted();
    return counted + control.countCatalogs();
  }

  // ---- lifecycle ------------------------------------------------------------------------------------------------

  /**
   * Placements live in the control-plane store for every tier. Writes here bypass the registry, so they also drop
   * its cached entry of the tenant: this instance routes by the stored placement from its next call.
   */
  @Override
  public PlacementRecord createPlacement(PlacementRecord placement) {
    try {
      return super.createPlacement(placement);
    } finally {
      registry.forget(placement.tenant());
    }
  }

  @Override
  public PlacementRecord updatePlacement(PlacementRecord placement, long expectedVersion) {
    try {
      return super.updatePlacement(placement, expectedVersion);
    } finally {
      registry.forget(placement.tenant());
    }
  }

  @Override
  public void deletePlacement(String tenant) {
    try {
      super.deletePlacement(tenant);
    } finally {
      registry.forget(tenant);
    }
  }

  @Override
  public StoreHealth health() {
    return lifecycle.health();
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
