package io.pangolin.spi;

/**
 * Decorates a store with a cache. The decorated store must honour the whole {@link MetadataStore} contract (it runs
 * the same test kit): every write through it invalidates what it changed, and reads never return a value older than
 * the last write acknowledged by any instance sharing the cache.
 */
public interface CacheProvider {
  /** Unique name used in configuration, e.g. {@code caffeine-redis}. */
  String name();

  /** Wraps {@code delegate}; closing the result closes the cache, not the delegate. */
  MetadataStore decorate(MetadataStore delegate, ProviderConfig config);

  /**
   * Like {@link #decorate(MetadataStore, ProviderConfig)}, reporting hits, misses, evictions, invalidations and
   * state changes to {@code observer}. The default ignores the observer.
   */
  default MetadataStore decorate(MetadataStore delegate, ProviderConfig config, CacheObserver observer) {
    return decorate(delegate, config);
  }
}
