package io.pangolin.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Benchmark, not a test: {@code GET /api/v1/catalogs/prod/namespaces/sales/assets/{table}} (the asset record
 * behind Iceberg's loadTable) against the packaged server on PostgreSQL, cache off vs {@code caffeine-redis} (Redis
 * 127.0.0.1:6379), from a client in this JVM on the same machine. Needs {@code target/pangolin-server.jar}.
 *
 * <pre>
 * mvn -q -pl pangolin-server package -DskipTests
 * mvn -q -pl pangolin-server dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=cp.txt
 * java -Dbasedir=pangolin-server -cp pangolin-server/target/test-classes:pangolin-server/target/classes:$(cat pangolin-server/cp.txt) \
 *     io.pangolin.server.HttpLoadTableBenchmark [threads=8] [seconds=20] [tables=1000]
 * </pre>
 */
public final class HttpLoadTableBenchmark {
  private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

  private HttpLoadTableBenchmark() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int tables = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    System.out.printf("GET asset over HTTP, PostgreSQL store, %d tables, %d client threads, %d s per run%n", tables,
        threads, seconds);
    Path logs = Files.createTempDirectory("pangolin-bench");
    for (boolean cached : new boolean[] {false, true}) {
      String db = "pangolin_bench_http_" + Long.toHexString(System.nanoTime());
      sql("CREATE DATABASE " + db);
      Map<String, String> props = new HashMap<>();
      props.put("pangolin.store.type", "postgres");
      props.put("pangolin.store.postgres.url", "jdbc:postgresql://127.0.0.1:5432/" + db);
      props.put("pangolin.store.postgres.user", "postgres");
      props.put("pangolin.store.postgres.maintenance-interval-s", "0");
      if (cached) {
        props.put("pangolin.cache.type", "caffeine-redis");
        props.put("pangolin.cache.redis-address", "redis://127.0.0.1:6379");
        props.put("pangolin.cache.key-prefix", db);
        props.put("pangolin.cache.topic", db + ":invalidations");
      }
      try (ServerProcess server = ServerProcess.start(cached ? "cached" : "uncached", props, logs)) {
        server.awaitReady(Duration.ofMinutes(2));
        Api api = new Api(server.uri());
        String t = "bench";
        api.post("/api/v1/tenants", null, Map.of("name", t)).is(201);
        api.post("/api/v1/warehouses", t, Map.of("name", "lake", "storageRoot", "s3://bench/lake")).is(201);
        api.post("/api/v1/catalogs", t, Map.of("name", "prod", "warehouse", "lake")).is(201);
        api.post("/api/v1/catalogs/prod/namespaces", t, Map.of("name", "sales")).is(201);
        for (int i = 0; i < tables; i++) {
          api.post("/api/v1/catalogs/prod/namespaces/sales/assets", t, Map.of("name", "t" + i, "kind",
              "ICEBERG_TABLE", "metadataLocation", "s3://bench/lake/t" + i + "/metadata/00000.metadata.json"))
              .is(201);
        }
        String base = server.uri() + "/api/v1/catalogs/prod/namespaces/sales/assets/t";
        run(base, t, tables, threads, Math.max(3, seconds / 4)); // warm-up: JIT, pools, cache
        LatencyHistogram r = run(base, t, tables, threads, seconds);
        System.out.printf("  %-28s %,10.0f req/s   p50 %8.1f us   p95 %8.1f us   p99 %8.1f us%n",
            cached ? "cache caffeine-redis (warm)" : "cache off", r.count() / (double) seconds,
            r.percentileMicros(50), r.percentileMicros(95), r.percentileMicros(99));
      } finally {
        sql("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      }
    }
  }

  private static LatencyHistogram run(String base, String tenant, int tables, int threads, int seconds) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String bearer = TestAuth.rootBearer(URI.create(base.substring(0, base.indexOf("/api/"))));
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<LatencyHistogram>> futures = new ArrayList<>();
      for (int th = 0; th < threads; th++) {
        futures.add(pool.submit(() -> {
          LatencyHistogram h = new LatencyHistogram();
          ThreadLocalRandom random = ThreadLocalRandom.current();
          while (System.nanoTime() < end) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + random.nextInt(tables)))
                .header("X-Pangolin-Tenant", tenant).header("Authorization", bearer).GET().build();
            long s = System.nanoTime();
            HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
            long d = System.nanoTime() - s;
            if (res.statusCode() != 200) {
              throw new IllegalStateException("status " + res.statusCode() + ": " + res.body());
            }
            h.record(d);
          }
          return h;
        }));
      }
      LatencyHistogram all = new LatencyHistogram();
      for (Future<LatencyHistogram> f : futures) {
        all.add(f.get());
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
