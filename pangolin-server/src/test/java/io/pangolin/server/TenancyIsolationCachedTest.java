package io.pangolin.server;

import io.helidon.microprofile.testing.AfterStop;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import io.pangolin.store.postgres.PostgresTestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * {@link TenancyIsolationChecks} in the topology the seed recommends: PostgreSQL with {@code hybrid} tenancy (a schema
 * per tenant) and the {@code caffeine-redis} cache (the machine's Redis, 127.0.0.1:6379, under a key prefix and topic
 * of this class) over the tenant routing — every tenant sees exactly its own data through the Iceberg client and the
 * management API, also across a tier move.
 */
@HelidonTest
class TenancyIsolationCachedTest extends TenancyIsolationChecks {
  private static final Setup SETUP = Setup.create();
  private static final String REDIS = System.getProperty("pangolin.test.redis", "redis://127.0.0.1:6379");
  private static final String PREFIX = "pangolin-srv-tenancy-" + SETUP.prefix();

  // runs before the Helidon container starts (class initialisation precedes the extension's beforeAll)
  static {
    SETUP.configure(PostgresTestServer.url(SETUP.database()), Map.of(
        "pangolin.cache.type", "caffeine-redis",
        "pangolin.cache.redis-address", REDIS,
        "pangolin.cache.key-prefix", PREFIX,
        "pangolin.cache.topic", PREFIX + ":invalidations"));
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
  static void dropDatabasesAndKeys() {
    SETUP.drop();
    Config c = new Config();
    c.useSingleServer().setAddress(REDIS);
    RedissonClient client = Redisson.create(c);
    try {
      client.getKeys().deleteByPattern(PREFIX + ":*");
    } finally {
      client.shutdown();
    }
  }
}
