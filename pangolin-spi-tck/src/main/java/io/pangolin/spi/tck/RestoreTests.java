package io.pangolin.spi.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKind;
import io.pangolin.api.AssetQuery;
import io.pangolin.api.Catalog;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.PageRequest;
import io.pangolin.api.User;
import io.pangolin.api.ValidationException;
import io.pangolin.api.Warehouse;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.TenantEntities;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link MetadataStore#restore}, an optional capability checked both ways: a store that reports
 * {@link MetadataStore#supportsRestore()} writes entities exactly as given, versions included; one that does not
 * refuses with {@link ValidationException} and writes nothing.
 */
abstract class RestoreTests extends StoreTests {
  RestoreTests(MetadataStore store) {
    super(store);
  }

  /** One of everything, with versions and timestamps a create would never produce. */
  private record Entities(Warehouse warehouse, Catalog catalog, Namespace parent, Namespace child, Asset table,
      Asset model, User user) {
    TenantEntities all() {
      // children listed before parents on purpose: the store orders them
      return new TenantEntities(List.of(warehouse), List.of(catalog), List.of(child, parent), List.of(table, model),
          List.of(user));
    }
  }

  private Entities entities(String tenant) {
    Warehouse w = Fixtures.warehouse(tenant, "wh").withVersion(3);
    Catalog c = Fixtures.catalog(tenant, "cat", "wh").withVersion(7);
    Namespace parent = Fixtures.namespace(tenant, "cat", NamespaceName.of("ns")).withVersion(2);
    Namespace child = Fixtures.namespace(tenant, "cat", NamespaceName.of("ns", "deep")).withVersion(5);
    Asset table = Fixtures.asset(tenant, "cat", NamespaceName.of("ns"), "orders", AssetKind.ICEBERG_TABLE)
        .withVersion(42);
    Asset model = Fixtures.asset(tenant, "cat", NamespaceName.of("ns", "deep"), "churn", AssetKind.ML_MODEL)
        .withVersion(1);
    User u = Fixtures.user(tenant, "bob").withVersion(9);
    return new Entities(w, c, parent, child, table, model, u);
  }

  private void assertStored(String tenant, Entities e) {
    assertThat(store.getWarehouse(tenant, "wh")).contains(e.warehouse());
    assertThat(store.getCatalog(tenant, "cat")).contains(e.catalog());
    assertThat(store.getNamespace(tenant, "cat", e.parent().name())).contains(e.parent());
    assertThat(store.getNamespace(tenant, "cat", e.child().name())).contains(e.child());
    assertThat(store.getAsset(tenant, e.table().key())).contains(e.table());
    assertThat(store.getAsset(tenant, e.model().key())).contains(e.model());
    assertThat(store.getUser(tenant, "bob")).contains(e.user());
  }

  private void assertNothingStored(String tenant) {
    assertThat(store.listWarehouses(tenant, PageRequest.first()).items()).isEmpty();
    assertThat(store.listCatalogs(tenant, PageRequest.first()).items()).isEmpty();
    assertThat(store.listUsers(tenant, PageRequest.first()).items()).isEmpty();
  }

  @Test
  void restore_whenSupported_writesEveryEntityExactlyWithItsVersion_elseFailsCleanly() {
    String tenant = newTenant();
    Entities e = entities(tenant);

    if (!store.supportsRestore()) {
      assertThatExceptionOfType(ValidationException.class).isThrownBy(() -> store.restore(tenant, e.all()));
      assertNothingStored(tenant);
      return;
    }
    store.restore(tenant, e.all());

    assertStored(tenant, e);
    assertThat(store.countAssets(tenant, "cat")).isEqualTo(2);
    assertThat(store.countUsers(tenant)).isEqualTo(1);
    assertThat(store.searchAssets(tenant, AssetQuery.ALL, PageRequest.first()).items())
        .containsExactly(e.table(), e.model());
  }

  @Test
  void restore_again_isIdempotentAndReplacesChangedEntities() {
    String tenant = newTenant();
    Entities e = entities(tenant);
    if (!store.supportsRestore()) {
      assertThatExceptionOfType(ValidationException.class)
          .isThrownBy(() -> store.restore(tenant, TenantEntities.ofWarehouses(List.of(e.warehouse()))));
      assertNothingStored(tenant);
      return;
    }
    store.restore(tenant, e.all());
    store.restore(tenant, e.all());
    assertStored(tenant, e);

    Asset changed = new Asset(tenant, e.table().id(), "cat", e.table().namespace(), "orders", e.table().kind(),
        "s3://elsewhere/orders", Map.of("k", "v"), Optional.of("s3://elsewhere/orders/metadata/2.json"),
        e.table().createdAt(), e.table().updatedAt().plusSeconds(1), 57);
    Warehouse movedRoot = new Warehouse(tenant, "wh", "s3://other-root", Map.of(), e.warehouse().createdAt(),
        e.warehouse().updatedAt(), 4);
    store.restore(tenant, new TenantEntities(List.of(movedRoot), List.of(), List.of(), List.of(changed), List.of()));

    assertThat(store.getAsset(tenant, changed.key())).contains(changed);
    assertThat(store.getWarehouse(tenant, "wh")).contains(movedRoot);
    assertThat(store.countAssets(tenant, "cat")).isEqualTo(2);
    // a restored entity takes part in compare-and-swap from its restored version on
    assertThat(store.updateAsset(Fixtures.withProperties(changed, Map.of("after", "restore")), 57).version())
        .isEqualTo(58);
  }

  @Test
  void restore_ofAnEmptyBatch_writesNothing() {
    String tenant = newTenant();
    TenantEntities empty = new TenantEntities(List.of(), List.of(), List.of(), List.of(), List.of());

    if (!store.supportsRestore()) {
      assertThatExceptionOfType(ValidationException.class).isThrownBy(() -> store.restore(tenant, empty));
    } else {
      store.restore(tenant, empty);
    }

    assertNothingStored(tenant);
  }

  @Test
  void restore_withEntityOfAnotherTenant_isRefusedAndWritesNothing() {
    String tenant = newTenant();
    String other = newTenant();
    Entities mine = entities(tenant);
    TenantEntities mixed = new TenantEntities(List.of(mine.warehouse(), Fixtures.warehouse(other, "wh2")), List.of(),
        List.of(), List.of(), List.of());

    assertThatExceptionOfType(ValidationException.class).isThrownBy(() -> store.restore(tenant, mixed));

    assertNothingStored(tenant);
    assertNothingStored(other);
  }
}
