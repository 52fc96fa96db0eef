package io.pangolin.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.api.PageRequest;
import io.pangolin.api.Tenant;
import io.pangolin.spi.tck.Fixtures;
import io.pangolin.spi.StoreStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Read routing against a real streaming replica. Where a read was served is proven by content, not by counters
 * alone: with the replica's replay paused, a row changed on the primary behind the store's back reads stale through
 * the store exactly when the replica serves it. Waits are bounded polls; nothing asserts on elapsed time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaRoutingTest {
  @RegisterExtension
  static final StreamingReplica CLUSTER = new StreamingReplica();

  private static final long MAX_LAG_MS = 2_000;

  private PostgresMetadataStore store;
  private ReplicaRouter router;

  @BeforeAll
  void open() {
    store = PostgresMetadataStore.open(PostgresTestServer.config(CLUSTER.primaryUrl())
        .replicas(List.of(CLUSTER.replicaUrl())).replicaMaxLagMs(MAX_LAG_MS).replicaCheckIntervalMs(50).build());
    router = store.db().router().orElseThrow();
  }

  @AfterAll
  void close() {
    store.close();
  }

  private static void await(String what, BooleanSupplier condition) {
    org.awaitility.Awaitility.await(what).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(25))
        .until(condition::getAsBoolean);
  }

  private long replicaReads() {
    return router.readsPerReplica().get(0);
  }

  private ReplicaRouter.Replica replica() {
    return router.replicas().get(0);
  }

  /** Changes a tenant's properties on the primary directly, so the store knows nothing of the write. */
  private void changeBehindTheStoresBack(String tenant, String tier) throws SQLException {
    try (Connection c = CLUSTER.primary();
        PreparedStatement ps = c.prepareStatement("UPDATE pangolin.tenants SET properties = "
            + "jsonb_set(properties, '{tier}', to_jsonb(CAST(? AS text))) WHERE name = ?")) {
      ps.setString(1, tier);
      ps.setString(2, tenant);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  private String tier(String tenant) {
    return store.getTenant(tenant).orElseThrow().properties().get("tier");
  }

  @Test
  @Order(1)
  void reads_landOnTheReplica_onceItHasReplayedTheTenantsWrites() throws InterruptedException {
    String t = store.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))).name();
    long before = replicaReads();

    await("a read is served by the replica", () -> {
      store.getTenant(t);
      return replicaReads() > before;
    });

    assertThat(store.getTenant(t)).isPresent();
    assertThat(replica().up).isTrue();
    StoreStats stats = store.stats();
    assertThat(stats.pools()).extracting(StoreStats.Pool::name).containsExactly("primary", "replica-0");
    assertThat(stats.pools()).allSatisfy(p -> {
      assertThat(p.max()).isEqualTo(PostgresStoreConfig.Builder.DEFAULT_POOL_SIZE);
      assertThat(p.active() + p.idle()).isBetween(1, p.max());
    });
    assertThat(stats.replicas()).singleElement().satisfies(r -> {
      assertThat(r.name()).isEqualTo("replica-0");
      assertThat(r.lagMs()).isBetween(0L, MAX_LAG_MS);
    });
  }

  @Test
  @Order(2)
  void staleReplica_servesOtherReads_butReadYourWritesGoesToThePrimary() throws Exception {
    String other = store.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))).name();
    Tenant mine = store.createTenant(Fixtures.tenant(Fixtures.uniqueName("t")));
    await("the replica has replayed both tenants", () -> {
      long before = replicaReads();
      store.getTenant(other);
      store.getTenant(mine.name());
      return replicaReads() == before + 2;
    });

    CLUSTER.pauseReplay();
    try {
      changeBehindTheStoresBack(other, "changed-on-primary");
      Tenant written = store.updateTenant(new Tenant(mine.name(), Map.of("tier", "platinum"), mine.createdAt(),
          mine.updatedAt(), 1), 1);

      long replicaBefore = replicaReads();
      assertThat(tier(other)).as("the paused replica served the other tenant's read").isEqualTo("gold");
      assertThat(replicaReads()).isEqualTo(replicaBefore + 1);
      assertThat(store.getTenant(mine.name())).as("read-your-writes right after the write").contains(written);
      assertThat(replicaReads()).as("the writer's read went to the primary").isEqualTo(replicaBefore + 1);

      await("the paused replica is out of rotation for lag", () -> replica().lagMs > MAX_LAG_MS);
      assertThat(tier(other)).as("with the replica lagging, reads fall back to the primary")
          .isEqualTo("changed-on-primary");
    } finally {
      CLUSTER.resumeReplay();
    }
    await("the replica is back in rotation", () -> {
      long before = replicaReads();
      store.getTenant(other);
      return replicaReads() > before;
    });
    assertThat(tier(other)).isEqualTo("changed-on-primary");
  }

  @Test
  @Order(3)
  void readYourWrites_holdsForEveryReadRightAfterAWrite() {
    Tenant t = store.createTenant(Fixtures.tenant(Fixtures.uniqueName("t")));
    for (int v = 1; v <= 100; v++) {
      Tenant written = store.updateTenant(new Tenant(t.name(), Map.of("n", Integer.toString(v)), t.createdAt(),
          t.updatedAt(), v), v);
      assertThat(store.getTenant(t.name())).contains(written);
    }
  }

  @Test
  @Order(4)
  void stoppingTheReplicaMidTest_failsNoRequest() throws Exception {
    List<String> tenants = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      tenants.add(store.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))).name());
    }
    await("reads are served by the replica", () -> {
      long before = replicaReads();
      tenants.forEach(store::getTenant);
      return replicaReads() > before;
    });

    long base = replicaReads();
    ExecutorService pool = Executors.newFixedThreadPool(tenants.size());
    try {
      List<Future<Integer>> readers = new ArrayList<>();
      for (String t : tenants) {
        readers.add(pool.submit(() -> {
          int n = 0;
          for (; n < 500; n++) {
            assertThat(store.getTenant(t)).isPresent();
            assertThat(store.listTenants(PageRequest.first(5)).items()).isNotEmpty();
          }
          return n;
        }));
      }
      await("the readers are under way on the replica", () -> replicaReads() > base + 100);
      CLUSTER.stopReplica();
      for (Future<Integer> r : readers) {
        assertThat(r.get(120, TimeUnit.SECONDS)).isEqualTo(500);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(replica().up).as("the stopped replica is out of rotation").isFalse();
    assertThat(store.stats().replicas()).singleElement().satisfies(r -> {
      assertThat(r.inRotation()).isFalse();
      assertThat(r.lagMs()).isEqualTo(-1);
    });
    assertThat(store.getTenant(tenants.get(0))).isPresent();
    assertThat(store.health().up()).isTrue();
  }
}
