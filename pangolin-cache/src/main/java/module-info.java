/**
 * The distributed metadata cache of Pangolin: a {@link io.pangolin.spi.MetadataStore} decorator with a Caffeine
 * cache in every instance (L1) and, optionally, Redis shared behind it (L2, through Redisson), invalidated on every
 * write in every instance over Redis pub/sub. Provided under the name {@code caffeine-redis}.
 */
module io.pangolin.cache {
  requires transitive io.pangolin.spi;
  requires com.github.benmanes.caffeine;
  requires redisson;

  exports io.pangolin.cache;

  provides io.pangolin.spi.CacheProvider with io.pangolin.cache.CaffeineRedisCacheProvider;
}
