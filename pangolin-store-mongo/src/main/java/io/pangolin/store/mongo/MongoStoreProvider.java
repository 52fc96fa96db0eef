package io.pangolin.store.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.pangolin.api.ValidationException;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.PlaceScope;
import io.pangolin.spi.PlaceSpec;
import io.pangolin.spi.ProviderConfig;
import io.pangolin.spi.StoreProvider;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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

  /**
   * A database of its own for a tenant, for either {@link PlaceScope} (on MongoDB a schema-per-tenant place is a
   * database on the shared server): the configured {@code database} gets its indexes (and sharding through mongos)
   * by opening a store on it once. MongoDB creates the database itself on the first write.
   */
  @Override
  public void provision(ProviderConfig config, PlaceScope scope) {
    open(MongoStoreConfig.from(config)).close();
  }

  /** Drops the configured {@code database} ({@code dropDatabase}); never {@code admin}, {@code local}, {@code config}. */
  @Override
  public void deprovision(ProviderConfig config, PlaceScope scope) {
    MongoStoreConfig cfg = MongoStoreConfig.from(config);
    if (Set.of("admin", "local", "config").contains(cfg.database())) {
      throw new ValidationException("refusing to drop database '" + cfg.database() + "'");
    }
    MongoClientSettings settings = MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(cfg.connectionString()))
        .applicationName("pangolin-provisioning")
        .applyToClusterSettings(c -> c.serverSelectionTimeout(cfg.serverSelectionTimeout().toMillis(),
            TimeUnit.MILLISECONDS))
        .build();
    try (MongoClient client = MongoClients.create(settings)) {
      client.getDatabase(cfg.database()).drop();
    } catch (MongoException e) {
      throw Errors.translate(e, "drop database '" + cfg.database() + "'");
    }
  }

  /** Either scope: {@code database=<place>} on the configured server (a database of its own in MongoDB). */
  @Override
  public ProviderConfig placeConfig(ProviderConfig base, PlaceSpec place) {
    String database = place.name();
    return key -> key.equals("database") ? Optional.of(database) : base.get(key);
  }

  /** Opening a store creates its database, collections and indexes. */
  @Override
  public PlacePreparation placePreparation() {
    return PlacePreparation.OPEN;
  }
}
