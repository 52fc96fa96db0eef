/**
 * The Pangolin engine: implements the services of {@code io.pangolin.api} over the SPI, with the rules written
 * once — naming, depth limits, quotas, audit, location policy. {@link io.pangolin.core.Pangolin#builder()} assembles
 * an instance from code, without any container.
 */
module io.pangolin.core {
  requires transitive io.pangolin.spi;
  requires org.bouncycastle.provider;
  requires com.github.benmanes.caffeine;

  exports io.pangolin.core;

  uses io.pangolin.spi.StoreProvider;
  uses io.pangolin.spi.CacheProvider;
}
