package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.pangolin.api.AssetKind;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NewAsset;
import io.pangolin.api.PageRequest;
import io.pangolin.api.QuotaExceededException;
import io.pangolin.api.RequestContext;
import io.pangolin.api.Tenant;
import io.pangolin.api.ValidationException;
import io.pangolin.core.Limits;
import io.pangolin.core.Pangolin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two engine instances — two {@link Pangolin}s, each with its own store and connection pool, as two server processes
 * have — over one database, racing creates against the same quota from many threads: together they never get past it
 * by even one, because the store decides every quota inside the create's atomic write (no lock in the engine).
 */
abstract class TwoInstanceQuotaChecks {
  static final int QUOTA = 7;
  /** Tables per catalog: above one namespace's quota, below two namespaces' together. */
  private static final int CATALOG_QUOTA = QUOTA + 3;
  private static final int THREADS_PER_INSTANCE = 8;
  private static final int DEPTH = 3;
  private RequestContext acme;
  private Pangolin a;
  private Pangolin b;

  /** A new engine instance over the test's database, with its own store (and pools) and these limits. */
  abstract Pangolin instance(Limits limits);

  /**
   * Whether a race creates exactly up to the quota. A store may instead refuse racing creates near the quota early
   * (the MongoDB fallback protocol does: write, then count); then the race must stay at or below the quota, and one
   * create at a time afterwards must reach it exactly.
   */
  abstract boolean exactUnderRace();

  private Limits limits(long maxCatalogs) {
    return Limits.defaults().withMaxTablesPerNamespace(QUOTA).withMaxTablesPerCatalog(CATALOG_QUOTA)
        .withMaxUsersPerTenant(QUOTA).withMaxNamespaceDepth(DEPTH).withMaxCatalogsPerDeployment(maxCatalogs);
  }

  @BeforeEach
  void start() {
    a = instance(limits(Long.MAX_VALUE));
    b = instance(limits(Long.MAX_VALUE));
    String tenant = "acme-" + UUID.randomUUID().toString().substring(0, 8);
    acme = RequestContext.of(tenant, "alice");
    a.tenants().create(acme, tenant, Map.of());
    a.warehouses().create(acme, "w", "s3://quota-two-instances/" + tenant, Map.of());
    a.catalogs().create(acme, "c", "w", Map.of());
    a.namespaces().create(acme, "c", NamespaceName.of("ns"), Map.of());
    a.namespaces().create(acme, "c", NamespaceName.of("ns2"), Map.of());
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
  }

  /**
   * Runs {@code createOn} from many threads at once (the caller alternates the instances); returns how many
   * succeeded. Failures other than the quota's fail the test.
   */
  private static long race(IntFunction<Object> createOn) throws Exception {
    int threads = 2 * THREADS_PER_INSTANCE;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      int n = i;
      results.add(pool.submit(() -> {
        go.await();
        try {
          createOn.apply(n);
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
    return created;
  }

  /**
   * The race stayed within {@code quota} (exactly at it where the store does not refuse early), stored what it
   * acknowledged, and creating one at a time afterwards reaches the quota exactly and is then refused on both.
   */
  private void assertKept(long created, long quota, LongSupplier stored, IntFunction<Object> createOn) {
    if (exactUnderRace()) {
      assertThat(created).isEqualTo(quota);
    } else {
      // the fallback protocol's racing creates may all be refused (each counts the others' pending writes)
      assertThat(created).isBetween(0L, quota);
    }
    assertThat(stored.getAsLong()).isEqualTo(created);
    for (int i = (int) created; i < quota; i++) {
      createOn.apply(1000 + i);
    }
    assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> createOn.apply(2000));
    assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> createOn.apply(2001));
    assertThat(stored.getAsLong()).isEqualTo(quota);
  }

  private Pangolin on(int n) {
    return n % 2 == 0 ? a : b;
  }

  private long assetsIn(NamespaceName ns) {
    return b.assets().list(acme, "c", ns, Optional.empty(), PageRequest.first(100)).items().size();
  }

  private static NewAsset asset(String name) {
    return new NewAsset(name, AssetKind.CSV, Optional.empty(), Map.of(), Optional.empty());
  }

  @Test
  void assetCreates_racingOnTwoInstances_neverPassTheNamespaceQuota() throws Exception {
    IntFunction<Object> create = n -> on(n).assets().create(acme, "c", NamespaceName.of("ns"), asset("t" + n));

    assertKept(race(create), QUOTA, () -> assetsIn(NamespaceName.of("ns")), create);
  }

  @Test
  void assetCreates_racingOnTwoInstancesIntoTwoNamespaces_neverPassTheCatalogQuota() throws Exception {
    // racing (n < 1000): half into each namespace; one at a time afterwards: into the emptier one, so that only the
    // catalog's quota can refuse them (a store that refuses racing creates early may have filled one namespace most)
    IntFunction<Object> create = n -> on(n).assets().create(acme, "c", n < 1000
        ? NamespaceName.of((n / 2) % 2 == 0 ? "ns" : "ns2")
        : assetsIn(NamespaceName.of("ns")) <= assetsIn(NamespaceName.of("ns2")) ? NamespaceName.of("ns")
        : NamespaceName.of("ns2"), asset("t" + n));

    assertKept(race(create), CATALOG_QUOTA,
        () -> assetsIn(NamespaceName.of("ns")) + assetsIn(NamespaceName.of("ns2")), create);
  }

  @Test
  void userCreates_racingOnTwoInstances_neverPassTheTenantQuota() throws Exception {
    IntFunction<Object> create = n -> on(n).users().create(acme, "u" + n, Optional.empty(), Map.of());

    assertKept(race(create), QUOTA, () -> a.users().list(acme, PageRequest.first(100)).items().size(), create);
  }

  /**
   * Catalogs of all tenants count, in three tenants here. The database holds the catalogs of the other tests too, so
   * the instances are opened with a quota of what it holds now plus {@link #QUOTA}.
   */
  @Test
  void catalogCreates_racingOnTwoInstancesInSeveralTenants_neverPassTheDeploymentQuota() throws Exception {
    List<RequestContext> tenants = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String t = "cq" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
      RequestContext ctx = RequestContext.of(t, "alice");
      a.tenants().create(ctx, t, Map.of());
      a.warehouses().create(ctx, "w", "s3://catalog-quota/" + t, Map.of());
      tenants.add(ctx);
    }
    long before = catalogsOfAllTenants();
    a.close();
    b.close();
    a = instance(limits(before + QUOTA));
    b = instance(limits(before + QUOTA));
    IntFunction<Object> create = n -> on(n).catalogs().create(tenants.get((n / 2) % tenants.size()), "c" + n, "w",
        Map.of());

    assertKept(race(create), QUOTA, () -> catalogsOfAllTenants() - before, create);
    // which tenants' creates won the race is open (the first tenant may hold none): delete one of whichever holds one
    RequestContext holder = tenants.stream()
        .filter(t -> !a.catalogs().list(t, PageRequest.first(1)).items().isEmpty())
        .findFirst().orElseThrow(() -> new AssertionError("the race and the fill created no catalog"));
    a.catalogs().delete(holder, a.catalogs().list(holder, PageRequest.first(1)).items().get(0).name());
    b.catalogs().create(tenants.get(1), "after-delete", "w", Map.of());
    assertThat(catalogsOfAllTenants() - before).isEqualTo(QUOTA);
  }

  private long catalogsOfAllTenants() {
    long n = 0;
    for (Tenant t : a.tenants().list(PageRequest.first(1000)).items()) {
      n += a.catalogs().list(RequestContext.of(t.name(), "alice"), PageRequest.first(1000)).items().size();
    }
    return n;
  }

  /**
   * Namespace depth is not a quota two instances can race: it is decided from the requested name alone (no stored
   * count), so each instance refuses a name that is too deep whatever the other one does. No race to run.
   */
  @Test
  void namespaceDepth_isAStaticCheckOfTheName_soEveryInstanceDecidesItAlone() {
    NamespaceName deepest = NamespaceName.of("d1", "d2", "d3");
    a.namespaces().create(acme, "c", NamespaceName.of("d1"), Map.of());
    b.namespaces().create(acme, "c", NamespaceName.of("d1", "d2"), Map.of());
    a.namespaces().create(acme, "c", deepest, Map.of());
    for (Pangolin p : List.of(a, b)) {
      assertThatExceptionOfType(ValidationException.class).isThrownBy(() -> p.namespaces().create(acme, "c",
          NamespaceName.of("d1", "d2", "d3", "d4"), Map.of()));
    }
    assertThat(b.namespaces().find(acme, "c", NamespaceName.of("d1", "d2", "d3", "d4"))).isEmpty();
  }
}
