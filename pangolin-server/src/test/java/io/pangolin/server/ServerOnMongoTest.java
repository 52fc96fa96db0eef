package io.pangolin.server;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterAll;

/**
 * The server on the MongoDB store, selected by configuration alone. No MongoDB server can be installed on the build
 * machines, so this runs the real MongoDB driver against mongo-java-server (a wire-protocol server in Java).
 */
@HelidonTest
class ServerOnMongoTest extends StoreBackedServerChecks {
  private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
  private static final String CONNECTION;

  // Runs before the Helidon container starts (class initialisation precedes the extension's beforeAll).
  static {
    InetSocketAddress address = MONGO.bind();
    CONNECTION = "mongodb://127.0.0.1:" + address.getPort();
    System.setProperty("pangolin.store.type", "mongo");
    System.setProperty("pangolin.store.mongo.connection-string", CONNECTION);
    System.setProperty("pangolin.store.mongo.database", "pangolin_server_it");
  }

  @AfterAll
  static void cleanUp() {
    System.clearProperty("pangolin.store.type");
    System.clearProperty("pangolin.store.mongo.connection-string");
    System.clearProperty("pangolin.store.mongo.database");
    MONGO.shutdownNow();
  }

  @Override
  boolean issuesConsistencyTokens() {
    return false;
  }

  @Override
  boolean persistedInBackend(String tenant) {
    try (MongoClient client = MongoClients.create(CONNECTION)) {
      return client.getDatabase("pangolin_server_it").getCollection("namespaces")
          .countDocuments(Filters.eq("tenant_id", tenant)) == 2;
    }
  }
}
