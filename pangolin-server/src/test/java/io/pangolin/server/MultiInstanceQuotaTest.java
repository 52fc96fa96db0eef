package io.pangolin.server;

import io.pangolin.core.Limits;
import io.pangolin.core.Pangolin;
import io.pangolin.spi.ProviderConfig;
import io.pangolin.store.postgres.PostgresTestServer;
import io.pangolin.store.postgres.TestDatabase;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link TwoInstanceQuotaChecks} over one PostgreSQL database: every quota is decided under a transaction-scoped
 * advisory lock inside the create's transaction, so racing creates reach each quota exactly.
 */
class MultiInstanceQuotaTest extends TwoInstanceQuotaChecks {
  @RegisterExtension
  static final TestDatabase DB = new TestDatabase();

  @Override
  Pangolin instance(Limits limits) {
    Map<String, String> config = new HashMap<>(Map.of("url", DB.url(), "user", PostgresTestServer.USER));
    if (!PostgresTestServer.PASSWORD.isEmpty()) {
      config.put("password", PostgresTestServer.PASSWORD);
    }
    return Pangolin.builder().store("postgres", ProviderConfig.of(config)).limits(limits).build();
  }

  @Override
  boolean exactUnderRace() {
    return true;
  }
}
