package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.pangolin.server.Api.Res;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * The fault suite on PostgreSQL: two packaged servers, started at the same moment on a fresh database, over a primary
 * behind PgBouncer (the deployment's pgbouncer.ini, transaction pooling) with a streaming replica for reads, and the
 * Caffeine + Redis cache on a Redis of this test's own. Four clients run a bounded loop of Iceberg commits to a table
 * of their own, loads of it (carrying the consistency token of their last write), table creates, commits to a table
 * they all share and plain loads of it, alternating between the servers, while these faults happen one after another:
 * the primary crashes and restarts, PgBouncer is killed and restarted, the replica is stopped and started, Redis is
 * killed and restarted, and server B is killed with SIGKILL while a commit is in flight on it, then started again on
 * its port.
 *
 * <p>Meanwhile every answer is a 2xx, a 503 with {@code Retry-After}, or a 409 on the shared table (a lost race), and a
 * request in flight on the killed server may get no answer. After each fault a create and a commit succeed again
 * through both servers; the time from the fault to its repair (outage) and from the repair to that first success
 * (recovery) is printed. Afterwards every acknowledged create and commit is on the primary, every table's metadata file
 * exists, no metadata file is referenced by nobody (except at most one per request the killed server never answered),
 * and both servers' plain (cached, replica-served) answers agree with the primary's.
 *
 * <p>That last check waits up to the cache TTL ({@value #CACHE_TTL_S} s here) plus a margin: a server killed between
 * its commit and the invalidation broadcast leaves the other instance's cache entries stale until they expire — the
 * cache's documented bound for a lost invalidation. Everything runs on loopback and free ports and is stopped at the
 * end, also when the test fails.
 */
@TestInstance(Lifecycle.PER_CLASS)
class PostgresFaultSuiteIT {
  private static final Duration BOUND = Duration.ofSeconds(90);
  private static final int CACHE_TTL_S = 3;
  private static final int CLIENTS = 4;
  private static final int MAX_ITERATIONS = 400;
  private static final int TAIL = 8;
  private static final String TENANT = "pg-faults";
  private static final String PREFIX = "/v1/" + TENANT + ".prod";
  private static final String TABLES = PREFIX + "/namespaces/sales/tables";
  private static final String HEADER = ConsistencyFilter.HEADER;
  /** The highest position ({@link Long#MAX_VALUE}): no replica has replayed it, so read on the primary, past the cache. */
  private static final String PRIMARY = "7FFFFFFF/FFFFFFFF";
  private static final String SCHEMA = "{\"type\":\"struct\",\"schema-id\":0,\"fields\":[{\"id\":1,\"name\":\"id\","
      + "\"required\":true,\"type\":\"long\"}]}";

  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private Path work;
  private Path lake;
  private PostgresCluster cluster;
  private RedisServerProcess redis;
  private final int portA = ServerProcess.freePort();
  private final int portB = ServerProcess.freePort();
  private volatile ServerProcess serverA;
  private volatile ServerProcess serverB;
  private Api a;
  private Api b;
  private Thread cleanup;

  // what the clients saw
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final Map<String, Set<String>> committed = new ConcurrentHashMap<>();
  private final Set<String> created = ConcurrentHashMap.newKeySet();
  private final Map<String, String> uuids = new ConcurrentHashMap<>();
  private final AtomicLong started = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicInteger commitsInFlightOnB = new AtomicInteger();
  private final AtomicInteger unansweredByKilled = new AtomicInteger();
  private final AtomicInteger answered503 = new AtomicInteger();
  private final AtomicInteger lostRaces = new AtomicInteger();
  private volatile boolean bDown;
  private final List<String> timings = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    work = Path.of(System.getProperty("basedir", ".")).resolve("target/pg-faults-" + id).toAbsolutePath();
    lake = Files.createDirectories(work.resolve("lake"));
    Files.writeString(work.resolve("signing-keys.json"), new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("faults")
        .generate()).toString(false));
    cleanup = new Thread(this::stopQuietly, "pg-faults-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    cluster = PostgresCluster.start();
    redis = new RedisServerProcess(ServerProcess.freePort(), work.resolve("redis"));
    redis.start();
    // both at once on the fresh database: both bootstrap the root principal, one of them loses that race
    serverA = ServerProcess.start("a", portA, settings("a"), work);
    serverB = ServerProcess.start("b", portB, settings("b"), work);
    serverA.awaitReady(BOUND);
    serverB.awaitReady(BOUND);
    a = new Api(serverA.uri());
    b = new Api(serverB.uri());
  }

  private Map<String, String> settings(String instance) {
    Map<String, String> s = new HashMap<>();
    s.put("pangolin.store.type", "postgres");
    s.put("pangolin.storage.local-roots", work.toString());
    s.put("pangolin.store.postgres.url", cluster.bouncerUrl("postgres"));
    s.put("pangolin.store.postgres.pgbouncer", "true");
    s.put("pangolin.store.postgres.migration-url", cluster.primaryUrl("postgres"));
    s.put("pangolin.store.postgres.user", "postgres");
    s.put("pangolin.store.postgres.maintenance-interval-s", "0");
    s.put("pangolin.store.postgres.connection-timeout-ms", "5000");
    s.put("pangolin.store.postgres.replicas", cluster.replicaUrl("postgres"));
    s.put("pangolin.store.postgres.replica-check-interval-ms", "200");
    s.put("pangolin.cache.type", "caffeine-redis");
    s.put("pangolin.cache.redis-address", redis.address());
    s.put("pangolin.cache.instance-id", instance);
    s.put("pangolin.cache.topic", "pangolin-faults-" + id + ":invalidations");
    s.put("pangolin.cache.key-prefix", "pangolin-faults-" + id);
    for (String family : List.of("catalog", "namespace-list", "asset", "permissions")) {
      s.put("pangolin.cache.ttl." + family + "-s", Integer.toString(CACHE_TTL_S));
    }
    s.put("pangolin.cache.probe-interval-ms", "200");
    s.put("pangolin.cache.degraded-ttl-s", "1");
    s.put("pangolin.cache.redis-timeout-ms", "500");
    s.put("pangolin.cache.ack-timeout-ms", "2000");
    // one key for both: tokens survive a restart and are accepted by either instance
    s.put("pangolin.auth.signing-keys-file", work.resolve("signing-keys.json").toString());
    return s;
  }

  @AfterAll
  void stop() throws Exception {
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException | NullPointerException shuttingDown) {
      // the hook runs or never was added
    }
    // the servers' logs stay in target/pg-faults-<id>/ for inspection
  }

  /** Stops servers, Redis and the cluster, each even if another fails to stop. */
  private synchronized void stopQuietly() {
    for (AutoCloseable c : new AutoCloseable[] {serverA, serverB, redis, cluster}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception | Error e) {
        System.err.println("fault suite: stopping " + c + " failed: " + e);
      }
    }
  }

  // ---- the clients ---------------------------------------------------------------------------------------------

  /** One request's answer, or none (empty status 0) when the server went away under it. */
  private record Answer(int status, Res res) {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private Answer send(boolean onB, String method, String path, String body, String token, String what) {
    started.incrementAndGet();
    inFlight.incrementAndGet();
    boolean commitOnB = onB && method.equals("POST") && path.startsWith(TABLES + "/");
    if (commitOnB) {
      commitsInFlightOnB.incrementAndGet();
    }
    try {
      Res r = (onB ? b : a).send(method, path, TENANT, body, token == null ? Map.of() : Map.of(HEADER, token));
      if (r.status() >= 200 && r.status() < 300) {
        succeeded.incrementAndGet();
      } else if (r.status() == 503) {
        answered503.incrementAndGet();
        if (r.headers().firstValue("Retry-After").isEmpty()) {
          failures.add(what + ": 503 without Retry-After: " + r.body());
        }
      } else if (r.status() != 409) {
        failures.add(what + " on " + (onB ? "B" : "A") + ": " + r.status() + " " + r.body());
      }
      return new Answer(r.status(), r);
    } catch (UncheckedIOException e) {
      if (onB && bDown) {
        if (!method.equals("GET")) {
          unansweredByKilled.incrementAndGet();
        }
      } else {
        failures.add(what + " on " + (onB ? "B" : "A") + ": no answer: " + e.getCause());
      }
      return new Answer(0, null);
    } finally {
      inFlight.decrementAndGet();
      if (commitOnB) {
        commitsInFlightOnB.decrementAndGet();
      }
    }
  }

  /**
   * A create; the table keeps every earlier metadata file in its metadata log (Iceberg keeps 100 by default and then
   * drops the oldest from the log without deleting the file), so that "referenced by nobody" means half-written.
   */
  private static String createBody(String name) {
    return "{\"name\":\"" + name + "\",\"schema\":" + SCHEMA + ",\"properties\":{\""
        + "write.metadata.previous-versions-max\":\"" + (MAX_ITERATIONS + 100) + "\"}}";
  }

  private static String commitBody(String uuid, String key, String value) {
    return "{\"requirements\":[{\"type\":\"assert-table-uuid\",\"uuid\":\"" + uuid + "\"}],\"updates\":[{\"action\":"
        + "\"set-properties\",\"updates\":{\"" + key + "\":\"" + value + "\"}}]}";
  }

  private static Map<String, String> properties(Res load) {
    Map<String, String> out = new LinkedHashMap<>();
    load.json().path("metadata").path("properties").properties().forEach(e -> out.put(e.getKey(),
        e.getValue().asText()));
    return out;
  }

  /** A create through A during setup (nothing is broken yet). */
  private void createTable(String name) {
    Res r = a.post(TABLES, TENANT, createBody(name)).is(200);
    uuids.put(name, r.json().path("metadata").path("table-uuid").asText());
    committed.put(name, ConcurrentHashMap.newKeySet());
    created.add(name);
  }

  private void client(int c, AtomicBoolean faultsDone) {
    String own = "own" + c;
    String token = null;
    int tail = 0;
    for (int i = 0; i < MAX_ITERATIONS && tail < TAIL; i++) {
      if (faultsDone.get()) {
        tail++;
      }
      boolean onB = (c + i) % 2 == 1 && !bDown;
      Answer commit = send(onB, "POST", TABLES + "/" + own, commitBody(uuids.get(own), "p" + i, "v" + i), token,
          "commit " + own + " #" + i);
      if (commit.ok()) {
        committed.get(own).add("p" + i);
        token = commit.res().headers().firstValue(HEADER).orElse(token);
      } else if (commit.status() == 409) {
        failures.add("commit " + own + " #" + i + ": 409 on a table only this client writes: " + commit.res().body());
      }
      onB = !onB && !bDown;
      Answer load = send(onB, "GET", TABLES + "/" + own, null, token, "load " + own + " #" + i);
      if (load.ok()) {
        Set<String> missing = new TreeSet<>(committed.get(own));
        missing.removeAll(properties(load.res()).keySet());
        if (!missing.isEmpty()) {
          failures.add("load " + own + " #" + i + " with the last token misses acknowledged commits " + missing);
        }
      }
      if (i % 4 == 0) {
        String name = "t" + c + "_" + i;
        Answer create = send(!onB && !bDown, "POST", TABLES, createBody(name), token, "create " + name);
        if (create.ok()) {
          created.add(name);
          token = create.res().headers().firstValue(HEADER).orElse(token);
        } else if (create.status() == 409) {
          failures.add("create " + name + ": 409 for a name nobody else uses: " + create.res().body());
        }
      }
      if (i % 4 == 2) {
        String key = "s" + c + "_" + i;
        Answer shared = send(onB, "POST", TABLES + "/shared", commitBody(uuids.get("shared"), key, "v"), token,
            "commit shared " + key);
        if (shared.ok()) {
          committed.get("shared").add(key);
          token = shared.res().headers().firstValue(HEADER).orElse(token);
        } else if (shared.status() == 409) {
          lostRaces.incrementAndGet();
        }
      }
      if (i % 4 == 3) {
        send(!onB && !bDown, "GET", TABLES + "/shared", null, null, "plain load shared #" + i); // cache and replica
      }
    }
  }

  // ---- the faults ----------------------------------------------------------------------------------------------

  private interface Step {
    void run() throws Exception;
  }

  /**
   * Waits for 20 successful requests (service is full), breaks something, waits until at least {@value #CLIENTS}
   * requests met the outage (in flight when it began, or started since), repairs it, then waits until a create and a
   * commit succeed through each server. The outage is kept that short on purpose: a create or commit whose answer
   * was lost is resolved for at most 15 s (then it is answered as unknown, which this suite counts as a failure).
   */
  private void fault(String name, Step breakIt, Step repair) throws Exception {
    long ok = succeeded.get();
    Awaitility.await("service before " + name).atMost(BOUND).until(() -> succeeded.get() >= ok + 20);
    long t0 = System.nanoTime();
    breakIt.run();
    long s0 = started.get() - inFlight.get();
    Awaitility.await("requests meet: " + name).atMost(BOUND).pollInterval(Duration.ofMillis(10))
        .until(() -> started.get() - s0 >= CLIENTS);
    long t1 = System.nanoTime();
    repair.run();
    long t2 = System.nanoTime();
    AtomicInteger attempt = new AtomicInteger();
    Awaitility.await("full service after " + name).atMost(BOUND).pollInterval(Duration.ofMillis(50))
        .until(() -> probe(name.replaceAll("\\W", "") + attempt.incrementAndGet()));
    long t3 = System.nanoTime();
    String line = String.format("%-34s outage %6d ms (broken %5d ms, repair %5d ms), then full service in %6d ms",
        name, ms(t2 - t0), ms(t1 - t0), ms(t2 - t1), ms(t3 - t2));
    timings.add(line);
    System.out.println("fault suite (postgres): " + line);
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  /** A create through A and a commit to it through B, then the same the other way round: all acknowledged. */
  private boolean probe(String tag) {
    for (boolean createOnB : new boolean[] {false, true}) {
      String name = "probe_" + tag + (createOnB ? "_b" : "_a");
      Answer create = send(createOnB, "POST", TABLES, createBody(name), null, "probe create " + name);
      if (!create.ok()) {
        return false;
      }
      created.add(name);
      String uuid = create.res().json().path("metadata").path("table-uuid").asText();
      String token = create.res().headers().firstValue(HEADER).orElse(null);
      committed.put(name, ConcurrentHashMap.newKeySet());
      Answer commit = send(!createOnB, "POST", TABLES + "/" + name, commitBody(uuid, "probe", "1"), token,
          "probe commit " + name);
      if (!commit.ok()) {
        return false;
      }
      committed.get(name).add("probe");
    }
    return true;
  }

  @Test
  void faultsOneAfterAnother_answerOnly503WithRetryAfter_andLoseOrHalfWriteNothing() throws Exception {
    a.post("/api/v1/tenants", null, Map.of("name", TENANT)).is(201);
    a.post("/api/v1/warehouses", TENANT, Map.of("name", "lake", "storageRoot", "file://" + lake)).is(201);
    a.post("/api/v1/catalogs", TENANT, Map.of("name", "prod", "warehouse", "lake")).is(201);
    a.post("/api/v1/catalogs/prod/namespaces", TENANT, Map.of("name", "sales")).is(201);
    for (int c = 0; c < CLIENTS; c++) {
      createTable("own" + c);
    }
    createTable("shared");

    AtomicBoolean faultsDone = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      clients.add(pool.submit(() -> client(client, faultsDone)));
    }
    try {
      fault("PostgreSQL primary crash + restart", cluster::stopPrimary, cluster::startPrimary);
      fault("PgBouncer SIGKILL + restart", cluster::stopBouncer, cluster::startBouncer);
      fault("replica stop + start", cluster::stopReplica, cluster::startReplica);
      fault("Redis SIGKILL + restart", redis::kill, redis::start);
      fault("server B SIGKILL mid-commit + restart", () -> {
        Awaitility.await("a commit in flight on B").atMost(BOUND).pollInterval(Duration.ofMillis(1))
            .until(() -> commitsInFlightOnB.get() > 0);
        bDown = true;
        serverB.kill();
      }, () -> {
        serverB = ServerProcess.start("b-restarted", portB, settings("b"), work);
        serverB.awaitReady(BOUND);
        bDown = false;
      });
    } finally {
      faultsDone.set(true);
      for (Future<?> f : clients) {
        f.get(5, TimeUnit.MINUTES);
      }
      pool.shutdownNow();
    }

    System.out.printf("fault suite (postgres): %d requests, %d succeeded, %d answered 503, %d lost races on the "
        + "shared table, %d writes unanswered by the killed server%n", started.get(), succeeded.get(),
        answered503.get(), lostRaces.get(), unansweredByKilled.get());
    assertThat(failures).as("answers outside 2xx / 503 with Retry-After / 409 on the shared table").isEmpty();

    // every acknowledged create and commit is on the primary; every pointer leads to an existing metadata file
    Map<String, String> truth = new HashMap<>();
    Set<String> referenced = new HashSet<>();
    Set<String> listed = listing(a, PRIMARY);
    assertThat(listed).containsAll(created);
    for (String table : listed) {
      Res load = a.send("GET", TABLES + "/" + table, TENANT, null, Map.of(HEADER, PRIMARY)).is(200);
      String location = load.json().path("metadata-location").asText();
      assertThat(Path.of(URI.create(location))).as("metadata file of %s", table).exists();
      truth.put(table, location);
      referenced.add(location);
      load.json().path("metadata").path("metadata-log").forEach(e -> referenced.add(e.path("metadata-file")
          .asText()));
      assertThat(properties(load).keySet()).as("acknowledged commits of %s", table)
          .containsAll(committed.getOrDefault(table, Set.of()));
    }

    // nothing half-written: each metadata file is some table's current or earlier metadata
    Set<String> orphans = new TreeSet<>();
    try (Stream<Path> files = Files.walk(lake)) {
      files.filter(f -> f.getFileName().toString().endsWith(".metadata.json")).map(f -> f.toUri().toString())
          .map(u -> u.replaceFirst("^file:///", "file:/")).forEach(orphans::add);
    }
    Set<String> normalized = new HashSet<>();
    referenced.forEach(r -> normalized.add(r.replaceFirst("^file:///", "file:/")));
    orphans.removeAll(normalized);
    System.out.printf("fault suite (postgres): %d tables, %d metadata files referenced, %d referenced by nobody%n",
        truth.size(), normalized.size(), orphans.size());
    assertThat(orphans.size()).as("metadata files referenced by nobody: %s", orphans.stream().limit(5).toList())
        .isLessThanOrEqualTo(unansweredByKilled.get());

    // caches agree with the store: plain loads and listings (cache, replica) on both servers answer what the primary
    // has — within the cache TTL, the bound for an invalidation the killed server never sent
    Awaitility.await("both servers' caches agree with the primary").atMost(Duration.ofSeconds(CACHE_TTL_S + 30))
        .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
          for (Api server : List.of(a, b)) {
            assertThat(listing(server, null)).isEqualTo(listed);
            for (Map.Entry<String, String> e : truth.entrySet()) {
              assertThat(server.get(TABLES + "/" + e.getKey(), TENANT).is(200).json().path("metadata-location")
                  .asText()).as("plain load of %s", e.getKey()).isEqualTo(e.getValue());
            }
          }
        });
    timings.forEach(t -> System.out.println("fault suite (postgres) summary: " + t));
  }

  private static Set<String> listing(Api server, String token) {
    Res r = server.send("GET", TABLES, TENANT, null, token == null ? Map.of() : Map.of(HEADER, token)).is(200);
    Set<String> names = new TreeSet<>();
    r.json().path("identifiers").forEach(n -> names.add(n.path("name").asText()));
    return names;
  }
}
