package io.pangolin.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.Catalog;
import io.pangolin.api.ConflictException;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.PageRequest;
import io.pangolin.api.Tenant;
import io.pangolin.api.UnavailableException;
import io.pangolin.api.User;
import io.pangolin.api.Warehouse;
import io.pangolin.spi.AssetUpdate;
import io.pangolin.spi.CacheObserver.Event;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.ReadConsistency;
import io.pangolin.spi.tck.Fixtures;
import io.pangolin.store.memory.MemoryMetadataStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two cache instances ("A" and "B", as in two servers) over one store and one Redis: what one writes, the other reads
 * at once — on every write path, under races, and with failing writes.
 */
class TwoInstanceCoherenceTest {
  private MemoryMetadataStore database;
  private StoreSpy spyA;
  private StoreSpy spyB;
  private RecordingObserver observedA;
  private RecordingObserver observedB;
  private CachingMetadataStore a;
  private CachingMetadataStore b;
  private CacheConfig config;
  private String tenant;

  @BeforeEach
  void twoInstances() {
    database = new MemoryMetadataStore();
    spyA = new StoreSpy(database);
    spyB = new StoreSpy(database);
    observedA = new RecordingObserver();
    observedB = new RecordingObserver();
    config = TestRedis.isolated().build();
    a = instance(spyA, "a", observedA);
    b = instance(spyB, "b", observedB);
    assertThat(a.degraded()).as("A joined Redis").isFalse();
    assertThat(b.degraded()).as("B joined Redis").isFalse();
    tenant = a.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))).name();
    a.createWarehouse(Fixtures.warehouse(tenant, "wh"));
    a.createCatalog(Fixtures.catalog(tenant, "cat", "wh"));
    a.createNamespace(Fixtures.namespace(tenant, "cat", NamespaceName.of("ns")));
  }

  private CachingMetadataStore instance(StoreSpy spy, String id, RecordingObserver observer) {
    CacheConfig c = new CacheConfig(config.redisAddress(), config.redisUsername(), config.redisPassword(), 0,
        config.l1MaxSize(), config.ttl(), config.degradedTtl(), config.topic(), config.keyPrefix(),
        config.warmCatalogs(), id, config.redisTimeout(), Duration.ofSeconds(5), config.probeInterval());
    return (CachingMetadataStore) CaffeineRedisCacheProvider.decorate(spy.store, c, observer);
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
    TestRedis.deleteKeys(TestRedis.ADDRESS, config.keyPrefix());
  }

  private AssetKey key(String name) {
    return new AssetKey("cat", NamespaceName.of("ns"), name);
  }

  /** Reads on B twice: the second read must not reach the store, so B really serves the value from its cache. */
  private <T> T cachedOnB(String method, Supplier<T> read) {
    T first = read.get();
    long before = spyB.calls(method);
    T second = read.get();
    assertThat(spyB.calls(method)).as("second %s on B is served from the cache", method).isEqualTo(before);
    assertThat(second).isEqualTo(first);
    return first;
  }

  /** Runs {@code read} as a request carrying a consistency token (any position: the memory store has none). */
  private static <T> T withToken(Supplier<T> read) {
    ReadConsistency.open(Optional.of(1L));
    try {
      return read.get();
    } finally {
      ReadConsistency.close();
    }
  }

  @Test
  void tokenCarryingReads_onB_skipBsStaleEntries_whileAsInvalidationIsStillOnItsWay() {
    Asset created = a.createAsset(Fixtures.asset(tenant, "cat", NamespaceName.of("ns"), "orders",
        AssetKind.ICEBERG_TABLE));
    cachedOnB("getAsset", () -> b.getAsset(tenant, key("orders")));
    Supplier<List<Asset>> listing = () -> b.listAssets(tenant, "cat", NamespaceName.of("ns"), Optional.empty(),
        PageRequest.first()).items();
    cachedOnB("listAssets", listing);
    // a write on another instance whose invalidation has not reached B yet: the store changed behind B's cache
    Asset updated = database.updateAsset(Fixtures.withProperties(created, Map.of("owner", "bi")), created.version());
    assertThat(b.getAsset(tenant, key("orders"))).as("without a token B answers from its entry").contains(created);
    assertThat(listing.get()).containsExactly(created);

    long reads = spyB.calls("getAsset");
    assertThat(withToken(() -> b.getAsset(tenant, key("orders")))).as("with a token B reads the store")
        .contains(updated);
    assertThat(spyB.calls("getAsset")).isEqualTo(reads + 1);
    assertThat(withToken(listing)).containsExactly(updated);
    assertThat(withToken(() -> b.getAsset(tenant, key("orders")))).contains(updated);
    assertThat(spyB.calls("getAsset")).as("token-carrying reads never use the cache").isEqualTo(reads + 2);
  }

  @Test
  void assetWrites_onA_areSeenOnB_onEveryWritePath() {
    // create: B has cached "absent"
    assertThat(cachedOnB("getAsset", () -> b.getAsset(tenant, key("orders")))).isEmpty();
    Asset created = a.createAsset(Fixtures.asset(tenant, "cat", NamespaceName.of("ns"), "orders",
        AssetKind.ICEBERG_TABLE));
    assertThat(b.getAsset(tenant, key("orders"))).contains(created);

    // update
    cachedOnB("getAsset", () -> b.getAsset(tenant, key("orders")));
    Asset updated = a.updateAsset(Fixtures.withProperties(created, Map.of("owner", "bi")), created.version());
    assertThat(b.getAsset(tenant, key("orders"))).contains(updated);

    // commit (the multi-asset metadata pointer swap of an Iceberg commit)
    cachedOnB("getAsset", () -> b.getAsset(tenant, key("orders")));
    Asset pointer = new Asset(tenant, updated.id(), "cat", NamespaceName.of("ns"), "orders", updated.kind(),
        updated.location(), updated.properties(), Optional.of(updated.location() + "/metadata/00001.metadata.json"),
        updated.createdAt(), updated.updatedAt(), updated.version());
    List<Asset> committed = a.updateAssets(tenant, List.of(new AssetUpdate(pointer, updated.version())));
    assertThat(b.getAsset(tenant, key("orders"))).contains(committed.get(0));
    assertThat(b.getAsset(tenant, key("orders")).orElseThrow().metadataLocation())
        .contains(updated.location() + "/metadata/00001.metadata.json");

    // listing of the namespace
    assertThat(cachedOnB("listAssets", () -> b.listAssets(tenant, "cat", NamespaceName.of("ns"), Optional.empty(),
        PageRequest.first())).items()).containsExactly(committed.get(0));

    // rename
    cachedOnB("getAsset", () -> b.getAsset(tenant, key("orders2")));
    Asset renamed = a.renameAsset(tenant, key("orders"), key("orders2"));
    assertThat(b.getAsset(tenant, key("orders"))).isEmpty();
    assertThat(b.getAsset(tenant, key("orders2"))).contains(renamed);
    assertThat(b.listAssets(tenant, "cat", NamespaceName.of("ns"), Optional.empty(), PageRequest.first()).items())
        .containsExactly(renamed);

    // drop
    cachedOnB("getAsset", () -> b.getAsset(tenant, key("orders2")));
    a.deleteAsset(tenant, key("orders2"));
    assertThat(b.getAsset(tenant, key("orders2"))).isEmpty();
    assertThat(b.listAssets(tenant, "cat", NamespaceName.of("ns"), Optional.empty(), PageRequest.first()).items())
        .isEmpty();
  }

  @Test
  void namespaceCatalogTenantWarehouseAndUserWrites_onA_areSeenOnB() {
    NamespaceName sales = NamespaceName.of("sales");
    assertThat(cachedOnB("getNamespace", () -> b.getNamespace(tenant, "cat", sales))).isEmpty();
    cachedOnB("listNamespaces", () -> b.listNamespaces(tenant, "cat", NamespaceName.ROOT, PageRequest.first()));
    Namespace created = a.createNamespace(Fixtures.namespace(tenant, "cat", sales));
    assertThat(b.getNamespace(tenant, "cat", sales)).contains(created);
    assertThat(b.listNamespaces(tenant, "cat", NamespaceName.ROOT, PageRequest.first()).items())
        .extracting(Namespace::name).containsExactly(NamespaceName.of("ns"), sales);

    cachedOnB("getNamespace", () -> b.getNamespace(tenant, "cat", sales));
    Namespace changed = a.updateNamespace(new Namespace(tenant, "cat", sales, Map.of("owner", "x"),
        created.createdAt(), created.updatedAt(), 1), 1);
    assertThat(b.getNamespace(tenant, "cat", sales)).contains(changed);
    assertThat(b.listNamespaces(tenant, "cat", NamespaceName.ROOT, PageRequest.first()).items()).contains(changed);

    a.deleteNamespace(tenant, "cat", sales);
    assertThat(b.getNamespace(tenant, "cat", sales)).isEmpty();
    assertThat(b.listNamespaces(tenant, "cat", NamespaceName.ROOT, PageRequest.first()).items())
        .extracting(Namespace::name).containsExactly(NamespaceName.of("ns"));

    Catalog cat = cachedOnB("getCatalog", () -> b.getCatalog(tenant, "cat")).orElseThrow();
    Catalog catChanged = a.updateCatalog(new Catalog(tenant, "cat", "wh", Map.of("env", "prod"), cat.createdAt(),
        cat.updatedAt(), 1), 1);
    assertThat(b.getCatalog(tenant, "cat")).contains(catChanged);
    assertThat(cachedOnB("getCatalog", () -> b.getCatalog(tenant, "other"))).isEmpty();
    Catalog other = a.createCatalog(Fixtures.catalog(tenant, "other", "wh"));
    assertThat(b.getCatalog(tenant, "other")).contains(other);
    a.deleteCatalog(tenant, "other");
    assertThat(b.getCatalog(tenant, "other")).isEmpty();

    Tenant t = cachedOnB("getTenant", () -> b.getTenant(tenant)).orElseThrow();
    Tenant tChanged = a.updateTenant(new Tenant(tenant, Map.of("tier", "platinum"), t.createdAt(), t.updatedAt(), 1),
        1);
    assertThat(b.getTenant(tenant)).contains(tChanged);

    Warehouse wh = cachedOnB("getWarehouse", () -> b.getWarehouse(tenant, "wh")).orElseThrow();
    Warehouse whChanged = a.updateWarehouse(new Warehouse(tenant, "wh", "s3://moved", Map.of(), wh.createdAt(),
        wh.updatedAt(), 1), 1);
    assertThat(b.getWarehouse(tenant, "wh")).contains(whChanged);

    assertThat(cachedOnB("getUser", () -> b.getUser(tenant, "bob"))).isEmpty();
    User bob = a.createUser(Fixtures.user(tenant, "bob"));
    assertThat(b.getUser(tenant, "bob")).contains(bob);
    User bob2 = a.updateUser(new User(tenant, "bob", Optional.empty(), Map.of(), bob.createdAt(), bob.updatedAt(), 1),
        1);
    assertThat(b.getUser(tenant, "bob")).contains(bob2);
    a.deleteUser(tenant, "bob");
    assertThat(b.getUser(tenant, "bob")).isEmpty();
  }

  @Test
  void read_afterALoadOnA_isASharedHitOnB_withoutTouchingTheStore() {
    Asset x = a.createAsset(Fixtures.asset(tenant, "cat", NamespaceName.of("ns"), "x", AssetKind.ICEBERG_TABLE));
    assertThat(a.getAsset(tenant, key("x"))).contains(x);
    CacheKey shared = new Keys(config.keyPrefix()).asset(tenant, key("x"));
    await("A's write-back to Redis (asynchronous)").atMost(Duration.ofSeconds(30))
        .until(() -> a.shared().lookup(shared, "").value() != null);
    long storeReadsOnB = spyB.calls("getAsset");

    assertThat(b.getAsset(tenant, key("x"))).contains(x);

    assertThat(spyB.calls("getAsset")).isEqualTo(storeReadsOnB);
    assertThat(observedB.count(CacheFamily.ASSET, Event.SHARED_HIT)).isEqualTo(1);
    assertThat(b.getAsset(tenant, key("x"))).contains(x);
    assertThat(observedB.count(CacheFamily.ASSET, Event.LOCAL_HIT)).isEqualTo(1);
  }

  @Test
  void staleWriteBack_aReaderThatLoadedBeforeAWrite_neverPutsTheOldValueBack() throws Exception {
    Asset v1 = a.createAsset(Fixtures.asset(tenant, "cat", NamespaceName.of("ns"), "race", AssetKind.ICEBERG_TABLE));
    CountDownLatch loaded = new CountDownLatch(1);
    CountDownLatch written = new CountDownLatch(1);
    AtomicBoolean armed = new AtomicBoolean(true);
    spyB.afterHook = (method, args, result) -> {
      if (method.equals("getAsset") && armed.compareAndSet(true, false)) {
        loaded.countDown(); // the reader on B has the old value from the store and has not cached it yet
        assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();
      }
    };
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Optional<Asset>> reader = pool.submit(() -> b.getAsset(tenant, key("race")));
      assertThat(loaded.await(30, TimeUnit.SECONDS)).isTrue();

      Asset v2 = a.updateAsset(Fixtures.withProperties(v1, Map.of("v", "2")), 1);
      written.countDown();

      assertThat(reader.get(30, TimeUnit.SECONDS)).as("the racing read itself").contains(v1);
      assertThat(b.getAsset(tenant, key("race"))).as("B after the racing read").contains(v2);
      RedisShared.Lookup l2 = b.shared().lookup(new Keys(config.keyPrefix()).asset(tenant, key("race")), "");
      assertThat(l2.value()).as("L2 after the racing read").isNotEqualTo(Optional.of(v1));
      assertThat(a.getAsset(tenant, key("race"))).contains(v2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void staleWriteBack_ofAListingPage_isRefusedToo() throws Exception {
    CountDownLatch loaded = new CountDownLatch(1);
    CountDownLatch written = new CountDownLatch(1);
    AtomicBoolean armed = new AtomicBoolean(true);
    spyB.afterHook = (method, args, result) -> {
      if (method.equals("listAssets") && armed.compareAndSet(true, false)) {
        loaded.countDown();
        assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();
      }
    };
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      var reader = pool.submit(() -> b.listAssets(tenant, "cat", NamespaceName.of("ns"), Optional.empty(),
          PageRequest.first()));
      assertThat(loaded.await(30, TimeUnit.SECONDS)).isTrue();
      Asset created = a.createAsset(Fixtures.asset(tenant, "cat", NamespaceName.of("ns"), "late", AssetKind.CSV));
      written.countDown();

      assertThat(reader.get(30, TimeUnit.SECONDS).items()).isEmpty();
      assertThat(b.listAssets(tenant, "cat", NamespaceName.of("ns"), Optional.empty(), PageRequest.first()).items())
          .containsExactly(created);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentReadersAndWriters_onOneKey_neverReadBehindAnAcknowledgedWrite_andEndInAgreement()
      throws Exception {
    a.createAsset(Fixtures.withProperties(
        Fixtures.asset(tenant, "cat", NamespaceName.of("ns"), "hot", AssetKind.ICEBERG_TABLE), Map.of("n", "0")));
    int writers = 4;
    int readers = 4;
    int incrementsPerWriter = 150;
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(writers + readers);
    try {
      List<Future<Long>> reads = new ArrayList<>();
      for (int r = 0; r < readers; r++) {
        MetadataStore on = r % 2 == 0 ? a : b;
        reads.add(pool.submit(() -> {
          long n = 0;
          while (!stop.get()) {
            assertThat(on.getAsset(tenant, key("hot"))).isPresent();
            n++;
          }
          return n;
        }));
      }
      List<Future<Integer>> writes = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        MetadataStore on = w % 2 == 0 ? a : b;
        MetadataStore other = w % 2 == 0 ? b : a;
        writes.add(pool.submit(() -> {
          int conflicts = 0;
          for (int i = 0; i < incrementsPerWriter; i++) {
            while (true) {
              Asset current = on.getAsset(tenant, key("hot")).orElseThrow();
              int n = Integer.parseInt(current.properties().get("n"));
              try {
                Asset written = on.updateAsset(Fixtures.withProperties(current, Map.of("n", Integer.toString(n + 1))),
                    current.version());
                // the write is acknowledged: the other instance must not read anything older from now on
                assertThat(other.getAsset(tenant, key("hot")).orElseThrow().version())
                    .isGreaterThanOrEqualTo(written.version());
                break;
              } catch (ConflictException e) {
                conflicts++;
              }
            }
          }
          return conflicts;
        }));
      }
      for (Future<Integer> w : writes) {
        w.get(3, TimeUnit.MINUTES);
      }
      stop.set(true);
      for (Future<Long> r : reads) {
        assertThat(r.get(1, TimeUnit.MINUTES)).isPositive();
      }
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
    Asset truth = database.getAsset(tenant, key("hot")).orElseThrow();
    assertThat(truth.properties().get("n")).isEqualTo(Integer.toString(writers * incrementsPerWriter));
    assertThat(a.getAsset(tenant, key("hot"))).contains(truth);
    assertThat(b.getAsset(tenant, key("hot"))).contains(truth);
  }

  @Test
  void writeWithUnknownOutcome_thatReachedTheStore_isInvalidatedEverywhere() {
    Asset v1 = a.createAsset(Fixtures.asset(tenant, "cat", NamespaceName.of("ns"), "u", AssetKind.ICEBERG_TABLE));
    cachedOnB("getAsset", () -> b.getAsset(tenant, key("u")));
    spyA.afterHook = (method, args, result) -> {
      if (method.equals("updateAsset")) {
        throw new UnavailableException("connection lost after the commit");
      }
    };

    assertThatExceptionOfType(UnavailableException.class)
        .isThrownBy(() -> a.updateAsset(Fixtures.withProperties(v1, Map.of("k", "v")), 1));

    spyA.afterHook = (method, args, result) -> {};
    assertThat(b.getAsset(tenant, key("u")).orElseThrow().version()).isEqualTo(2);
    assertThat(a.getAsset(tenant, key("u")).orElseThrow().version()).isEqualTo(2);
  }

  private boolean marked(AssetKey key) {
    return b.shared().lookup(new Keys(config.keyPrefix()).asset(tenant, key), "").writing();
  }

  @Test
  void writeMarkers_areRemovedWhenTheWriteReturns_succeededOrRefused_soCachingResumesAtOnce() {
    Asset v1 = a.createAsset(Fixtures.asset(tenant, "cat", NamespaceName.of("ns"), "wm", AssetKind.ICEBERG_TABLE));
    assertThat(marked(key("wm"))).as("after a create").isFalse();
    Asset v2 = a.updateAsset(Fixtures.withProperties(v1, Map.of("k", "v")), 1);
    assertThat(marked(key("wm"))).as("after an update").isFalse();
    assertThat(cachedOnB("getAsset", () -> b.getAsset(tenant, key("wm")))).contains(v2);

    assertThatExceptionOfType(ConflictException.class)
        .isThrownBy(() -> a.updateAsset(Fixtures.withProperties(v1, Map.of("k", "stale")), 1));
    // the refused write's marker goes asynchronously (and would expire by itself)
    await("marker of the refused write removed").atMost(Duration.ofSeconds(30)).until(() -> !marked(key("wm")));
    assertThat(cachedOnB("getAsset", () -> b.getAsset(tenant, key("wm")))).contains(v2);
  }

  @Test
  void aWriteInFlight_marksItsKeys_renewsTheMarker_andNoInstanceFillsThemUntilItReturns() throws Exception {
    Asset v1 = a.createAsset(Fixtures.asset(tenant, "cat", NamespaceName.of("ns"), "fl", AssetKind.ICEBERG_TABLE));
    cachedOnB("getAsset", () -> b.getAsset(tenant, key("fl")));
    CountDownLatch inStore = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    spyA.hook = (method, args) -> {
      if (method.equals("updateAsset")) {
        inStore.countDown(); // the write is marked and about to reach the store
        assertThat(finish.await(30, TimeUnit.SECONDS)).isTrue();
      }
    };
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Asset> write = pool.submit(() -> a.updateAsset(Fixtures.withProperties(v1, Map.of("k", "v")), 1));
      assertThat(inStore.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(marked(key("fl"))).isTrue();
      await("B dropped its entry").atMost(Duration.ofSeconds(30))
          .until(() -> b.local().get(new Keys(config.keyPrefix()).asset(tenant, key("fl")).id()) == null);
      long reads = spyB.calls("getAsset");
      assertThat(b.getAsset(tenant, key("fl"))).contains(v1);
      assertThat(b.getAsset(tenant, key("fl"))).contains(v1);
      assertThat(spyB.calls("getAsset")).as("while marked, every read on B goes to the store").isEqualTo(reads + 2);
      String markerKey = new Keys(config.keyPrefix()).asset(tenant, key("fl")).markerId();
      double expiry = TestRedis.maxScore(markerKey);
      await("the marker of the write in flight is renewed").atMost(Duration.ofSeconds(60))
          .until(() -> TestRedis.maxScore(markerKey) > expiry);

      finish.countDown();
      Asset v2 = write.get(30, TimeUnit.SECONDS);
      assertThat(marked(key("fl"))).isFalse();
      assertThat(cachedOnB("getAsset", () -> b.getAsset(tenant, key("fl")))).contains(v2);
    } finally {
      finish.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void observer_countsHitsMissesAndInvalidationsPerFamily() {
    b.getAsset(tenant, key("m")); // miss
    b.getAsset(tenant, key("m")); // local hit
    a.createAsset(Fixtures.asset(tenant, "cat", NamespaceName.of("ns"), "m", AssetKind.ICEBERG_TABLE));
    b.getTenant(tenant);

    assertThat(observedB.count(CacheFamily.ASSET, Event.MISS)).isEqualTo(1);
    assertThat(observedB.count(CacheFamily.ASSET, Event.LOCAL_HIT)).isEqualTo(1);
    // the asset key and its namespace's listing
    assertThat(observedA.count(CacheFamily.ASSET, Event.INVALIDATION_SENT)).isEqualTo(1);
    assertThat(observedA.count(CacheFamily.NAMESPACE_LIST, Event.INVALIDATION_SENT)).isGreaterThanOrEqualTo(1);
    assertThat(observedB.count(CacheFamily.ASSET, Event.INVALIDATION_RECEIVED)).isEqualTo(1);
    assertThat(observedB.count(CacheFamily.CATALOG, Event.INVALIDATION_RECEIVED)).isPositive();
    assertThat(observedB.count(CacheFamily.CATALOG, Event.LOCAL_HIT) + observedB.count(CacheFamily.CATALOG,
        Event.SHARED_HIT) + observedB.count(CacheFamily.CATALOG, Event.MISS)).isEqualTo(1);
    assertThat(observedA.states).containsExactly(false);
    assertThat(a.health().detail()).contains("coherent");
  }
}
