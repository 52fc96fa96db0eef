package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.microprofile.testing.AfterStop;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import io.pangolin.store.postgres.PgBouncer;
import io.pangolin.store.postgres.PostgresTestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * {@link TenancyIsolationChecks} with the server connected through a real PgBouncer in transaction pooling mode
 * (fewer server connections than clients; migrations and provisioning go to PostgreSQL directly); afterwards no
 * server connection PgBouncer hands out carries a changed {@code search_path}.
 */
@HelidonTest
class TenancyIsolationPgBouncerTest extends TenancyIsolationChecks {
  private static final Setup SETUP = Setup.create();
  private static final PgBouncer BOUNCER = new PgBouncer();

  // runs before the Helidon container starts (class initialisation precedes the extension's beforeAll)
  static {
    try {
      BOUNCER.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start PgBouncer", e);
    }
    SETUP.configure(BOUNCER.url(SETUP.database()), Map.of("pangolin.store.postgres.pgbouncer", "true",
        "pangolin.store.postgres.migration-url", PostgresTestServer.url(SETUP.database())));
  }

  @Override
  Setup setup() {
    return SETUP;
  }

  @Override
  void afterTraffic() throws Exception {
    List<String> paths = new ArrayList<>();
    List<Connection> clients = new ArrayList<>();
    try {
      for (int i = 0; i < PgBouncer.SERVER_POOL_SIZE * 3; i++) {
        clients.add(PostgresTestServer.connect(BOUNCER.url(SETUP.database()) + "?prepareThreshold=0"));
      }
      for (Connection c : clients) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW search_path")) {
          rs.next();
          paths.add(rs.getString(1));
        }
      }
    } finally {
      for (Connection c : clients) {
        c.close();
      }
    }
    assertThat(paths).hasSize(PgBouncer.SERVER_POOL_SIZE * 3).allMatch(p -> p.equals("\"$user\", public"));
  }

  @AfterAll
  static void clearConfiguration() {
    clearProperties();
  }

  @AfterStop
  static void stopEverything() throws Exception {
    try {
      BOUNCER.stop();
    } finally {
      SETUP.drop();
    }
  }
}
