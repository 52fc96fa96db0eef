package io.pangolin.store.postgres;

import io.pangolin.api.UnavailableException;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Applies the versioned schema migrations ({@code META-INF/pangolin-store-postgres/migration/V*__*.sql}) with
 * Flyway. The location is outside any Java package so the resources stay readable when this jar is a named module.
 * Flyway serializes concurrent migrations of one schema with a transaction-scoped advisory lock, so several
 * instances may start at once. Flyway briefly changes {@code search_path} on its own connection; that connection
 * is not pooled by the store, and {@code migration-url} lets operators send it to PostgreSQL directly, past
 * PgBouncer.
 */
final class Migrations {
  static final String LOCATION = "classpath:META-INF/pangolin-store-postgres/migration";
  static final String HISTORY_TABLE = "flyway_schema_history";

  private Migrations() {}

  static void migrate(PostgresStoreConfig cfg) {
    boolean direct = cfg.migrationUrl().isPresent();
    String url = cfg.migrationUrl().orElse(cfg.url());
    Properties driver = new Properties();
    if (cfg.pgbouncer() && !direct) {
      Pools.driverSettingsForPgBouncer(driver);
    }
    try {
      Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(url, cfg.user().orElse(null), cfg.password().orElse(null))
          .jdbcProperties(toMap(driver))
          .schemas(cfg.schema())
          .createSchemas(true)
          .table(HISTORY_TABLE)
          .locations(LOCATION)
          .placeholders(Map.of("schema", cfg.schema()))
          .validateMigrationNaming(true)
          .connectRetries(0)
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw SqlErrors.isConnectionFailure(e)
          ? new UnavailableException("cannot reach PostgreSQL to migrate schema '" + cfg.schema() + "'", e)
          : new UnavailableException("migrating schema '" + cfg.schema() + "' failed: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> toMap(Properties p) {
    Map<String, String> m = new java.util.HashMap<>();
    p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
    return m;
  }
}
