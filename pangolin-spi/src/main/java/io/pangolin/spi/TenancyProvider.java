package io.pangolin.spi;

/** Creates a {@link TenancyStrategy} by name, given the store provider that creates per-tenant stores. */
public interface TenancyProvider {
  String name();

  /**
   * @param stores creates stores for tenants' places (databases, schemas)
   * @param storeConfig the configuration of the default store
   * @param config the strategy's own configuration
   */
  TenancyStrategy open(StoreProvider stores, ProviderConfig storeConfig, ProviderConfig config);
}
