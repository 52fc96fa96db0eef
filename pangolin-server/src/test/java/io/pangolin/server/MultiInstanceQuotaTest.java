package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.api.AssetKind;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NewAsset;
import io.pangolin.api.PageRequest;
import io.pangolin.api.QuotaExceededException;
import io.pangolin.api.RequestContext;
import io.pangolin.core.Limits;
import io.pangolin.core.Pangolin;
import io.pangolin.spi.ProviderConfig;
import io.pangolin.store.postgres.PostgresTestServer;
import io.pangolin.store.postgres.TestDatabase;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two engine instances — two {@link Pangolin}s, each with its own store and connection pool, as two server processes
 * have — over one PostgreSQL database, racing creates against the same quota from many threads: together they never
 * get past it by even one, because the store decides the quota inside the create's transaction.
 */
class MultiInstanceQuotaTest {
  @RegisterExtension
  static final TestDatabase DB = new TestDatabase();

  private static final int QUOTA = 7;
  private static final int THREADS_PER_INSTANCE = 8;
  private RequestContext acme;
  private Pangolin a;
  private Pangolin b;

  private Pangolin instance() {
    Map<String, String> config = new HashMap<>(Map.of("url", DB.url(), "user", PostgresTestServer.USER));
    if (!PostgresTestServer.PASSWORD.isEmpty()) {
      config.put("password", PostgresTestServer.PASSWORD);
    }
    return Pangolin.builder()
        .store("postgres", ProviderConfig.of(config))
        .limits(Limits.defaults().withMaxTablesPerNamespace(QUOTA).withMaxUsersPerTenant(QUOTA))
        .build();
  }

  @BeforeEach
  void start() {
    a = instance();
    b = instance();
    String tenant = "acme-" + UUID.randomUUID().toString().substring(0, 8);
    acme = RequestContext.of(tenant, "alice");
    a.tenants().create(acme, tenant, Map.of());
    a.warehouses().create(acme, "w", "s3://quota-two-instances/" + tenant, Map.of());
    a.catalogs().create(acme, "c", "w", Map.of());
    a.namespaces().create(acme, "c", NamespaceName.of("ns"), Map.of());
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

  @Test
  void assetCreates_racingOnTwoInstances_neverPassTheNamespaceQuota() throws Exception {
    long created = race(n -> (n % 2 == 0 ? a : b).assets().create(acme, "c", NamespaceName.of("ns"),
        new NewAsset("t" + n, AssetKind.CSV, Optional.empty(), Map.of(), Optional.empty())));

    assertThat(created).isEqualTo(QUOTA);
    assertThat(b.assets().list(acme, "c", NamespaceName.of("ns"), Optional.empty(), PageRequest.first(100))
        .items()).hasSize(QUOTA);
  }

  @Test
  void userCreates_racingOnTwoInstances_neverPassTheTenantQuota() throws Exception {
    long created = race(n -> (n % 2 == 0 ? a : b).users().create(acme, "u" + n, Optional.empty(), Map.of()));

    assertThat(created).isEqualTo(QUOTA);
    assertThat(a.users().list(acme, PageRequest.first(100)).items()).hasSize(QUOTA);
  }
}
