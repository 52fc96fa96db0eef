package io.pangolin.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.RequestContext;
import io.pangolin.core.Pangolin;
import io.pangolin.core.Session;
import io.pangolin.spi.ReadConsistency;
import io.pangolin.store.memory.MemoryMetadataStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.CreateViewRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.LoadTableResponse;
import org.apache.iceberg.rest.responses.LoadTableResponseParser;
import org.apache.iceberg.rest.responses.LoadViewResponse;
import org.apache.iceberg.view.ViewMetadata;
import org.apache.iceberg.view.ViewMetadataParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request path of table loads and commits: how many store calls they make (counted by the engine's timing
 * decorator — this test fails if that grows), which of them must go to the primary past every cache (the reads a
 * commit decides on; a load's reads may come from a replica or a cache), and that a metadata file is read from storage
 * once.
 */
class RequestPathTest {
  private static final String SCHEMA = """
      {"type":"struct","schema-id":0,"fields":[{"id":1,"name":"id","required":true,"type":"long"}]}""";

  @TempDir
  Path warehouseDir;

  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  /** The calls of {@link #calls} made inside {@link ReadConsistency#fromPrimary}. */
  private final List<String> primaryCalls = Collections.synchronizedList(new ArrayList<>());
  private Pangolin pangolin;
  private IcebergRestService service;
  private final RequestContext acme = RequestContext.of("acme", "alice");
  private final TableIdentifier orders = TableIdentifier.of("sales", "orders");

  @BeforeEach
  void setUp() {
    pangolin = Pangolin.builder().localStorageRoots(TestRoots.TMP).store(new MemoryMetadataStore())
        .storeObserver((op, nanos, ok) -> {
          calls.add(op);
          if (ReadConsistency.primaryRequired()) {
            primaryCalls.add(op);
          }
        }).build();
    pangolin.tenants().create(acme, "acme", Map.of());
    pangolin.warehouses().create(acme, "lake", "file://" + warehouseDir, Map.of());
    pangolin.catalogs().create(acme, "prod", "lake", Map.of());
    service = new IcebergRestService(pangolin);
    service.createNamespace(acme, "prod", IcebergJson.read("{\"namespace\":[\"sales\"]}",
        CreateNamespaceRequest.class));
    service.createTable(acme, "prod", Namespace.of("sales"),
        IcebergJson.read("{\"name\":\"orders\",\"schema\":" + SCHEMA + "}", CreateTableRequest.class));
    calls.clear();
    primaryCalls.clear();
  }

  @AfterEach
  void tearDown() {
    service.close();
    pangolin.close();
  }

  private List<String> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  private List<String> primaryCalls() {
    synchronized (primaryCalls) {
      return List.copyOf(primaryCalls);
    }
  }

  private LoadedTable load() {
    return service.loadTable(acme, "prod", orders, IcebergRestService.SnapshotMode.ALL);
  }

  private LoadedTable commit(String key, String value) {
    return service.updateTable(acme, "prod", orders, IcebergJson.read("{\"updates\":[{\"action\":"
        + "\"set-properties\",\"updates\":{\"" + key + "\":\"" + value + "\"}}]}", UpdateTableRequest.class));
  }

  @Test
  void loadTable_inANewSession_readsTenantCatalogWithWarehouseAndAssetOnceEach() {
    load();

    assertThat(calls()).containsExactly("getTenant", "getCatalogBinding", "getAsset");
    assertThat(primaryCalls()).as("a load is a plain read: replicas and caches may answer it").isEmpty();
  }

  @Test
  void loadTable_onAWarmSession_makesOneStoreRead() {
    Session session = pangolin.session(acme);
    service.catalogs().open(session, "prod").loadTable(orders);
    calls.clear();

    service.catalogs().open(session, "prod").loadTable(orders);

    assertThat(calls()).containsExactly("getAsset");
  }

  @Test
  void commit_makesTheseStoreCallsAndNoMore() {
    load();
    calls.clear();

    commit("owner", "ops");

    // resolve (tenant, catalog+warehouse), read the table, re-read it in the compare-and-swap, swap, audit
    assertThat(calls()).containsExactly("getTenant", "getCatalogBinding", "getAsset", "getAsset", "updateAsset",
        "appendAudit");
    // the table the requirements are checked against and the compare-and-swap expects: from the primary
    assertThat(primaryCalls()).containsExactly("getAsset", "getAsset", "updateAsset", "appendAudit");
  }

  @Test
  void create_makesTheseStoreCallsAndNoMore() {
    service.createTable(acme, "prod", Namespace.of("sales"),
        IcebergJson.read("{\"name\":\"lines\",\"schema\":" + SCHEMA + "}", CreateTableRequest.class));

    // resolve (tenant, catalog+warehouse), the namespace (once: it exists, and where its tables go), whether the name
    // is taken, create, audit
    assertThat(calls()).containsExactly("getTenant", "getCatalogBinding", "getNamespace", "getAsset", "createAsset",
        "appendAudit");
  }

  @Test
  void create_readsWhetherTheNameIsTakenFromThePrimary() {
    service.createTable(acme, "prod", Namespace.of("sales"),
        IcebergJson.read("{\"name\":\"lines\",\"schema\":" + SCHEMA + "}", CreateTableRequest.class));

    assertThat(primaryCalls()).contains("getAsset", "createAsset").doesNotContain("getTenant", "getCatalogBinding");
  }

  @Test
  void listings_readTenantCatalogAndOnePage_andCheckTheParentOnlyWhenThePageIsEmpty() {
    service.listTables(acme, "prod", Namespace.of("sales"), Optional.empty(), Optional.empty());
    assertThat(calls()).containsExactly("getTenant", "getCatalogBinding", "listAssetEntries");
    calls.clear();

    service.listNamespaces(acme, "prod", Namespace.empty(), Optional.empty(), Optional.empty());
    // names only: the Iceberg answer has no properties
    assertThat(calls()).containsExactly("getTenant", "getCatalogBinding", "listNamespaceNames");
    calls.clear();

    assertThat(service.listViews(acme, "prod", Namespace.of("sales"), Optional.empty(), Optional.empty())
        .identifiers()).isEmpty();
    assertThat(calls()).containsExactly("getTenant", "getCatalogBinding", "listAssetEntries", "getNamespace");
    assertThatThrownBy(() -> service.listTables(acme, "prod", Namespace.of("nope"), Optional.empty(),
        Optional.empty())).isInstanceOf(NoSuchNamespaceException.class);
    calls.clear();
    assertThatThrownBy(() -> service.listNamespaces(acme, "prod", Namespace.of("nope"), Optional.empty(),
        Optional.empty())).isInstanceOf(NoSuchNamespaceException.class);
    assertThat(calls()).containsExactly("getTenant", "getCatalogBinding", "listNamespaceNames", "getNamespace");
  }

  @Test
  void metadataFile_isReadFromStorageOnce_thenServedFromTheCache() throws Exception {
    String location = load().metadataLocation();

    Files.delete(Path.of(java.net.URI.create(location)));

    LoadedTable again = load();
    assertThat(again.metadataLocation()).isEqualTo(location);
    assertThat(again.tableMetadata().schema().findField("id")).isNotNull();
  }

  @Test
  void metadataFilesThisServerWrites_areNotReadBack_andAreCachedAsTheFileParses() throws Exception {
    MetadataCache cache = service.catalogs().metadataCache();
    long reads = cache.storageReads();

    LoadedTable created = service.createTable(acme, "prod", Namespace.of("sales"),
        IcebergJson.read("{\"name\":\"lines\",\"schema\":" + SCHEMA + "}", CreateTableRequest.class));
    LoadedTable committed = commit("owner", "ops");
    LoadedTable loaded = load();

    assertThat(cache.storageReads()).as("the create's and the commit's refresh, and the load after them")
        .isEqualTo(reads);
    assertThat(loaded.metadataLocation()).isEqualTo(committed.metadataLocation());
    TableMetadata cached = loaded.tableMetadata();
    TableMetadata parsed = TableMetadataParser.fromJson(loaded.metadataLocation(),
        Files.readString(Path.of(java.net.URI.create(loaded.metadataLocation()))));
    assertThat(cached.metadataFileLocation()).isEqualTo(parsed.metadataFileLocation());
    assertThat(cached.changes()).isEmpty();
    assertThat(cached.previousFiles()).hasSize(1).isEqualTo(parsed.previousFiles());
    assertThat(TableMetadataParser.toJson(cached)).isEqualTo(TableMetadataParser.toJson(parsed));
    assertThat(committed.json()).isEqualTo(load().json());
    PangolinCatalog c = service.catalogs().open(acme, "prod");
    assertThat(created.tableMetadata()).as("the create answers from the cache entry (its JSON is not built again)")
        .isSameAs(c.metadataCache().cachedTable(c.warehouse(), created.metadataLocation()).metadata());
    assertThat(LoadTableResponseParser.fromJson(created.json()).metadataLocation())
        .isEqualTo(created.metadataLocation());
  }

  @Test
  void viewMetadataFilesThisServerWrites_areNotReadBack_andAreCachedAsTheFileParses() throws Exception {
    MetadataCache cache = service.catalogs().metadataCache();
    long reads = cache.storageReads();
    TableIdentifier daily = TableIdentifier.of("sales", "daily");

    service.createView(acme, "prod", Namespace.of("sales"), IcebergJson.read("{\"name\":\"daily\",\"schema\":"
        + SCHEMA + ",\"view-version\":{\"version-id\":1,\"timestamp-ms\":1,\"schema-id\":0,\"summary\":{},"
        + "\"default-namespace\":[\"sales\"],\"representations\":[{\"type\":\"sql\",\"sql\":\"select 1\","
        + "\"dialect\":\"spark\"}]},\"properties\":{}}", CreateViewRequest.class));
    service.updateView(acme, "prod", daily, IcebergJson.read("{\"updates\":[{\"action\":\"set-properties\","
        + "\"updates\":{\"owner\":\"ops\"}}]}", UpdateTableRequest.class));
    LoadViewResponse loaded = service.loadView(acme, "prod", daily);

    assertThat(cache.storageReads()).as("the create's and the replace's refresh, and the load after them")
        .isEqualTo(reads);
    assertThat(loaded.metadata().properties()).containsEntry("owner", "ops");
    ViewMetadata parsed = ViewMetadataParser.read(org.apache.iceberg.Files.localInput( // gzip-compressed
        Path.of(java.net.URI.create(loaded.metadataLocation())).toFile()));
    assertThat(loaded.metadata().metadataFileLocation()).isEqualTo(loaded.metadataLocation());
    assertThat(loaded.metadata().changes()).isEmpty();
    assertThat(ViewMetadataParser.toJson(loaded.metadata())).isEqualTo(ViewMetadataParser.toJson(parsed));
  }

  @Test
  void withTheMetadataCacheDisabled_everyLoadReadsStorage() throws Exception {
    try (IcebergRestService uncached = new IcebergRestService(pangolin, 0)) {
      String location = uncached.loadTable(acme, "prod", orders, IcebergRestService.SnapshotMode.ALL)
          .metadataLocation();
      Files.delete(Path.of(java.net.URI.create(location)));

      assertThatThrownBy(() -> uncached.loadTable(acme, "prod", orders, IcebergRestService.SnapshotMode.ALL))
          .isInstanceOf(org.apache.iceberg.exceptions.NotFoundException.class);
    }
  }

  @Test
  void commit_answersWithTheCommittedMetadata_andTheNextLoadSeesIt() {
    LoadedTable before = load();

    LoadedTable committed = commit("owner", "ops");

    assertThat(committed.tableMetadata().properties()).containsEntry("owner", "ops");
    assertThat(committed.metadataLocation()).isNotEqualTo(before.metadataLocation());
    assertThat(load().metadataLocation()).isEqualTo(committed.metadataLocation());
    assertThat(load().tableMetadata().properties()).containsEntry("owner", "ops");
  }

  @Test
  void etag_isStableForOneMetadataFile_andChangesWithACommitOrTheSnapshotSelection() {
    String first = load().etag();
    assertThat(load().etag()).isEqualTo(first);
    assertThat(service.loadTable(acme, "prod", orders, IcebergRestService.SnapshotMode.REFS).etag())
        .isNotEqualTo(first);

    commit("k", "v");

    assertThat(load().etag()).isNotEqualTo(first);
    assertThat(load().matches(load().etag())).isTrue();
    assertThat(load().matches("W/" + load().etag() + ", \"other\"")).isTrue();
    assertThat(load().matches(first)).isFalse();
    assertThat(load().matches("*")).isTrue();
    assertThat(load().matches(null)).isFalse();
  }

  @Test
  void json_isExactlyWhatIcebergsParserWrites_forBothSnapshotSelections() {
    commit("k", "v");
    for (IcebergRestService.SnapshotMode mode : IcebergRestService.SnapshotMode.values()) {
      LoadedTable t = service.loadTable(acme, "prod", orders, mode);
      String expected = IcebergJson.write(LoadTableResponse.builder().withTableMetadata(t.tableMetadata()).build());

      assertThat(t.json()).as(mode.name()).isEqualTo(expected);
      TableMetadata parsed = IcebergJson.read(t.json(), LoadTableResponse.class).tableMetadata();
      assertThat(parsed.metadataFileLocation()).isEqualTo(t.metadataLocation());
      assertThat(parsed.properties()).containsEntry("k", "v");
    }
  }

  @Test
  void loadTable_ofAMissingTableOrAnInvalidIdentifier_isNoSuchTable() {
    assertThatThrownBy(() -> service.loadTable(acme, "prod", TableIdentifier.of("sales", "nope"),
        IcebergRestService.SnapshotMode.ALL)).isInstanceOf(NoSuchTableException.class);
    assertThatThrownBy(() -> service.loadTable(acme, "prod", TableIdentifier.of(Namespace.empty(), "nope"),
        IcebergRestService.SnapshotMode.ALL)).isInstanceOf(NoSuchTableException.class);
  }
}
