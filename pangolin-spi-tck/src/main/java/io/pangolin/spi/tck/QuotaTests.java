package io.pangolin.spi.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.Catalog;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.PageRequest;
import io.pangolin.api.QuotaExceededException;
import io.pangolin.api.User;
import io.pangolin.spi.AssetQuota;
import io.pangolin.spi.MetadataStore;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * Quotas decided inside the store's write: many threads creating at once against one store never get past a quota
 * by even one (a store may refuse some creates near the quota while others are in flight), every refusal is a
 * {@link QuotaExceededException} that wrote nothing, and deletes free capacity again.
 */
abstract class QuotaTests extends StoreTests {
  private static final int THREADS = 12;
  private static final int QUOTA = 5;

  QuotaTests(MetadataStore store) {
    super(store);
  }

  /**
   * The race created at most {@link #QUOTA}, refused only for the quota, and stored exactly what it acknowledged;
   * creating one at a time afterwards reaches the quota exactly (racing creates may be refused early, never late).
   */
  private static void assertRaceKeptTheQuota(List<? extends Outcome<?>> outcomes, LongSupplier count,
      IntConsumer createOne) {
    long created = outcomes.stream().filter(Outcome::succeeded).count();
    assertThat(created).isLessThanOrEqualTo(QUOTA);
    assertThat(outcomes).filteredOn(o -> !o.succeeded())
        .allMatch(o -> o.failure() instanceof QuotaExceededException, "refused with QuotaExceededException");
    assertThat(count.getAsLong()).isEqualTo(created);
    for (int i = 0; i < QUOTA - created; i++) {
      createOne.accept(i);
    }
    assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> createOne.accept(QUOTA));
    assertThat(count.getAsLong()).isEqualTo(QUOTA);
  }

  @Test
  void createAsset_concurrentlyInOneCatalog_neverPassesTheCatalogQuota() {
    Scope s = newScope();
    newNamespace(s.tenant(), s.catalog(), "other");
    AssetQuota quota = new AssetQuota(QUOTA, Long.MAX_VALUE);

    List<Outcome<Asset>> outcomes = concurrently(THREADS, i -> store.createAsset(Fixtures.asset(s.tenant(),
        s.catalog(), i % 2 == 0 ? s.namespace() : NamespaceName.of("other"), "a" + i, AssetKind.ICEBERG_TABLE),
        quota));

    assertRaceKeptTheQuota(outcomes, () -> store.countAssets(s.tenant(), s.catalog()), i -> store.createAsset(
        Fixtures.asset(s.tenant(), s.catalog(), s.namespace(), "then" + i, AssetKind.ICEBERG_TABLE), quota));
  }

  @Test
  void createAsset_concurrentlyInOneNamespace_neverPassesTheNamespaceQuota() {
    Scope s = newScope();
    AssetQuota quota = new AssetQuota(Long.MAX_VALUE, QUOTA);

    List<Outcome<Asset>> outcomes = concurrently(THREADS, i -> store.createAsset(
        Fixtures.asset(s.tenant(), s.catalog(), s.namespace(), "a" + i, AssetKind.ICEBERG_TABLE), quota));

    assertRaceKeptTheQuota(outcomes, () -> store.countAssets(s.tenant(), s.catalog(), s.namespace()),
        i -> store.createAsset(
            Fixtures.asset(s.tenant(), s.catalog(), s.namespace(), "then" + i, AssetKind.ICEBERG_TABLE), quota));
  }

  @Test
  void createAsset_atTheQuota_isRefused_andADeleteFreesCapacity() {
    Scope s = newScope();
    AssetQuota quota = new AssetQuota(3, 2);
    store.createAsset(Fixtures.asset(s.tenant(), s.catalog(), s.namespace(), "a", AssetKind.ICEBERG_TABLE), quota);
    store.createAsset(Fixtures.asset(s.tenant(), s.catalog(), s.namespace(), "b", AssetKind.ICEBERG_TABLE), quota);

    assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> store.createAsset(
        Fixtures.asset(s.tenant(), s.catalog(), s.namespace(), "c", AssetKind.ICEBERG_TABLE), quota))
        .withMessageContaining("namespace");
    assertThat(store.getAsset(s.tenant(), s.key("c"))).isEmpty();

    NamespaceName other = newNamespace(s.tenant(), s.catalog(), "other").name();
    store.createAsset(Fixtures.asset(s.tenant(), s.catalog(), other, "d", AssetKind.ICEBERG_TABLE), quota);
    assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> store.createAsset(
        Fixtures.asset(s.tenant(), s.catalog(), other, "e", AssetKind.ICEBERG_TABLE), quota))
        .withMessageContaining("catalog");

    store.deleteAsset(s.tenant(), s.key("a"));
    store.createAsset(Fixtures.asset(s.tenant(), s.catalog(), other, "e", AssetKind.ICEBERG_TABLE), quota);
    assertThat(store.countAssets(s.tenant(), s.catalog())).isEqualTo(3);
  }

  @Test
  void renameAsset_intoAFullNamespace_isRefused_withinTheSameNamespace_isNot() {
    Scope s = newScope();
    NamespaceName full = newNamespace(s.tenant(), s.catalog(), "full").name();
    store.createAsset(Fixtures.asset(s.tenant(), s.catalog(), full, "x", AssetKind.ICEBERG_TABLE));
    store.createAsset(Fixtures.asset(s.tenant(), s.catalog(), s.namespace(), "a", AssetKind.ICEBERG_TABLE));

    assertThatExceptionOfType(QuotaExceededException.class)
        .isThrownBy(() -> store.renameAsset(s.tenant(), s.key("a"), new AssetKey(s.catalog(), full, "a"), 1));
    assertThat(store.getAsset(s.tenant(), s.key("a"))).isPresent();
    assertThat(store.countAssets(s.tenant(), s.catalog(), full)).isEqualTo(1);

    assertThat(store.renameAsset(s.tenant(), s.key("a"), s.key("b"), 1).name()).isEqualTo("b");
  }

  /**
   * The catalog quota counts the catalogs of every tenant in the store (the deployment's, for a tenancy router: over
   * all its places). The store may hold catalogs of other tests, so the quota is set above what it holds now.
   */
  @Test
  void createCatalog_concurrentlyInSeveralTenants_neverPassesTheStoreWideQuota_andADeleteFreesCapacity() {
    List<String> tenants = List.of(newTenant(), newTenant(), newTenant());
    tenants.forEach(t -> newWarehouse(t, WAREHOUSE));
    long before = store.countCatalogs();
    long max = before + QUOTA;

    List<Outcome<Catalog>> outcomes = concurrently(THREADS, i -> store.createCatalog(
        Fixtures.catalog(tenants.get(i % tenants.size()), "c" + i, WAREHOUSE), max));

    assertRaceKeptTheQuota(outcomes, () -> store.countCatalogs() - before,
        i -> store.createCatalog(Fixtures.catalog(tenants.get(0), "then" + i, WAREHOUSE), max));
    // The race may have filled the quota without any catalog of the first tenant (the follow-up fill, which creates
    // in the first tenant, then creates nothing): delete a catalog of whichever tenant holds one.
    String holder = tenants.stream()
        .filter(t -> !store.listCatalogs(t, PageRequest.first(1)).items().isEmpty())
        .findFirst().orElseThrow(() -> new AssertionError("the race and the fill created no catalog"));
    String some = store.listCatalogs(holder, PageRequest.first(1)).items().get(0).name();
    store.deleteCatalog(holder, some);
    store.createCatalog(Fixtures.catalog(tenants.get(1), "after-delete", WAREHOUSE), max);
    assertThat(store.countCatalogs()).isEqualTo(max);
    assertThat(store.getCatalog(tenants.get(1), "after-delete")).isPresent();
  }

  @Test
  void createCatalog_whenTheQuotaIsReached_writesNothing() {
    String tenant = newTenant();
    newWarehouse(tenant, WAREHOUSE);
    long max = store.countCatalogs();

    assertThatExceptionOfType(QuotaExceededException.class)
        .isThrownBy(() -> store.createCatalog(Fixtures.catalog(tenant, "over", WAREHOUSE), max))
        .withMessageContaining("catalogs");
    assertThat(store.getCatalog(tenant, "over")).isEmpty();
    assertThat(store.countCatalogs()).isEqualTo(max);
  }

  @Test
  void createUser_concurrently_neverPassesTheTenantQuota_andADeleteFreesCapacity() {
    String tenant = newTenant();

    List<Outcome<User>> outcomes = concurrently(THREADS, i -> store.createUser(Fixtures.user(tenant, "u" + i),
        QUOTA));

    assertRaceKeptTheQuota(outcomes, () -> store.countUsers(tenant),
        i -> store.createUser(Fixtures.user(tenant, "then" + i), QUOTA));
    store.deleteUser(tenant, store.listUsers(tenant, PageRequest.first(1)).items().get(0).name());
    store.createUser(Fixtures.user(tenant, "after-delete"), QUOTA);
    assertThat(store.countUsers(tenant)).isEqualTo(QUOTA);
  }
}
