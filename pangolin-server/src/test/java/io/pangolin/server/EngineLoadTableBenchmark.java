package io.pangolin.server;

import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NewAsset;
import io.pangolin.api.RequestContext;
import io.pangolin.core.Pangolin;
import io.pangolin.spi.ProviderConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Benchmark, not a test: {@code loadTable}'s store path — the engine's {@code assets().get} (tenant check + asset
 * read) — against PostgreSQL (127.0.0.1:5432, a database of its own), with the cache off and with a warm
 * {@code caffeine-redis} cache (Redis 127.0.0.1:6379). Prints requests per second and latency percentiles.
 *
 * <pre>
 * mvn -q -pl pangolin-server test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=cp.txt
 * java -cp pangolin-server/target/test-classes:pangolin-server/target/classes:$(cat pangolin-server/cp.txt) \
 *     io.pangolin.server.EngineLoadTableBenchmark [threads=8] [seconds=20] [tables=1000]
 * </pre>
 */
public final class EngineLoadTableBenchmark {
  private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

  private EngineLoadTableBenchmark() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int tables = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    String db = "pangolin_bench_" + Long.toHexString(System.nanoTime());
    sql("CREATE DATABASE " + db);
    try {
      Map<String, String> store = Map.of("url", "jdbc:postgresql://127.0.0.1:5432/" + db, "user", "postgres",
          "maintenance-interval-s", "0", "pool-size", "16");
      String tenant = "bench-" + Long.toHexString(System.nanoTime());
      try (Pangolin setup = Pangolin.builder().store("postgres", ProviderConfig.of(store)).build()) {
        RequestContext ctx = RequestContext.of(tenant, "bench");
        setup.tenants().create(ctx, tenant, Map.of());
        setup.warehouses().create(ctx, "lake", "s3://bench/lake", Map.of());
        setup.catalogs().create(ctx, "prod", "lake", Map.of());
        setup.namespaces().create(ctx, "prod", NamespaceName.of("sales"), Map.of());
        for (int i = 0; i < tables; i++) {
          setup.assets().create(ctx, "prod", NamespaceName.of("sales"), new NewAsset("t" + i,
              AssetKind.ICEBERG_TABLE, Optional.empty(), Map.of("owner", "bench"),
              Optional.of("s3://bench/lake/t" + i + "/metadata/00000.metadata.json")));
        }
      }
      System.out.printf("loadTable (engine assets().get), PostgreSQL store, %d tables, %d threads, %d s per run%n",
          tables, threads, seconds);
      String prefix = "pangolin-bench-" + Long.toHexString(System.nanoTime());
      Map<String, String> cache = new HashMap<>();
      cache.put("redis-address", "redis://127.0.0.1:6379");
      cache.put("key-prefix", prefix);
      cache.put("topic", prefix + ":invalidations");
      cache.put("warm-catalogs", tenant + ".prod");
      // a warm-up run each (JIT, pools), then the measured run
      for (boolean cached : new boolean[] {false, true}) {
        Pangolin.Builder b = Pangolin.builder().store("postgres", ProviderConfig.of(store));
        if (cached) {
          b.cache("caffeine-redis", ProviderConfig.of(cache));
        }
        try (Pangolin p = b.build()) {
          run(p, tenant, tables, threads, Math.max(3, seconds / 4));
          Result r = run(p, tenant, tables, threads, seconds);
          System.out.printf("  %-28s %s%n", cached ? "cache caffeine-redis (warm)" : "cache off", r);
        }
      }
    } finally {
      sql("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    }
  }

  record Result(double seconds, LatencyHistogram latencies) {
    @Override
    public String toString() {
      return String.format("%,10.0f req/s   p50 %8.1f us   p95 %8.1f us   p99 %8.1f us",
          latencies.count() / seconds, latencies.percentileMicros(50), latencies.percentileMicros(95),
          latencies.percentileMicros(99));
    }
  }

  private static Result run(Pangolin p, String tenant, int tables, int threads, int seconds) throws Exception {
    RequestContext ctx = RequestContext.of(tenant, "bench");
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<LatencyHistogram>> futures = new ArrayList<>();
      long started = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          LatencyHistogram h = new LatencyHistogram();
          ThreadLocalRandom random = ThreadLocalRandom.current();
          while (System.nanoTime() < end) {
            AssetKey key = new AssetKey("prod", NamespaceName.of("sales"), "t" + random.nextInt(tables));
            long s = System.nanoTime();
            p.assets().get(ctx, key);
            h.record(System.nanoTime() - s);
          }
          return h;
        }));
      }
      LatencyHistogram all = new LatencyHistogram();
      for (Future<LatencyHistogram> f : futures) {
        all.add(f.get());
      }
      return new Result((System.nanoTime() - started) / 1e9, all);
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
