package io.pangolin.tenancy;

import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.tck.MetadataStoreTck;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole store test kit through the cache (Caffeine + Redis) over the tenant router:
 * PostgreSQL, every tenant in the shared store.
 */
class CachedSharedPostgresTckTest extends MetadataStoreTck {
  @RegisterExtension
  static final PostgresPlaces PG = new PostgresPlaces();
  @RegisterExtension
  static final TestCache CACHE = new TestCache();

  @Override
  protected MetadataStore newStore() {
    return CACHE.over(PG.open(Tier.SHARED)).controlPlane();
  }
}
