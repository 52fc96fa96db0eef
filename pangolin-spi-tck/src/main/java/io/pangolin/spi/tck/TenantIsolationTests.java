package io.pangolin.spi.tck;

import static io.pangolin.spi.tck.Fixtures.audit;
import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetEntry;
import io.pangolin.api.AssetKind;
import io.pangolin.api.AssetQuery;
import io.pangolin.api.AuditEvent;
import io.pangolin.api.AuditQuery;
import io.pangolin.api.Catalog;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.PageRequest;
import io.pangolin.api.Tenant;
import io.pangolin.api.User;
import io.pangolin.api.Warehouse;
import io.pangolin.spi.AssetUpdate;
import io.pangolin.spi.MetadataStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Two tenants with the same warehouse, catalog, namespace, asset and user names: neither ever sees or changes the
 * other's data.
 */
abstract class TenantIsolationTests extends StoreTests {
  private static final NamespaceName NS = NamespaceName.of("ns");

  TenantIsolationTests(MetadataStore store) {
    super(store);
  }

  /** Everything created in one tenant, with the same names in every tenant. */
  private record Population(Tenant tenant, Warehouse warehouse, Catalog catalog, Namespace namespace, Asset table,
      Asset view, User user, AuditEvent event) {
    String name() {
      return tenant.name();
    }
  }

  private Population populate() {
    String tenant = newTenant();
    Warehouse warehouse = newWarehouse(tenant, "wh");
    Catalog catalog = newCatalog(tenant, "cat", "wh");
    Namespace namespace = newNamespace(tenant, "cat", NS);
    Asset table = newAsset(tenant, "cat", NS, "tbl", AssetKind.ICEBERG_TABLE);
    Asset view = newAsset(tenant, "cat", NS, "vw", AssetKind.ICEBERG_VIEW);
    User user = newUser(tenant, "bob");
    AuditEvent event = audit(tenant, Fixtures.now());
    store.appendAudit(event);
    return new Population(store.getTenant(tenant).orElseThrow(), warehouse, catalog, namespace, table, view, user,
        event);
  }

  /** Every get, listing, count, search and audit query of {@code p}'s tenant shows exactly {@code p}. */
  private void assertIntact(Population p) {
    String t = p.name();
    assertThat(store.getTenant(t)).contains(p.tenant());
    assertThat(store.getWarehouse(t, "wh")).contains(p.warehouse());
    assertThat(store.getCatalog(t, "cat")).contains(p.catalog());
    assertThat(store.getNamespace(t, "cat", NS)).contains(p.namespace());
    assertThat(store.getAsset(t, p.table().key())).contains(p.table());
    assertThat(store.getAsset(t, p.view().key())).contains(p.view());
    assertThat(store.getUser(t, "bob")).contains(p.user());

    PageRequest page = PageRequest.first();
    assertThat(store.listWarehouses(t, page).items()).containsExactly(p.warehouse());
    assertThat(store.listCatalogs(t, page).items()).containsExactly(p.catalog());
    assertThat(store.listNamespaces(t, "cat", NamespaceName.ROOT, page).items()).containsExactly(p.namespace());
    assertThat(store.listNamespaceNames(t, "cat", NamespaceName.ROOT, page).items())
        .containsExactly(p.namespace().name());
    assertThat(store.listAssets(t, "cat", NS, Optional.empty(), page).items()).containsExactly(p.table(), p.view());
    assertThat(store.listAssets(t, "cat", NS, Optional.of(AssetKind.ICEBERG_VIEW), page).items())
        .containsExactly(p.view());
    assertThat(store.listAssetEntries(t, "cat", NS, Optional.empty(), page).items())
        .containsExactly(AssetEntry.of(p.table()), AssetEntry.of(p.view()));
    assertThat(store.listUsers(t, page).items()).containsExactly(p.user());
    assertThat(store.searchAssets(t, AssetQuery.ALL, page).items()).containsExactly(p.table(), p.view());
    assertThat(store.queryAudit(t, AuditQuery.ALL, page).items()).containsExactly(p.event());

    assertThat(store.countAssets(t, "cat")).isEqualTo(2);
    assertThat(store.countAssets(t, "cat", NS)).isEqualTo(2);
    assertThat(store.countUsers(t)).isEqualTo(1);
    assertThat(store.countAudit(t, AuditQuery.ALL)).isEqualTo(1);
  }

  @Test
  void tenantsWithEqualNames_eachSeeOnlyTheirOwnData() {
    Population one = populate();
    Population two = populate();

    assertIntact(one);
    assertIntact(two);
  }

  @Test
  void updates_inOneTenant_leaveTheOtherUntouched() {
    Population one = populate();
    Population two = populate();

    Tenant t = one.tenant();
    store.updateTenant(new Tenant(t.name(), Map.of("changed", "yes"), t.createdAt(), t.updatedAt(), 1), 1);
    Warehouse w = one.warehouse();
    store.updateWarehouse(new Warehouse(w.tenant(), "wh", "s3://changed/", Map.of(), w.createdAt(), w.updatedAt(), 1),
        1);
    Catalog c = one.catalog();
    store.updateCatalog(new Catalog(c.tenant(), "cat", "wh", Map.of("changed", "yes"), c.createdAt(), c.updatedAt(),
        1), 1);
    Namespace n = one.namespace();
    store.updateNamespace(new Namespace(n.tenant(), "cat", NS, Map.of("changed", "yes"), n.createdAt(),
        n.updatedAt(), 1), 1);
    store.updateAsset(Fixtures.withProperties(one.table(), Map.of("changed", "yes")), 1);
    store.updateAssets(one.name(), List.of(
        new AssetUpdate(Fixtures.withProperties(one.view(), Map.of("changed", "yes")), 1)));
    User u = one.user();
    store.updateUser(new User(u.tenant(), "bob", Optional.empty(), Map.of(), u.createdAt(), u.updatedAt(), 1), 1);

    assertIntact(two);
    assertThat(store.getAsset(one.name(), one.table().key()).orElseThrow().version()).isEqualTo(2);
    assertThat(store.updateAsset(Fixtures.withProperties(two.table(), Map.of("own", "cas")), 1).version())
        .isEqualTo(2);
  }

  @Test
  void renameAsset_inOneTenant_leavesTheOtherUntouched() {
    Population one = populate();
    Population two = populate();

    store.renameAsset(one.name(), one.table().key(), one.table().withKey(NS, "renamed").key());

    assertIntact(two);
    assertThat(store.getAsset(two.name(), one.table().withKey(NS, "renamed").key())).isEmpty();
  }

  @Test
  void deletes_inOneTenant_leaveTheOtherUntouched() {
    Population one = populate();
    Population two = populate();
    String t = one.name();

    store.deleteAsset(t, one.table().key());
    store.deleteAsset(t, one.view().key());
    store.deleteNamespace(t, "cat", NS);
    store.deleteCatalog(t, "cat");
    store.deleteWarehouse(t, "wh");
    store.deleteUser(t, "bob");
    store.deleteTenant(t);

    assertIntact(two);
    assertThat(store.getTenant(t)).isEmpty();
  }
}
