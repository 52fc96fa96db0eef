package io.pangolin.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The PostgreSQL server the tests use: 127.0.0.1:5432, user {@code postgres}, trust authentication (as CI sets it
 * up). {@code PANGOLIN_TEST_PG_HOST}, {@code _PORT}, {@code _USER} and {@code _PASSWORD} override the defaults.
 */
@SuppressWarnings("exports") // test fixture shared with other modules' tests; JDBC types in its API on purpose
public final class PostgresTestServer {
  public static final String HOST = env("PANGOLIN_TEST_PG_HOST", "127.0.0.1");
  public static final int PORT = Integer.parseInt(env("PANGOLIN_TEST_PG_PORT", "5432"));
  public static final String USER = env("PANGOLIN_TEST_PG_USER", "postgres");
  public static final String PASSWORD = env("PANGOLIN_TEST_PG_PASSWORD", "");

  private PostgresTestServer() {}

  private static String env(String name, String defaultValue) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? defaultValue : v;
  }

  public static String url(String database) {
    return url(HOST, PORT, database);
  }

  public static String url(String host, int port, String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public static Connection connect(String url) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", USER);
    if (!PASSWORD.isEmpty()) {
      p.setProperty("password", PASSWORD);
    }
    p.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(url, p);
  }

  /** A connection to the {@code postgres} database; fails with instructions when the server is not there. */
  public static Connection admin() {
    try {
      return connect(url("postgres"));
    } catch (SQLException e) {
      throw new IllegalStateException("These tests need PostgreSQL on " + HOST + ":" + PORT + " accepting user '"
          + USER + "' (trust auth, or set PANGOLIN_TEST_PG_PASSWORD). Start it, e.g. "
          + "`pg_ctlcluster --skip-systemctl-redirect 15 main start`; .ci/run does this. Cause: " + e.getMessage(), e);
    }
  }

  public static PostgresStoreConfig.Builder config(String url) {
    PostgresStoreConfig.Builder b = PostgresStoreConfig.builder(url).user(USER).poolSize(10)
        .maintenanceIntervalS(0);
    if (!PASSWORD.isEmpty()) {
      b.password(PASSWORD);
    }
    return b;
  }
}
