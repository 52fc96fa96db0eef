package io.pangolin.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.pangolin.api.Catalog;
import io.pangolin.api.QuotaExceededException;
import io.pangolin.api.Warehouse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The deployment-wide catalog quota with two instances — two {@link PlacementTenancy}s over one deployment, each with
 * its own placement cache and connection pools, as two server processes have — and tenants on several tiers, so the
 * catalogs being counted live in several stores (the shared store, tenants' own schemas or databases). Creates
 * racing from both instances into tenants of every tier never get past the quota by even one, without any lock.
 */
abstract class TwoInstanceCatalogQuotaChecks {
  private static final int QUOTA = 6;
  private static final int THREADS_PER_INSTANCE = 8;

  /** Opens one instance of the deployment (same control store and place prefix every time). */
  abstract PlacementTenancy instance();

  /** The tiers the backend offers; a tenant is created on each. */
  abstract List<Tier> tiers();

  @Test
  void catalogCreates_racingOnTwoInstancesIntoTenantsOfEveryTier_neverPassTheDeploymentQuota() throws Exception {
    TenantRoutingStore a = instance().controlPlane();
    TenantRoutingStore b = instance().controlPlane();
    List<String> tenants = new ArrayList<>();
    for (Tier tier : tiers()) {
      String t = "q-" + tier.key() + "-" + UUID.randomUUID().toString().substring(0, 6);
      Data.tenant(a, t, tier);
      Instant now = Data.now();
      a.createWarehouse(new Warehouse(t, "wh", "s3://quota/" + t, Map.of(), now, now, 0));
      tenants.add(t);
    }
    long before = a.countCatalogs();
    long max = before + QUOTA;

    int threads = 2 * THREADS_PER_INSTANCE;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      int n = i;
      TenantRoutingStore on = n % 2 == 0 ? a : b;
      String tenant = tenants.get((n / 2) % tenants.size());
      results.add(pool.submit(() -> {
        go.await();
        try {
          on.createCatalog(catalog(tenant, "c" + n), max);
          return true;
        } catch (QuotaExceededException e) {
          return false;
        }
      }));
    }
    go.countDown();
    long created = 0;
    for (Future<Boolean> f : results) {
      created += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
    }
    pool.shutdown();

    assertThat(created).isBetween(0L, (long) QUOTA); // racing creates may all be refused early (write, then count)
    assertThat(catalogsStored(a, tenants)).isEqualTo(created);
    assertThat(b.countCatalogs() - before).isEqualTo(created);
    // racing creates may be refused early, never late: one at a time, the quota is reached exactly
    for (long i = created; i < QUOTA; i++) {
      (i % 2 == 0 ? b : a).createCatalog(catalog(tenants.get((int) (i % tenants.size())), "then" + i), max);
    }
    for (String t : tenants) {
      assertThatExceptionOfType(QuotaExceededException.class)
          .isThrownBy(() -> a.createCatalog(catalog(t, "over"), max));
      assertThatExceptionOfType(QuotaExceededException.class)
          .isThrownBy(() -> b.createCatalog(catalog(t, "over"), max));
    }
    assertThat(catalogsStored(b, tenants)).isEqualTo(QUOTA);
    assertThat(a.countCatalogs()).isEqualTo(max);

    // a delete in any tier frees one catalog for any other tier
    // (which tenants' creates won the race is open: delete a catalog of the last tenant that holds one)
    String last = tenants.reversed().stream()
        .filter(t -> !a.listCatalogs(t, io.pangolin.api.PageRequest.first(1)).items().isEmpty())
        .findFirst().orElseThrow(() -> new AssertionError("the race and the fill created no catalog"));
    String some = a.listCatalogs(last, io.pangolin.api.PageRequest.first(1)).items().get(0).name();
    b.deleteCatalog(last, some);
    a.createCatalog(catalog(tenants.get(0), "after-delete"), max);
    assertThat(catalogsStored(a, tenants)).isEqualTo(QUOTA);
  }

  /** The catalogs the tenants' places hold, listed (not the registry's counts). */
  private static long catalogsStored(TenantRoutingStore store, List<String> tenants) {
    return tenants.stream().mapToLong(t -> store.listCatalogs(t, io.pangolin.api.PageRequest.first(100))
        .items().size()).sum();
  }

  private static Catalog catalog(String tenant, String name) {
    Instant now = Data.now();
    return new Catalog(tenant, name, "wh", Map.of(), now, now, 0);
  }
}
