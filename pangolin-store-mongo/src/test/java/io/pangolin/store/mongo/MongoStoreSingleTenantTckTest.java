package io.pangolin.store.mongo;

import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.tck.MetadataStoreTck;
import io.pangolin.store.mongo.MongoStoreConfig.ShardKeyMode;

/** The store test kit with the single-tenant shard-key mode (other index layout, same contract). */
class MongoStoreSingleTenantTckTest extends MetadataStoreTck {
  @Override
  protected MetadataStore newStore() {
    return MongoMetadataStore.open(TestServers.config(TestServers.sharedUri(), TestServers.database("tck_st"))
        .shardKeyMode(ShardKeyMode.SINGLE_TENANT).build(), StoreOptions.defaults());
  }
}
