package io.pangolin.store.mongo;

import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.tck.MetadataStoreTck;

/**
 * The whole store test kit through the real MongoDB driver against mongo-java-server, multi-tenant shard-key mode.
 * mongo-java-server has no transactions, so this exercises the fallback protocol ({@code transactions=auto} picks
 * it on a standalone server).
 */
class MongoStoreTckTest extends MetadataStoreTck {
  @Override
  protected MetadataStore newStore() {
    return MongoMetadataStore.open(TestServers.config(TestServers.sharedUri(), TestServers.database("tck_mt")).build(),
        StoreOptions.defaults());
  }
}
