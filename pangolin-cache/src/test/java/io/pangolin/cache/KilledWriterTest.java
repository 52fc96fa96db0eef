package io.pangolin.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.NamespaceName;
import io.pangolin.spi.CacheObserver;
import io.pangolin.spi.tck.Fixtures;
import io.pangolin.store.postgres.PostgresMetadataStore;
import io.pangolin.store.postgres.PostgresTestServer;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A writer killed between its store write and its invalidation: two instances over one real PostgreSQL database
 * (a fresh one on the test server, each instance with its own pool, as two servers) and the machine's Redis. Instance
 * A's store write commits, then A's writing thread never comes back (it is held right after the store returned, and
 * A is closed — its Redis connections and subscription gone, as after SIGKILL — before it is let go), so A's
 * invalidation is never sent. Instance B, which had the old value in L1 and L2, serves the new value while A's write
 * marker lives, fills nothing while it lives, and caches the new value once it expired. Before write markers, B served
 * the old value until the TTL (300 s here).
 */
class KilledWriterTest {
  private static final Duration MARKER = Duration.ofSeconds(10);
  private static final NamespaceName NS = NamespaceName.of("ns");

  private final CacheConfig config = TestRedis.isolated().writeMarker(MARKER).build();
  private String database;
  private PostgresMetadataStore storeA;
  private PostgresMetadataStore storeB;
  private StoreSpy spyA;
  private StoreSpy spyB;
  private CachingMetadataStore a;
  private CachingMetadataStore b;
  private final CountDownLatch letGo = new CountDownLatch(1);
  private final ExecutorService writers = Executors.newSingleThreadExecutor();
  private String tenant;

  @BeforeEach
  void start() throws Exception {
    database = "pangolin_cache_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    try (Connection c = PostgresTestServer.admin(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
    storeA = PostgresMetadataStore.open(PostgresTestServer.config(PostgresTestServer.url(database)).build());
    storeB = PostgresMetadataStore.open(PostgresTestServer.config(PostgresTestServer.url(database)).build());
    spyA = new StoreSpy(storeA);
    spyB = new StoreSpy(storeB);
    a = instance(spyA, "a");
    b = instance(spyB, "b");
    assertThat(a.degraded() || b.degraded()).as("both joined Redis").isFalse();
    tenant = a.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))).name();
    a.createWarehouse(Fixtures.warehouse(tenant, "wh"));
    a.createCatalog(Fixtures.catalog(tenant, "cat", "wh"));
    a.createNamespace(Fixtures.namespace(tenant, "cat", NS));
  }

  private CachingMetadataStore instance(StoreSpy spy, String id) {
    CacheConfig c = CacheConfig.builder().redisAddress(config.redisAddress().orElseThrow())
        .keyPrefix(config.keyPrefix()).topic(config.topic()).instanceId(config.keyPrefix() + "-" + id)
        .writeMarker(MARKER).build();
    return (CachingMetadataStore) CaffeineRedisCacheProvider.decorate(spy.store, c, CacheObserver.NONE);
  }

  @AfterEach
  void stop() throws Exception {
    a.close(); // before the held writer goes on: a dead process sends nothing
    letGo.countDown();
    writers.shutdownNow();
    b.close();
    storeA.close();
    storeB.close();
    TestRedis.deleteKeys(TestRedis.ADDRESS, config.keyPrefix());
    try (Connection c = PostgresTestServer.admin(); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  /** Holds A's next {@code method} call right after the store returned; the returned latch opens then. */
  private CountDownLatch dieAfterCommitOf(String method) {
    CountDownLatch committed = new CountDownLatch(1);
    AtomicBoolean armed = new AtomicBoolean(true);
    spyA.afterHook = (m, args, result) -> {
      if (m.equals(method) && armed.compareAndSet(true, false)) {
        committed.countDown();
        letGo.await(); // never, while the test runs: this "process" is dead
      }
    };
    return committed;
  }

  /** Kills A: its commit is in the store, its invalidation never sent, its Redis connections gone. */
  private void killAAfterCommit(CountDownLatch committed) throws InterruptedException {
    assertThat(committed.await(60, TimeUnit.SECONDS)).as("A's store write committed").isTrue();
    a.close();
  }

  private Optional<Long> versionOnB(AssetKey key) {
    return b.getAsset(tenant, key).map(Asset::version);
  }

  private boolean marked(AssetKey key) {
    RedisShared.Lookup l = b.shared().lookup(new Keys(config.keyPrefix()).asset(tenant, key), "");
    return l != null && l.writing();
  }

  private Object l2(AssetKey key) {
    return b.shared().lookup(new Keys(config.keyPrefix()).asset(tenant, key), "").value();
  }

  /** B caches the value once the marker expired: a second read does not reach the store; L2 holds it too. */
  private void afterTheMarker_bCachesVersion(AssetKey key, long version) {
    await("A's marker expired").atMost(Duration.ofSeconds(60)).until(() -> !marked(key));
    assertThat(versionOnB(key)).contains(version);
    long reads = spyB.calls("getAsset");
    assertThat(versionOnB(key)).contains(version);
    assertThat(spyB.calls("getAsset")).as("B caches again").isEqualTo(reads);
    await("B's write-back to L2").atMost(Duration.ofSeconds(30)).until(() -> l2(key) != null);
    assertThat(l2(key)).isInstanceOfSatisfying(Optional.class,
        o -> assertThat(((Asset) o.orElseThrow()).version()).isEqualTo(version));
  }

  @Test
  void writerKilledAfterItsStoreWrite_otherInstanceServesTheNewValueWithinTheMarker_andFillsNothingMeanwhile()
      throws Exception {
    Asset v1 = a.createAsset(Fixtures.asset(tenant, "cat", NS, "orders", AssetKind.ICEBERG_TABLE));
    AssetKey key = v1.key();
    assertThat(versionOnB(key)).contains(1L);
    long reads = spyB.calls("getAsset");
    assertThat(versionOnB(key)).contains(1L);
    assertThat(spyB.calls("getAsset")).as("B serves v1 from L1").isEqualTo(reads);
    await("v1 in L2").atMost(Duration.ofSeconds(30)).until(() -> l2(key) != null);

    CountDownLatch committed = dieAfterCommitOf("updateAsset");
    Future<Asset> write = writers.submit(() -> a.updateAsset(Fixtures.withProperties(v1, Map.of("v", "2")), 1));
    killAAfterCommit(committed);
    assertThat(write).isNotDone();
    assertThat(storeB.getAsset(tenant, key).orElseThrow().version()).as("committed").isEqualTo(2);

    await("B serves v2").atMost(MARKER).until(() -> versionOnB(key).equals(Optional.of(2L)));
    assertThat(marked(key)).as("within the marker's life").isTrue();
    for (int i = 0; i < 3; i++) {
      long before = spyB.calls("getAsset");
      assertThat(versionOnB(key)).contains(2L);
      assertThat(spyB.calls("getAsset")).as("while marked, B reads the store and caches nothing")
          .isEqualTo(before + 1);
    }
    assertThat(TestRedis.exists(new Keys(config.keyPrefix()).asset(tenant, key).id())).as("L2 while marked")
        .isFalse();

    afterTheMarker_bCachesVersion(key, 2);
  }

  @Test
  void aReaderThatLoadedTheOldValue_beforeAKilledWritersStoreWrite_neverCachesIt() throws Exception {
    Asset v1 = a.createAsset(Fixtures.asset(tenant, "cat", NS, "race", AssetKind.ICEBERG_TABLE));
    AssetKey key = v1.key();
    CountDownLatch loaded = new CountDownLatch(1);
    CountDownLatch goOn = new CountDownLatch(1);
    AtomicBoolean armed = new AtomicBoolean(true);
    spyB.afterHook = (m, args, result) -> {
      if (m.equals("getAsset") && armed.compareAndSet(true, false)) {
        loaded.countDown(); // B's reader has v1 from the store and has not cached it yet
        assertThat(goOn.await(60, TimeUnit.SECONDS)).isTrue();
      }
    };
    ExecutorService readers = Executors.newSingleThreadExecutor();
    try {
      Future<Optional<Asset>> reader = readers.submit(() -> b.getAsset(tenant, key));
      assertThat(loaded.await(60, TimeUnit.SECONDS)).isTrue();

      CountDownLatch committed = dieAfterCommitOf("updateAsset");
      writers.submit(() -> a.updateAsset(Fixtures.withProperties(v1, Map.of("v", "2")), 1));
      killAAfterCommit(committed);
      goOn.countDown();
      assertThat(reader.get(60, TimeUnit.SECONDS)).as("the racing read itself").map(Asset::version).contains(1L);

      await("B serves v2").atMost(MARKER).until(() -> versionOnB(key).equals(Optional.of(2L)));
      assertThat(marked(key)).as("within the marker's life").isTrue();
      assertThat(versionOnB(key)).contains(2L);
      assertThat(TestRedis.exists(new Keys(config.keyPrefix()).asset(tenant, key).id()))
          .as("the racing reader wrote nothing back to L2").isFalse();
      afterTheMarker_bCachesVersion(key, 2);
    } finally {
      readers.shutdownNow();
    }
  }
}
