package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pangolin.server.Api.Res;
import io.pangolin.store.postgres.LocalPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * Read-your-writes across two real servers over a real PostgreSQL primary and a real streaming replica that applies
 * every commit only {@value #APPLY_DELAY_MS} ms after it was made (it lags on purpose): an Iceberg commit through
 * server A answers with {@code X-Pangolin-Consistency}; a load through server B carrying that token always sees the
 * commit, while the same load without the token is served from the lagging replica and is stale. Both servers,
 * the primary and the replica are this test's own (loopback, free ports) and stopped at the end.
 */
@TestInstance(Lifecycle.PER_CLASS)
class ReplicaReadYourWritesIT {
  private static final long APPLY_DELAY_MS = 2000;
  private static final int COMMITS = 5;
  private static final Duration BOUND = Duration.ofSeconds(60);
  private static final String HEADER = ConsistencyFilter.HEADER;

  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private Path work;
  private LocalPostgres primary;
  private LocalPostgres replica;
  private ServerProcess serverA;
  private ServerProcess serverB;
  private Api a;
  private Api b;

  @BeforeAll
  void start() throws Exception {
    work = Path.of(System.getProperty("basedir", ".")).resolve("target/replica-it-" + id);
    Files.createDirectories(work);
    primary = LocalPostgres.startPrimary();
    replica = primary.startStandby(Duration.ofMillis(APPLY_DELAY_MS));
    // both at once on the fresh database: both bootstrap the root principal, and the one that loses the race must
    // see the winner's root on the primary (the lagging replica has not applied it yet) instead of failing to start
    serverA = ServerProcess.start("a", settings(), work);
    serverB = ServerProcess.start("b", settings(), work);
    serverA.awaitReady(BOUND);
    serverB.awaitReady(BOUND);
    a = new Api(serverA.uri());
    b = new Api(serverB.uri());
  }

  private Map<String, String> settings() {
    Map<String, String> s = new HashMap<>();
    s.put("pangolin.store.type", "postgres");
    s.put("pangolin.storage.local-roots", work.toAbsolutePath().toString());
    s.put("pangolin.store.postgres.url", primary.url());
    s.put("pangolin.store.postgres.user", "postgres");
    s.put("pangolin.store.postgres.maintenance-interval-s", "0");
    s.put("pangolin.store.postgres.replicas", replica.url());
    s.put("pangolin.store.postgres.replica-check-interval-ms", "50");
    // far above the apply delay: the lagging replica stays in rotation, so only the token keeps reads fresh
    s.put("pangolin.store.postgres.replica-max-lag-ms", "600000");
    return s;
  }

  /** Stops the servers, then the standby, then its primary (each even if an earlier one fails to stop). */
  @AfterAll
  void stop() throws Exception {
    Exception failed = null;
    for (AutoCloseable c : new AutoCloseable[] {serverA, serverB, replica, primary}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        failed = failed == null ? e : failed;
      }
    }
    if (failed != null) {
      throw failed;
    }
    // the servers' logs stay in target/replica-it-<id>/ for inspection
  }

  private static String commitProperty(Res load) {
    return load.is(200).json().path("metadata").path("properties").path("commit").asText("none");
  }

  @Test
  void commitThroughA_loadedThroughBWithAsToken_alwaysSeesTheCommit_whileTheReplicaLags() throws Exception {
    String t = "ryw-" + id;
    Path lake = Files.createDirectories(work.resolve("lake"));
    a.post("/api/v1/tenants", null, Map.of("name", t)).is(201);
    a.post("/api/v1/warehouses", t, Map.of("name", "lake", "storageRoot", "file://" + lake)).is(201);
    a.post("/api/v1/catalogs", t, Map.of("name", "prod", "warehouse", "lake")).is(201);
    String v1 = "/v1/" + t + ".prod";
    a.post(v1 + "/namespaces", t, Map.of("namespace", java.util.List.of("sales"))).is(200);
    String table = v1 + "/namespaces/sales/tables/events";
    Res created = a.post(v1 + "/namespaces/sales/tables", t, "{\"name\":\"events\",\"schema\":{\"type\":\"struct\","
        + "\"schema-id\":0,\"fields\":[{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\"}]}}").is(200);
    String createToken = created.headers().firstValue(HEADER).orElseThrow();
    assertThat(commitProperty(b.send("GET", table, t, null, Map.of(HEADER, createToken))))
        .as("B sees the creation with A's token at once").isEqualTo("none");
    // B without a token reads the replica: wait until it has applied the setup, so staleness below is the lag's
    Awaitility.await("the replica applied the setup").atMost(BOUND).pollInterval(Duration.ofMillis(100))
        .until(() -> b.get(table, t).status() == 200);

    int staleWithoutToken = 0;
    for (int i = 1; i <= COMMITS; i++) {
      Res commit = a.post(table, t, "{\"requirements\":[],\"updates\":[{\"action\":\"set-properties\","
          + "\"updates\":{\"commit\":\"" + i + "\"}}]}").is(200);
      String token = commit.headers().firstValue(HEADER).orElseThrow(() -> new AssertionError("no token"));

      Res withToken = b.send("GET", table, t, null, Map.of(HEADER, token));
      assertThat(commitProperty(withToken)).as("commit %d loaded through B with A's token", i)
          .isEqualTo(Integer.toString(i));
      JsonNode withoutToken = b.get(table, t).is(200).json();
      if (!withoutToken.path("metadata").path("properties").path("commit").asText("none")
          .equals(Integer.toString(i))) {
        staleWithoutToken++;
      }
    }
    assertThat(staleWithoutToken).as("without the token B read the lagging replica and was stale at least once")
        .isPositive();
    Awaitility.await("the replica catches up").atMost(BOUND).pollInterval(Duration.ofMillis(100))
        .until(() -> commitProperty(b.get(table, t)).equals(Integer.toString(COMMITS)));
  }
}
