package io.pangolin.store.mongo;

import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.ProviderConfig;
import io.pangolin.spi.StoreProvider;
import java.util.Objects;

/**
 * Provides the MongoDB store under the name {@code mongo}. Keys: see {@link MongoStoreConfig} and the module README;
 * only {@code connection-string} is required.
 */
public final class MongoStoreProvider implements StoreProvider {
  public static final String NAME = "mongo";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Connects, detects the topology, applies sharding when connected through mongos, creates the indexes and rolls
   * unfinished multi-document writes of a previous run forward or back.
   *
   * @throws io.pangolin.api.ValidationException bad configuration
   * @throws io.pangolin.api.UnavailableException MongoDB cannot be reached within the server selection timeout
   */
  @Override
  public MetadataStore open(ProviderConfig config) {
    return open(MongoStoreConfig.from(config));
  }

  /** Opens a store from a typed configuration (for embedders that configure in code). */
  public MetadataStore open(MongoStoreConfig config) {
    Objects.requireNonNull(config, "config");
    return MongoMetadataStore.open(config, StoreOptions.defaults());
  }
}
