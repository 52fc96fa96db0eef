package io.pangolin.cache;

import io.pangolin.spi.CacheObserver;
import io.pangolin.spi.CacheProvider;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.ProviderConfig;
import java.util.Objects;

/**
 * The {@code caffeine-redis} cache: Caffeine in every instance, Redis shared behind it, every write invalidated in
 * every instance. Found by {@link java.util.ServiceLoader} under {@link #NAME}; stateless, public no-arg constructor.
 *
 * <pre>{@code
 * Pangolin.builder()
 *     .store("postgres", storeConfig)
 *     .cache("caffeine-redis", ProviderConfig.of(Map.of("redis-address", "redis://127.0.0.1:6379")))
 *     .build();
 * // or typed:
 * MetadataStore cached = CaffeineRedisCacheProvider.decorate(store,
 *     CacheConfig.builder().redisAddress("redis://127.0.0.1:6379").build(), CacheObserver.NONE);
 * }</pre>
 */
public final class CaffeineRedisCacheProvider implements CacheProvider {
  /** The provider name in configuration. */
  public static final String NAME = "caffeine-redis";

  @Override
  public String name() {
    return NAME;
  }

  /** @throws io.pangolin.api.ValidationException a configuration value is malformed */
  @Override
  public MetadataStore decorate(MetadataStore delegate, ProviderConfig config) {
    return decorate(delegate, config, CacheObserver.NONE);
  }

  /** @throws io.pangolin.api.ValidationException a configuration value is malformed */
  @Override
  public MetadataStore decorate(MetadataStore delegate, ProviderConfig config, CacheObserver observer) {
    return decorate(delegate, CacheConfig.from(config), observer);
  }

  /**
   * Wraps {@code delegate} in the cache. Never fails because Redis is unreachable: the cache then starts
   * local-only (degraded) and joins when Redis answers. Closing the result closes the cache, not the delegate.
   */
  public static MetadataStore decorate(MetadataStore delegate, CacheConfig config, CacheObserver observer) {
    return new CachingMetadataStore(Objects.requireNonNull(delegate, "delegate"),
        Objects.requireNonNull(config, "config"), Objects.requireNonNull(observer, "observer")).start();
  }
}
