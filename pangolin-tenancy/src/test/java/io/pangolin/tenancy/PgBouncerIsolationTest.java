package io.pangolin.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.store.postgres.PgBouncer;
import io.pangolin.store.postgres.PostgresTestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The three tiers through a real PgBouncer in transaction pooling mode with fewer server connections than clients:
 * tenants with identical names on every tier, written and read concurrently, each see exactly their own data, and no
 * server connection is left with a changed {@code search_path} (no statement of the stores or the provisioning sets
 * one; migrations go to PostgreSQL directly).
 */
class PgBouncerIsolationTest {
  @RegisterExtension
  static final PostgresPlaces PG = new PostgresPlaces();

  @RegisterExtension
  static final PgBouncer BOUNCER = new PgBouncer();

  @Test
  void tenantsOnEveryTier_throughTransactionPooling_seeOnlyTheirOwnData_andLeaveNoSearchPath() throws Exception {
    PG.storeKeys(Map.of("url", BOUNCER.url(PG.database()), "pgbouncer", "true", "migration-url", PG.url()));
    TenantRoutingStore store = PG.open(Tier.HYBRID).controlPlane();
    List<String> tenants = List.of("pgb-shared", "pgb-hybrid", "pgb-dedicated");
    Data.tenant(store, tenants.get(0), Tier.SHARED);
    Data.tenant(store, tenants.get(1), Tier.HYBRID);
    Data.tenant(store, tenants.get(2), Tier.DEDICATED);

    Map<String, Set<String>> written = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (String t : tenants) {
        Data.populate(store, t, 20, 2);
        written.put(t, ConcurrentHashMap.newKeySet());
        for (int w = 0; w < 2; w++) {
          int writer = w;
          work.add(pool.submit(() -> {
            for (int i = 0; i < 40; i++) {
              String name = "w" + writer + "-" + i;
              store.createAsset(Data.asset(t, "cat", Data.SALES, name, Data.now(), 0));
              written.get(t).add(name);
              // read back all three tenants' keys of that name: only the own one exists
              for (String other : tenants) {
                boolean found = store.getAsset(other, new AssetKey("cat", Data.SALES, name)).isPresent();
                if (other.equals(t)) {
                  assertThat(found).isTrue();
                }
              }
            }
            return null;
          }));
        }
      }
      for (Future<?> f : work) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    for (String t : tenants) {
      List<Asset> own = Data.assets(store, t).stream().filter(a -> a.namespace().equals(Data.SALES)).toList();
      assertThat(own).allMatch(a -> a.tenant().equals(t));
      assertThat(own).extracting(Asset::name).containsExactlyInAnyOrderElementsOf(written.get(t));
      assertThat(Data.assets(store, t)).hasSize(20 + written.get(t).size());
    }

    // every server connection PgBouncer hands out still has the default search_path
    List<String> paths = new ArrayList<>();
    List<Connection> clients = new ArrayList<>();
    try {
      for (int i = 0; i < PgBouncer.SERVER_POOL_SIZE * 3; i++) {
        clients.add(PostgresTestServer.connect(BOUNCER.url(PG.database()) + "?prepareThreshold=0"));
      }
      for (int round = 0; round < 3; round++) {
        for (Connection c : clients) {
          try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW search_path")) {
            rs.next();
            paths.add(rs.getString(1));
          }
        }
      }
    } finally {
      for (Connection c : clients) {
        c.close();
      }
    }
    assertThat(paths).isNotEmpty().allMatch(p -> p.equals("\"$user\", public"), "default search_path");
  }
}
