package io.pangolin.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.api.AuditQuery;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.ProviderConfig;
import io.pangolin.spi.Providers;
import io.pangolin.spi.StoreProvider;
import io.pangolin.spi.tck.Fixtures;
import org.junit.jupiter.api.Test;

class MemoryStoreProviderTest {
  @Test
  void providers_findTheMemoryStoreByNameThroughTheServiceLoader() {
    StoreProvider provider = Providers.store("memory");

    assertThat(provider).isInstanceOf(MemoryStoreProvider.class);
    assertThat(provider.name()).isEqualTo(MemoryStoreProvider.NAME);
    assertThat(Providers.storeNames()).contains("memory");
  }

  @Test
  void open_returnsAWorkingStore() {
    try (MetadataStore store = Providers.store("memory").open(ProviderConfig.empty())) {
      assertThat(store.health().up()).isTrue();
      String tenant = store.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))).name();
      store.appendAudit(Fixtures.audit(tenant, Fixtures.now()));

      assertThat(store.getTenant(tenant)).isPresent();
      assertThat(store.countAudit(tenant, AuditQuery.ALL)).isEqualTo(1);
    }
  }

  @Test
  void open_returnsANewEmptyStoreEachTime() {
    try (MetadataStore first = Providers.store("memory").open(ProviderConfig.empty());
        MetadataStore second = Providers.store("memory").open(ProviderConfig.empty())) {
      String tenant = first.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))).name();

      assertThat(second.getTenant(tenant)).isEmpty();
    }
  }

  @Test
  void close_isIdempotentAndReportsTheStoreDown() {
    MetadataStore store = Providers.store("memory").open(ProviderConfig.empty());

    store.close();
    store.close();

    assertThat(store.health().up()).isFalse();
  }
}
