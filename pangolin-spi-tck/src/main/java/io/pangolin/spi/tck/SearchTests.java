package io.pangolin.spi.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKind;
import io.pangolin.api.AssetQuery;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.PageRequest;
import io.pangolin.spi.MetadataStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link MetadataStore#searchAssets}: each filter of {@link AssetQuery}, across catalogs, within one tenant. */
abstract class SearchTests extends StoreTests {
  SearchTests(MetadataStore store) {
    super(store);
  }

  /** A tenant with six assets in two catalogs and three namespaces, and a look-alike tenant that must never show. */
  private record World(String tenant, Asset orders, Asset customers, Asset ordersView, Asset dailyOrders,
      Asset events, Asset ordersModel) {}

  private World newWorld() {
    String tenant = newTenant();
    newCatalog(tenant, "cat1");
    newCatalog(tenant, "cat2");
    newNamespace(tenant, "cat1", "ns1");
    newNamespace(tenant, "cat1", "ns1.sub");
    newNamespace(tenant, "cat2", "ns2");
    NamespaceName ns1 = NamespaceName.of("ns1");
    World world = new World(tenant,
        create(tenant, "cat1", ns1, "orders", AssetKind.ICEBERG_TABLE, Map.of("owner", "sales", "pii", "true")),
        create(tenant, "cat1", ns1, "customers", AssetKind.ICEBERG_TABLE, Map.of("owner", "crm")),
        create(tenant, "cat1", ns1, "ordersview", AssetKind.ICEBERG_VIEW, Map.of("owner", "sales")),
        create(tenant, "cat1", NamespaceName.of("ns1", "sub"), "DailyOrders", AssetKind.DELTA_TABLE,
            Map.of("pii", "false")),
        create(tenant, "cat2", NamespaceName.of("ns2"), "events", AssetKind.PARQUET, Map.of()),
        create(tenant, "cat2", NamespaceName.of("ns2"), "ordersmodel", AssetKind.ML_MODEL, Map.of("owner", "sales2")));

    String twin = newTenant();
    newCatalog(twin, "cat1");
    newNamespace(twin, "cat1", "ns1");
    create(twin, "cat1", ns1, "orders", AssetKind.ICEBERG_TABLE, Map.of("owner", "sales", "pii", "true"));
    create(twin, "cat1", ns1, "otherorders", AssetKind.ICEBERG_VIEW, Map.of("owner", "sales"));
    return world;
  }

  private Asset create(String tenant, String catalog, NamespaceName ns, String name, AssetKind kind,
      Map<String, String> properties) {
    Asset fixture = Fixtures.asset(tenant, catalog, ns, name, kind);
    return store.createAsset(new Asset(tenant, fixture.id(), catalog, ns, name, kind, fixture.location(),
        properties, fixture.metadataLocation(), fixture.createdAt(), fixture.updatedAt(), 0));
  }

  private List<Asset> search(String tenant, AssetQuery query) {
    return drain(p -> store.searchAssets(tenant, query, p), PageRequest.MAX_SIZE);
  }

  private static AssetQuery query(Optional<String> catalog, Optional<String> nameContains, Optional<AssetKind> kind,
      Optional<String> propertyKey, Optional<String> propertyValue) {
    return new AssetQuery(catalog, nameContains, kind, propertyKey, propertyValue);
  }

  private static AssetQuery nameContains(String part) {
    return query(Optional.empty(), Optional.of(part), Optional.empty(), Optional.empty(), Optional.empty());
  }

  @Test
  void searchAssets_withoutFilters_findsEveryAssetOfTheTenantInOrder() {
    World w = newWorld();

    assertThat(search(w.tenant(), AssetQuery.ALL)).containsExactly(w.customers(), w.orders(), w.ordersView(),
        w.dailyOrders(), w.events(), w.ordersModel());
  }

  @Test
  void searchAssets_byNameSubstring_ignoresCase() {
    World w = newWorld();

    assertThat(search(w.tenant(), nameContains("ORDER"))).containsExactlyInAnyOrder(w.orders(), w.ordersView(),
        w.dailyOrders(), w.ordersModel());
    assertThat(search(w.tenant(), nameContains("order"))).containsExactlyInAnyOrder(w.orders(), w.ordersView(),
        w.dailyOrders(), w.ordersModel());
    assertThat(search(w.tenant(), nameContains("yOrD"))).containsExactly(w.dailyOrders());
    assertThat(search(w.tenant(), nameContains("xyz"))).isEmpty();
  }

  @Test
  void searchAssets_byKind() {
    World w = newWorld();

    assertThat(search(w.tenant(), query(Optional.empty(), Optional.empty(), Optional.of(AssetKind.ICEBERG_TABLE),
        Optional.empty(), Optional.empty()))).containsExactlyInAnyOrder(w.orders(), w.customers());
    assertThat(search(w.tenant(), query(Optional.empty(), Optional.empty(), Optional.of(AssetKind.ML_MODEL),
        Optional.empty(), Optional.empty()))).containsExactly(w.ordersModel());
    assertThat(search(w.tenant(), query(Optional.empty(), Optional.empty(), Optional.of(AssetKind.CSV),
        Optional.empty(), Optional.empty()))).isEmpty();
  }

  @Test
  void searchAssets_byPropertyKey() {
    World w = newWorld();

    assertThat(search(w.tenant(), query(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("pii"),
        Optional.empty()))).containsExactlyInAnyOrder(w.orders(), w.dailyOrders());
  }

  @Test
  void searchAssets_byPropertyKeyAndValue_matchesTheWholeValue() {
    World w = newWorld();

    assertThat(search(w.tenant(), query(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("owner"),
        Optional.of("sales")))).containsExactlyInAnyOrder(w.orders(), w.ordersView());
    assertThat(search(w.tenant(), query(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("pii"),
        Optional.of("false")))).containsExactly(w.dailyOrders());
    assertThat(search(w.tenant(), query(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("crm"),
        Optional.of("owner")))).isEmpty();
  }

  @Test
  void searchAssets_byCatalog() {
    World w = newWorld();

    assertThat(search(w.tenant(), query(Optional.of("cat2"), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty()))).containsExactly(w.events(), w.ordersModel());
    assertThat(search(w.tenant(), query(Optional.of("cat1"), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty()))).containsExactly(w.customers(), w.orders(), w.ordersView(), w.dailyOrders());
    assertThat(search(w.tenant(), query(Optional.of("nope"), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty()))).isEmpty();
  }

  @Test
  void searchAssets_withSeveralFilters_requiresAllOfThem() {
    World w = newWorld();

    assertThat(search(w.tenant(), query(Optional.of("cat1"), Optional.of("ORDERS"), Optional.of(AssetKind.ICEBERG_VIEW),
        Optional.of("owner"), Optional.of("sales")))).containsExactly(w.ordersView());
    assertThat(search(w.tenant(), query(Optional.of("cat2"), Optional.of("orders"), Optional.empty(),
        Optional.of("owner"), Optional.of("sales")))).isEmpty();
  }

  @Test
  void searchAssets_neverReturnsAnotherTenantsAssets() {
    World w = newWorld();

    assertThat(search(w.tenant(), AssetQuery.ALL)).extracting(Asset::tenant).containsOnly(w.tenant());
    assertThat(search(w.tenant(), nameContains("otherorders"))).isEmpty();
    assertThat(search(Fixtures.uniqueName("t"), AssetQuery.ALL)).isEmpty();
  }
}
