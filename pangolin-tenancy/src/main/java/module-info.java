/**
 * Tenancy strategies of Pangolin: where each tenant's data lives — the shared store (rows tagged with the tenant),
 * a schema of its own (hybrid) or a database of its own (dedicated) — chosen per deployment and per tenant, with a
 * placement registry in the control-plane store, provisioning, routing by tenant, tier moves and per-tenant usage.
 * Stores are created through the {@link io.pangolin.spi.StoreProvider} the strategy is given; this module knows no
 * driver.
 */
module io.pangolin.tenancy {
  requires transitive io.pangolin.spi;

  exports io.pangolin.tenancy;

  provides io.pangolin.spi.TenancyProvider with
      io.pangolin.tenancy.SharedTenancyProvider,
      io.pangolin.tenancy.HybridTenancyProvider,
      io.pangolin.tenancy.DedicatedTenancyProvider;
}
