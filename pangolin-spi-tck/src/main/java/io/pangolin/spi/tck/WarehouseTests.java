package io.pangolin.spi.tck;

import static io.pangolin.spi.tck.Fixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.Catalog;
import io.pangolin.api.ConflictException;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Warehouse;
import io.pangolin.spi.MetadataStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Warehouses: create / get / update / delete, the tenant parent and the delete refused while a catalog uses one. */
abstract class WarehouseTests extends StoreTests {
  WarehouseTests(MetadataStore store) {
    super(store);
  }

  @Test
  void createWarehouse_returnsVersionOneAndRoundTripsAllFields() {
    String tenant = newTenant();
    Warehouse given = Fixtures.warehouse(tenant, "lake").withVersion(7);

    Warehouse created = store.createWarehouse(given);

    assertThat(created).isEqualTo(given.withVersion(1));
    assertThat(store.getWarehouse(tenant, "lake")).contains(created);
  }

  @Test
  void createWarehouse_withoutStorageProperties_roundTrips() {
    String tenant = newTenant();
    Warehouse given = new Warehouse(tenant, "plain", "file:///data/plain", Map.of(), Fixtures.now(),
        Fixtures.now(), 0);

    store.createWarehouse(given);

    assertThat(store.getWarehouse(tenant, "plain")).contains(given.withVersion(1));
  }

  @Test
  void createWarehouse_whenTenantMissing_failsAndWritesNothing() {
    String missing = uniqueName("t");

    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> store.createWarehouse(Fixtures.warehouse(missing, "lake")));

    assertThat(store.getWarehouse(missing, "lake")).isEmpty();
    assertThat(store.getTenant(missing)).isEmpty();
  }

  @Test
  void getWarehouse_whenMissing_isEmpty() {
    String tenant = newTenant();

    assertThat(store.getWarehouse(tenant, "nope")).isEmpty();
    assertThat(store.getWarehouse(uniqueName("t"), "nope")).isEmpty();
  }

  @Test
  void createWarehouse_whenNameTaken_failsAndKeepsOriginal() {
    String tenant = newTenant();
    Warehouse original = newWarehouse(tenant, "lake");
    Warehouse duplicate = new Warehouse(tenant, "lake", "s3://elsewhere/", Map.of("x", "y"), Fixtures.now(),
        Fixtures.now(), 0);

    assertThatExceptionOfType(AlreadyExistsException.class).isThrownBy(() -> store.createWarehouse(duplicate));

    assertThat(store.getWarehouse(tenant, "lake")).contains(original);
  }

  @Test
  void updateWarehouse_persistsStorageRootPropertiesAndTimestampsAsGivenAndBumpsVersion() {
    String tenant = newTenant();
    Warehouse v1 = newWarehouse(tenant, "lake");
    Warehouse change = new Warehouse(tenant, "lake", "s3://moved-bucket/new-root", Map.of("s3.region", "us-east-1"),
        v1.createdAt().minusSeconds(60), v1.updatedAt().plusSeconds(60), 1);

    Warehouse v2 = store.updateWarehouse(change, 1);

    assertThat(v2).isEqualTo(change.withVersion(2));
    assertThat(store.getWarehouse(tenant, "lake")).contains(v2);
  }

  @Test
  void updateWarehouse_withStaleVersion_failsAndChangesNothing() {
    String tenant = newTenant();
    Warehouse v1 = newWarehouse(tenant, "lake");
    Warehouse v2 = store.updateWarehouse(withRoot(v1, "s3://second/"), 1);

    assertThatExceptionOfType(ConflictException.class)
        .isThrownBy(() -> store.updateWarehouse(withRoot(v1, "s3://third/"), 1));

    assertThat(store.getWarehouse(tenant, "lake")).contains(v2);
  }

  @Test
  void updateWarehouse_whenMissing_failsWithoutCreatingIt() {
    String tenant = newTenant();

    assertThatThrownBy(() -> store.updateWarehouse(Fixtures.warehouse(tenant, "nope"), 1))
        .isInstanceOfAny(NotFoundException.class, ConflictException.class);

    assertThat(store.getWarehouse(tenant, "nope")).isEmpty();
  }

  @Test
  void deleteWarehouse_removesItAndFreesTheName() {
    String tenant = newTenant();
    newWarehouse(tenant, "lake");

    store.deleteWarehouse(tenant, "lake");

    assertThat(store.getWarehouse(tenant, "lake")).isEmpty();
    assertThat(newWarehouse(tenant, "lake").version()).isEqualTo(1);
  }

  @Test
  void deleteWarehouse_whenMissing_fails() {
    String tenant = newTenant();

    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> store.deleteWarehouse(tenant, "nope"));
  }

  @Test
  void deleteWarehouse_whenUsedByCatalog_isRefusedUntilTheCatalogIsDeleted() {
    String tenant = newTenant();
    Warehouse warehouse = newWarehouse(tenant, "lake");
    Catalog catalog = newCatalog(tenant, "cat", "lake");

    assertThatExceptionOfType(ConflictException.class).isThrownBy(() -> store.deleteWarehouse(tenant, "lake"));

    assertThat(store.getWarehouse(tenant, "lake")).contains(warehouse);
    assertThat(store.getCatalog(tenant, "cat")).contains(catalog);
    store.deleteCatalog(tenant, "cat");
    store.deleteWarehouse(tenant, "lake");
    assertThat(store.getWarehouse(tenant, "lake")).isEmpty();
  }

  private static Warehouse withRoot(Warehouse w, String storageRoot) {
    return new Warehouse(w.tenant(), w.name(), storageRoot, w.storageProperties(), w.createdAt(), w.updatedAt(),
        w.version());
  }
}
