package io.pangolin.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.RequestContext;
import io.pangolin.core.Pangolin;
import io.pangolin.spi.ForwardingMetadataStore;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.ReadConsistency;
import io.pangolin.store.memory.MemoryMetadataStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write decides on what it reads from the primary: while a replica lags (or another instance's cache entry is
 * stale), a commit is checked against the current table, not the stale one, and a name freed on the primary can be
 * taken again. A plain load may still be answered by the lagging copy.
 */
class StaleReadTest {
  private static final String SCHEMA = """
      {"type":"struct","schema-id":0,"fields":[{"id":1,"name":"id","required":true,"type":"long"}]}""";
  private static final TableIdentifier ORDERS = TableIdentifier.of("sales", "orders");
  private static final AssetKey ORDERS_KEY = new AssetKey("prod", NamespaceName.of("sales"), "orders");

  /**
   * The primary, and the asset rows a lagging replica (or a stale cache entry) still answers plain reads with:
   * {@link #lag} freezes what plain reads of a key see; reads inside {@link ReadConsistency#fromPrimary} see the
   * primary.
   */
  static final class LaggingStore extends ForwardingMetadataStore {
    final MemoryMetadataStore primary = new MemoryMetadataStore();
    private final Map<AssetKey, Optional<Asset>> lagging = new ConcurrentHashMap<>();

    @Override
    protected MetadataStore delegate() {
      return primary;
    }

    @Override
    public Optional<Asset> getAsset(String tenant, AssetKey key) {
      Optional<Asset> stale = lagging.get(key);
      return stale != null && !ReadConsistency.primaryRequired() ? stale : primary.getAsset(tenant, key);
    }

    /** From now on, plain reads of {@code key} answer what the primary has now. */
    void lag(AssetKey key) {
      lagging.put(key, primary.getAsset("acme", key));
    }
  }

  @TempDir
  Path warehouseDir;

  private final LaggingStore store = new LaggingStore();
  private final RequestContext acme = RequestContext.of("acme", "alice");
  private Pangolin pangolin;
  private IcebergRestService service;

  @BeforeEach
  void setUp() {
    pangolin = Pangolin.builder().localStorageRoots(TestRoots.TMP).store(store).build();
    pangolin.tenants().create(acme, "acme", Map.of());
    pangolin.warehouses().create(acme, "lake", "file://" + warehouseDir, Map.of());
    pangolin.catalogs().create(acme, "prod", "lake", Map.of());
    service = new IcebergRestService(pangolin);
    service.createNamespace(acme, "prod", IcebergJson.read("{\"namespace\":[\"sales\"]}",
        CreateNamespaceRequest.class));
    create();
  }

  @AfterEach
  void tearDown() {
    service.close();
    pangolin.close();
  }

  private void create() {
    service.createTable(acme, "prod", Namespace.of("sales"),
        IcebergJson.read("{\"name\":\"orders\",\"schema\":" + SCHEMA + "}", CreateTableRequest.class));
  }

  private LoadedTable commit(String key, String value) {
    return service.updateTable(acme, "prod", ORDERS, IcebergJson.read("{\"requirements\":[{\"type\":"
        + "\"assert-current-schema-id\",\"current-schema-id\":0}],\"updates\":[{\"action\":\"set-properties\","
        + "\"updates\":{\"" + key + "\":\"" + value + "\"}}]}", UpdateTableRequest.class));
  }

  private String storedPointer() {
    return store.primary.getAsset("acme", ORDERS_KEY).orElseThrow().metadataLocation().orElseThrow();
  }

  @Test
  void commit_whileAReplicaLags_isCheckedAgainstThePrimary_andKeepsTheCommitsItDidNotSee() {
    store.lag(ORDERS_KEY);
    LoadedTable first = commit("a", "1");

    // the lagging copy still shows the table before the first commit; with it as base, every attempt of the
    // compare-and-swap would be refused (409) although no other writer is active
    LoadedTable second = commit("b", "2");

    assertThat(second.tableMetadata().properties()).containsEntry("a", "1").containsEntry("b", "2");
    assertThat(storedPointer()).isEqualTo(second.metadataLocation());
    assertThat(second.tableMetadata().previousFiles()).anyMatch(e -> e.file().equals(first.metadataLocation()));
    assertThat(service.loadTable(acme, "prod", ORDERS, IcebergRestService.SnapshotMode.ALL).tableMetadata()
        .properties()).as("a plain load may be answered by the lagging copy").doesNotContainKeys("a", "b");
  }

  @Test
  void create_ofANameDroppedOnThePrimary_succeedsWhileAReplicaStillShowsIt() {
    store.lag(ORDERS_KEY);
    service.dropTable(acme, "prod", ORDERS, false);

    create();

    assertThat(store.primary.getAsset("acme", ORDERS_KEY)).isPresent();
  }
}
