package io.pangolin.server;

import io.helidon.microprofile.testing.AfterStop;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import io.pangolin.store.postgres.PostgresTestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** {@link TenancyIsolationChecks} with the server connected to PostgreSQL (127.0.0.1:5432) directly. */
@HelidonTest
class TenancyIsolationTest extends TenancyIsolationChecks {
  private static final Setup SETUP = Setup.create();

  // runs before the Helidon container starts (class initialisation precedes the extension's beforeAll)
  static {
    SETUP.configure(PostgresTestServer.url(SETUP.database()), Map.of());
  }

  @Override
  Setup setup() {
    return SETUP;
  }

  @AfterAll
  static void clearConfiguration() {
    clearProperties();
  }

  @AfterStop
  static void dropDatabases() {
    SETUP.drop();
  }
}
