package io.pangolin.spi;

import io.pangolin.api.TenantPlacement;
import io.pangolin.api.TenantUsage;

/**
 * Decides where a tenant's data lives (shared schema, own schema, own database) and routes to it. The engine asks
 * for the store of the request's tenant on every call; the returned store must never expose another tenant's data.
 */
public interface TenancyStrategy extends AutoCloseable {
  /** Name used in configuration, e.g. {@code shared}, {@code hybrid}, {@code dedicated}. */
  String name();

  /** The store holding {@code tenant}'s data. Must be cheap; called on every request. */
  MetadataStore storeFor(String tenant);

  /** The store holding deployment-wide data: the tenant registry and placements. */
  MetadataStore controlPlane();

  /** Prepares the place for a new tenant (schema, database, migrations). Idempotent. */
  default void provision(String tenant) {}

  /** Removes the place of a deleted tenant. Idempotent. */
  default void deprovision(String tenant) {}

  /** The tiers a tenant can be created on ({@link #create}); the default: {@link #name()} only. */
  default java.util.Set<String> tiers() {
    return java.util.Set.of(name());
  }

  /**
   * Registers {@code tenant} in the control plane on {@code tier} (empty: the default tier) — for a dedicated tenant
   * optionally on a named {@code server} — and provisions its place. The default: one tier, no servers; creates the
   * tenant in the control plane and calls {@link #provision}.
   *
   * @throws io.pangolin.api.ValidationException an unknown tier or server
   * @throws io.pangolin.api.AlreadyExistsException the tenant exists
   */
  default io.pangolin.api.Tenant create(io.pangolin.api.Tenant tenant, java.util.Optional<String> tier,
      java.util.Optional<String> server) {
    if (tier.filter(t -> !t.equals(name())).isPresent() || server.isPresent()) {
      throw new io.pangolin.api.ValidationException("tenancy strategy '" + name() + "' has the one tier '" + name()
          + "' and no named servers");
    }
    io.pangolin.api.Tenant created = controlPlane().createTenant(tenant);
    provision(tenant.name());
    return created;
  }

  /** Where {@code tenant} lives. The default: every tenant on this strategy's only tier, no place of its own. */
  default TenantPlacement placement(String tenant) {
    return TenantPlacement.of(tenant, name(), "");
  }

  /**
   * Moves {@code tenant} to another tier (e.g. {@code shared} to {@code dedicated}) and returns its new placement.
   * Long-running; writes of the tenant wait only while the placement switches. Re-runnable after an interruption.
   *
   * @throws io.pangolin.api.ValidationException the strategy cannot move tenants (the default) or knows no such tier
   * @throws io.pangolin.api.NotFoundException the tenant does not exist
   */
  default TenantPlacement move(String tenant, String tier) {
    throw new io.pangolin.api.ValidationException("tenancy strategy '" + name() + "' cannot move tenants");
  }

  /** What {@code tenant} holds (catalogs, namespaces, assets, users, size), measured in its own store. */
  default TenantUsage usage(String tenant) {
    return UsageMeasurement.measure(storeFor(tenant), tenant, placement(tenant).tier());
  }

  /**
   * This strategy with its stores seen through {@code decorator} — a cache, say, whose keys carry the tenant — applied
   * once, to the store that routes every tenant's calls; {@link #storeFor} of the result binds that decorated store to
   * one tenant as this strategy binds its own. Tenants are still placed, provisioned and moved by this strategy; a
   * move invalidates the moved tenant in the decorator ({@link TenantInvalidation}). Closing the result closes the
   * decorated store, then this strategy. The default refuses: a strategy supports decorators by overriding this,
   * usually with {@link DecoratedTenancy#of}.
   *
   * @param decorator wraps a store; closing what it returns must not close the store it was given
   * @throws io.pangolin.api.ValidationException the strategy cannot be decorated
   */
  default TenancyStrategy decorated(java.util.function.UnaryOperator<MetadataStore> decorator) {
    throw new io.pangolin.api.ValidationException("tenancy strategy '" + name() + "' cannot be decorated (e.g. "
        + "with a cache)");
  }

  @Override
  void close();

  /** The trivial strategy: every tenant lives in {@code store}, isolated by the tenant column/field. */
  static TenancyStrategy shared(MetadataStore store) {
    return new TenancyStrategy() {
      @Override
      public String name() {
        return "shared";
      }

      @Override
      public MetadataStore storeFor(String tenant) {
        return store;
      }

      @Override
      public MetadataStore controlPlane() {
        return store;
      }

      /** One store for every tenant: the decorated store is every tenant's. */
      @Override
      public TenancyStrategy decorated(java.util.function.UnaryOperator<MetadataStore> decorator) {
        return DecoratedTenancy.of(this, decorator.apply(store), decoratedStore -> tenant -> decoratedStore);
      }

      @Override
      public void close() {
        store.close();
      }
    };
  }
}
