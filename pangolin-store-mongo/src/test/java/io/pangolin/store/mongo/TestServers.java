package io.pangolin.store.mongo;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import io.pangolin.store.mongo.MongoStoreConfig.TransactionMode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * mongo-java-server instances for the tests: a MongoDB wire-protocol server in Java, driven through the real MongoDB
 * driver. It behaves as a standalone server without sessions or transactions. {@link #pretendMongos()} starts one
 * whose handshake claims to be mongos with sessions, so that the sharding setup and the transactional path send
 * their real commands to it (which it then answers with CommandNotFound where it lacks them).
 */
final class TestServers {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static MongoServer shared;

  private TestServers() {}

  /** One standalone server for the whole test JVM; give each store its own database ({@link #database}). */
  static synchronized String sharedUri() {
    if (shared == null) {
      shared = start(new MemoryBackend());
      MongoServer s = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(s::shutdownNow));
    }
    return uri(shared);
  }

  static String database(String prefix) {
    return prefix + "_" + DATABASES.incrementAndGet();
  }

  static MongoServer start(MemoryBackend backend) {
    MongoBackend b = backend.version(ServerVersion.MONGO_5_0);
    MongoServer server = new MongoServer(b);
    server.bind("127.0.0.1", 0);
    return server;
  }

  static String uri(MongoServer server) {
    return "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
  }

  /** A server whose {@code isMaster} says mongos ({@code msg: isdbgrid}) with sessions. Stop it after the test. */
  static MongoServer pretendMongos() {
    return start(new PretendMongosBackend());
  }

  /** Test configuration: short timeouts, no background maintenance (tests drive it). */
  static MongoStoreConfig.Builder config(String uri, String database) {
    return MongoStoreConfig.builder(uri)
        .database(database)
        .serverSelectionTimeout(Duration.ofSeconds(5))
        .auditArchiveInterval(Duration.ZERO)
        .transactions(TransactionMode.AUTO);
  }

  /** Claims to be mongos with logical sessions in its handshake; everything else is mongo-java-server as is. */
  static final class PretendMongosBackend extends MemoryBackend {
    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
      Document response = super.handleCommand(channel, databaseName, command, query);
      if (command.equalsIgnoreCase("ismaster")) {
        response.put("msg", "isdbgrid");
        response.put("logicalSessionTimeoutMinutes", 30);
      }
      return response;
    }
  }
}
