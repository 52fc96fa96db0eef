package io.pangolin.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.AssetQuery;
import io.pangolin.api.AuditEvent;
import io.pangolin.api.AuditQuery;
import io.pangolin.api.AuditResult;
import io.pangolin.api.ConflictException;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NewAsset;
import io.pangolin.api.Principal;
import io.pangolin.api.Roles;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.PageRequest;
import io.pangolin.api.QuotaExceededException;
import io.pangolin.api.RequestContext;
import io.pangolin.api.ValidationException;
import io.pangolin.spi.AssetQuota;
import io.pangolin.spi.ForwardingMetadataStore;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.ProviderConfig;
import io.pangolin.store.memory.MemoryMetadataStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PangolinEngineTest {
  private Pangolin pangolin;
  private final RequestContext acme = RequestContext.of("acme", "alice");

  @BeforeEach
  void setUp() {
    pangolin = Pangolin.builder().store(new MemoryMetadataStore())
        .localStorageRoots(List.of(Path.of("/tmp")))
        .limits(Limits.defaults().withMaxTablesPerNamespace(3).withMaxCatalogsPerDeployment(5)
            .withMaxUsersPerTenant(2))
        .build();
    pangolin.tenants().create(acme, "acme", Map.of());
    pangolin.warehouses().create(acme, "lake", "s3://bucket/lake/", Map.of("region", "eu-west-1"));
    pangolin.catalogs().create(acme, "prod", "lake", Map.of());
  }

  @AfterEach
  void tearDown() {
    pangolin.close();
  }

  private Asset table(String ns, String name) {
    return pangolin.assets().create(acme, "prod", NamespaceName.parse(ns),
        new NewAsset(name, AssetKind.ICEBERG_TABLE, Optional.empty(), Map.of(), Optional.empty()));
  }

  private long auditCount(String action, AuditResult result) {
    return pangolin.audit().count(acme, new AuditQuery(Optional.empty(), Optional.of(action), Optional.empty(),
        Optional.empty(), Optional.of(result), Optional.empty(), Optional.empty()));
  }

  @Nested
  class Builder {
    @Test
    void build_byProviderName_usesServiceLoader() {
      try (Pangolin p = Pangolin.builder().store("memory", ProviderConfig.empty()).build()) {
        p.tenants().create(RequestContext.of("x", "me"), "x", Map.of());
        assertThat(p.tenants().get("x").name()).isEqualTo("x");
        assertThat(p.health().up()).isTrue();
      }
    }

    @Test
    void build_withUnknownProvider_fails() {
      assertThatThrownBy(() -> Pangolin.builder().store("nope", ProviderConfig.empty()).build())
          .isInstanceOf(ValidationException.class).hasMessageContaining("nope");
    }

    @Test
    void build_withoutStore_fails() {
      assertThatThrownBy(() -> Pangolin.builder().build()).isInstanceOf(ValidationException.class);
    }

    @Test
    void storeObserver_seesEveryStoreCall() {
      List<String> calls = new ArrayList<>();
      try (Pangolin p = Pangolin.builder().store(new MemoryMetadataStore())
          .storeObserver((op, nanos, ok) -> calls.add(op + ":" + ok)).build()) {
        p.tenants().create(RequestContext.of("x", "me"), "x", Map.of());
        assertThatThrownBy(() -> p.tenants().create(RequestContext.of("x", "me"), "x", Map.of()))
            .isInstanceOf(AlreadyExistsException.class);
      }
      assertThat(calls).contains("createTenant:true", "createTenant:false", "appendAudit:true");
    }
  }

  @Nested
  class Naming {
    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "..", "a..b", "a\u0000b", "a\nb", "Upper", "-lead", "a b"})
    void createTenant_withBadName_fails(String name) {
      assertThatThrownBy(() -> pangolin.tenants().create(RequestContext.of("x", "me"), name, Map.of()))
          .isInstanceOf(ValidationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "..", "a.b", "a\u0007", "\t", " "})
    void createCatalog_withBadName_failsAndWritesNothing(String name) {
      assertThatThrownBy(() -> pangolin.catalogs().create(acme, name, "lake", Map.of()))
          .isInstanceOf(ValidationException.class);
      assertThat(pangolin.catalogs().list(acme, PageRequest.first()).items()).hasSize(1);
    }

    @Test
    void createAsset_withTenThousandCharName_failsWithShortMessage() {
      pangolin.namespaces().create(acme, "prod", NamespaceName.of("a"), Map.of());
      String longName = "x".repeat(10_000);
      assertThatThrownBy(() -> table("a", longName))
          .isInstanceOf(ValidationException.class)
          .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(300));
      assertThat(pangolin.assets().list(acme, "prod", NamespaceName.of("a"), Optional.empty(), PageRequest.first())
          .items()).isEmpty();
    }

    @Test
    void createAsset_withDotDot_fails() {
      pangolin.namespaces().create(acme, "prod", NamespaceName.of("a"), Map.of());
      assertThatThrownBy(() -> table("a", "x..y")).isInstanceOf(ValidationException.class);
      assertThat(table("a", "x.y").name()).isEqualTo("x.y");
    }

    @Test
    void createWarehouse_withRelativeOrTraversingRoot_fails() {
      for (String root : List.of("relative/path", "s3://b/../etc", "file:///a/./b", "s3://b/x?y=1", "", "s3://b c")) {
        assertThatThrownBy(() -> pangolin.warehouses().create(acme, "w2", root, Map.of()))
            .as(root).isInstanceOf(ValidationException.class);
      }
      assertThatThrownBy(() -> pangolin.warehouses().get(acme, "w2")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void updateProperties_withKeyBothSetAndRemoved_fails() {
      assertThatThrownBy(() -> pangolin.catalogs().updateProperties(acme, "prod", Map.of("k", "v"), Set.of("k")))
          .isInstanceOf(ValidationException.class);
    }
  }

  @Nested
  class Namespaces {
    @Test
    void create_deeperThanLimit_fails() {
      pangolin.namespaces().create(acme, "prod", NamespaceName.of("a"), Map.of());
      pangolin.namespaces().create(acme, "prod", NamespaceName.of("a", "b"), Map.of());
      pangolin.namespaces().create(acme, "prod", NamespaceName.of("a", "b", "c"), Map.of());
      pangolin.namespaces().create(acme, "prod", NamespaceName.of("a", "b", "c", "d"), Map.of());
      assertThatThrownBy(() -> pangolin.namespaces().create(acme, "prod", NamespaceName.of("a", "b", "c", "d", "e"),
          Map.of())).isInstanceOf(ValidationException.class).hasMessageContaining("limit is 4");
      assertThat(pangolin.namespaces().exists(acme, "prod", NamespaceName.of("a", "b", "c", "d", "e"))).isFalse();
    }

    @Test
    void create_withMissingParent_fails() {
      assertThatThrownBy(() -> pangolin.namespaces().create(acme, "prod", NamespaceName.of("x", "y"), Map.of()))
          .isInstanceOf(NotFoundException.class);
    }

    @Test
    void list_nested_returnsDirectChildrenOnly() {
      pangolin.namespaces().create(acme, "prod", NamespaceName.of("a"), Map.of());
      pangolin.namespaces().create(acme, "prod", NamespaceName.of("a", "b"), Map.of());
      pangolin.namespaces().create(acme, "prod", NamespaceName.of("a", "b", "c"), Map.of());
      pangolin.namespaces().create(acme, "prod", NamespaceName.of("a", "a2"), Map.of());
      assertThat(pangolin.namespaces().list(acme, "prod", NamespaceName.of("a"), PageRequest.first()).items())
          .extracting(n -> n.name().toString()).containsExactly("a.a2", "a.b");
      assertThat(pangolin.namespaces().list(acme, "prod", NamespaceName.ROOT, PageRequest.first()).items())
          .extracting(n -> n.name().toString()).containsExactly("a");
    }

    @Test
    void list_ofMissingParent_isNotFound() {
      assertThatThrownBy(() -> pangolin.namespaces().list(acme, "prod", NamespaceName.of("zz"), PageRequest.first()))
          .isInstanceOf(NotFoundException.class);
    }

    @Test
    void updateProperties_reportsMissingRemovals() {
      pangolin.namespaces().create(acme, "prod", NamespaceName.of("a"), Map.of("k1", "v1", "k2", "v2"));
      var result = pangolin.namespaces().updateProperties(acme, "prod", NamespaceName.of("a"), Map.of("k3", "v3"),
          Set.of("k1", "nope"));
      assertThat(result.removed()).containsExactly("k1");
      assertThat(result.missing()).containsExactly("nope");
      assertThat(result.updated()).containsExactly("k3");
      assertThat(result.namespace().properties()).isEqualTo(Map.of("k2", "v2", "k3", "v3"));
    }

    @Test
    void delete_nonEmpty_isRefused() {
      pangolin.namespaces().create(acme, "prod", NamespaceName.of("a"), Map.of());
      table("a", "t");
      assertThatThrownBy(() -> pangolin.namespaces().delete(acme, "prod", NamespaceName.of("a")))
          .isInstanceOf(ConflictException.class);
      assertThat(pangolin.namespaces().exists(acme, "prod", NamespaceName.of("a"))).isTrue();
    }
  }

  @Nested
  class Assets {
    @BeforeEach
    void ns() {
      pangolin.namespaces().create(acme, "prod", NamespaceName.of("sales"), Map.of());
      pangolin.namespaces().create(acme, "prod", NamespaceName.of("sales", "emea"), Map.of());
    }

    @Test
    void create_withoutLocation_usesHashPrefixedPolicy() {
      Asset a = pangolin.assets().create(acme, "prod", NamespaceName.of("sales", "emea"),
          new NewAsset("orders", AssetKind.ICEBERG_TABLE, Optional.empty(), Map.of(), Optional.empty()));
      assertThat(a.location()).matches("s3://bucket/lake/[0-9a-f]{4}/sales/emea/orders-" + a.id());
      assertThat(a.location()).isEqualTo(LocationPolicy.defaultLocation("s3://bucket/lake", "prod",
          NamespaceName.of("sales", "emea"), "orders", a.id()));
    }

    @Test
    void locationPolicy_isDeterministicAndSpreadsPrefixes() {
      String a = LocationPolicy.defaultLocation("s3://b", "c", NamespaceName.of("n"), "t", "u1");
      assertThat(LocationPolicy.defaultLocation("s3://b/", "c", NamespaceName.of("n"), "t", "u1")).isEqualTo(a);
      Set<String> prefixes = new java.util.HashSet<>();
      for (int i = 0; i < 200; i++) {
        prefixes.add(LocationPolicy.defaultLocation("s3://b", "c", NamespaceName.of("n"), "t" + i, "u").split("/")[3]);
      }
      assertThat(prefixes.size()).isGreaterThan(150);
    }

    @Test
    void create_withLocationInsideRoot_isHonoured_outsideIsRefused() {
      Asset a = pangolin.assets().create(acme, "prod", NamespaceName.of("sales"),
          new NewAsset("raw", AssetKind.PARQUET, Optional.of("s3://bucket/lake/raw/"), Map.of(), Optional.empty()));
      assertThat(a.location()).isEqualTo("s3://bucket/lake/raw");
      for (String bad : List.of("s3://bucket/other", "s3://bucket/lake", "s3://bucket/lakeside/x",
          "s3://bucket/lake/../x")) {
        assertThatThrownBy(() -> pangolin.assets().create(acme, "prod", NamespaceName.of("sales"),
            new NewAsset("bad", AssetKind.PARQUET, Optional.of(bad), Map.of(), Optional.empty())))
            .as(bad).isInstanceOf(ValidationException.class);
      }
      assertThat(pangolin.assets().exists(acme, new AssetKey("prod", NamespaceName.of("sales"), "bad"))).isFalse();
    }

    @Test
    void create_metadataLocationOnNonIceberg_fails() {
      assertThatThrownBy(() -> pangolin.assets().create(acme, "prod", NamespaceName.of("sales"),
          new NewAsset("d", AssetKind.DELTA_TABLE, Optional.empty(), Map.of(), Optional.of("s3://x/m.json"))))
          .isInstanceOf(ValidationException.class);
    }

    @Test
    void create_beyondNamespaceQuota_fails() {
      table("sales", "t1");
      table("sales", "t2");
      table("sales", "t3");
      assertThatThrownBy(() -> table("sales", "t4")).isInstanceOf(QuotaExceededException.class);
      assertThat(pangolin.assets().exists(acme, new AssetKey("prod", NamespaceName.of("sales"), "t4"))).isFalse();
      assertThat(table("sales.emea", "t4").name()).isEqualTo("t4");
    }

    @Test
    void create_concurrently_neverOvershootsQuota() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      AtomicInteger ok = new AtomicInteger();
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> fs = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        int n = i;
        fs.add(pool.submit(() -> {
          start.await();
          try {
            table("sales.emea", "c" + n);
            ok.incrementAndGet();
          } catch (QuotaExceededException expected) {
            // losers
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : fs) {
        f.get();
      }
      pool.shutdown();
      assertThat(ok.get()).isEqualTo(3);
    }

    @Test
    void create_concurrentlyAcrossNamespaces_neverOvershootsTheCatalogQuota() throws Exception {
      try (Pangolin p = Pangolin.builder().store(new MemoryMetadataStore())
          .limits(Limits.defaults().withMaxTablesPerCatalog(5)).build()) {
        p.tenants().create(acme, "acme", Map.of());
        p.warehouses().create(acme, "w", "s3://quota-bucket/w313", Map.of());
        p.catalogs().create(acme, "c", "w", Map.of());
        p.namespaces().create(acme, "c", NamespaceName.of("a"), Map.of());
        p.namespaces().create(acme, "c", NamespaceName.of("b"), Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger ok = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
          int n = i;
          fs.add(pool.submit(() -> {
            start.await();
            try {
              p.assets().create(acme, "c", NamespaceName.of(n % 2 == 0 ? "a" : "b"),
                  new NewAsset("t" + n, AssetKind.CSV, Optional.empty(), Map.of(), Optional.empty()));
              ok.incrementAndGet();
            } catch (QuotaExceededException expected) {
              // losers
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> f : fs) {
          f.get();
        }
        pool.shutdown();
        assertThat(ok.get()).isEqualTo(5);
        assertThat(p.assets().list(acme, "c", NamespaceName.of("a"), Optional.empty(), PageRequest.first(100))
            .items().size() + p.assets().list(acme, "c", NamespaceName.of("b"), Optional.empty(),
            PageRequest.first(100)).items().size()).isEqualTo(5);
      }
    }

    @Test
    void creates_farFromTheQuota_runConcurrently_notOneAtATime() throws Exception {
      // both creates must be inside the store's createAsset at the same time, or the barrier times out
      CyclicBarrier bothInside = new CyclicBarrier(2);
      MemoryMetadataStore memory = new MemoryMetadataStore();
      MetadataStore store = new ForwardingMetadataStore() {
        @Override
        protected MetadataStore delegate() {
          return memory;
        }

        @Override
        public Asset createAsset(Asset asset, AssetQuota quota) {
          try {
            bothInside.await(10, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException("the creates were serialised", e);
          }
          return super.createAsset(asset, quota);
        }
      };
      try (Pangolin p = Pangolin.builder().store(store).build()) {
        p.tenants().create(acme, "acme", Map.of());
        p.warehouses().create(acme, "w", "s3://quota-bucket/w370", Map.of());
        p.catalogs().create(acme, "c", "w", Map.of());
        p.namespaces().create(acme, "c", NamespaceName.of("a"), Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Asset>> fs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          int n = i;
          fs.add(pool.submit(() -> p.assets().create(acme, "c", NamespaceName.of("a"),
              new NewAsset("t" + n, AssetKind.CSV, Optional.empty(), Map.of(), Optional.empty()))));
        }
        for (Future<Asset> f : fs) {
          assertThat(f.get(30, TimeUnit.SECONDS).catalog()).isEqualTo("c");
        }
        pool.shutdown();
      }
    }

    @Test
    void create_beyondCatalogQuota_fails() {
      try (Pangolin p = Pangolin.builder().store(new MemoryMetadataStore())
          .localStorageRoots(List.of(Path.of("/tmp"))).limits(Limits.defaults().withMaxTablesPerCatalog(2)).build()) {
        p.tenants().create(acme, "acme", Map.of());
        p.warehouses().create(acme, "w", "s3://quota-bucket/w392", Map.of());
        p.catalogs().create(acme, "c", "w", Map.of());
        p.namespaces().create(acme, "c", NamespaceName.of("a"), Map.of());
        p.namespaces().create(acme, "c", NamespaceName.of("b"), Map.of());
        NewAsset t = new NewAsset("t", AssetKind.CSV, Optional.empty(), Map.of(), Optional.empty());
        p.assets().create(acme, "c", NamespaceName.of("a"), t);
        p.assets().create(acme, "c", NamespaceName.of("b"), t);
        assertThatThrownBy(() -> p.assets().create(acme, "c", NamespaceName.of("b"),
            new NewAsset("u", AssetKind.CSV, Optional.empty(), Map.of(), Optional.empty())))
            .isInstanceOf(QuotaExceededException.class);
      }
    }

    @Test
    void commitMetadata_withStaleVersion_conflicts() {
      Asset a = table("sales", "t");
      AssetKey key = a.key();
      Asset c1 = pangolin.assets().commitMetadata(acme, key, 1, "s3://bucket/lake/t/metadata/00001.json");
      assertThat(c1.version()).isEqualTo(2);
      assertThatThrownBy(() -> pangolin.assets().commitMetadata(acme, key, 1, "s3://bucket/lake/t/m2.json"))
          .isInstanceOf(ConflictException.class);
      assertThat(pangolin.assets().get(acme, key).metadataLocation())
          .contains("s3://bucket/lake/t/metadata/00001.json");
    }

    @Test
    void commitMetadata_multi_isAllOrNothing() {
      Asset t1 = table("sales", "t1");
      Asset t2 = table("sales", "t2");
      pangolin.assets().commitMetadata(acme, t2.key(), 1, "s3://bucket/lake/t2/m1.json");
      assertThatThrownBy(() -> pangolin.assets().commitMetadata(acme, List.of(
          new io.pangolin.api.MetadataCommit(t1.key(), 1, "s3://bucket/lake/t1/m1.json"),
          new io.pangolin.api.MetadataCommit(t2.key(), 1, "s3://bucket/lake/t2/m2.json"))))
          .isInstanceOf(ConflictException.class);
      assertThat(pangolin.assets().get(acme, t1.key()).metadataLocation()).isEmpty();
      assertThat(pangolin.assets().get(acme, t2.key()).metadataLocation()).contains("s3://bucket/lake/t2/m1.json");
      List<Asset> done = pangolin.assets().commitMetadata(acme, List.of(
          new io.pangolin.api.MetadataCommit(t1.key(), 1, "s3://bucket/lake/t1/m1.json"),
          new io.pangolin.api.MetadataCommit(t2.key(), 2, "s3://bucket/lake/t2/m2.json")));
      assertThat(done).extracting(Asset::version).containsExactly(2L, 3L);
      assertThat(auditCount("asset.commit-multi", AuditResult.FAILURE)).isEqualTo(1);
      assertThat(auditCount("asset.commit-multi", AuditResult.SUCCESS)).isEqualTo(1);
    }

    @Test
    void planLocation_matchesCreatePolicy_andRejectsOutsideRoot() {
      String planned = pangolin.assets().planLocation(acme, "prod", NamespaceName.of("sales"), "t", Optional.empty());
      assertThat(planned).matches("s3://bucket/lake/[0-9a-f]{4}/sales/t-[0-9a-f-]{36}");
      assertThatThrownBy(() -> pangolin.assets().planLocation(acme, "prod", NamespaceName.of("sales"), "t",
          Optional.of("s3://elsewhere/t"))).isInstanceOf(ValidationException.class);
    }

    @Test
    void rename_acrossNamespaces_keepsId() {
      Asset a = table("sales", "t");
      Asset r = pangolin.assets().rename(acme, a.key(), new AssetKey("prod", NamespaceName.of("sales", "emea"), "t2"));
      assertThat(r.id()).isEqualTo(a.id());
      assertThat(pangolin.assets().exists(acme, a.key())).isFalse();
      assertThatThrownBy(() -> pangolin.assets().rename(acme, r.key(), new AssetKey("other", NamespaceName.of("x"),
          "t"))).isInstanceOf(ValidationException.class);
    }

    @Test
    void updateProperties_concurrently_losesNoUpdate() throws Exception {
      Asset a = table("sales", "t");
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> fs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        fs.add(pool.submit(() -> pangolin.assets().updateProperties(acme, a.key(), Map.of("k" + n, "v"), Set.of())));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      pool.shutdown();
      assertThat(pangolin.assets().get(acme, a.key()).properties()).hasSize(8);
    }
  }

  @Nested
  class Quotas {
    @Test
    void createCatalog_beyondDeploymentQuota_fails() {
      RequestContext other = RequestContext.of("other", "bob");
      pangolin.tenants().create(other, "other", Map.of());
      pangolin.warehouses().create(other, "w", "file:///tmp/w", Map.of());
      pangolin.catalogs().create(acme, "c2", "lake", Map.of());
      pangolin.catalogs().create(other, "c3", "w", Map.of());
      pangolin.catalogs().create(other, "c4", "w", Map.of());
      pangolin.catalogs().create(acme, "c5", "lake", Map.of());
      assertThatThrownBy(() -> pangolin.catalogs().create(other, "c6", "w", Map.of()))
          .isInstanceOf(QuotaExceededException.class).hasMessageContaining("5 catalogs");
      assertThatThrownBy(() -> pangolin.catalogs().get(other, "c6")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void createUser_beyondTenantQuota_fails() {
      pangolin.users().create(acme, "u1", Optional.of("u1@example.com"), Map.of());
      pangolin.users().create(acme, "u2", Optional.empty(), Map.of());
      assertThatThrownBy(() -> pangolin.users().create(acme, "u3", Optional.empty(), Map.of()))
          .isInstanceOf(QuotaExceededException.class);
      assertThat(pangolin.users().list(acme, PageRequest.first()).items()).hasSize(2);
    }

    @Test
    void createUser_withBadEmail_fails() {
      assertThatThrownBy(() -> pangolin.users().create(acme, "u1", Optional.of("not-an-email"), Map.of()))
          .isInstanceOf(ValidationException.class);
    }
  }

  @Nested
  class Audit {
    @Test
    void everyWrite_isAudited_withActorAndRequestId() {
      RequestContext ctx = new RequestContext("acme", "carol", "req-42");
      pangolin.namespaces().create(ctx, "prod", NamespaceName.of("a"), Map.of());
      AuditEvent e = pangolin.audit().query(acme, new AuditQuery(Optional.of("carol"), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
          PageRequest.first()).items().get(0);
      assertThat(e.action()).isEqualTo("namespace.create");
      assertThat(e.resourceType()).isEqualTo("namespace");
      assertThat(e.resourceName()).isEqualTo("prod.a");
      assertThat(e.requestId()).isEqualTo("req-42");
      assertThat(e.result()).isEqualTo(AuditResult.SUCCESS);
      assertThat(auditCount("tenant.create", AuditResult.SUCCESS)).isEqualTo(1);
      assertThat(auditCount("warehouse.create", AuditResult.SUCCESS)).isEqualTo(1);
      assertThat(auditCount("catalog.create", AuditResult.SUCCESS)).isEqualTo(1);
    }

    @Test
    void failedAttempts_areAudited_withErrorCode() {
      assertThatThrownBy(() -> pangolin.catalogs().create(acme, "prod", "lake", Map.of()))
          .isInstanceOf(AlreadyExistsException.class);
      assertThatThrownBy(() -> pangolin.catalogs().create(acme, "bad/name", "lake", Map.of()))
          .isInstanceOf(ValidationException.class);
      assertThat(auditCount("catalog.create", AuditResult.FAILURE)).isEqualTo(2);
      List<AuditEvent> failures = pangolin.audit().query(acme, new AuditQuery(Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.of(AuditResult.FAILURE), Optional.empty(), Optional.empty()),
          PageRequest.first()).items();
      assertThat(failures).extracting(f -> f.details().get("code"))
          .containsExactlyInAnyOrder("ALREADY_EXISTS", "VALIDATION_FAILED");
    }

    @Test
    void failedTenantCreate_withInvalidName_leavesNoAuditUnderThatName() {
      MemoryMetadataStore store = new MemoryMetadataStore();
      try (Pangolin p = Pangolin.builder().store(store).build()) {
        RequestContext ctx = RequestContext.of("bad/name", "mallory");
        assertThatThrownBy(() -> p.tenants().create(ctx, "bad/name", Map.of()))
            .isInstanceOf(ValidationException.class);
        assertThat(store.countAudit("bad/name", AuditQuery.ALL)).isZero();
        p.tenants().create(RequestContext.of("good", "x"), "good", Map.of());
        assertThatThrownBy(() -> p.tenants().create(RequestContext.of("good", "x"), "good", Map.of()))
            .isInstanceOf(AlreadyExistsException.class);
        assertThat(store.countAudit("good", AuditQuery.ALL)).isEqualTo(2);
      }
    }

    @Test
    void locationWithCredentials_isRejected_withoutEchoingThem() {
      assertThatThrownBy(() -> pangolin.warehouses().create(acme, "w9", "s3://AKIA:s3cr3t@bucket/x", Map.of()))
          .isInstanceOf(ValidationException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
    }

    @Test
    void auditedWrite_recordsARequestsFailureOnce_theLastFailedWriteOrElseTheRequestsOwn() {
      RequestContext ctx = new RequestContext("acme", "carol", "req-7");
      NamespaceName sales = NamespaceName.of("sales");
      pangolin.namespaces().create(ctx, "prod", sales, Map.of());
      AssetKey key = new AssetKey("prod", sales, "t");
      // refused before any write: one event, the request's own, with the code the caller maps the failure to
      assertThatThrownBy(() -> pangolin.auditedWrite(ctx, "asset.commit", "asset", () -> "prod.sales.t",
          e -> "CONFLICT", () -> {
            throw new IllegalStateException("requirement failed");
          })).isInstanceOf(IllegalStateException.class);
      List<AuditEvent> failures = failures();
      assertThat(failures).singleElement().satisfies(e -> {
        assertThat(e.action()).isEqualTo("asset.commit");
        assertThat(e.resourceName()).isEqualTo("prod.sales.t");
        assertThat(e.details()).containsEntry("code", "CONFLICT").containsEntry("message", "requirement failed");
        assertThat(e.requestId()).isEqualTo("req-7");
      });
      // several failed writes inside (a retried compare-and-swap), then the request fails: only the last one
      assertThatThrownBy(() -> pangolin.auditedWrite(ctx, "asset.commit", "asset", () -> "prod.sales.t",
          e -> "INTERNAL", () -> {
            for (int i = 0; i < 3; i++) {
              try {
                pangolin.assets().commitMetadata(ctx, key, 1, "s3://bucket/lake/t/m" + i + ".json");
              } catch (NotFoundException e) {
                // retried
              }
            }
            return pangolin.assets().commitMetadata(ctx, key, 1, "s3://bucket/lake/t/m.json");
          })).isInstanceOf(NotFoundException.class);
      assertThat(failures()).hasSize(2);
      assertThat(failures().get(0).details()).containsEntry("code", "NOT_FOUND");
      // failed writes the request recovers from leave no failure; its successful writes are recorded as usual
      long successes = auditCount("namespace.create", AuditResult.SUCCESS);
      pangolin.auditedWrite(ctx, "namespace.create", "namespace", () -> "prod.x", e -> "INTERNAL", () -> {
        try {
          pangolin.namespaces().create(ctx, "prod", sales, Map.of());
        } catch (AlreadyExistsException e) {
          pangolin.namespaces().create(ctx, "prod", NamespaceName.of("x"), Map.of());
        }
        return null;
      });
      assertThat(failures()).hasSize(2);
      assertThat(auditCount("namespace.create", AuditResult.SUCCESS)).isEqualTo(successes + 1);
      // a write of another context on the same thread is audited on its own
      RequestContext other = new RequestContext("acme", "dave", "req-8");
      assertThatThrownBy(() -> pangolin.auditedWrite(ctx, "namespace.create", "namespace", () -> "prod.y",
          e -> "INTERNAL", () -> pangolin.namespaces().create(other, "prod", sales, Map.of())))
          .isInstanceOf(AlreadyExistsException.class);
      assertThat(failures()).hasSize(4);
    }

    @Test
    void auditedWrite_checksThePermissionFirst_andAuditsTheRefusal() {
      // a principal of another tenant: refused before anything runs (what a principal of the tenant may do to one
      // object is decided per object, when the write reaches it; see the Grants tests)
      Principal reader = new Principal("p1", "rita", Principal.Kind.SERVICE, Optional.of("globex"),
          Set.of(Roles.TENANT_ADMIN));
      RequestContext ctx = RequestContext.of("acme", reader, "req-9");
      AtomicInteger ran = new AtomicInteger();
      assertThatThrownBy(() -> pangolin.auditedWrite(ctx, "asset.commit", "asset", () -> "prod.sales.t",
          e -> "INTERNAL", ran::incrementAndGet)).isInstanceOf(io.pangolin.api.ForbiddenException.class);
      assertThat(ran).hasValue(0);
      assertThat(failures()).singleElement().satisfies(e -> {
        assertThat(e.actor()).isEqualTo("rita");
        assertThat(e.details()).containsEntry("code", "FORBIDDEN");
      });
    }

    private List<AuditEvent> failures() {
      return pangolin.audit().query(acme, new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.of(AuditResult.FAILURE), Optional.empty(), Optional.empty()),
          PageRequest.first()).items();
    }

    @Test
    void reads_areNotAudited() {
      long before = pangolin.audit().count(acme, AuditQuery.ALL);
      pangolin.catalogs().get(acme, "prod");
      pangolin.catalogs().list(acme, PageRequest.first());
      assertThat(pangolin.audit().count(acme, AuditQuery.ALL)).isEqualTo(before);
    }
  }

  @Nested
  class Tenancy {
    @Test
    void unknownTenant_isNotFound_onEveryService() {
      RequestContext ghost = RequestContext.of("ghost", "x");
      assertThatThrownBy(() -> pangolin.catalogs().list(ghost, PageRequest.first()))
          .isInstanceOf(NotFoundException.class).hasMessageContaining("tenant");
      assertThatThrownBy(() -> pangolin.warehouses().create(ghost, "w", "s3://b", Map.of()))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> pangolin.search().searchAssets(ghost, AssetQuery.ALL, PageRequest.first()))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> pangolin.audit().count(ghost, AuditQuery.ALL)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void twoTenantsWithSameNames_areIsolated() {
      RequestContext globex = RequestContext.of("globex", "gina");
      pangolin.tenants().create(globex, "globex", Map.of());
      pangolin.warehouses().create(globex, "lake", "s3://globex/lake", Map.of());
      pangolin.catalogs().create(globex, "prod", "lake", Map.of("owner", "globex"));
      for (RequestContext ctx : List.of(acme, globex)) {
        pangolin.namespaces().create(ctx, "prod", NamespaceName.of("sales"), Map.of("tenant", ctx.tenant()));
        pangolin.assets().create(ctx, "prod", NamespaceName.of("sales"),
            new NewAsset("orders", AssetKind.ICEBERG_TABLE, Optional.empty(), Map.of("t", ctx.tenant()),
                Optional.empty()));
      }
      AssetKey key = new AssetKey("prod", NamespaceName.of("sales"), "orders");
      assertThat(pangolin.assets().get(acme, key).location()).startsWith("s3://bucket/lake/");
      assertThat(pangolin.assets().get(globex, key).location()).startsWith("s3://globex/lake/");
      pangolin.assets().delete(globex, key);
      assertThat(pangolin.assets().exists(acme, key)).isTrue();
      assertThat(pangolin.search().searchAssets(acme, AssetQuery.ALL, PageRequest.first()).items())
          .extracting(Asset::tenant).containsOnly("acme");
      assertThat(pangolin.namespaces().get(globex, "prod", NamespaceName.of("sales")).properties())
          .containsEntry("tenant", "globex");
    }
  }

  @Nested
  class Search {
    @Test
    void search_acrossCatalogs_byNameKindAndProperty() {
      pangolin.catalogs().create(acme, "dev", "lake", Map.of());
      Map<String, Object> seen = new ConcurrentHashMap<>();
      for (String cat : List.of("prod", "dev")) {
        pangolin.namespaces().create(acme, cat, NamespaceName.of("n"), Map.of());
        pangolin.assets().create(acme, cat, NamespaceName.of("n"), new NewAsset("Customer_Orders",
            AssetKind.ICEBERG_TABLE, Optional.empty(), Map.of("pii", "true"), Optional.empty()));
        pangolin.assets().create(acme, cat, NamespaceName.of("n"), new NewAsset("model",
            AssetKind.ML_MODEL, Optional.empty(), Map.of(), Optional.empty()));
        seen.put(cat, cat);
      }
      var byName = pangolin.search().searchAssets(acme, new AssetQuery(Optional.empty(), Optional.of("orders"),
          Optional.empty(), Optional.empty(), Optional.empty()), PageRequest.first());
      assertThat(byName.items()).extracting(Asset::catalog).containsExactly("dev", "prod");
      var byKind = pangolin.search().searchAssets(acme, new AssetQuery(Optional.of("prod"), Optional.empty(),
          Optional.of(AssetKind.ML_MODEL), Optional.empty(), Optional.empty()), PageRequest.first());
      assertThat(byKind.items()).extracting(Asset::name).containsExactly("model");
      var byProp = pangolin.search().searchAssets(acme, new AssetQuery(Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.of("pii"), Optional.of("true")), PageRequest.first(1));
      assertThat(byProp.items()).hasSize(1);
      assertThat(byProp.nextToken()).isPresent();
      assertThat(seen).hasSize(2);
    }
  }
}
