package io.pangolin.spi.tck;

import static io.pangolin.spi.tck.Fixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.Catalog;
import io.pangolin.api.ConflictException;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Tenant;
import io.pangolin.api.User;
import io.pangolin.api.Warehouse;
import io.pangolin.spi.MetadataStore;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tenants: create / get / update / delete and the refused deletes. */
abstract class TenantTests extends StoreTests {
  TenantTests(MetadataStore store) {
    super(store);
  }

  @Test
  void createTenant_returnsVersionOneAndRoundTripsAllFields() {
    Tenant given = Fixtures.tenant(uniqueName("t")).withVersion(42);

    Tenant created = store.createTenant(given);

    assertThat(created).isEqualTo(given.withVersion(1));
    assertThat(store.getTenant(given.name())).contains(created);
  }

  @Test
  void createTenant_withoutProperties_roundTrips() {
    Instant now = Fixtures.now();
    Tenant given = new Tenant(uniqueName("t"), Map.of(), now, now.plusSeconds(1), 0);

    store.createTenant(given);

    assertThat(store.getTenant(given.name())).contains(given.withVersion(1));
  }

  @Test
  void getTenant_whenMissing_isEmpty() {
    assertThat(store.getTenant(uniqueName("t"))).isEmpty();
  }

  @Test
  void createTenant_whenNameTaken_failsAndKeepsOriginal() {
    Tenant original = store.createTenant(Fixtures.tenant(uniqueName("t")));
    Tenant duplicate = new Tenant(original.name(), Map.of("other", "value"), original.createdAt().plusSeconds(5),
        original.updatedAt().plusSeconds(5), 0);

    assertThatExceptionOfType(AlreadyExistsException.class).isThrownBy(() -> store.createTenant(duplicate));

    assertThat(store.getTenant(original.name())).contains(original);
  }

  @Test
  void updateTenant_persistsPropertiesAndTimestampsAsGivenAndBumpsVersion() {
    Tenant v1 = store.createTenant(Fixtures.tenant(uniqueName("t")));
    Tenant change = new Tenant(v1.name(), Map.of("tier", "silver", "region", "eu"), v1.createdAt().minusSeconds(60),
        v1.updatedAt().plusSeconds(60), 1);

    Tenant v2 = store.updateTenant(change, 1);

    assertThat(v2).isEqualTo(change.withVersion(2));
    assertThat(store.getTenant(v1.name())).contains(v2);
    Tenant v3 = store.updateTenant(new Tenant(v1.name(), Map.of(), v2.createdAt(), v2.updatedAt(), 2), 2);
    assertThat(v3.version()).isEqualTo(3);
    assertThat(store.getTenant(v1.name())).contains(v3);
  }

  @Test
  void updateTenant_withStaleVersion_failsAndChangesNothing() {
    Tenant v1 = store.createTenant(Fixtures.tenant(uniqueName("t")));
    Tenant v2 = store.updateTenant(new Tenant(v1.name(), Map.of("a", "1"), v1.createdAt(), v1.updatedAt(), 1), 1);

    assertThatExceptionOfType(ConflictException.class).isThrownBy(
        () -> store.updateTenant(new Tenant(v1.name(), Map.of("b", "2"), v1.createdAt(), v1.updatedAt(), 1), 1));

    assertThat(store.getTenant(v1.name())).contains(v2);
  }

  @Test
  void updateTenant_withVersionAheadOfStored_failsAndChangesNothing() {
    Tenant v1 = store.createTenant(Fixtures.tenant(uniqueName("t")));

    assertThatExceptionOfType(ConflictException.class).isThrownBy(
        () -> store.updateTenant(new Tenant(v1.name(), Map.of("b", "2"), v1.createdAt(), v1.updatedAt(), 2), 2));

    assertThat(store.getTenant(v1.name())).contains(v1);
  }

  @Test
  void updateTenant_whenMissing_failsWithoutCreatingIt() {
    Tenant missing = Fixtures.tenant(uniqueName("t"));

    assertThatThrownBy(() -> store.updateTenant(missing, 1))
        .isInstanceOfAny(NotFoundException.class, ConflictException.class);

    assertThat(store.getTenant(missing.name())).isEmpty();
  }

  @Test
  void deleteTenant_removesItAndFreesTheName() {
    String name = newTenant();

    store.deleteTenant(name);

    assertThat(store.getTenant(name)).isEmpty();
    Tenant again = Fixtures.tenant(name);
    assertThat(store.createTenant(again)).isEqualTo(again.withVersion(1));
  }

  @Test
  void deleteTenant_whenMissing_fails() {
    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> store.deleteTenant(uniqueName("t")));
  }

  @Test
  void deleteTenant_withWarehouse_isRefusedUntilTheWarehouseIsDeleted() {
    String tenant = newTenant();
    Tenant before = store.getTenant(tenant).orElseThrow();
    Warehouse warehouse = newWarehouse(tenant, "wh");

    assertThatExceptionOfType(ConflictException.class).isThrownBy(() -> store.deleteTenant(tenant));

    assertThat(store.getTenant(tenant)).contains(before);
    assertThat(store.getWarehouse(tenant, "wh")).contains(warehouse);
    store.deleteWarehouse(tenant, "wh");
    store.deleteTenant(tenant);
    assertThat(store.getTenant(tenant)).isEmpty();
  }

  @Test
  void deleteTenant_withCatalog_isRefusedUntilTheCatalogIsDeleted() {
    String tenant = newTenant();
    Catalog catalog = newCatalog(tenant, "cat");

    assertThatExceptionOfType(ConflictException.class).isThrownBy(() -> store.deleteTenant(tenant));

    assertThat(store.getTenant(tenant)).isPresent();
    assertThat(store.getCatalog(tenant, "cat")).contains(catalog);
    store.deleteCatalog(tenant, "cat");
    store.deleteWarehouse(tenant, WAREHOUSE);
    store.deleteTenant(tenant);
    assertThat(store.getTenant(tenant)).isEmpty();
  }

  @Test
  void deleteTenant_withUser_isRefusedUntilTheUserIsDeleted() {
    String tenant = newTenant();
    User user = newUser(tenant, "bob");

    assertThatExceptionOfType(ConflictException.class).isThrownBy(() -> store.deleteTenant(tenant));

    assertThat(store.getTenant(tenant)).isPresent();
    assertThat(store.getUser(tenant, "bob")).contains(user);
    store.deleteUser(tenant, "bob");
    store.deleteTenant(tenant);
    assertThat(store.getTenant(tenant)).isEmpty();
  }
}
