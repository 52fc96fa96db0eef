package io.pangolin.store.postgres;

import io.pangolin.api.ValidationException;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.PlaceScope;
import io.pangolin.spi.PlaceSpec;
import io.pangolin.spi.ProviderConfig;
import io.pangolin.spi.StoreProvider;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

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

  /**
   * {@link PlaceScope#SCHEMA}: the same {@code url} with {@code schema=<place>}; {@link PlaceScope#DATABASE}: {@code url}
   * (and {@code migration-url}) with the database replaced by {@code <place>} and no replicas. Both with the place's
   * {@code pool-size} (replicas' too) and {@code migrate=false} when asked.
   *
   * @throws ValidationException a database of its own is asked for and {@code url} names no database to replace
   */
  @Override
  public ProviderConfig placeConfig(ProviderConfig base, PlaceSpec place) {
    Map<String, String> set = new HashMap<>();
    if (place.scope() == PlaceScope.SCHEMA) {
      set.put("schema", place.name());
    } else {
      String url = base.get("url").orElseThrow(() -> new ValidationException("store configuration 'url' is "
          + "required"));
      set.put("url", Provisioning.withDatabase(url.strip(), place.name()));
      base.get("migration-url").ifPresent(u -> set.put("migration-url", Provisioning.withDatabase(u.strip(),
          place.name())));
      set.put("replicas", "");
    }
    set.put("pool-size", Integer.toString(place.poolSize()));
    set.put("replica-pool-size", Integer.toString(place.poolSize()));
    if (!place.migrate()) {
      set.put("migrate", "false");
    }
    Map<String, String> values = Map.copyOf(set);
    return key -> values.containsKey(key) ? Optional.of(values.get(key)) : base.get(key);
  }
}
