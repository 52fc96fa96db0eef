package io.pangolin.cache;

import io.pangolin.spi.CacheObserver;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.tck.MetadataStoreTck;
import io.pangolin.store.memory.MemoryMetadataStore;
import org.junit.jupiter.api.AfterAll;

/** The whole store test kit through the cache (L1 + L2 on the machine's Redis) over the in-memory store. */
class CachedMemoryStoreTckTest extends MetadataStoreTck {
  private final CacheConfig config = TestRedis.isolated().build();

  @Override
  protected MetadataStore newStore() {
    return CaffeineRedisCacheProvider.decorate(new MemoryMetadataStore(), config, CacheObserver.NONE);
  }

  @AfterAll
  void deleteKeys() {
    TestRedis.deleteKeys(TestRedis.ADDRESS, config.keyPrefix());
  }
}
