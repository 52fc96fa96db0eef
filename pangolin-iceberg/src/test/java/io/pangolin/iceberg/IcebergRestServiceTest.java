package io.pangolin.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.NotFoundException;
import io.pangolin.api.RequestContext;
import io.pangolin.core.Pangolin;
import io.pangolin.store.memory.MemoryMetadataStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileMetadata;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.rest.Endpoint;
import org.apache.iceberg.rest.PlanStatus;
import org.apache.iceberg.rest.requests.PlanTableScanRequest;
import org.apache.iceberg.rest.responses.PlanTableScanResponse;
import org.apache.iceberg.rest.responses.PlanTableScanResponseParser;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.ListNamespacesResponse;
import org.apache.iceberg.rest.responses.LoadTableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The REST operations without HTTP: JSON requests parsed as the server parses them, Iceberg responses out. */
class IcebergRestServiceTest {
  private static final String SCHEMA = """
      {"type":"struct","schema-id":0,"fields":[
        {"id":1,"name":"id","required":true,"type":"long"},
        {"id":2,"name":"category","required":false,"type":"string"}]}""";

  @TempDir
  Path warehouseDir;

  private Pangolin pangolin;
  private IcebergRestService service;
  private final RequestContext acme = RequestContext.of("acme", "alice");
  private final TableIdentifier orders = TableIdentifier.of("sales", "orders");

  @BeforeEach
  void setUp() {
    pangolin = Pangolin.builder().localStorageRoots(TestRoots.TMP).store(new MemoryMetadataStore()).build();
    pangolin.tenants().create(acme, "acme", Map.of());
    pangolin.warehouses().create(acme, "lake", "file://" + warehouseDir, Map.of());
    pangolin.catalogs().create(acme, "prod", "lake", Map.of());
    service = new IcebergRestService(pangolin);
    service.createNamespace(acme, "prod", IcebergJson.read("{\"namespace\":[\"sales\"]}",
        CreateNamespaceRequest.class));
    service.createTable(acme, "prod", Namespace.of("sales"), IcebergJson.read(
        "{\"name\":\"orders\",\"schema\":" + SCHEMA + ",\"partition-spec\":{\"spec-id\":0,\"fields\":[{\"name\":"
            + "\"category\",\"transform\":\"identity\",\"source-id\":2,\"field-id\":1000}]}}",
        CreateTableRequest.class));
  }

  @AfterEach
  void tearDown() {
    service.close();
    pangolin.close();
  }

  private TableMetadata current() {
    return service.loadTable(acme, "prod", orders, IcebergRestService.SnapshotMode.ALL).tableMetadata();
  }

  private LoadedTable commit(String json) {
    return service.updateTable(acme, "prod", orders, IcebergJson.read(json, UpdateTableRequest.class));
  }

  private void append(String file) {
    append(file, "a");
  }

  private void append(String file, String category) {
    Table t = service.catalogs().open(acme, "prod").loadTable(orders);
    t.newAppend().appendFile(DataFiles.builder(t.spec()).withPath(t.location() + "/data/" + file)
        .withFileSizeInBytes(10).withRecordCount(1).withPartitionPath("category=" + category).build()).commit();
  }

  @Test
  void planTableScan_plansOnTheServer_withFiltersDeletesAndIncrementalRanges() {
    append("a1.parquet", "a");
    long first = current().currentSnapshot().snapshotId();
    append("b1.parquet", "b");
    Table t = service.catalogs().open(acme, "prod").loadTable(orders);
    DeleteFile deletes = FileMetadata.deleteFileBuilder(t.spec()).ofPositionDeletes()
        .withPath(t.location() + "/data/a-deletes.parquet").withFileSizeInBytes(10).withRecordCount(1)
        .withPartitionPath("category=a").build();
    t.newRowDelta().addDeletes(deletes).commit();
    long last = current().currentSnapshot().snapshotId();

    PlanTableScanResponse all = plan("{\"snapshot-id\":" + last + "}");
    assertThat(plan("{}").fileScanTasks()).hasSize(2);
    assertThat(all.planStatus()).isEqualTo(PlanStatus.COMPLETED);
    assertThat(all.fileScanTasks()).hasSize(2);
    for (FileScanTask task : all.fileScanTasks()) {
      assertThat(task.deletes()).hasSize(task.file().location().endsWith("a1.parquet") ? 1 : 0);
    }
    PlanTableScanResponse filtered =
        plan("{\"snapshot-id\":" + last + ",\"filter\":{\"type\":\"eq\",\"term\":\"category\",\"value\":\"b\"}}");
    assertThat(filtered.fileScanTasks()).extracting(f -> f.file().location()).singleElement()
        .asString().endsWith("b1.parquet");
    PlanTableScanResponse incremental =
        plan("{\"start-snapshot-id\":" + first + ",\"end-snapshot-id\":" + last + "}");
    assertThat(incremental.fileScanTasks()).extracting(f -> f.file().location()).singleElement()
        .asString().endsWith("b1.parquet");

    assertThatThrownBy(() -> service.fetchPlanningResult(acme, "prod", orders, "p1"))
        .isInstanceOf(NoSuchPlanException.class);
    assertThat(IcebergErrors.toErrorResponse(NoSuchPlanException.planTask("t"), "r").type())
        .isEqualTo("NoSuchPlanTaskException");
  }

  /** Plans through the service, then reads the JSON back with Iceberg's client-side parser. */
  private PlanTableScanResponse plan(String json) {
    PlanTableScanResponse r = service.planTableScan(acme, "prod", orders,
        IcebergJson.read(json, PlanTableScanRequest.class));
    try {
      return PlanTableScanResponseParser.fromJson(IcebergJson.mapper().readTree(IcebergJson.write(r)),
          current().specsById(), true);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void config_announcesPrefixAndEveryEndpoint() {
    ConfigResponse config = service.config(acme, "prod");
    assertThat(config.overrides()).containsEntry("prefix", "acme.prod");
    assertThat(config.endpoints()).contains(Endpoint.V1_COMMIT_TRANSACTION, Endpoint.V1_CREATE_VIEW,
        Endpoint.V1_REGISTER_TABLE, Endpoint.V1_REPORT_METRICS).hasSize(IcebergRestService.ENDPOINTS.size());
    assertThatThrownBy(() -> service.config(acme, "nope")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void listNamespaces_pagesWithPangolinTokens_orReturnsAllWithoutPageSize() {
    for (String n : List.of("a", "b", "c", "d")) {
      service.createNamespace(acme, "prod", IcebergJson.read("{\"namespace\":[\"" + n + "\"]}",
          CreateNamespaceRequest.class));
    }
    List<Namespace> seen = new ArrayList<>();
    Optional<String> token = Optional.of("");
    int pages = 0;
    do {
      ListNamespacesResponse page = service.listNamespaces(acme, "prod", Namespace.empty(), token, Optional.of(2));
      seen.addAll(page.namespaces());
      token = Optional.ofNullable(page.nextPageToken());
      pages++;
    } while (token.isPresent());
    assertThat(seen).extracting(Namespace::toString).containsExactly("a", "b", "c", "d", "sales");
    assertThat(pages).isGreaterThanOrEqualTo(3);
    assertThat(service.listNamespaces(acme, "prod", Namespace.empty(), Optional.empty(), Optional.empty())
        .namespaces()).hasSize(5);
    assertThatThrownBy(() -> service.listNamespaces(acme, "prod", Namespace.empty(), Optional.empty(),
        Optional.of(0))).isInstanceOf(BadRequestException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":\"assert-table-uuid\",\"uuid\":\"00000000-0000-0000-0000-000000000000\"}",
      "{\"type\":\"assert-ref-snapshot-id\",\"ref\":\"main\",\"snapshot-id\":42}",
      "{\"type\":\"assert-last-assigned-field-id\",\"last-assigned-field-id\":7}",
      "{\"type\":\"assert-current-schema-id\",\"current-schema-id\":3}",
      "{\"type\":\"assert-last-assigned-partition-id\",\"last-assigned-partition-id\":1}",
      "{\"type\":\"assert-default-spec-id\",\"default-spec-id\":5}",
      "{\"type\":\"assert-default-sort-order-id\",\"default-sort-order-id\":9}",
      "{\"type\":\"assert-create\"}"})
  void commit_whenARequirementFails_isCommitFailed_andChangesNothing(String requirement) {
    String before = current().metadataFileLocation();
    assertThatThrownBy(() -> commit("{\"requirements\":[" + requirement + "],\"updates\":[{\"action\":"
        + "\"set-properties\",\"updates\":{\"k\":\"v\"}}]}")).isInstanceOf(CommitFailedException.class);
    assertThat(current().metadataFileLocation()).isEqualTo(before);
    assertThat(current().properties()).doesNotContainKey("k");
  }

  @Test
  void commit_appliesEveryKindOfUpdate_includingRemovalsStatisticsAndEncryptionKeys() {
    append("f1.parquet");
    long snapshot = current().currentSnapshot().snapshotId();
    String uuid = current().uuid();
    commit("""
        {"requirements":[{"type":"assert-table-uuid","uuid":"%s"},{"type":"assert-current-schema-id",
          "current-schema-id":0}],
         "updates":[
          {"action":"add-schema","schema":{"type":"struct","schema-id":1,"fields":[
            {"id":1,"name":"id","required":true,"type":"long"},
            {"id":2,"name":"category","required":false,"type":"string"},
            {"id":3,"name":"amount","required":false,"type":"double"}]},"last-column-id":3},
          {"action":"set-current-schema","schema-id":-1},
          {"action":"add-spec","spec":{"spec-id":1,"fields":[]}},
          {"action":"set-default-spec","spec-id":-1},
          {"action":"add-sort-order","sort-order":{"order-id":1,"fields":[{"transform":"identity","source-id":1,
            "direction":"asc","null-order":"nulls-first"}]}},
          {"action":"set-default-sort-order","sort-order-id":-1},
          {"action":"set-location","location":"%s"},
          {"action":"set-properties","updates":{"owner":"bi","tmp":"x"}},
          {"action":"remove-properties","removals":["tmp"]},
          {"action":"set-snapshot-ref","ref-name":"audit","type":"tag","snapshot-id":%d},
          {"action":"set-statistics","snapshot-id":%d,"statistics":{"snapshot-id":%d,
            "statistics-path":"%s/stats/s.puffin","file-size-in-bytes":10,"file-footer-size-in-bytes":5,
            "blob-metadata":[]}},
          {"action":"set-partition-statistics","partition-statistics":{"snapshot-id":%d,
            "statistics-path":"%s/stats/p.parquet","file-size-in-bytes":10}},
          {"action":"add-encryption-key","encryption-key":{"key-id":"k1","encrypted-key-metadata":"AAEC",
            "encrypted-by-id":"kek"}}
         ]}""".formatted(uuid, current().location(), snapshot, snapshot, snapshot, current().location(), snapshot,
        current().location()));
    TableMetadata m = current();
    assertThat(m.currentSchemaId()).isEqualTo(1);
    assertThat(m.defaultSpecId()).isEqualTo(1);
    assertThat(m.defaultSortOrderId()).isEqualTo(1);
    assertThat(m.properties()).containsEntry("owner", "bi").doesNotContainKey("tmp");
    assertThat(m.refs()).containsKey("audit");
    assertThat(m.statisticsFiles()).hasSize(1);
    assertThat(m.partitionStatisticsFiles()).hasSize(1);
    assertThat(m.encryptionKeys()).extracting(k -> k.keyId()).containsExactly("k1");

    commit("""
        {"updates":[
          {"action":"remove-schemas","schema-ids":[0]},
          {"action":"remove-statistics","snapshot-id":%d},
          {"action":"remove-partition-statistics","snapshot-id":%d},
          {"action":"remove-snapshot-ref","ref-name":"audit"},
          {"action":"remove-encryption-key","key-id":"k1"}]}""".formatted(snapshot, snapshot));
    m = current();
    assertThat(m.schemasById()).containsOnlyKeys(1);
    assertThat(m.statisticsFiles()).isEmpty();
    assertThat(m.partitionStatisticsFiles()).isEmpty();
    assertThat(m.refs()).doesNotContainKey("audit");
    assertThat(m.encryptionKeys()).isEmpty();
  }

  @Test
  void commit_removePartitionSpecs_dropsUnusedSpecs() {
    commit("{\"updates\":[{\"action\":\"add-spec\",\"spec\":{\"spec-id\":1,\"fields\":[]}},"
        + "{\"action\":\"set-default-spec\",\"spec-id\":-1}]}");
    commit("{\"updates\":[{\"action\":\"remove-partition-specs\",\"spec-ids\":[0]}]}");
    assertThat(current().specsById()).containsOnlyKeys(1);
  }

  @Test
  void commit_setLocationOutsideTheWarehouse_isRejected() {
    assertThatThrownBy(() -> commit("{\"updates\":[{\"action\":\"set-location\",\"location\":\"file:///tmp/x\"}]}"))
        .isInstanceOf(io.pangolin.api.ValidationException.class);
    assertThatThrownBy(() -> commit("{\"updates\":[{\"action\":\"set-properties\",\"updates\":"
        + "{\"write.metadata.path\":\"file:///tmp/meta\"}}]}"))
        .isInstanceOf(io.pangolin.api.ValidationException.class);
  }

  @Test
  void loadTable_withRefsMode_returnsOnlyReferencedSnapshots() {
    append("f1.parquet");
    append("f2.parquet");
    assertThat(service.loadTable(acme, "prod", orders, IcebergRestService.SnapshotMode.ALL).tableMetadata()
        .snapshots()).hasSize(2);
    TableMetadata refs = service.loadTable(acme, "prod", orders,
        IcebergRestService.SnapshotMode.parse("refs")).tableMetadata();
    assertThat(refs.snapshots()).hasSize(1);
    assertThat(refs.metadataFileLocation()).isEqualTo(current().metadataFileLocation());
    assertThat(refs.previousFiles()).isEqualTo(current().previousFiles());
    assertThatThrownBy(() -> IcebergRestService.SnapshotMode.parse("some"))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void stageCreate_thenCreateCommit_createsTheTable() {
    LoadTableResponse staged = service.createTable(acme, "prod", Namespace.of("sales"), IcebergJson.read(
        "{\"name\":\"staged\",\"schema\":" + SCHEMA + ",\"stage-create\":true}", CreateTableRequest.class))
        .response();
    assertThat(service.catalogs().open(acme, "prod").tableExists(TableIdentifier.of("sales", "staged"))).isFalse();
    String location = staged.tableMetadata().location();
    service.updateTable(acme, "prod", TableIdentifier.of("sales", "staged"), IcebergJson.read("""
        {"requirements":[{"type":"assert-create"}],"updates":[
          {"action":"assign-uuid","uuid":"%s"},
          {"action":"upgrade-format-version","format-version":2},
          {"action":"add-schema","schema":%s,"last-column-id":2},
          {"action":"set-current-schema","schema-id":-1},
          {"action":"add-spec","spec":{"spec-id":0,"fields":[]}},
          {"action":"set-default-spec","spec-id":-1},
          {"action":"add-sort-order","sort-order":{"order-id":0,"fields":[]}},
          {"action":"set-default-sort-order","sort-order-id":-1},
          {"action":"set-location","location":"%s"}]}""".formatted(staged.tableMetadata().uuid(), SCHEMA, location),
        UpdateTableRequest.class));
    Table t = service.catalogs().open(acme, "prod").loadTable(TableIdentifier.of("sales", "staged"));
    assertThat(t.location()).isEqualTo(location);
    assertThat(((BaseTable) t).operations().current().metadataFileLocation()).startsWith(location + "/metadata/");
  }
}
