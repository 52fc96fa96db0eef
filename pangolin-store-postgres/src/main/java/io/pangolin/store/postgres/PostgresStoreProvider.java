package io.pangolin.store.postgres;

import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.ProviderConfig;
import io.pangolin.spi.StoreProvider;

/**
 * Provides {@link PostgresMetadataStore} under the name {@code postgres}. The configuration is bound to a
 * {@link PostgresStoreConfig} (keys listed there) before anything else happens.
 */
public final class PostgresStoreProvider implements StoreProvider {
  public static final String NAME = "postgres";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * @throws io.pangolin.api.ValidationException bad configuration
   * @throws io.pangolin.api.UnavailableException PostgreSQL cannot be reached or the migration failed
   */
  @Override
  public MetadataStore open(ProviderConfig config) {
    return PostgresMetadataStore.open(PostgresStoreConfig.from(config));
  }
}
