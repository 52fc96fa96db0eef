package io.pangolin.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.ConflictException;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.PageRequest;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.tck.Fixtures;
import io.pangolin.store.memory.MemoryMetadataStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis failures against a redis-server of the test's own: killed under load, down at start-up, and one instance cut
 * off while the others are not. Requests never fail; coherence returns once Redis does.
 */
class RedisOutageTest {
  private static final Duration BOUND = Duration.ofSeconds(60);
  private static final int KEYS = 8;

  private RedisProcess redis;
  private MemoryMetadataStore database;
  private final List<CachingMetadataStore> instances = new ArrayList<>();
  private String tenant;

  @BeforeEach
  void start() {
    redis = RedisProcess.start();
    database = new MemoryMetadataStore();
    tenant = database.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))).name();
    database.createWarehouse(Fixtures.warehouse(tenant, "wh"));
    database.createCatalog(Fixtures.catalog(tenant, "cat", "wh"));
    database.createNamespace(Fixtures.namespace(tenant, "cat", NamespaceName.of("ns")));
    for (int i = 0; i < KEYS; i++) {
      database.createAsset(Fixtures.withProperties(
          Fixtures.asset(tenant, "cat", NamespaceName.of("ns"), "t" + i, AssetKind.ICEBERG_TABLE), Map.of("n", "0")));
    }
  }

  @AfterEach
  void stop() {
    instances.forEach(CachingMetadataStore::close);
    redis.close();
  }

  private CachingMetadataStore instance(String id, CacheConfig.Builder more) {
    return instance(id, more, Duration.ofMillis(500));
  }

  private CachingMetadataStore instance(String id, CacheConfig.Builder more, Duration redisTimeout) {
    CacheConfig config = more.redisAddress(redis.address()).instanceId(id).topic("outage:inv").keyPrefix("outage")
        .probeInterval(Duration.ofMillis(100)).degradedTtl(Duration.ofSeconds(1)).redisTimeout(redisTimeout)
        .ackTimeout(Duration.ofSeconds(2)).build();
    CachingMetadataStore s = (CachingMetadataStore) CaffeineRedisCacheProvider.decorate(database, config,
        new RecordingObserver());
    instances.add(s);
    return s;
  }

  private static AssetKey key(int i) {
    return new AssetKey("cat", NamespaceName.of("ns"), "t" + i);
  }

  /** One operation of the load: a read, a listing, or a read-modify-write increment. */
  private void operation(MetadataStore on, ThreadLocalRandom random) {
    AssetKey k = key(random.nextInt(KEYS));
    switch (random.nextInt(4)) {
      case 0 -> {
        Asset a = on.getAsset(tenant, k).orElseThrow();
        try {
          int n = Integer.parseInt(a.properties().get("n"));
          on.updateAsset(Fixtures.withProperties(a, Map.of("n", Integer.toString(n + 1))), a.version());
        } catch (ConflictException expected) {
          // a concurrent increment won, or (only while Redis is down) the read was up to degraded-ttl old
        }
      }
      case 1 -> on.listAssets(tenant, "cat", NamespaceName.of("ns"), Optional.empty(), PageRequest.first());
      default -> assertThat(on.getAsset(tenant, k)).isPresent();
    }
  }

  private static void assertCoherent(MetadataStore writer, MetadataStore reader, MemoryMetadataStore truth,
      String tenant) {
    for (int i = 0; i < KEYS; i++) {
      Asset a = writer.getAsset(tenant, key(i)).orElseThrow();
      Asset written = writer.updateAsset(Fixtures.withProperties(a, Map.of("n", a.properties().get("n"),
          "checked", "yes")), a.version());
      assertThat(reader.getAsset(tenant, key(i))).as("read on the other instance right after the write")
          .contains(written);
      assertThat(truth.getAsset(tenant, key(i))).contains(written);
    }
  }

  @Test
  void killingRedis_duringALoadLoop_failsNoRequest_andCoherenceReturnsAfterRestart() throws Exception {
    CachingMetadataStore a = instance("a", CacheConfig.builder());
    CachingMetadataStore b = instance("b", CacheConfig.builder());
    assertThat(a.degraded()).isFalse();
    assertThat(b.degraded()).isFalse();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong done = new AtomicLong();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> loops = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      MetadataStore on = t % 2 == 0 ? a : b;
      loops.add(pool.submit(() -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (long i = 0; i < 2_000_000 && !stop.get(); i++) {
          try {
            operation(on, random);
          } catch (Throwable e) {
            failures.add(e);
          }
          done.incrementAndGet();
        }
      }));
    }
    try {
      await("load running").atMost(BOUND).until(() -> done.get() > 500);

      redis.kill();
      await("both instances degraded").atMost(BOUND).until(() -> a.degraded() && b.degraded());
      assertThat(a.health().up()).isTrue();
      assertThat(a.health().detail()).contains("DEGRADED");
      long duringOutage = done.get();
      await("load continues without Redis").atMost(BOUND).until(() -> done.get() > duringOutage + 500);

      redis.restart();
      await("both instances coherent again").atMost(BOUND).until(() -> !a.degraded() && !b.degraded());
      long afterRestart = done.get();
      await("load continues after the restart").atMost(BOUND).until(() -> done.get() > afterRestart + 500);
    } finally {
      stop.set(true);
      for (Future<?> f : loops) {
        f.get(1, TimeUnit.MINUTES);
      }
      pool.shutdownNow();
    }

    assertThat(failures).as("failed requests").isEmpty();
    assertThat(a.shared().recoveries()).isGreaterThanOrEqualTo(2);
    assertCoherent(a, b, database, tenant);
    assertCoherent(b, a, database, tenant);
    for (int i = 0; i < KEYS; i++) {
      assertThat(a.getAsset(tenant, key(i))).isEqualTo(database.getAsset(tenant, key(i)));
      assertThat(b.getAsset(tenant, key(i))).isEqualTo(database.getAsset(tenant, key(i)));
    }
  }

  @Test
  void redisDownAtStartUp_theCacheRunsLocalOnly_andJoinsWhenRedisComesUp() throws Exception {
    redis.kill();
    CachingMetadataStore a = instance("a", CacheConfig.builder());

    assertThat(a.degraded()).isTrue();
    assertThat(a.getAsset(tenant, key(0))).isPresent();
    Asset v = a.getAsset(tenant, key(0)).orElseThrow();
    assertThat(a.updateAsset(Fixtures.withProperties(v, Map.of("n", "1")), v.version()).version())
        .isEqualTo(v.version() + 1);

    redis.restart();
    await("the instance joins Redis").atMost(BOUND).until(() -> !a.degraded());
    CachingMetadataStore b = instance("b", CacheConfig.builder());
    assertThat(b.degraded()).isFalse();
    assertCoherent(a, b, database, tenant);
  }

  @Test
  void instanceCutOffFromRedis_queuesItsInvalidations_andSendsThemWhenItIsBack() throws Exception {
    assertThat(redis.command("ACL", "SETUSER", "inst-a", "on", ">secret-a", "allkeys", "allchannels", "allcommands"))
        .isEqualTo("+OK");
    assertThat(redis.command("ACL", "SETUSER", "inst-b", "on", ">secret-b", "allkeys", "allchannels", "allcommands"))
        .isEqualTo("+OK");
    CachingMetadataStore a = instance("a", CacheConfig.builder().redisUsername("inst-a").redisPassword("secret-a"));
    // B must stay coherent throughout: a generous timeout, so that one slow probe on a busy machine does not degrade it
    CachingMetadataStore b = instance("b", CacheConfig.builder().redisUsername("inst-b").redisPassword("secret-b"),
        Duration.ofSeconds(5));
    assertThat(a.degraded()).isFalse();
    Asset v1 = b.getAsset(tenant, key(3)).orElseThrow(); // B caches v1 (L1 and L2)

    // A loses Redis (its user is switched off and its connections dropped); B does not
    redis.command("ACL", "SETUSER", "inst-a", "off");
    redis.command("CLIENT", "KILL", "USER", "inst-a");
    await("A degraded").atMost(BOUND).until(a::degraded);
    Asset v2 = a.updateAsset(Fixtures.withProperties(v1, Map.of("n", "2")), v1.version());
    assertThat(a.getAsset(tenant, key(3))).contains(v2);
    assertThat(b.degraded()).isFalse();

    redis.command("ACL", "SETUSER", "inst-a", "on");
    await("A back").atMost(BOUND).until(() -> !a.degraded());

    assertThat(b.getAsset(tenant, key(3))).as("B after A replayed its queued invalidation").contains(v2);
    assertThat(a.health().detail()).contains("coherent");
  }
}
