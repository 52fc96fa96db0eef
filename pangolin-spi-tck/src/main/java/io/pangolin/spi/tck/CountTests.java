package io.pangolin.spi.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.api.AssetKind;
import io.pangolin.api.NamespaceName;
import io.pangolin.spi.MetadataStore;
import org.junit.jupiter.api.Test;

/** The count methods: catalogs of the deployment, assets of a catalog or namespace, users of a tenant. */
abstract class CountTests extends StoreTests {
  CountTests(MetadataStore store) {
    super(store);
  }

  @Test
  void countCatalogs_countsTheCatalogsOfAllTenants() {
    // The store is shared with other tests, so only the change is asserted.
    long before = store.countCatalogs();
    String t1 = newTenant();
    String t2 = newTenant();
    newCatalog(t1, "a");
    newCatalog(t1, "b");
    newCatalog(t1, "c");
    newCatalog(t2, "a");
    newCatalog(t2, "b");
    assertThat(store.countCatalogs()).isEqualTo(before + 5);

    store.deleteCatalog(t1, "b");
    newUser(t2, "not-a-catalog");

    assertThat(store.countCatalogs()).isEqualTo(before + 4);
  }

  @Test
  void countAssets_ofCatalog_countsEveryNamespaceAtAnyDepth() {
    Scope s = newScope();
    newNamespace(s.tenant(), s.catalog(), "ns.sub");
    newNamespace(s.tenant(), s.catalog(), "ns.sub.deep");
    newNamespace(s.tenant(), s.catalog(), "other");
    newCatalog(s.tenant(), "cat2");
    newNamespace(s.tenant(), "cat2", "ns");
    newAsset(s, "a", AssetKind.ICEBERG_TABLE);
    newAsset(s, "b", AssetKind.ICEBERG_VIEW);
    newAsset(s.tenant(), s.catalog(), NamespaceName.of("ns", "sub"), "c", AssetKind.PARQUET);
    newAsset(s.tenant(), s.catalog(), NamespaceName.of("ns", "sub", "deep"), "d", AssetKind.ML_MODEL);
    newAsset(s.tenant(), s.catalog(), NamespaceName.of("other"), "e", AssetKind.CSV);
    newAsset(s.tenant(), "cat2", NamespaceName.of("ns"), "f", AssetKind.ICEBERG_TABLE);

    assertThat(store.countAssets(s.tenant(), s.catalog())).isEqualTo(5);
    assertThat(store.countAssets(s.tenant(), "cat2")).isEqualTo(1);
  }

  @Test
  void countAssets_ofNamespace_countsOnlyAssetsDirectlyInIt() {
    Scope s = newScope();
    newNamespace(s.tenant(), s.catalog(), "ns.sub");
    newNamespace(s.tenant(), s.catalog(), "other");
    newAsset(s, "a", AssetKind.ICEBERG_TABLE);
    newAsset(s, "b", AssetKind.ICEBERG_VIEW);
    newAsset(s.tenant(), s.catalog(), NamespaceName.of("ns", "sub"), "c", AssetKind.PARQUET);

    assertThat(store.countAssets(s.tenant(), s.catalog(), s.namespace())).isEqualTo(2);
    assertThat(store.countAssets(s.tenant(), s.catalog(), NamespaceName.of("ns", "sub"))).isEqualTo(1);
    assertThat(store.countAssets(s.tenant(), s.catalog(), NamespaceName.of("other"))).isZero();
  }

  @Test
  void countAssets_followsCreatesAndDeletes() {
    Scope s = newScope();
    assertThat(store.countAssets(s.tenant(), s.catalog())).isZero();
    newAsset(s, "a");
    newAsset(s, "b");
    newAsset(s, "c");

    store.deleteAsset(s.tenant(), s.key("b"));

    assertThat(store.countAssets(s.tenant(), s.catalog())).isEqualTo(2);
    assertThat(store.countAssets(s.tenant(), s.catalog(), s.namespace())).isEqualTo(2);
  }

  @Test
  void countUsers_followsCreatesAndDeletes() {
    String tenant = newTenant();
    assertThat(store.countUsers(tenant)).isZero();
    newUser(tenant, "alice");
    newUser(tenant, "bob");
    newUser(tenant, "carol");
    assertThat(store.countUsers(tenant)).isEqualTo(3);

    store.deleteUser(tenant, "bob");

    assertThat(store.countUsers(tenant)).isEqualTo(2);
  }
}
