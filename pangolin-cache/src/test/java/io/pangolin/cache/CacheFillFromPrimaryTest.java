package io.pangolin.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.NamespaceName;
import io.pangolin.spi.CacheObserver;
import io.pangolin.spi.ReadConsistency;
import io.pangolin.spi.tck.Fixtures;
import io.pangolin.store.postgres.LocalPostgres;
import io.pangolin.store.postgres.PostgresMetadataStore;
import io.pangolin.store.postgres.PostgresStoreConfig;
import io.pangolin.store.postgres.PostgresTestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Cache fills read the primary: two instances (two stores with their own pools, as two servers hold, each under its
 * cache) over a real PostgreSQL primary with a real streaming replica whose replay is paused on purpose, and the
 * machine's Redis. After a write on A, a token-less miss on B — which the store would answer from the stale replica —
 * fills L1 and L2 with the new value from the primary. Before, B cached the replica's old value until the TTL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CacheFillFromPrimaryTest {
  private static final NamespaceName NS = NamespaceName.of("ns");

  private final CacheConfig config = TestRedis.isolated().build();
  private LocalPostgres primary;
  private LocalPostgres replica;
  private PostgresMetadataStore storeA;
  private PostgresMetadataStore storeB;
  private CachingMetadataStore a;
  private CachingMetadataStore b;

  @BeforeAll
  void start() throws Exception {
    primary = LocalPostgres.startPrimary();
    replica = primary.startStandby(Duration.ZERO);
    // a lag bound far above the test's run time: the paused replica stays in rotation for token-less reads
    PostgresStoreConfig cfg = PostgresTestServer.config(primary.url()).replicas(List.of(replica.url()))
        .replicaMaxLagMs(600_000).replicaCheckIntervalMs(50).build();
    storeA = PostgresMetadataStore.open(cfg);
    storeB = PostgresMetadataStore.open(cfg);
    a = instance(storeA, "a");
    b = instance(storeB, "b");
  }

  private CachingMetadataStore instance(PostgresMetadataStore store, String id) {
    CacheConfig c = CacheConfig.builder().redisAddress(config.redisAddress().orElseThrow())
        .keyPrefix(config.keyPrefix()).topic(config.topic()).instanceId(config.keyPrefix() + "-" + id).build();
    return (CachingMetadataStore) CaffeineRedisCacheProvider.decorate(store, c, CacheObserver.NONE);
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {a, b, storeA, storeB, replica, primary}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // keep closing the rest
      }
    }
    TestRedis.deleteKeys(TestRedis.ADDRESS, config.keyPrefix());
  }

  private void onReplica(String sql) throws SQLException {
    try (Connection c = PostgresTestServer.connect(replica.url()); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private boolean replayPaused() throws SQLException {
    try (Connection c = PostgresTestServer.connect(replica.url()); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT pg_get_wal_replay_pause_state()")) {
      return r.next() && r.getString(1).equals("paused");
    }
  }

  private static Optional<Long> version(Optional<Asset> asset) {
    return asset.map(Asset::version);
  }

  @Test
  void aMissOnB_afterAWriteOnA_fillsL1AndL2FromThePrimary_notFromTheLaggingReplica() throws Exception {
    String tenant = a.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))).name();
    a.createWarehouse(Fixtures.warehouse(tenant, "wh"));
    a.createCatalog(Fixtures.catalog(tenant, "cat", "wh"));
    a.createNamespace(Fixtures.namespace(tenant, "cat", NS));
    Asset v1 = a.createAsset(Fixtures.asset(tenant, "cat", NS, "orders", AssetKind.ICEBERG_TABLE));
    AssetKey key = v1.key();
    await("the replica has replayed the creation (B's store, token-less, reads it there)")
        .atMost(Duration.ofSeconds(60)).until(() -> version(storeB.getAsset(tenant, key)).equals(Optional.of(1L)));
    assertThat(version(b.getAsset(tenant, key))).as("B caches v1").contains(1L);

    onReplica("SELECT pg_wal_replay_pause()");
    try {
      await("replay paused").atMost(Duration.ofSeconds(60)).until(this::replayPaused);
      Asset v2 = a.updateAsset(Fixtures.withProperties(v1, Map.of("v", "2")), v1.version());
      assertThat(v2.version()).isEqualTo(2);
      assertThat(version(storeB.getAsset(tenant, key)))
          .as("the paused replica is stale, and B's store sends a token-less read there").contains(1L);

      assertThat(version(b.getAsset(tenant, key))).as("B's miss after A's invalidation").contains(2L);
      CacheKey shared = new Keys(config.keyPrefix()).asset(tenant, key);
      assertThat(b.local().get(shared.id())).as("B's L1 entry").isInstanceOfSatisfying(Optional.class,
          o -> assertThat(((Asset) o.orElseThrow()).version()).isEqualTo(2));
      assertThat(version(b.getAsset(tenant, key))).as("B's cached entry").contains(2L);
      await("B's write-back to L2 (asynchronous)").atMost(Duration.ofSeconds(30))
          .until(() -> b.shared().lookup(shared, "").value() != null);
      assertThat(b.shared().lookup(shared, "").value()).as("L2").isInstanceOfSatisfying(Optional.class,
          o -> assertThat(((Asset) o.orElseThrow()).version()).isEqualTo(2));

      // a read inside the caller's own fromPrimary scope (a commit's checks) still bypasses the cache: it sees the
      // store (the primary), never fills, and leaves the cached entry as it is
      assertThat(version(ReadConsistency.fromPrimary(() -> b.getAsset(tenant, key)))).contains(2L);
    } finally {
      onReplica("SELECT pg_wal_replay_resume()");
    }
  }
}
