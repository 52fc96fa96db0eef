/**
 * Pangolin's plugin contracts. Stores, caches and tenancy strategies implement these and are found by name through
 * {@link java.util.ServiceLoader}. No driver, framework or container types appear here.
 */
module io.pangolin.spi {
  requires transitive io.pangolin.api;

  exports io.pangolin.spi;

  uses io.pangolin.spi.StoreProvider;
  uses io.pangolin.spi.CacheProvider;
  uses io.pangolin.spi.TenancyProvider;
}
