package io.pangolin.spi;

import io.pangolin.api.TenantPlacement;
import io.pangolin.api.TenantUsage;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A {@link TenancyStrategy} whose stores are seen through one decorator — a cache, say — applied once to the
 * strategy's routing store: {@link #controlPlane()} is the decorated routing store and {@link #storeFor} binds it to
 * one tenant the way the strategy binds its own. Placement, tiers and provisioning are the strategy's. After a
 * {@linkplain #move move} (and a deprovisioning) the tenant is invalidated in the decorator if it is a
 * {@link TenantInvalidation}, so no instance keeps answering from the tenant's old place. Made by
 * {@link TenancyStrategy#decorated}; closing it closes the decorator, then the strategy.
 */
public final class DecoratedTenancy implements TenancyStrategy {
  private final TenancyStrategy strategy;
  private final MetadataStore routing;
  private final Function<MetadataStore, Function<String, MetadataStore>> binder;
  private final Function<String, MetadataStore> bind;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DecoratedTenancy(TenancyStrategy strategy, MetadataStore routing,
      Function<MetadataStore, Function<String, MetadataStore>> binder) {
    this.strategy = strategy;
    this.routing = routing;
    this.binder = binder;
    this.bind = binder.apply(routing);
  }

  /**
   * @param strategy the strategy that places, provisions and moves tenants
   * @param routing the decorated routing store of {@code strategy} (it serves every tenant by its tenant argument)
   * @param binder given {@code routing}, the store of one tenant over it (e.g. a view refusing other tenants)
   */
  public static DecoratedTenancy of(TenancyStrategy strategy, MetadataStore routing,
      Function<MetadataStore, Function<String, MetadataStore>> binder) {
    return new DecoratedTenancy(Objects.requireNonNull(strategy, "strategy"), Objects.requireNonNull(routing,
        "routing"), Objects.requireNonNull(binder, "binder"));
  }

  /** The decorated strategy. */
  public TenancyStrategy strategy() {
    return strategy;
  }

  @Override
  public String name() {
    return strategy.name();
  }

  @Override
  public MetadataStore storeFor(String tenant) {
    return bind.apply(Objects.requireNonNull(tenant, "tenant"));
  }

  @Override
  public MetadataStore controlPlane() {
    return routing;
  }

  @Override
  public void provision(String tenant) {
    strategy.provision(tenant);
  }

  /** Creates the tenant through the strategy, then drops what the decorator may have cached of the name. */
  @Override
  public io.pangolin.api.Tenant create(io.pangolin.api.Tenant tenant, java.util.Optional<String> tier,
      java.util.Optional<String> server) {
    try {
      return strategy.create(tenant, tier, server);
    } finally {
      invalidate(tenant.name());
    }
  }

  @Override
  public void deprovision(String tenant) {
    strategy.deprovision(tenant);
    invalidate(tenant);
  }

  @Override
  public Set<String> tiers() {
    return strategy.tiers();
  }

  @Override
  public TenantPlacement placement(String tenant) {
    return strategy.placement(tenant);
  }

  /** Moves the tenant ({@link TenancyStrategy#move}), then drops it from the decorator on every instance. */
  @Override
  public TenantPlacement move(String tenant, String tier) {
    try {
      return strategy.move(tenant, tier);
    } finally {
      invalidate(tenant); // also after a failed move: it may have switched before failing
    }
  }

  @Override
  public TenantUsage usage(String tenant) {
    return strategy.usage(tenant);
  }

  /** Decorates the decorated routing store once more (the strategy's binding is kept). */
  @Override
  public TenancyStrategy decorated(java.util.function.UnaryOperator<MetadataStore> decorator) {
    return new DecoratedTenancy(this, Objects.requireNonNull(decorator.apply(routing), "decorated store"), binder);
  }

  private void invalidate(String tenant) {
    if (routing instanceof TenantInvalidation cache) {
      cache.invalidateTenant(tenant);
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      routing.close();
    } finally {
      strategy.close();
    }
  }

  @Override
  public String toString() {
    return "DecoratedTenancy[" + strategy + "]";
  }
}
