package io.pangolin.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh database on the test server for one test class, dropped after it ({@code @RegisterExtension static}).
 */
@SuppressWarnings("exports") // test fixture shared with other modules' tests; JDBC types in its API on purpose
public final class TestDatabase extends ClassFixture {
  private String name;

  @Override
  void start() throws Exception {
    name = "pangolin_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    try (Connection c = PostgresTestServer.admin(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
  }

  @Override
  void stop() throws Exception {
    if (name != null) {
      try (Connection c = PostgresTestServer.admin(); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
  }

  public String name() {
    return name;
  }

  public String url() {
    return PostgresTestServer.url(name);
  }

  public Connection connect() throws SQLException {
    return PostgresTestServer.connect(url());
  }

  /** Configuration of a store in this database (scheduled maintenance off: tests run it explicitly). */
  public PostgresStoreConfig.Builder config() {
    return PostgresTestServer.config(url());
  }
}
