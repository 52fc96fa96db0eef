package io.pangolin.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pangolin.api.RequestContext;
import io.pangolin.core.Pangolin;
import io.pangolin.spi.CacheObserver.Event;
import io.pangolin.spi.CacheProvider;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.ProviderConfig;
import io.pangolin.spi.Providers;
import io.pangolin.spi.tck.Fixtures;
import io.pangolin.store.memory.MemoryMetadataStore;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheProviderTest {
  @Test
  void providers_findTheCacheByNameThroughTheServiceLoader() {
    CacheProvider provider = Providers.cache("caffeine-redis");

    assertThat(provider).isInstanceOf(CaffeineRedisCacheProvider.class);
    assertThat(provider.name()).isEqualTo(CaffeineRedisCacheProvider.NAME);
  }

  @Test
  void pangolinBuilder_withTheCacheByName_servesRepeatedReadsFromTheCache() {
    MemoryMetadataStore database = new MemoryMetadataStore();
    StoreSpy spy = new StoreSpy(database);
    RecordingObserver observer = new RecordingObserver();
    try (Pangolin pangolin = Pangolin.builder().store(spy.store)
        .cache("caffeine-redis", ProviderConfig.of(Map.of("ttl.asset-s", "60")))
        .cacheObserver(observer)
        .build()) {
      String tenant = Fixtures.uniqueName("t");
      RequestContext ctx = RequestContext.of(tenant, "alice");
      pangolin.tenants().create(ctx, tenant, Map.of());
      pangolin.warehouses().create(ctx, "lake", "s3://bucket/lake", Map.of());
      pangolin.catalogs().create(ctx, "prod", "lake", Map.of());
      pangolin.namespaces().create(ctx, "prod", io.pangolin.api.NamespaceName.of("sales"), Map.of());
      var key = new io.pangolin.api.AssetKey("prod", io.pangolin.api.NamespaceName.of("sales"), "orders");
      pangolin.assets().create(ctx, "prod", key.namespace(), new io.pangolin.api.NewAsset("orders",
          io.pangolin.api.AssetKind.ICEBERG_TABLE, java.util.Optional.empty(), Map.of(), java.util.Optional.empty()));

      pangolin.assets().get(ctx, key);
      long storeReads = spy.calls("getAsset") + spy.calls("getTenant");
      for (int i = 0; i < 10; i++) {
        pangolin.assets().get(ctx, key);
      }

      assertThat(spy.calls("getAsset") + spy.calls("getTenant")).isEqualTo(storeReads);
      assertThat(observer.count(CacheFamily.ASSET, Event.LOCAL_HIT)).isGreaterThanOrEqualTo(10);
      assertThat(pangolin.health().detail()).contains("cache caffeine-redis: local only");
    }
    assertThat(database.health().up()).as("closing the engine closes the store it was given").isFalse();
  }

  @Test
  void close_closesTheCacheButNotTheDelegate() {
    MemoryMetadataStore database = new MemoryMetadataStore();
    MetadataStore cached = new CaffeineRedisCacheProvider().decorate(database, ProviderConfig.empty());

    cached.close();
    cached.close();

    assertThat(database.health().up()).isTrue();
    String tenant = database.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))).name();
    assertThat(cached.getTenant(tenant)).isPresent();
  }

  @Test
  void warmCatalogs_areLoadedAtStartUp_soTheFirstReadsAreHits() {
    MemoryMetadataStore database = new MemoryMetadataStore();
    String tenant = database.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))).name();
    database.createWarehouse(Fixtures.warehouse(tenant, "wh"));
    database.createCatalog(Fixtures.catalog(tenant, "prod", "wh"));
    database.createNamespace(Fixtures.namespace(tenant, "prod", io.pangolin.api.NamespaceName.of("a")));
    database.createNamespace(Fixtures.namespace(tenant, "prod", io.pangolin.api.NamespaceName.of("a", "b")));
    for (int i = 0; i < 30; i++) {
      database.createAsset(Fixtures.asset(tenant, "prod", io.pangolin.api.NamespaceName.of("a", "b"), "t" + i,
          io.pangolin.api.AssetKind.ICEBERG_TABLE));
    }
    StoreSpy spy = new StoreSpy(database);
    RecordingObserver observer = new RecordingObserver();
    CachingMetadataStore cached = (CachingMetadataStore) CaffeineRedisCacheProvider.decorate(spy.store,
        CacheConfig.builder().warmCatalog(new CacheConfig.WarmCatalog(tenant, "prod"))
            .warmCatalog(new CacheConfig.WarmCatalog(tenant, "missing")).build(), observer);
    try {
      await("warm-up done").atMost(Duration.ofSeconds(60))
          .until(() -> cached.describe().contains("warmed"));
      long storeReads = spy.calls("getAsset");

      for (int i = 0; i < 30; i++) {
        assertThat(cached.getAsset(tenant, new io.pangolin.api.AssetKey("prod",
            io.pangolin.api.NamespaceName.of("a", "b"), "t" + i))).isPresent();
      }

      assertThat(spy.calls("getAsset")).isEqualTo(storeReads);
      // tenant, catalog, warehouse, 2 namespaces, 30 assets; and the tenant once more for the missing catalog
      assertThat(cached.warmedEntries()).isEqualTo(1 + 1 + 1 + 2 + 30 + 1);
      assertThat(cached.health().detail()).contains("warmed 36 entries");
    } finally {
      cached.close();
    }
  }
}
