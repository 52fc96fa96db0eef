package io.pangolin.server;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.pangolin.core.Limits;
import io.pangolin.core.Pangolin;
import io.pangolin.spi.ProviderConfig;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link TwoInstanceQuotaChecks} over one MongoDB database (mongo-java-server through the real driver). It has no
 * multi-document transactions, so the store runs its fallback protocol — insert a pending document, then count
 * including everyone's pending documents — which never lets a create past a quota but may refuse racing creates
 * near it early; hence not {@link #exactUnderRace()}. (With transactions the store writes a guard document per quota
 * scope instead; mongo-java-server cannot run that path.)
 */
class MultiInstanceMongoQuotaTest extends TwoInstanceQuotaChecks {
  private static MongoServer mongo;
  private static String connection;

  @BeforeAll
  static void startMongo() {
    mongo = new MongoServer(new MemoryBackend());
    mongo.bind("127.0.0.1", 0);
    connection = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort();
  }

  @AfterAll
  static void stopMongo() {
    mongo.shutdownNow();
  }

  @Override
  Pangolin instance(Limits limits) {
    return Pangolin.builder().store("mongo", ProviderConfig.of(Map.of("connection-string", connection,
        "database", "pangolin_quota", "server-selection-timeout-ms", "5000", "audit-archive-interval-minutes", "0")))
        .limits(limits).build();
  }

  @Override
  boolean exactUnderRace() {
    return false;
  }
}
