/**
 * The {@code caffeine-redis} cache provider: {@link io.pangolin.cache.CaffeineRedisCacheProvider} and its typed
 * configuration {@link io.pangolin.cache.CacheConfig}. Everything else is package-private.
 *
 * <p>The cache decorates the store SPI, so every engine rule above it (validation, quotas, audit, Iceberg commit
 * semantics) is unchanged and the decorated store passes the same test kit as a plain store.
 */
package io.pangolin.cache;
