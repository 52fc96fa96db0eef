package io.pangolin.tenancy;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.pangolin.spi.ProviderConfig;
import io.pangolin.store.mongo.MongoStoreProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MongoDB for tenancy tests: a mongo-java-server (the MongoDB wire protocol in Java, memory backend — no MongoDB
 * server can be installed on the build machines) driven through the real MongoDB driver, for one test class.
 */
final class MongoPlaces extends ClassResource {
  private final List<PlacementTenancy> opened = new ArrayList<>();
  private MongoServer server;

  @Override
  void start() {
    server = new MongoServer(new MemoryBackend().version(ServerVersion.MONGO_5_0));
    server.bind("127.0.0.1", 0);
  }

  @Override
  void stop() {
    opened.forEach(PlacementTenancy::close);
    opened.clear();
    server.shutdownNow();
  }

  ProviderConfig storeConfig() {
    return ProviderConfig.of(Map.of("connection-string", "mongodb://127.0.0.1:" + server.getLocalAddress().getPort(),
        "database", "pangolin_control", "server-selection-timeout-ms", "5000",
        "audit-archive-interval-minutes", "0"));
  }

  PlacementTenancy open(Tier defaultTier) {
    PlacementTenancy t = PlacementTenancy.open(new MongoStoreProvider(), storeConfig(),
        TenancyConfig.builder(defaultTier).placePrefix("tt_").placementTtl(Duration.ofMillis(200))
            .writeGrace(Duration.ofMillis(200)).maxOpenPlaces(8).idleTimeout(Duration.ofSeconds(10)).build());
    opened.add(t);
    return t;
  }
}
