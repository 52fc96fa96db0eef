package io.pangolin.tenancy;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKind;
import io.pangolin.api.AssetQuery;
import io.pangolin.api.AuditEvent;
import io.pangolin.api.AuditQuery;
import io.pangolin.api.AuditResult;
import io.pangolin.api.Catalog;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.PageRequest;
import io.pangolin.api.Tenant;
import io.pangolin.api.User;
import io.pangolin.api.Warehouse;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.TenancyStrategy;
import io.pangolin.spi.TenantEntities;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Populating tenants for the tenancy tests, and reading everything back. */
final class Data {
  static final NamespaceName SALES = NamespaceName.of("sales");
  static final NamespaceName EMEA = NamespaceName.of("sales", "emea");

  private Data() {}

  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  /** Creates a tenant on {@code tier} (the default tier if null). */
  static Tenant tenant(TenantRoutingStore router, String name, Tier tier) {
    return router.createTenant(named(name), Optional.ofNullable(tier), Optional.empty());
  }

  /** Creates a tenant on {@code tier} (the default tier if null) through a strategy. */
  static Tenant tenant(TenancyStrategy strategy, String name, Tier tier) {
    return strategy.create(named(name), Optional.ofNullable(tier).map(Tier::key), Optional.empty());
  }

  private static Tenant named(String name) {
    Instant now = now();
    return new Tenant(name, Map.of("display-name", name), now, now, 0);
  }

  /**
   * Warehouse {@code wh}, catalogs {@code cat} and {@code cat2}, namespaces {@code sales}, {@code sales.emea} and
   * {@code ns0..} for the assets, users {@code alice} and {@code bob}, {@code assets} assets (restored in batches, with
   * versions 1..7 and a {@code total-files-size} of 1000 bytes each) and {@code events} audit events.
   */
  static void populate(MetadataStore store, String tenant, int assets, int events) {
    Instant now = now();
    store.createWarehouse(new Warehouse(tenant, "wh", "s3://bucket/" + tenant, Map.of("region", "eu"), now, now, 0));
    store.createCatalog(new Catalog(tenant, "cat", "wh", Map.of("owner", "data"), now, now, 0));
    store.createCatalog(new Catalog(tenant, "cat2", "wh", Map.of(), now, now, 0));
    store.createNamespace(new Namespace(tenant, "cat", SALES, Map.of("comment", "sales"), now, now, 0));
    store.createNamespace(new Namespace(tenant, "cat", EMEA, Map.of(), now, now, 0));
    int spaces = Math.max(1, assets / 1000);
    for (int i = 0; i < spaces; i++) {
      store.createNamespace(new Namespace(tenant, "cat2", NamespaceName.of("ns" + i), Map.of(), now, now, 0));
    }
    store.createUser(new User(tenant, "alice", Optional.of("alice@example.com"), Map.of(), now, now, 0));
    store.createUser(new User(tenant, "bob", Optional.empty(), Map.of("team", "x"), now, now, 0));
    List<Asset> batch = new ArrayList<>();
    for (int i = 0; i < assets; i++) {
      batch.add(asset(tenant, "cat2", NamespaceName.of("ns" + (i % spaces)), String.format("a%05d", i), now,
          1 + i % 7));
      if (batch.size() == 1000) {
        store.restore(tenant, TenantEntities.ofAssets(batch));
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      store.restore(tenant, TenantEntities.ofAssets(batch));
    }
    for (int i = 0; i < events; i++) {
      store.appendAudit(new AuditEvent(UUID.randomUUID().toString(), tenant, "alice", "asset.create", "asset",
          "id" + i, "a" + i, AuditResult.SUCCESS, now.minusSeconds(events - i), "r" + i, Map.of()));
    }
  }

  static Asset asset(String tenant, String catalog, NamespaceName ns, String name, Instant now, long version) {
    return new Asset(tenant, UUID.randomUUID().toString(), catalog, ns, name, AssetKind.ICEBERG_TABLE,
        "s3://bucket/" + tenant + "/" + name, Map.of("total-files-size", "1000", "owner", tenant),
        Optional.of("s3://bucket/" + tenant + "/" + name + "/metadata/1.json"), now, now, version);
  }

  /** Every asset of the tenant, in search order. */
  static List<Asset> assets(MetadataStore store, String tenant) {
    return Pages.all(p -> store.searchAssets(tenant, AssetQuery.ALL, p));
  }

  static List<AuditEvent> audit(MetadataStore store, String tenant) {
    return Pages.all(p -> store.queryAudit(tenant, AuditQuery.ALL, p));
  }

  /** A comparable picture of everything the tenant holds (entities in listing order, audit events). */
  record Snapshot(List<Warehouse> warehouses, List<Catalog> catalogs, List<Asset> assets, List<User> users,
      List<AuditEvent> audit) {}

  static Snapshot snapshot(MetadataStore store, String tenant) {
    return new Snapshot(Pages.all(p -> store.listWarehouses(tenant, p)), Pages.all(p -> store.listCatalogs(tenant, p)),
        assets(store, tenant), Pages.all(p -> store.listUsers(tenant, p)), audit(store, tenant));
  }

  static PageRequest all() {
    return PageRequest.first(PageRequest.MAX_SIZE);
  }
}
