package io.pangolin.tenancy;

import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.tck.MetadataStoreTck;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole store test kit through the cache (Caffeine + Redis) over the tenant router:
 * MongoDB (mongo-java-server), every tenant in a database of its own.
 */
class CachedDedicatedMongoTckTest extends MetadataStoreTck {
  @RegisterExtension
  static final MongoPlaces MONGO = new MongoPlaces();
  @RegisterExtension
  static final TestCache CACHE = new TestCache();

  @Override
  protected MetadataStore newStore() {
    return CACHE.over(MONGO.open(Tier.DEDICATED)).controlPlane();
  }
}
