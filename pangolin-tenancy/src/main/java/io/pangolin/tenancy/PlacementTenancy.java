package io.pangolin.tenancy;

import io.pangolin.api.NotFoundException;
import io.pangolin.api.TenantPlacement;
import io.pangolin.api.TenantUsage;
import io.pangolin.api.ValidationException;
import io.pangolin.spi.DecoratedTenancy;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.ProviderConfig;
import io.pangolin.spi.StoreProvider;
import io.pangolin.spi.TenancyStrategy;
import io.pangolin.spi.UsageMeasurement;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * The tenancy strategy: every tenant is placed on a {@link Tier} — the deployment's default, or the one named at its
 * creation — recorded in a placement registry in the control-plane (shared) store, and its calls are routed there.
 *
 * <ul>
 *   <li>{@link #controlPlane()} is the {@link TenantRoutingStore}: tenant registry, placement-aware creation and
 *       deletion, and routing of every tenant-scoped call by its tenant argument;
 *   <li>{@link #storeFor(String)} is that router bound to one tenant (calls naming another tenant are refused);
 *   <li>{@link #provision} / {@link #deprovision} make sure a tenant's place exists / is gone (creation and deletion
 *       through the control plane already do this; both are idempotent);
 *   <li>{@link #move} moves a tenant to another tier ({@link TenantMover}), {@link #usage} measures it.
 * </ul>
 *
 * Found by {@link io.pangolin.spi.Providers#tenancy(String)} under {@code shared}, {@code hybrid} and
 * {@code dedicated} (the default tier), or opened in code with {@link #open}. Thread-safe.
 */
public final class PlacementTenancy implements TenancyStrategy {
  private final MetadataStore control;
  private final PlaceStores places;
  private final TenantLifecycle lifecycle;
  private final TenantRoutingStore router;
  private final TenantMover mover;
  private final TenancyConfig config;
  private final AtomicBoolean closed = new AtomicBoolean();

  private PlacementTenancy(StoreProvider provider, MetadataStore control, TenancyConfig config, ProviderConfig base) {
    this.control = control;
    this.config = config;
    Clock clock = Clock.systemUTC();
    PlaceConfigs configs = new PlaceConfigs(provider, base, config);
    this.places = new PlaceStores(control, provider, configs, config.maxOpenPlaces(), config.idleTimeout());
    PlacementRegistry registry = new PlacementRegistry(control, config.placementTtl(), clock);
    this.lifecycle = new TenantLifecycle(this, control, registry, places, config, configs, clock);
    WriteGates gates = new WriteGates(config.switchTimeout());
    this.router = new TenantRoutingStore(this, lifecycle, gates);
    this.mover = new TenantMover(lifecycle, gates, config);
  }

  /**
   * Opens the shared store ({@code stores} with {@code storeConfig}) as control plane and shared place. Tenants'
   * places are opened through {@code stores} with configurations derived from {@code storeConfig}.
   *
   * @throws ValidationException bad configuration
   * @throws io.pangolin.api.UnavailableException the store cannot be reached
   */
  public static PlacementTenancy open(StoreProvider stores, ProviderConfig storeConfig, TenancyConfig config) {
    Objects.requireNonNull(stores, "stores");
    Objects.requireNonNull(storeConfig, "storeConfig");
    Objects.requireNonNull(config, "config");
    MetadataStore control = stores.open(storeConfig);
    try {
      PlacementTenancy tenancy = new PlacementTenancy(stores, control, config, storeConfig);
      tenancy.places.start();
      tenancy.mover.start();
      return tenancy;
    } catch (RuntimeException e) {
      control.close();
      throw e;
    }
  }

  /** The deployment's default tier: {@code shared}, {@code hybrid} or {@code dedicated}. */
  @Override
  public String name() {
    return config.defaultTier().key();
  }

  /** {@code shared}, {@code hybrid} and {@code dedicated}. */
  @Override
  public Set<String> tiers() {
    return Set.of(Tier.SHARED.key(), Tier.HYBRID.key(), Tier.DEDICATED.key());
  }

  public TenancyConfig config() {
    return config;
  }

  @Override
  public MetadataStore storeFor(String tenant) {
    return new TenantBoundStore(router, Objects.requireNonNull(tenant, "tenant"));
  }

  /**
   * This strategy with the router seen through {@code decorator} (a cache): {@link #storeFor} of the result is the
   * decorated router bound to one tenant; a move invalidates the moved tenant in the decorator.
   */
  @Override
  public TenancyStrategy decorated(UnaryOperator<MetadataStore> decorator) {
    return DecoratedTenancy.of(this, decorator.apply(router), routing -> tenant -> new TenantBoundStore(routing,
        tenant));
  }

  /** The {@link TenantRoutingStore}; closing it closes the strategy. */
  @Override
  public TenantRoutingStore controlPlane() {
    return router;
  }

  public TenantMover mover() {
    return mover;
  }

  /** Creates the tenant on {@code tier} (default: the deployment's), placed and provisioned by the router. */
  @Override
  public io.pangolin.api.Tenant create(io.pangolin.api.Tenant tenant, Optional<String> tier,
      Optional<String> server) {
    return router.createTenant(tenant, tier.map(Tier::parse), server);
  }

  @Override
  public void provision(String tenant) {
    lifecycle.ensureProvisioned(tenant);
  }

  /**
   * Drops the place of a deleted tenant if one is still recorded (deleting through the control plane drops it
   * already; this finishes a deletion that was interrupted). @throws io.pangolin.api.ConflictException the tenant
   * still exists
   */
  @Override
  public void deprovision(String tenant) {
    if (control.getTenant(tenant).isPresent()) {
      throw new io.pangolin.api.ConflictException("tenant '" + tenant + "' still exists; delete it first");
    }
    lifecycle.registry().read(tenant).ifPresent(lifecycle::dropPlace);
  }

  /** @throws NotFoundException the tenant does not exist */
  @Override
  public TenantPlacement placement(String tenant) {
    Optional<Placement> p = lifecycle.registry().read(tenant);
    if (p.isEmpty() && control.getTenant(tenant).isEmpty()) {
      throw new NotFoundException("tenant '" + tenant + "' does not exist");
    }
    return p.orElseGet(() -> Placement.legacy(tenant)).toSpi();
  }

  /** Moves the tenant ({@link TenantMover#move(String, Tier)}) and returns its new placement. */
  @Override
  public TenantPlacement move(String tenant, String tier) {
    mover.move(tenant, Tier.parse(tier));
    return placement(tenant);
  }

  @Override
  public TenantUsage usage(String tenant) {
    TenantPlacement p = placement(tenant);
    return UsageMeasurement.measure(storeFor(tenant), tenant, p.tier());
  }

  /** Number of tenants' place stores open right now (each holds a connection pool). */
  public int openPlaces() {
    return places.openCount();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      mover.close();
      places.close();
    } finally {
      control.close();
    }
  }

  @Override
  public String toString() {
    return "PlacementTenancy[" + config.defaultTier().key() + "]";
  }
}
