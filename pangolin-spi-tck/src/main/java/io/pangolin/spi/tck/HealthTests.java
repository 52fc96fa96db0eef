package io.pangolin.spi.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.StoreHealth;
import io.pangolin.spi.StoreStats;
import org.junit.jupiter.api.Test;

/** {@link MetadataStore#health()} and {@link MetadataStore#stats()}. */
abstract class HealthTests extends StoreTests {
  HealthTests(MetadataStore store) {
    super(store);
  }

  @Test
  void health_ofAnOpenStore_isUp() {
    StoreHealth health = store.health();

    assertThat(health.up()).as("health of an open store: %s", health.detail()).isTrue();
  }

  @Test
  void stats_ofAnOpenStore_areConsistent_andNamed() {
    store.createTenant(Fixtures.tenant(Fixtures.uniqueName("t")));

    StoreStats stats = store.stats();

    assertThat(stats.pools()).allSatisfy(p -> {
      assertThat(p.max()).as("pool %s", p.name()).isPositive();
      assertThat(p.active()).as("pool %s", p.name()).isLessThanOrEqualTo(p.max());
      assertThat(p.usage()).isBetween(0.0, 1.0);
      assertThat(p.name()).matches("[a-z0-9-]+");
    });
    assertThat(stats.pools()).extracting(StoreStats.Pool::name).doesNotHaveDuplicates();
    assertThat(stats.replicas()).allSatisfy(r -> {
      assertThat(r.lagMs()).isGreaterThanOrEqualTo(-1);
      assertThat(r.name()).matches("[a-z0-9-]+");
    });
  }
}
