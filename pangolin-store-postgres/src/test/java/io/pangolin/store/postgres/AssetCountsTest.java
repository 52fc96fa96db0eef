package io.pangolin.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.QuotaExceededException;
import io.pangolin.spi.AssetQuota;
import io.pangolin.spi.tck.Fixtures;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The asset quotas are decided on {@code asset_counts} (schema version 7), kept by a trigger on {@code assets}: the
 * counts must equal what {@code count(*)} finds after every kind of change (create, refused create, drop, a move to
 * another namespace, a rename in place, a commit), and the migration counts the assets a schema
 * already holds.
 */
class AssetCountsTest {
  @RegisterExtension
  static final TestDatabase DB = new TestDatabase();

  private static final AssetQuota QUOTA = new AssetQuota(4, 3);

  @Test
  void countsFollowEveryChange_andARefusedCreateCountsNothing() throws SQLException {
    String schema = schema();
    try (PostgresMetadataStore store = PostgresMetadataStore.open(DB.config().schema(schema).build())) {
      String tenant = setUp(store);
      create(store, tenant, "a", "t1");
      create(store, tenant, "a", "t2");
      create(store, tenant, "a", "t3");
      assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> create(store, tenant, "a", "t4"))
          .withMessageContaining("namespace");
      create(store, tenant, "b", "t4");
      assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> create(store, tenant, "b", "t5"))
          .withMessageContaining("catalog");
      assertCountsMatchTheAssets(schema);

      store.deleteAsset(tenant, key("a", "t1"));
      store.renameAsset(tenant, key("a", "t2"), key("b", "t2"), 3);
      store.renameAsset(tenant, key("b", "t2"), key("b", "t2b"), 3);
      Asset t3 = store.getAsset(tenant, key("a", "t3")).orElseThrow();
      store.updateAsset(Fixtures.withProperties(t3, Map.of("k", "v")), t3.version());
      assertCountsMatchTheAssets(schema);
      assertThat(counts(schema)).containsEntry(tenant + "/cat/{}", 3L).containsEntry(tenant + "/cat/{a}", 1L)
          .containsEntry(tenant + "/cat/{b}", 2L);

      // the freed capacity is usable again, up to the quota exactly
      create(store, tenant, "a", "t6");
      assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> create(store, tenant, "a", "t7"));
      assertCountsMatchTheAssets(schema);
    }
  }

  @Test
  void theMigration_countsTheAssetsAlreadyThere() throws SQLException {
    String schema = schema();
    String tenant;
    try (PostgresMetadataStore store = PostgresMetadataStore.open(DB.config().schema(schema).build())) {
      tenant = setUp(store);
      create(store, tenant, "a", "t1");
      create(store, tenant, "a", "t2");
      create(store, tenant, "b", "t3");
    }
    // back to schema version 6: no counts, no trigger (version 7 adds nothing else)
    try (Connection c = DB.connect(); Statement s = c.createStatement()) {
      s.execute("DROP TRIGGER assets_counted ON " + schema + ".assets");
      s.execute("DROP TRIGGER assets_counted_move ON " + schema + ".assets");
      s.execute("DROP FUNCTION " + schema + ".count_assets()");
      s.execute("DROP TABLE " + schema + ".asset_counts");
      s.execute("DELETE FROM " + schema + "." + Migrations.HISTORY_TABLE + " WHERE version = '7'");
    }

    try (PostgresMetadataStore store = PostgresMetadataStore.open(DB.config().schema(schema).build())) {
      assertThat(counts(schema)).containsOnly(Map.entry(tenant + "/cat/{}", 3L),
          Map.entry(tenant + "/cat/{a}", 2L), Map.entry(tenant + "/cat/{b}", 1L));
      create(store, tenant, "b", "t4");
      assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> create(store, tenant, "b", "t5"))
          .withMessageContaining("catalog");
      assertCountsMatchTheAssets(schema);
    }
  }

  private static String schema() {
    return "counts_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  }

  private static String setUp(PostgresMetadataStore store) {
    String tenant = store.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))).name();
    store.createWarehouse(Fixtures.warehouse(tenant, "lake"));
    store.createCatalog(Fixtures.catalog(tenant, "cat", "lake"));
    store.createNamespace(Fixtures.namespace(tenant, "cat", NamespaceName.of("a")));
    store.createNamespace(Fixtures.namespace(tenant, "cat", NamespaceName.of("b")));
    return tenant;
  }

  private static void create(PostgresMetadataStore store, String tenant, String namespace, String name) {
    store.createAsset(Fixtures.asset(tenant, "cat", NamespaceName.of(namespace), name, AssetKind.ICEBERG_TABLE),
        QUOTA);
  }

  private static AssetKey key(String namespace, String name) {
    return new AssetKey("cat", NamespaceName.of(namespace), name);
  }

  /** The non-zero counts kept by the trigger, as {@code tenant/catalog/namespace} (the catalog's total: {@code {}}). */
  private static Map<String, Long> counts(String schema) throws SQLException {
    return query(schema, "SELECT tenant, catalog, namespace::text, n FROM " + schema + ".asset_counts WHERE n <> 0");
  }

  private static void assertCountsMatchTheAssets(String schema) throws SQLException {
    assertThat(counts(schema)).isEqualTo(query(schema,
        "SELECT tenant, catalog, '{}', count(*) FROM " + schema + ".assets GROUP BY tenant, catalog UNION ALL "
            + "SELECT tenant, catalog, namespace::text, count(*) FROM " + schema + ".assets "
            + "GROUP BY tenant, catalog, namespace"));
  }

  private static Map<String, Long> query(String schema, String sql) throws SQLException {
    Map<String, Long> m = new TreeMap<>();
    try (Connection c = DB.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        m.put(r.getString(1) + "/" + r.getString(2) + "/" + r.getString(3), r.getLong(4));
      }
    }
    return m;
  }
}
