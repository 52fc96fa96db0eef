package io.pangolin.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Properties;

/**
 * HikariCP pools for the primary and the replicas. Nothing here sets session state: no {@code connectionInitSql},
 * no isolation level or read-only flag on the connection (pgjdbc would issue session-level {@code SET}s), so a
 * connection can be any PgBouncer server connection at every transaction. With {@code pgbouncer=true} the driver
 * never creates named server-side prepared statements ({@code prepareThreshold=0}).
 */
final class Pools {
  private Pools() {}

  static HikariDataSource primary(PostgresStoreConfig cfg) {
    HikariConfig hc = base(cfg, cfg.url(), "pangolin-pg-primary");
    hc.setMaximumPoolSize(cfg.poolSize());
    hc.setMinimumIdle(Math.min(2, cfg.poolSize()));
    hc.setConnectionTimeout(cfg.connectionTimeoutMs());
    // fail fast on open when the primary is unreachable
    hc.setInitializationFailTimeout(Math.min(cfg.connectionTimeoutMs(), 10_000));
    return new HikariDataSource(hc);
  }

  /** A replica pool opens even if the replica is down (it is then simply out of rotation) and gives up quickly. */
  static HikariDataSource replica(PostgresStoreConfig cfg, String url, int index) {
    HikariConfig hc = base(cfg, url, "pangolin-pg-replica-" + index);
    hc.setMaximumPoolSize(cfg.replicaPoolSize());
    hc.setMinimumIdle(1);
    hc.setConnectionTimeout(Math.min(cfg.connectionTimeoutMs(), 1_000));
    hc.setValidationTimeout(250);
    hc.setInitializationFailTimeout(-1);
    hc.getDataSourceProperties().setProperty("connectTimeout", "1");
    return new HikariDataSource(hc);
  }

  private static HikariConfig base(PostgresStoreConfig cfg, String url, String name) {
    HikariConfig hc = new HikariConfig();
    hc.setPoolName(name);
    hc.setJdbcUrl(url);
    cfg.user().ifPresent(hc::setUsername);
    cfg.password().ifPresent(hc::setPassword);
    Properties p = hc.getDataSourceProperties();
    p.setProperty("ApplicationName", "pangolin");
    p.setProperty("tcpKeepAlive", "true");
    p.setProperty("connectTimeout", Long.toString(Math.max(1, (cfg.connectionTimeoutMs() + 999) / 1000)));
    if (cfg.pgbouncer()) {
      driverSettingsForPgBouncer(p);
    }
    return hc;
  }

  /** Driver settings for PgBouncer transaction pooling (documented in the README). */
  static void driverSettingsForPgBouncer(Properties p) {
    // unnamed statements only: a named prepared statement would live on one server connection
    p.setProperty("prepareThreshold", "0");
    p.setProperty("preparedStatementCacheQueries", "0");
  }
}
