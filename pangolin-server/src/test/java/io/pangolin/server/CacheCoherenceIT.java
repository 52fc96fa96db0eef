package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.NamespaceName;
import io.pangolin.iceberg.LocalFileIO;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.ProviderConfig;
import io.pangolin.spi.Providers;
import io.pangolin.server.Api.Res;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two servers — two JVMs of the packaged distribution, "A" and "B" — sharing one PostgreSQL store (a fresh database)
 * and one Redis (a redis-server of this test's own), both with the {@code caffeine-redis} cache. What is written
 * through A is read through B at once, on every write path; concurrent writers and readers on one key end with both
 * servers agreeing with the store; killing Redis under load fails no request, and coherence returns with Redis.
 */
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class CacheCoherenceIT {
  private static final Duration BOUND = Duration.ofSeconds(120);
  private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  private static final AtomicInteger SEQ = new AtomicInteger();

  private final String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  private final String database = "pangolin_cache_it_" + id;
  private final String url = "jdbc:postgresql://127.0.0.1:5432/" + database;
  private Path work;
  private RedisServerProcess redis;
  private ServerProcess serverA;
  private ServerProcess serverB;
  private Api a;
  private Api b;
  private MetadataStore truth;

  @BeforeAll
  void start() throws Exception {
    work = Path.of(System.getProperty("basedir", ".")).resolve("target/cache-it-" + id);
    Files.createDirectories(work);
    sql("CREATE DATABASE " + database);
    redis = new RedisServerProcess(ServerProcess.freePort(), work.resolve("redis"));
    redis.start();
    serverA = ServerProcess.start("a", settings("a"), work);
    serverB = ServerProcess.start("b", settings("b"), work);
    serverA.awaitReady(BOUND);
    serverB.awaitReady(BOUND);
    a = new Api(serverA.uri());
    b = new Api(serverB.uri());
    truth = Providers.store("postgres").open(ProviderConfig.of(Map.of("url", url, "user", "postgres",
        "maintenance-interval-s", "0")));
  }

  private Map<String, String> settings(String instance) {
    Map<String, String> s = new HashMap<>();
    s.put("pangolin.store.type", "postgres");
    s.put("pangolin.storage.local-roots", work.toAbsolutePath().toString()); // the lakes live under target/
    s.put("pangolin.store.postgres.url", url);
    s.put("pangolin.store.postgres.user", "postgres");
    s.put("pangolin.store.postgres.maintenance-interval-s", "0");
    s.put("pangolin.cache.type", "caffeine-redis");
    s.put("pangolin.cache.redis-address", redis.address());
    s.put("pangolin.cache.instance-id", instance);
    s.put("pangolin.cache.topic", "pangolin-it-" + id + ":invalidations");
    s.put("pangolin.cache.key-prefix", "pangolin-it-" + id);
    s.put("pangolin.cache.probe-interval-ms", "200");
    s.put("pangolin.cache.degraded-ttl-s", "1");
    s.put("pangolin.cache.redis-timeout-ms", "500");
    // generous: on this 2-core machine three JVMs, Redis and PostgreSQL share the CPU, and exactness rests on every
    // acknowledgement arriving before the write returns
    s.put("pangolin.cache.ack-timeout-ms", "10000");
    return s;
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (truth != null) {
        truth.close();
      }
      for (ServerProcess s : new ServerProcess[] {serverA, serverB}) {
        if (s != null) {
          s.close();
        }
      }
    } finally {
      if (redis != null) {
        redis.close();
      }
      sql("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      // the servers' and Redis' logs stay in target/cache-it-<id>/ for inspection
    }
  }

  private static void sql(String statement) {
    try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432 is required: " + e.getMessage(), e);
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------------------

  private static final String NS = "/api/v1/catalogs/prod/namespaces";
  private static final String ASSETS = NS + "/sales/assets";

  /** A fresh tenant (created through A) with warehouse {@code lake}, catalog {@code prod}, namespace {@code sales}. */
  private String seed() throws IOException {
    String t = "it" + SEQ.incrementAndGet() + "-" + id;
    Path lake = Files.createDirectories(work.resolve("lake-" + t));
    a.post("/api/v1/tenants", null, Map.of("name", t)).is(201);
    a.post("/api/v1/warehouses", t, Map.of("name", "lake", "storageRoot", "file://" + lake)).is(201);
    a.post("/api/v1/catalogs", t, Map.of("name", "prod", "warehouse", "lake")).is(201);
    a.post(NS, t, Map.of("name", "sales")).is(201);
    return t;
  }

  private static JsonNode read(Api on, String path, String tenant) {
    return on.get(path, tenant).is(200).json();
  }

  /** Reads on B twice; both answers must agree (the second one comes from B's cache). */
  private static Res twice(Api on, String path, String tenant) {
    Res first = on.get(path, tenant);
    Res second = on.get(path, tenant);
    assertThat(second.status()).isEqualTo(first.status());
    return second;
  }

  private static void await(String what, BooleanSupplier condition) {
    org.awaitility.Awaitility.await(what).atMost(BOUND).pollInterval(Duration.ofMillis(50))
        .until(condition::getAsBoolean);
  }

  /** The {@code pangolin-cache} readiness check's mode: off, coherent or degraded. */
  private static String cacheMode(Api on) {
    for (JsonNode check : on.get("/health/ready", null).json().path("checks")) {
      if (check.path("name").asText().equals("pangolin-cache")) {
        return check.path("data").path("mode").asText();
      }
    }
    return "missing";
  }

  private RESTCatalog iceberg(Api on, String tenant) {
    Map<String, String> props = new HashMap<>();
    props.put(CatalogProperties.URI, on == a ? serverA.uri().toString() : serverB.uri().toString());
    props.put(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
    props.put("warehouse", "prod");
    props.put("header.X-Pangolin-Tenant", tenant);
    RESTCatalog catalog = new RESTCatalog();
    catalog.initialize("pangolin-" + (on == a ? "a" : "b"), TestAuth.rootClient(props));
    return catalog;
  }

  // ---- tests ------------------------------------------------------------------------------------------------

  @Test
  @Order(1)
  void everyWritePath_throughServerA_isReadThroughServerB() throws Exception {
    assertThat(cacheMode(a)).isEqualTo("coherent");
    assertThat(cacheMode(b)).isEqualTo("coherent");
    String t = seed();

    // create: B has answered (and cached) "not found" before
    twice(b, ASSETS + "/orders", t).isError(404, "NOT_FOUND");
    a.post(ASSETS, t, Map.of("name", "orders", "kind", "ICEBERG_TABLE")).is(201);
    assertThat(read(b, ASSETS + "/orders", t).path("version").asLong()).isEqualTo(1);

    // update
    twice(b, ASSETS + "/orders", t).is(200);
    long v2 = a.patch(ASSETS + "/orders", t, Map.of("updates", Map.of("owner", "bi"))).is(200).json()
        .path("version").asLong();
    JsonNode seen = read(b, ASSETS + "/orders", t);
    assertThat(seen.path("version").asLong()).isEqualTo(v2);
    assertThat(seen.path("properties").path("owner").asText()).isEqualTo("bi");
    assertThat(twice(b, ASSETS, t).is(200).names()).containsExactly("orders");

    // rename
    twice(b, ASSETS + "/orders2", t).isError(404, "NOT_FOUND");
    a.post(ASSETS + "/orders/rename", t, Map.of("namespace", "sales", "name", "orders2")).is(200);
    b.get(ASSETS + "/orders", t).isError(404, "NOT_FOUND");
    assertThat(read(b, ASSETS + "/orders2", t).path("properties").path("owner").asText()).isEqualTo("bi");
    assertThat(b.get(ASSETS, t).is(200).names()).containsExactly("orders2");

    // drop
    twice(b, ASSETS + "/orders2", t).is(200);
    a.delete(ASSETS + "/orders2", t).is(204);
    b.get(ASSETS + "/orders2", t).isError(404, "NOT_FOUND");
    assertThat(b.get(ASSETS, t).is(200).names()).isEmpty();

    // namespaces: create, update, drop — and the listing
    twice(b, NS + "/sales.emea", t).isError(404, "NOT_FOUND");
    twice(b, NS + "?parent=sales", t).is(200);
    a.post(NS, t, Map.of("name", "sales.emea")).is(201);
    read(b, NS + "/sales.emea", t);
    assertThat(b.get(NS + "?parent=sales", t).is(200).names()).containsExactly("sales.emea");
    a.patch(NS + "/sales.emea", t, Map.of("updates", Map.of("region", "eu"))).is(200);
    assertThat(read(b, NS + "/sales.emea", t).path("properties").path("region").asText()).isEqualTo("eu");
    a.delete(NS + "/sales.emea", t).is(204);
    b.get(NS + "/sales.emea", t).isError(404, "NOT_FOUND");
    assertThat(b.get(NS + "?parent=sales", t).is(200).names()).isEmpty();

    // catalog and tenant updates
    twice(b, "/api/v1/catalogs/prod", t).is(200);
    a.patch("/api/v1/catalogs/prod", t, Map.of("updates", Map.of("env", "production"))).is(200);
    assertThat(read(b, "/api/v1/catalogs/prod", t).path("properties").path("env").asText()).isEqualTo("production");
    twice(b, "/api/v1/tenants/" + t, null).is(200);
    a.patch("/api/v1/tenants/" + t, null, Map.of("updates", Map.of("tier", "gold"))).is(200);
    assertThat(read(b, "/api/v1/tenants/" + t, null).path("properties").path("tier").asText()).isEqualTo("gold");

    // commit: an Iceberg table committed through A is loaded through B at the new metadata
    try (RESTCatalog onA = iceberg(a, t); RESTCatalog onB = iceberg(b, t)) {
      TableIdentifier events = TableIdentifier.of(Namespace.of("sales"), "events");
      Table created = onA.createTable(events, new Schema(Types.NestedField.required(1, "id", Types.LongType.get())));
      String first = ((org.apache.iceberg.HasTableOperations) onB.loadTable(events)).operations().current()
          .metadataFileLocation();
      assertThat(first).isEqualTo(((org.apache.iceberg.HasTableOperations) created).operations().current()
          .metadataFileLocation());
      read(b, ASSETS + "/events", t);

      created.updateProperties().set("commit", "1").commit();
      String committed = ((org.apache.iceberg.HasTableOperations) created).operations().current()
          .metadataFileLocation();

      assertThat(committed).isNotEqualTo(first);
      Table loaded = onB.loadTable(events);
      assertThat(((org.apache.iceberg.HasTableOperations) loaded).operations().current().metadataFileLocation())
          .isEqualTo(committed);
      assertThat(loaded.properties()).containsEntry("commit", "1");
      assertThat(read(b, ASSETS + "/events", t).path("metadataLocation").asText()).isEqualTo(committed);
    }

    // the cache is visible to operators
    String metricsB = b.get("/metrics", null).is(200).body();
    assertThat(metricsB).contains("pangolin_cache_hits_total").contains("pangolin_cache_misses_total")
        .contains("pangolin_cache_invalidations_total").contains("direction=\"received\"")
        .contains("pangolin_cache_degraded");
    assertThat(a.get("/metrics", null).body()).contains("direction=\"sent\"");
  }

  @Test
  @Order(2)
  void concurrentReadersAndWritersOnOneKey_acrossBothServers_endWithBothAgreeingWithTheStore() throws Exception {
    String t = seed();
    a.post(ASSETS, t, Map.of("name", "hot", "kind", "ICEBERG_TABLE")).is(201);
    int writers = 4;
    int patchesPerWriter = 120;
    AtomicBoolean stop = new AtomicBoolean();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
    try {
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        Api on = r % 2 == 0 ? a : b;
        readers.add(pool.submit(() -> {
          while (!stop.get()) {
            Res res = on.get(ASSETS + "/hot", t);
            if (res.status() != 200) {
              failures.add("read " + res.status() + " " + res.body());
            }
          }
        }));
      }
      List<Future<?>> writes = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        Api on = w % 2 == 0 ? a : b;
        Api other = w % 2 == 0 ? b : a;
        writes.add(pool.submit(() -> {
          for (int n = 1; n <= patchesPerWriter; n++) {
            Res res = on.patch(ASSETS + "/hot", t, Map.of("updates", Map.of("w" + writer, Integer.toString(n))));
            if (res.status() == 409) {
              n--; // the engine's own retries lost to the other writers: retry, as a client does on 409
              continue;
            }
            if (res.status() != 200) {
              failures.add("write " + res.status() + " " + res.body());
              continue;
            }
            long written = res.json().path("version").asLong();
            long seenOnOther = other.get(ASSETS + "/hot", t).json().path("version").asLong();
            if (seenOnOther < written) {
              failures.add("acknowledged version " + written + " but the other server read " + seenOnOther);
            }
          }
        }));
      }
      for (Future<?> f : writes) {
        f.get(5, TimeUnit.MINUTES);
      }
      stop.set(true);
      for (Future<?> f : readers) {
        f.get(1, TimeUnit.MINUTES);
      }
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }

    assertThat(failures).isEmpty();
    Asset stored = truth.getAsset(t, new AssetKey("prod", NamespaceName.of("sales"), "hot")).orElseThrow();
    for (int w = 0; w < writers; w++) {
      assertThat(stored.properties()).as("no lost update").containsEntry("w" + w, Integer.toString(patchesPerWriter));
    }
    assertThat(stored.version()).isEqualTo(1L + writers * patchesPerWriter);
    for (Api on : List.of(a, b)) {
      JsonNode seen = read(on, ASSETS + "/hot", t);
      assertThat(seen.path("version").asLong()).isEqualTo(stored.version());
      for (int w = 0; w < writers; w++) {
        assertThat(seen.path("properties").path("w" + w).asText()).isEqualTo(Integer.toString(patchesPerWriter));
      }
    }
  }

  @Test
  @Order(3)
  void killingRedisUnderLoad_failsNoRequest_andCoherenceReturnsWhenRedisIsBack() throws Exception {
    String t = seed();
    int assets = 8;
    for (int i = 0; i < assets; i++) {
      a.post(ASSETS, t, Map.of("name", "k" + i, "kind", "ICEBERG_TABLE")).is(201);
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong done = new AtomicLong();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> loops = new ArrayList<>();
    for (int th = 0; th < 4; th++) {
      int own = th; // each thread writes its own asset, so no request can fail on contention
      Api on = th % 2 == 0 ? a : b;
      loops.add(pool.submit(() -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 1_000_000 && !stop.get(); i++) {
          Res res = switch (random.nextInt(4)) {
            case 0 -> on.patch(ASSETS + "/k" + own, t, Map.of("updates", Map.of("n", Integer.toString(i))));
            case 1 -> on.get(ASSETS, t);
            default -> on.get(ASSETS + "/k" + random.nextInt(assets), t);
          };
          if (res.status() != 200) {
            failures.add(res.status() + " " + res.body());
          }
          done.incrementAndGet();
        }
      }));
    }
    try {
      await("load running", () -> done.get() > 200);

      redis.kill();
      await("both servers degraded", () -> cacheMode(a).equals("degraded") && cacheMode(b).equals("degraded"));
      assertThat(a.get("/health/ready", null).status()).as("still ready without Redis").isEqualTo(200);
      assertThat(a.get("/metrics", null).body()).containsPattern("(?m)^pangolin_cache_degraded(\\{[^}]*\\})? 1\\.0$");
      long outage = done.get();
      await("load continues without Redis", () -> done.get() > outage + 200);

      redis.start();
      await("both servers coherent again", () -> cacheMode(a).equals("coherent") && cacheMode(b).equals("coherent"));
      long back = done.get();
      await("load continues after the restart", () -> done.get() > back + 200);
    } finally {
      stop.set(true);
      for (Future<?> f : loops) {
        f.get(2, TimeUnit.MINUTES);
      }
      pool.shutdownNow();
    }

    assertThat(failures).as("failed requests").isEmpty();
    for (int i = 0; i < assets; i++) {
      for (Api[] pair : new Api[][] {{a, b}, {b, a}}) {
        long written = pair[0].patch(ASSETS + "/k" + i, t, Map.of("updates", Map.of("checked", "k" + i + "-" + i)))
            .is(200).json().path("version").asLong();
        JsonNode seen = read(pair[1], ASSETS + "/k" + i, t);
        assertThat(seen.path("version").asLong()).as("k%d read on the other server", i).isEqualTo(written);
        Asset stored = truth.getAsset(t, new AssetKey("prod", NamespaceName.of("sales"), "k" + i)).orElseThrow();
        assertThat(stored.version()).isEqualTo(written);
      }
    }
  }

  /**
   * A principal disabled through one instance is refused by the other within the authenticator's principal-state
   * cache time ({@code pangolin.auth.principal-cache-ms}, 1 s): each instance re-reads the state from the store.
   */
  @Test
  @Order(4)
  void servicePrincipalDisabledThroughServerA_isRefusedByServerB() throws IOException {
    String t = seed();
    JsonNode c = a.post("/api/v1/service-users", t, Map.of("name", "engine", "roles", java.util.List.of(
        "tenant-user"))).is(201).json();
    Api onB = b.as("Bearer " + TestAuth.token(serverB.uri(), c.path("clientId").asText(),
        c.path("clientSecret").asText()));
    onB.get("/api/v1/catalogs", null).is(200);

    a.patch("/api/v1/service-users/engine", t, Map.of("enabled", false)).is(200);

    await("server B refuses the principal disabled through server A",
        () -> onB.get("/api/v1/catalogs", null).status() == 401);
    a.patch("/api/v1/service-users/engine", t, Map.of("enabled", true)).is(200);
    await("server B accepts it again once enabled", () -> onB.get("/api/v1/catalogs", null).status() == 200);
  }

  /**
   * Grants are read through the cache decorator, which invalidates them on every instance before a change returns:
   * a grant revoked through server A is no longer honoured by server B on the very next request (no waiting).
   */
  @Test
  @Order(5)
  void grantRevokedThroughServerA_isNotHonouredByServerB_onTheNextRequest() throws IOException {
    String t = seed();
    a.post("/api/v1/catalogs/prod/namespaces/sales/assets", t, Map.of("name", "model", "kind", "ML_MODEL")).is(201);
    a.post("/api/v1/roles", t, Map.of("name", "readers")).is(201);
    JsonNode c = a.post("/api/v1/service-users", t, Map.of("name", "reader", "roles", java.util.List.of(
        "readers"))).is(201).json();
    Api onB = b.as("Bearer " + TestAuth.token(serverB.uri(), c.path("clientId").asText(),
        c.path("clientSecret").asText()));
    String asset = "/api/v1/catalogs/prod/namespaces/sales/assets/model";
    onB.get(asset, null).isError(404, "NOT_FOUND"); // B has now read (and cached) the tenant's grants: none

    String id = a.post("/api/v1/grants", t, Map.of("scope", "asset:prod:sales:model", "grantee", Map.of("kind",
        "role", "name", "readers"), "privileges", java.util.List.of("read"))).is(201).json().path("id").asText();
    onB.get(asset, null).is(200);

    a.delete("/api/v1/grants/" + id, t).is(204);
    onB.get(asset, null).isError(404, "NOT_FOUND");
  }
}
