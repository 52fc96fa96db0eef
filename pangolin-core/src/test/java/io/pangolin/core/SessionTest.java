package io.pangolin.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.AuditQuery;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NewAsset;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.RequestContext;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.spi.ForwardingMetadataStore;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.PrincipalRecord;
import io.pangolin.spi.ReadConsistency;
import io.pangolin.store.memory.MemoryMetadataStore;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sessions resolve the tenant, its store and each catalog once; the timing decorator forwards every call. */
class SessionTest {
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private Pangolin pangolin;
  private final RequestContext acme = RequestContext.of("acme", "alice");

  @BeforeEach
  void setUp() {
    pangolin = Pangolin.builder().store(new MemoryMetadataStore())
        .storeObserver((op, nanos, ok) -> calls.add(op)).build();
    pangolin.tenants().create(acme, "acme", Map.of());
    pangolin.warehouses().create(acme, "lake", "s3://bucket/lake", Map.of());
    pangolin.catalogs().create(acme, "prod", "lake", Map.of());
    pangolin.namespaces().create(acme, "prod", NamespaceName.of("sales"), Map.of());
    calls.clear();
  }

  @AfterEach
  void tearDown() {
    pangolin.close();
  }

  private static NewAsset table(String name) {
    return new NewAsset(name, AssetKind.ICEBERG_TABLE, Optional.empty(), Map.of(), Optional.empty());
  }

  private long count(String op) {
    synchronized (calls) {
      return calls.stream().filter(op::equals).count();
    }
  }

  @Test
  void session_resolvesTheTenantOnceForAllItsCalls() {
    Session s = pangolin.session(acme);

    s.namespaces().get(acme, "prod", NamespaceName.of("sales"));
    s.assets().create(acme, "prod", NamespaceName.of("sales"), table("a"));
    s.assets().find(acme, new AssetKey("prod", NamespaceName.of("sales"), "a"));
    s.assets().list(acme, "prod", NamespaceName.of("sales"), Optional.empty(), io.pangolin.api.PageRequest.first());

    assertThat(count("getTenant")).isEqualTo(1);
  }

  @Test
  void engineWideServices_resolveTheTenantOnEveryCall() {
    pangolin.assets().find(acme, new AssetKey("prod", NamespaceName.of("sales"), "a"));
    pangolin.assets().find(acme, new AssetKey("prod", NamespaceName.of("sales"), "b"));

    assertThat(count("getTenant")).isEqualTo(2);
  }

  @Test
  void session_looksUpEachCatalogWithItsWarehouseOnce() {
    Session s = pangolin.session(acme);

    String planned = s.assets().planLocation(acme, "prod", NamespaceName.of("sales"), "a", Optional.empty());
    s.assets().create(acme, "prod", NamespaceName.of("sales"), table("a"));
    s.assets().create(acme, "prod", NamespaceName.of("sales"), table("b"));
    assertThat(s.catalog("prod")).isPresent();

    assertThat(planned).startsWith("s3://bucket/lake/");
    assertThat(count("getCatalogBinding")).isEqualTo(1);
    assertThat(count("getCatalog")).isZero();
    assertThat(count("getWarehouse")).isZero();
  }

  @Test
  void session_forgetsCatalogsAfterItsOwnCatalogAndWarehouseWrites() {
    Session s = pangolin.session(acme);
    assertThat(s.catalog("prod").orElseThrow().catalog().properties()).isEmpty();

    s.catalogs().updateProperties(acme, "prod", Map.of("owner", "ops"), Set.of());
    assertThat(s.catalog("prod").orElseThrow().catalog().properties()).containsEntry("owner", "ops");

    s.warehouses().update(acme, "lake", Optional.of("s3://bucket/moved"), Map.of(), Set.of());
    assertThat(s.catalog("prod").orElseThrow().warehouse().storageRoot()).isEqualTo("s3://bucket/moved");
  }

  @Test
  void session_readsANamespaceOnceForExistsAndTheDefaultLocation_andForgetsItAfterItsOwnNamespaceWrites() {
    Session s = pangolin.session(acme);
    NamespaceName sales = NamespaceName.of("sales");

    assertThat(s.namespaces().exists(acme, "prod", sales)).isTrue();
    s.assets().planLocation(acme, "prod", sales, "a", Optional.empty());
    s.assets().create(acme, "prod", sales, table("a"));
    assertThat(s.namespaces().exists(acme, "prod", sales)).isTrue();
    assertThat(count("getNamespace")).isEqualTo(1);

    s.namespaces().updateProperties(acme, "prod", sales, Map.of("location", "s3://bucket/lake/elsewhere"), Set.of());
    assertThat(s.assets().planLocation(acme, "prod", sales, "b", Optional.empty()))
        .as("the namespace's new location, not the one remembered before the update")
        .startsWith("s3://bucket/lake/elsewhere/");

    s.namespaces().create(acme, "prod", NamespaceName.of("tmp"), Map.of());
    assertThat(s.namespaces().exists(acme, "prod", NamespaceName.of("tmp"))).isTrue();
    s.namespaces().delete(acme, "prod", NamespaceName.of("tmp"));
    assertThat(s.namespaces().exists(acme, "prod", NamespaceName.of("tmp"))).isFalse();
  }

  @Test
  void session_ofUnknownTenant_failsWithNotFoundAndWritesNoAudit() {
    RequestContext ghost = RequestContext.of("ghost", "mallory");
    Session s = pangolin.session(ghost);

    assertThatThrownBy(s::tenant).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> s.catalogs().create(ghost, "c", "lake", Map.of()))
        .isInstanceOf(NotFoundException.class);
    assertThat(pangolin.catalogs().find(acme, "c")).isEmpty();
    assertThat(count("appendAudit")).isZero();
  }

  @Test
  void session_refusesAContextOfAnotherTenant() {
    Session s = pangolin.session(acme);
    RequestContext other = RequestContext.of("other", "bob");

    assertThatThrownBy(() -> s.catalogs().find(other, "prod")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void session_writesAreAuditedOnceWithoutAnotherTenantLookup() {
    Session s = pangolin.session(acme);
    s.tenant();
    calls.clear();

    assertThatThrownBy(() -> s.catalogs().create(acme, "prod", "lake", Map.of()))
        .isInstanceOf(io.pangolin.api.AlreadyExistsException.class);

    assertThat(count("getTenant")).isZero();
    assertThat(count("appendAudit")).isEqualTo(1);
    assertThat(pangolin.audit().count(acme, new AuditQuery(Optional.empty(), Optional.of("catalog.create"),
        Optional.empty(), Optional.empty(), Optional.of(io.pangolin.api.AuditResult.FAILURE), Optional.empty(),
        Optional.empty()))).isEqualTo(1);
  }

  @Test
  void findMethods_returnEmptyForMissingObjects() {
    Session s = pangolin.session(acme);

    assertThat(s.catalogs().find(acme, "nope")).isEmpty();
    assertThat(s.catalogs().findWithWarehouse(acme, "nope")).isEmpty();
    assertThat(s.warehouses().find(acme, "nope")).isEmpty();
    assertThat(s.namespaces().find(acme, "prod", NamespaceName.of("nope"))).isEmpty();
    assertThat(s.assets().find(acme, new AssetKey("prod", NamespaceName.of("sales"), "nope"))).isEmpty();
    assertThat(s.catalogs().find(acme, "prod")).isPresent();
  }

  /** Every {@link MetadataStore} method reaches the delegate through the timing decorator, and data calls are timed. */
  @Test
  void observedStore_forwardsEveryMethodAndTimesEveryDataCall() throws Exception {
    List<String> reached = new ArrayList<>();
    MetadataStore delegate = (MetadataStore) Proxy.newProxyInstance(MetadataStore.class.getClassLoader(),
        new Class<?>[] {MetadataStore.class}, (proxy, method, args) -> {
          reached.add(method.getName());
          return defaultValue(method.getReturnType());
        });
    List<String> timed = new ArrayList<>();
    ObservedStore observed = new ObservedStore(delegate, (op, nanos, ok) -> timed.add(op));
    Set<String> untimed = Set.of("supportsRestore", "supportsAuditArchive", "supportsStorageRoots", "health", "stats", "close");

    for (Method m : MetadataStore.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())) {
        continue; // a helper of the interface, not a store method
      }
      reached.clear();
      timed.clear();
      Object[] args = new Object[m.getParameterCount()];
      for (int i = 0; i < args.length; i++) {
        args[i] = defaultValue(m.getParameterTypes()[i]);
      }
      m.invoke(observed, args);
      if (m.getName().equals("close")) {
        assertThat(reached).as("close is not forwarded: the decorator does not own its store").isEmpty();
        continue;
      }
      assertThat(reached).as(m.toString()).containsExactly(m.getName());
      assertThat(timed).as(m.toString()).containsExactlyElementsOf(untimed.contains(m.getName()) ? List.of()
          : List.of(m.getName()));
    }
  }

  @Test
  void rootBootstrap_byTwoInstancesAtOnce_succeedsOnBoth() throws Exception {
    MemoryMetadataStore shared = new MemoryMetadataStore();
    try (Pangolin a = Pangolin.builder().store(shared).build(); Pangolin b = Pangolin.builder().store(shared).build()) {
      var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        var fa = pool.submit(() -> a.principals().ensureRoot(Optional.of("boot"), Optional.of("boot-secret-0123456789")));
        var fb = pool.submit(() -> b.principals().ensureRoot(Optional.of("boot"), Optional.of("boot-secret-0123456789")));
        fa.get();
        fb.get();
        var g1 = pool.submit(() -> a.principals().ensureRoot(Optional.empty(), Optional.empty()));
        assertThat(g1.get()).as("a root exists: nothing generated").isEmpty();
      } finally {
        pool.shutdownNow();
      }
      assertThat(a.principals().authenticate("boot", "boot-secret-0123456789")).isPresent();
    }
  }

  @Test
  void rootBootstrap_ofASecondInstance_whileItsReplicaHasNotReplayedTheRoot_readsThePrimary() {
    MemoryMetadataStore primary = new MemoryMetadataStore();
    // a replica that has replayed no principal yet: plain principal reads find none
    MetadataStore lagging = new ForwardingMetadataStore() {
      @Override
      protected MetadataStore delegate() {
        return primary;
      }

      @Override
      public Optional<PrincipalRecord> getPrincipal(String id) {
        return ReadConsistency.primaryRequired() ? primary.getPrincipal(id) : Optional.empty();
      }

      @Override
      public Page<PrincipalRecord> listPrincipals(Optional<String> tenant, PageRequest page) {
        return ReadConsistency.primaryRequired() ? primary.listPrincipals(tenant, page) : Page.last(List.of());
      }
    };
    try (Pangolin a = Pangolin.builder().store(primary).build();
        Pangolin b = Pangolin.builder().store(lagging).build()) {
      assertThat(a.principals().ensureRoot(Optional.of("boot"), Optional.of("boot-secret-0123456789"))).isEmpty();
      Optional<io.pangolin.api.ServiceCredentials> generated = a.principals().ensureRoot(Optional.empty(),
          Optional.empty());

      assertThat(b.principals().ensureRoot(Optional.of("boot"), Optional.of("boot-secret-0123456789")))
          .as("the root exists on the primary: created by the first instance, not refused as a duplicate").isEmpty();
      assertThat(b.principals().ensureRoot(Optional.empty(), Optional.empty()))
          .as("a principal exists on the primary: no second root generated").isEmpty();
      assertThat(generated).isEmpty();
      assertThat(primary.listPrincipals(Optional.empty(), PageRequest.first(10)).items()).hasSize(1);
    }
  }

  @Test
  void credentialChecks_onAnInstanceWhoseReplicaHasNotReplayedThePrincipal_readThePrimary() {
    MemoryMetadataStore primary = new MemoryMetadataStore();
    // a replica that has replayed no principal yet: plain principal reads find none
    MetadataStore lagging = new ForwardingMetadataStore() {
      @Override
      protected MetadataStore delegate() {
        return primary;
      }

      @Override
      public Optional<PrincipalRecord> getPrincipal(String id) {
        return ReadConsistency.primaryRequired() ? primary.getPrincipal(id) : Optional.empty();
      }
    };
    try (Pangolin a = Pangolin.builder().store(primary).build();
        Pangolin b = Pangolin.builder().store(lagging).build()) {
      a.principals().ensureRoot(Optional.of("boot"), Optional.of("boot-secret-0123456789"));

      assertThat(b.principals().authenticate("boot", "boot-secret-0123456789"))
          .as("a principal created through another instance can get a token at once").isPresent();
      assertThat(b.principals().authenticate("boot", "wrong-secret-0123456789")).isEmpty();
      assertThat(b.principals().principal("boot"))
          .as("a token's subject missing on the replica is confirmed on the primary").isPresent();
      assertThat(b.principals().principal("nobody")).isEmpty();
    }
  }

  private static Object defaultValue(Class<?> type) {
    if (type == long.class) {
      return 0L;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == Optional.class) {
      return Optional.empty();
    }
    return null;
  }
}
