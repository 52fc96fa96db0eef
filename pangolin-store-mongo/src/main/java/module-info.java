/**
 * The MongoDB {@link io.pangolin.spi.MetadataStore}, provided under the name {@code mongo}. Exports only the provider
 * and its typed configuration; documents, queries, the fallback write protocol, sharding setup and audit archival
 * are internal.
 */
module io.pangolin.store.mongo {
  requires io.pangolin.spi;
  requires org.mongodb.driver.sync.client;
  requires org.mongodb.driver.core;
  requires org.mongodb.bson;
  requires io.github.resilience4j.core;
  requires io.github.resilience4j.retry;

  exports io.pangolin.store.mongo;

  provides io.pangolin.spi.StoreProvider with io.pangolin.store.mongo.MongoStoreProvider;
}
