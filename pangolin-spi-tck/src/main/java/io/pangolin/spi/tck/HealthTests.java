package io.pangolin.spi.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.StoreHealth;
import org.junit.jupiter.api.Test;

/** {@link MetadataStore#health()}. */
abstract class HealthTests extends StoreTests {
  HealthTests(MetadataStore store) {
    super(store);
  }

  @Test
  void health_ofAnOpenStore_isUp() {
    StoreHealth health = store.health();

    assertThat(health.up()).as("health of an open store: %s", health.detail()).isTrue();
  }
}
