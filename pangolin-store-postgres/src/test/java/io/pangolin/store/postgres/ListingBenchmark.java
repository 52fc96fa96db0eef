package io.pangolin.store.postgres;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetQuery;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.spi.tck.Fixtures;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * Benchmark, not a test (surefire does not run it): keyset paging through a catalog of 1 000 000 assets. Compares
 * the latency of pages at the start of the listing with pages at its end; with OFFSET paging the end would cost
 * O(n), with keyset paging every page is an index range scan of the same size.
 *
 * <p>Run (PostgreSQL on 127.0.0.1:5432, see the module README):
 *
 * <pre>
 * mvn -B -q -pl pangolin-store-postgres test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp pangolin-store-postgres/target/test-classes:pangolin-store-postgres/target/classes:$(cat \
 *     pangolin-store-postgres/target/test-classpath.txt) io.pangolin.store.postgres.ListingBenchmark [assets]
 * </pre>
 */
public final class ListingBenchmark {
  private static final String DATABASE = "pangolin_benchmark";
  private static final int WINDOW = 200;

  private ListingBenchmark() {}

  public static void main(String[] args) throws Exception {
    int assets = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    try (Connection admin = PostgresTestServer.admin(); Statement s = admin.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + DATABASE);
    }
    String url = PostgresTestServer.url(DATABASE);
    try (PostgresMetadataStore store = PostgresMetadataStore.open(PostgresTestServer.config(url).build())) {
      String tenant = store.createTenant(Fixtures.tenant("bench")).name();
      store.createWarehouse(Fixtures.warehouse(tenant, "wh"));
      store.createCatalog(Fixtures.catalog(tenant, "big", "wh"));
      NamespaceName ns = NamespaceName.of("all");
      store.createNamespace(Fixtures.namespace(tenant, "big", ns));

      long t0 = System.nanoTime();
      try (Connection c = PostgresTestServer.connect(url); Statement s = c.createStatement()) {
        s.execute("INSERT INTO pangolin.assets (tenant, catalog, namespace, name, id, kind, location, properties, "
            + "metadata_location, created_at, updated_at, version) SELECT 'bench', 'big', '{all}', "
            + "'asset' || lpad(g::text, 7, '0'), gen_random_uuid()::text, 'ICEBERG_TABLE', "
            + "'s3://bucket/big/all/asset' || g, '{\"owner\": \"bench\", \"format-version\": \"2\"}', "
            + "'s3://bucket/big/all/asset' || g || '/metadata/00000.metadata.json', now(), now(), 1 "
            + "FROM generate_series(1, " + assets + ") g ORDER BY random()");
        s.execute("VACUUM ANALYZE pangolin.assets");
      }
      System.out.printf("loaded %,d assets in %.1f s%n", store.countAssets(tenant, "big"),
          (System.nanoTime() - t0) / 1e9);

      for (int size : new int[] {100, 1000}) {
        walk("listAssets", assets, size, p -> store.listAssets(tenant, "big", ns, Optional.empty(), p));
        walk("searchAssets(catalog)", assets, size, p -> store.searchAssets(tenant,
            new AssetQuery(Optional.of("big"), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()), p));
      }
    } finally {
      try (Connection admin = PostgresTestServer.admin(); Statement s = admin.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
      }
    }
  }

  /** Walks the whole listing twice (the first walk warms caches) and reports the second one. */
  private static void walk(String name, int assets, int size, Function<PageRequest, Page<Asset>> list) {
    long[] nanos = null;
    long items = 0;
    for (int round = 0; round < 2; round++) {
      long[] times = new long[assets / size + 2];
      int pages = 0;
      items = 0;
      PageRequest req = PageRequest.first(size);
      while (true) {
        long t = System.nanoTime();
        Page<Asset> page = list.apply(req);
        times[pages++] = System.nanoTime() - t;
        items += page.items().size();
        if (page.nextToken().isEmpty()) {
          break;
        }
        req = PageRequest.after(page.nextToken().get(), size);
      }
      nanos = Arrays.copyOf(times, pages);
    }
    int n = nanos.length;
    int w = Math.min(WINDOW, n / 2);
    double[] first = stats(Arrays.copyOfRange(nanos, 0, w));
    double[] last = stats(Arrays.copyOfRange(nanos, n - w, n));
    System.out.printf("%-22s page %4d: %,d items in %,d pages; first %d pages median %.2f ms p95 %.2f ms; "
            + "last %d pages median %.2f ms p95 %.2f ms; ratio of medians last/first %.2f%n", name, size, items, n,
        w, first[0], first[1], w, last[0], last[1], last[0] / first[0]);
  }

  private static double[] stats(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new double[] {sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.95)] / 1e6};
  }
}
