package io.pangolin.cache;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.NamespaceName;
import io.pangolin.spi.CacheObserver;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.tck.Fixtures;
import io.pangolin.store.memory.MemoryMetadataStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Benchmark, not a test: what the cache's own paths cost, over the in-memory store (so only the cache and Redis are
 * measured) with the machine's Redis (127.0.0.1:6379, a key prefix of its own). Uses the public API only, so the same
 * class runs against an older build of the module's classes. Prints, single-threaded:
 *
 * <ul>
 *   <li>L1 hit: {@code getAsset} of warm keys (a cached get-table), operations per second;
 *   <li>miss: the first {@code getAsset} of a key (L2 lookup, store read, L1 fill, L2 write-back), p50/p99;
 *   <li>write: {@code updateAsset} (with its invalidation, and the write marker where there is one), p50/p99.
 * </ul>
 *
 * <pre>
 * java -cp pangolin-cache/target/test-classes:pangolin-cache/target/classes:$(cat cp.txt) \
 *     io.pangolin.cache.CacheCostBenchmark [keys=2000] [hit-seconds=10] [rounds=3]
 * </pre>
 */
public final class CacheCostBenchmark {
  private CacheCostBenchmark() {}

  public static void main(String[] args) throws Exception {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int hitSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    CacheConfig config = TestRedis.isolated().build();
    NamespaceName ns = NamespaceName.of("ns");
    try (MetadataStore cache = CaffeineRedisCacheProvider.decorate(new MemoryMetadataStore(), config,
        CacheObserver.NONE)) {
      for (int round = 1; round <= rounds; round++) {
        String tenant = cache.createTenant(Fixtures.tenant(Fixtures.uniqueName("bench"))).name();
        cache.createWarehouse(Fixtures.warehouse(tenant, "wh"));
        cache.createCatalog(Fixtures.catalog(tenant, "cat", "wh"));
        cache.createNamespace(Fixtures.namespace(tenant, "cat", ns));
        List<Asset> assets = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
          assets.add(cache.createAsset(Fixtures.asset(tenant, "cat", ns, "t" + i, AssetKind.ICEBERG_TABLE)));
        }
        long[] miss = new long[keys];
        for (int i = 0; i < keys; i++) {
          AssetKey k = assets.get(i).key();
          long t0 = System.nanoTime();
          cache.getAsset(tenant, k);
          miss[i] = System.nanoTime() - t0;
        }
        long ops = 0;
        long end = System.nanoTime() + hitSeconds * 1_000_000_000L;
        long start = System.nanoTime();
        long now = start;
        while (now < end) {
          for (int i = 0; i < 1000; i++) {
            cache.getAsset(tenant, assets.get(i % keys).key());
          }
          ops += 1000;
          now = System.nanoTime();
        }
        double hitsPerSecond = ops / ((now - start) / 1e9);
        long[] write = new long[keys];
        for (int i = 0; i < keys; i++) {
          Asset a = assets.get(i);
          long t0 = System.nanoTime();
          cache.updateAsset(Fixtures.withProperties(a, Map.of("v", "2")), a.version());
          write[i] = System.nanoTime() - t0;
        }
        System.out.printf("round %d: L1 hit %.0f ops/s; miss p50 %s p99 %s; write p50 %s p99 %s%n", round,
            hitsPerSecond, micros(miss, 0.50), micros(miss, 0.99), micros(write, 0.50), micros(write, 0.99));
      }
    } finally {
      TestRedis.deleteKeys(TestRedis.ADDRESS, config.keyPrefix());
    }
  }

  private static String micros(long[] nanos, double quantile) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return String.format("%.0f µs", sorted[(int) Math.min(sorted.length - 1, quantile * sorted.length)] / 1e3);
  }
}
