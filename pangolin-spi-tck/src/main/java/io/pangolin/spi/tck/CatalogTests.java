package io.pangolin.spi.tck;

import static io.pangolin.spi.tck.Fixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.Catalog;
import io.pangolin.api.CatalogBinding;
import io.pangolin.api.ConflictException;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.PageRequest;
import io.pangolin.api.Warehouse;
import io.pangolin.spi.MetadataStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Catalogs: create / get / update / delete, the tenant and warehouse parents and the refused delete. */
abstract class CatalogTests extends StoreTests {
  CatalogTests(MetadataStore store) {
    super(store);
  }

  @Test
  void createCatalog_returnsVersionOneAndRoundTripsAllFields() {
    String tenant = newTenant();
    newWarehouse(tenant, "lake");
    Catalog given = Fixtures.catalog(tenant, "sales", "lake").withVersion(3);

    Catalog created = store.createCatalog(given);

    assertThat(created).isEqualTo(given.withVersion(1));
    assertThat(store.getCatalog(tenant, "sales")).contains(created);
  }

  @Test
  void createCatalog_withoutProperties_roundTrips() {
    String tenant = newTenant();
    newWarehouse(tenant, "lake");
    Catalog given = new Catalog(tenant, "bare", "lake", Map.of(), Fixtures.now(), Fixtures.now(), 0);

    store.createCatalog(given);

    assertThat(store.getCatalog(tenant, "bare")).contains(given.withVersion(1));
  }

  @Test
  void createCatalog_whenTenantMissing_failsAndWritesNothing() {
    String missing = uniqueName("t");

    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> store.createCatalog(Fixtures.catalog(missing, "sales", "lake")));

    assertThat(store.getCatalog(missing, "sales")).isEmpty();
    assertThat(store.getTenant(missing)).isEmpty();
  }

  @Test
  void createCatalog_whenWarehouseMissing_failsAndWritesNothing() {
    String tenant = newTenant();
    long before = store.countCatalogs();

    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> store.createCatalog(Fixtures.catalog(tenant, "sales", "nope")));

    assertThat(store.getCatalog(tenant, "sales")).isEmpty();
    assertThat(store.getWarehouse(tenant, "nope")).isEmpty();
    assertThat(store.countCatalogs()).isEqualTo(before);
  }

  @Test
  void getCatalogBinding_returnsTheCatalogWithItsWarehouse() {
    String tenant = newTenant();
    Warehouse lake = newWarehouse(tenant, "lake");
    newWarehouse(tenant, "other");
    Catalog created = store.createCatalog(Fixtures.catalog(tenant, "sales", "lake"));

    CatalogBinding binding = store.getCatalogBinding(tenant, "sales").orElseThrow();

    assertThat(binding.catalog()).isEqualTo(created);
    assertThat(binding.warehouse()).isEqualTo(lake);
    assertThat(store.getWarehouse(tenant, "lake")).contains(binding.warehouse());
  }

  @Test
  void getCatalogBinding_whenCatalogMissing_isEmpty() {
    String tenant = newTenant();
    newWarehouse(tenant, "lake");

    assertThat(store.getCatalogBinding(tenant, "nope")).isEmpty();
    assertThat(store.getCatalogBinding(uniqueName("t"), "nope")).isEmpty();
  }

  @Test
  void getCatalogBinding_isScopedToTheTenant() {
    String a = newTenant();
    String b = newTenant();
    newWarehouse(a, "lake");
    Warehouse lakeOfB = store.createWarehouse(new Warehouse(b, "lake", "s3://b-bucket/lake", Map.of(),
        Fixtures.now(), Fixtures.now(), 0));
    store.createCatalog(Fixtures.catalog(a, "sales", "lake"));
    store.createCatalog(Fixtures.catalog(b, "sales", "lake"));

    CatalogBinding ofB = store.getCatalogBinding(b, "sales").orElseThrow();

    assertThat(ofB.catalog().tenant()).isEqualTo(b);
    assertThat(ofB.warehouse()).isEqualTo(lakeOfB);
    assertThat(store.getCatalogBinding(a, "sales").orElseThrow().warehouse().tenant()).isEqualTo(a);
  }

  @Test
  void getCatalogBinding_afterWarehouseAndCatalogUpdates_returnsTheCurrentVersions() {
    String tenant = newTenant();
    Warehouse lake = newWarehouse(tenant, "lake");
    Catalog cat = store.createCatalog(Fixtures.catalog(tenant, "sales", "lake"));
    store.getCatalogBinding(tenant, "sales").orElseThrow(); // a caching decorator may remember this read

    Warehouse moved = store.updateWarehouse(new Warehouse(tenant, "lake", "s3://moved/lake",
        Map.of("region", "eu"), lake.createdAt(), Fixtures.now(), lake.version()), lake.version());
    Catalog changed = store.updateCatalog(new Catalog(tenant, "sales", "lake", Map.of("owner", "ops"),
        cat.createdAt(), Fixtures.now(), cat.version()), cat.version());

    CatalogBinding binding = store.getCatalogBinding(tenant, "sales").orElseThrow();
    assertThat(binding.warehouse()).isEqualTo(moved);
    assertThat(binding.catalog()).isEqualTo(changed);
  }

  @Test
  void getCatalogBinding_afterCatalogDelete_isEmpty() {
    String tenant = newTenant();
    newWarehouse(tenant, "lake");
    store.createCatalog(Fixtures.catalog(tenant, "sales", "lake"));
    store.getCatalogBinding(tenant, "sales").orElseThrow();

    store.deleteCatalog(tenant, "sales");

    assertThat(store.getCatalogBinding(tenant, "sales")).isEmpty();
  }

  @Test
  void getCatalog_whenMissing_isEmpty() {
    String tenant = newTenant();

    assertThat(store.getCatalog(tenant, "nope")).isEmpty();
    assertThat(store.getCatalog(uniqueName("t"), "nope")).isEmpty();
  }

  @Test
  void createCatalog_whenNameTaken_failsAndKeepsOriginal() {
    String tenant = newTenant();
    Catalog original = newCatalog(tenant, "sales");
    newWarehouse(tenant, "other");

    assertThatExceptionOfType(AlreadyExistsException.class)
        .isThrownBy(() -> store.createCatalog(Fixtures.catalog(tenant, "sales", "other")));

    assertThat(store.getCatalog(tenant, "sales")).contains(original);
  }

  @Test
  void updateCatalog_persistsWarehousePropertiesAndTimestampsAsGivenAndBumpsVersion() {
    String tenant = newTenant();
    Catalog v1 = newCatalog(tenant, "sales");
    newWarehouse(tenant, "second");
    Catalog change = new Catalog(tenant, "sales", "second", Map.of("owner", "finance"),
        v1.createdAt().minusSeconds(60), v1.updatedAt().plusSeconds(60), 1);

    Catalog v2 = store.updateCatalog(change, 1);

    assertThat(v2).isEqualTo(change.withVersion(2));
    assertThat(store.getCatalog(tenant, "sales")).contains(v2);
  }

  @Test
  void updateCatalog_movingToAnotherWarehouse_releasesTheOldOne() {
    String tenant = newTenant();
    Catalog v1 = newCatalog(tenant, "sales");
    newWarehouse(tenant, "second");

    store.updateCatalog(withWarehouse(v1, "second"), 1);

    store.deleteWarehouse(tenant, WAREHOUSE);
    assertThat(store.getWarehouse(tenant, WAREHOUSE)).isEmpty();
    assertThatExceptionOfType(ConflictException.class).isThrownBy(() -> store.deleteWarehouse(tenant, "second"));
  }

  @Test
  void updateCatalog_withStaleVersion_failsAndChangesNothing() {
    String tenant = newTenant();
    Catalog v1 = newCatalog(tenant, "sales");
    Catalog v2 = store.updateCatalog(withProperties(v1, Map.of("a", "1")), 1);

    assertThatExceptionOfType(ConflictException.class)
        .isThrownBy(() -> store.updateCatalog(withProperties(v1, Map.of("b", "2")), 1));

    assertThat(store.getCatalog(tenant, "sales")).contains(v2);
  }

  @Test
  void updateCatalog_whenMissing_failsWithoutCreatingIt() {
    String tenant = newTenant();
    newWarehouse(tenant, WAREHOUSE);

    assertThatThrownBy(() -> store.updateCatalog(Fixtures.catalog(tenant, "nope", WAREHOUSE), 1))
        .isInstanceOfAny(NotFoundException.class, ConflictException.class);

    assertThat(store.getCatalog(tenant, "nope")).isEmpty();
  }

  @Test
  void deleteCatalog_removesItAndFreesTheName() {
    String tenant = newTenant();
    newCatalog(tenant, "sales");

    store.deleteCatalog(tenant, "sales");

    assertThat(store.getCatalog(tenant, "sales")).isEmpty();
    assertThat(newCatalog(tenant, "sales").version()).isEqualTo(1);
  }

  @Test
  void deleteCatalog_whenMissing_fails() {
    String tenant = newTenant();

    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> store.deleteCatalog(tenant, "nope"));
  }

  @Test
  void deleteCatalog_withNamespaces_isRefusedUntilTheyAreDeleted() {
    String tenant = newTenant();
    Catalog catalog = newCatalog(tenant, "sales");
    Namespace ns = newNamespace(tenant, "sales", "emea");

    assertThatExceptionOfType(ConflictException.class).isThrownBy(() -> store.deleteCatalog(tenant, "sales"));

    assertThat(store.getCatalog(tenant, "sales")).contains(catalog);
    assertThat(store.getNamespace(tenant, "sales", ns.name())).contains(ns);
    store.deleteNamespace(tenant, "sales", ns.name());
    store.deleteCatalog(tenant, "sales");
    assertThat(store.getCatalog(tenant, "sales")).isEmpty();
  }

  @Test
  void createCatalog_withNameOfDeletedCatalog_startsWithoutNamespaces() {
    String tenant = newTenant();
    newCatalog(tenant, "sales");
    newNamespace(tenant, "sales", "emea");
    store.deleteNamespace(tenant, "sales", NamespaceName.of("emea"));
    store.deleteCatalog(tenant, "sales");

    newCatalog(tenant, "sales");

    assertThat(store.getNamespace(tenant, "sales", NamespaceName.of("emea"))).isEmpty();
    assertThat(store.listNamespaces(tenant, "sales", NamespaceName.ROOT,
        PageRequest.first()).items()).isEmpty();
  }

  private static Catalog withWarehouse(Catalog c, String warehouse) {
    return new Catalog(c.tenant(), c.name(), warehouse, c.properties(), c.createdAt(), c.updatedAt(), c.version());
  }

  private static Catalog withProperties(Catalog c, Map<String, String> properties) {
    return new Catalog(c.tenant(), c.name(), c.warehouse(), properties, c.createdAt(), c.updatedAt(), c.version());
  }
}
