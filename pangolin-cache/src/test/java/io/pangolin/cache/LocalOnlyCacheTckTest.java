package io.pangolin.cache;

import io.pangolin.spi.CacheObserver;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.tck.MetadataStoreTck;
import io.pangolin.store.memory.MemoryMetadataStore;

/** The whole store test kit through the cache without Redis (L1 only) over the in-memory store. */
class LocalOnlyCacheTckTest extends MetadataStoreTck {
  @Override
  protected MetadataStore newStore() {
    return CaffeineRedisCacheProvider.decorate(new MemoryMetadataStore(), CacheConfig.defaults(), CacheObserver.NONE);
  }
}
