package io.pangolin.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.pangolin.api.ValidationException;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.ProviderConfig;
import io.pangolin.spi.Providers;
import io.pangolin.spi.StoreProvider;
import io.pangolin.spi.tck.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The store is found by name and opened from string configuration alone, as the server does. */
class MongoStoreProviderTest {

  @Test
  void serviceLoader_findsTheProviderByName() {
    StoreProvider provider = Providers.store("mongo");

    assertThat(provider).isInstanceOf(MongoStoreProvider.class);
    assertThat(Providers.storeNames()).contains("mongo");
  }

  @Test
  void open_fromProviderConfigKeys_connectsAndWorks() {
    ProviderConfig config = ProviderConfig.of(Map.of(
        "connection-string", TestServers.sharedUri(),
        "database", TestServers.database("provider"),
        "shard-key-mode", "single-tenant",
        "server-selection-timeout-ms", "5000",
        "audit-archive-interval-minutes", "0"));

    try (MetadataStore store = Providers.store("mongo").open(config)) {
      assertThat(store.health().up()).isTrue();
      assertThat(store.health().detail()).contains("standalone server", "fallback protocol")
          .doesNotContain("mongodb://");
      String tenant = store.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))).name();
      assertThat(store.getTenant(tenant)).isPresent();
    }
  }

  @Test
  void open_withoutConnectionString_failsValidation() {
    assertThatExceptionOfType(ValidationException.class)
        .isThrownBy(() -> new MongoStoreProvider().open(ProviderConfig.empty()))
        .withMessageContaining("connection-string");
  }
}
