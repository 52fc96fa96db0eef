package io.pangolin.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.api.Catalog;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.cache.CaffeineRedisCacheProvider;
import io.pangolin.spi.CacheObserver;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.TenancyStrategy;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two instances of a deployment — two strategies over the same PostgreSQL, each with the {@code caffeine-redis}
 * cache over its routing, sharing one Redis — stay coherent across a tier move made by one of them: the other drops
 * the tenant from its cache (its next read goes to the store) and sees, and writes, the tenant's data on its new tier.
 */
class CachedTenantMoveTest {
  @org.junit.jupiter.api.extension.RegisterExtension
  static final PostgresPlaces PG = new PostgresPlaces();
  @org.junit.jupiter.api.extension.RegisterExtension
  static final TestCache CACHE = new TestCache();

  /** Counts the reads of B that went to the store. */
  private final AtomicLong missesOfB = new AtomicLong();
  private TenancyStrategy a;
  private TenancyStrategy b;

  @BeforeEach
  void open() {
    a = CACHE.over(PG.open(Tier.SHARED));
    CacheObserver counting = (family, event, count) -> {
      if (event == CacheObserver.Event.MISS) {
        missesOfB.addAndGet(count);
      }
    };
    b = PG.open(Tier.SHARED).decorated(s -> CaffeineRedisCacheProvider.decorate(s, CACHE.config(), counting));
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  @ParameterizedTest
  @EnumSource(value = Tier.class, names = {"HYBRID", "DEDICATED"})
  void move_byOneInstance_isSeenAtOnceByTheOther_andTheirWritesStayCoherent(Tier to) {
    String tenant = "moving-" + to.key();
    Data.tenant(a, tenant, Tier.SHARED);
    Data.populate(a.controlPlane(), tenant, 20, 3);
    MetadataStore onB = b.storeFor(tenant);
    Catalog cat = onB.getCatalog(tenant, "cat").orElseThrow();
    assertThat(onB.getNamespace(tenant, "cat", Data.SALES)).isPresent();
    long missesBefore = missesOfB.get();
    assertThat(onB.getCatalog(tenant, "cat")).contains(cat);
    assertThat(missesOfB.get()).as("B answers from its cache before the move").isEqualTo(missesBefore);

    a.move(tenant, to.key());

    assertThat(b.placement(tenant).tier()).isEqualTo(to.key());
    assertThat(PG.rowsInSharedSchema(tenant)).as("the old place is emptied").isZero();
    assertThat(onB.getCatalog(tenant, "cat")).as("B sees the tenant's data on its new tier").contains(cat);
    assertThat(missesOfB.get()).as("the move dropped the tenant from B's cache").isGreaterThan(missesBefore);

    NamespaceName fresh = NamespaceName.of("after-move");
    onB.createNamespace(new Namespace(tenant, "cat", fresh, Map.of(), Data.now(), Data.now(), 0));
    assertThat(a.storeFor(tenant).getNamespace(tenant, "cat", fresh)).as("A sees B's write").isPresent();
    Catalog updated = a.storeFor(tenant).updateCatalog(new Catalog(tenant, "cat", "wh", Map.of("owner", "ops"),
        cat.createdAt(), Data.now(), cat.version()), cat.version());
    assertThat(onB.getCatalog(tenant, "cat")).as("B sees A's write").contains(updated);
    assertThat(PG.rowsInSharedSchema(tenant)).as("nothing was written to the old place").isZero();
  }
}
