package io.pangolin.store.postgres;

import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.PlaceScope;
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

  /**
   * {@link PlaceScope#SCHEMA}: creates the configured {@code schema} in the URL's database and migrates it;
   * {@link PlaceScope#DATABASE}: first creates the URL's database (from {@code template1}) if it does not exist.
   * Connects to {@code migration-url} when set (PostgreSQL directly, past PgBouncer), else to {@code url}; creating a
   * database goes through that server's {@code postgres} database.
   */
  @Override
  public void provision(ProviderConfig config, PlaceScope scope) {
    Provisioning.provision(PostgresStoreConfig.from(config), scope);
  }

  /**
   * {@code DROP SCHEMA … CASCADE} of the configured schema, or {@code DROP DATABASE … WITH (FORCE)} of the URL's
   * database (never {@code postgres} or a template).
   */
  @Override
  public void deprovision(ProviderConfig config, PlaceScope scope) {
    Provisioning.deprovision(PostgresStoreConfig.from(config), scope);
  }
}
