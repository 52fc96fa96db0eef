package io.pangolin.server;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;

/** The server on the PostgreSQL store (127.0.0.1:5432), selected by configuration alone. */
@HelidonTest
class ServerOnPostgresTest extends StoreBackedServerChecks {
  private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  private static final String DB = "pangolin_server_it_" + ProcessHandle.current().pid();
  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/" + DB;

  // Runs before the Helidon container starts (class initialisation precedes the extension's beforeAll).
  static {
    exec("DROP DATABASE IF EXISTS " + DB);
    exec("CREATE DATABASE " + DB);
    System.setProperty("pangolin.store.type", "postgres");
    System.setProperty("pangolin.store.postgres.url", URL);
    System.setProperty("pangolin.store.postgres.user", "postgres");
  }

  private static void exec(String sql) {
    try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432 is required: " + e.getMessage(), e);
    }
  }

  @AfterAll
  static void cleanUp() {
    // the container still holds pooled connections here: FORCE terminates them
    exec("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
    System.clearProperty("pangolin.store.type");
    System.clearProperty("pangolin.store.postgres.url");
    System.clearProperty("pangolin.store.postgres.user");
  }

  @Override
  boolean issuesConsistencyTokens() {
    return true;
  }

  @Override
  boolean persistedInBackend(String tenant) {
    try (Connection c = DriverManager.getConnection(URL, "postgres", "");
        var ps = c.prepareStatement("SELECT count(*) FROM pangolin.namespaces WHERE tenant = ?")) {
      ps.setString(1, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) == 2;
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }
}
