package io.pangolin.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NewAsset;
import io.pangolin.api.RequestContext;
import io.pangolin.core.Pangolin;
import io.pangolin.store.memory.MemoryMetadataStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.CreateViewRequest;
import org.apache.iceberg.rest.requests.PlanTableScanRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile commits, views, transactions and stored pointers through the REST operations: every one is answered with a
 * 4xx (or 503 for a failing storage) in the error model, names no Java class, and changes nothing — the metadata
 * pointer, the table UUID and the metadata files on disk stay as they were.
 */
class HostileCommitTest {
  private static final String SCHEMA = """
      {"type":"struct","schema-id":0,"fields":[
        {"id":1,"name":"id","required":true,"type":"long"},
        {"id":2,"name":"category","required":false,"type":"string"}]}""";
  private static final String VIEW_VERSION = """
      {"version-id":1,"timestamp-ms":1,"schema-id":0,"summary":{},"default-namespace":["sales"],
       "representations":[%s]}""";
  private static final String SQL = "{\"type\":\"sql\",\"sql\":\"select 1\",\"dialect\":\"spark\"}";

  @TempDir
  Path warehouseDir;

  private Pangolin pangolin;
  private IcebergRestService service;
  private final RequestContext acme = RequestContext.of("acme", "alice");
  private final TableIdentifier orders = TableIdentifier.of("sales", "orders");
  private final TableIdentifier items = TableIdentifier.of("sales", "items");
  private final TableIdentifier view = TableIdentifier.of("sales", "v");

  @BeforeEach
  void setUp() {
    pangolin = Pangolin.builder().localStorageRoots(TestRoots.TMP).store(new MemoryMetadataStore()).build();
    pangolin.tenants().create(acme, "acme", Map.of());
    pangolin.warehouses().create(acme, "lake", "file://" + warehouseDir, Map.of());
    pangolin.catalogs().create(acme, "prod", "lake", Map.of());
    service = new IcebergRestService(pangolin);
    service.createNamespace(acme, "prod", IcebergJson.read("{\"namespace\":[\"sales\"]}",
        CreateNamespaceRequest.class));
    for (String name : List.of("orders", "items")) {
      service.createTable(acme, "prod", Namespace.of("sales"), IcebergJson.read(
          "{\"name\":\"" + name + "\",\"schema\":" + SCHEMA + "}", CreateTableRequest.class));
    }
    Table t = service.catalogs().open(acme, "prod").loadTable(orders);
    t.newAppend().appendFile(DataFiles.builder(t.spec()).withPath(t.location() + "/data/a.parquet")
        .withFileSizeInBytes(10).withRecordCount(1).build()).commit();
    service.createView(acme, "prod", Namespace.of("sales"), IcebergJson.read("{\"name\":\"v\",\"schema\":" + SCHEMA
        + ",\"view-version\":" + VIEW_VERSION.formatted(SQL) + ",\"properties\":{}}", CreateViewRequest.class));
  }

  @AfterEach
  void tearDown() {
    service.close();
    pangolin.close();
  }

  private TableMetadata current(TableIdentifier ident) {
    return service.loadTable(acme, "prod", ident, IcebergRestService.SnapshotMode.ALL).tableMetadata();
  }

  private long metadataFiles() throws IOException {
    try (Stream<Path> files = Files.walk(warehouseDir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".metadata.json")).count();
    }
  }

  /** Asserts the failure's HTTP mapping and that its message names no Java class. */
  private static void assertAnswered(Throwable failure, int status) {
    ErrorResponse error = IcebergErrors.toErrorResponse(failure, "req");
    assertThat(error.code()).as(failure.toString()).isEqualTo(status);
    assertThat(error.message()).as(error.type()).isNotBlank()
        .doesNotContainPattern("\\b(java|javax|org|com|io)\\.[a-z]").doesNotContain("Exception");
  }

  /** Runs a commit that must fail with {@code status} and change nothing. */
  private void refused(String json, int status) throws IOException {
    TableMetadata before = current(orders);
    long files = metadataFiles();
    Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> service.updateTable(acme, "prod",
        orders, IcebergJson.read(json.replace("SNAP", String.valueOf(before.currentSnapshot().snapshotId()))
            .replace("LOC", before.location()), UpdateTableRequest.class)));
    assertThat(failure).as(json).isNotNull();
    assertAnswered(failure, status);
    TableMetadata after = current(orders);
    assertThat(after.metadataFileLocation()).isEqualTo(before.metadataFileLocation());
    assertThat(after.uuid()).isEqualTo(before.uuid());
    assertThat(metadataFiles()).as("no metadata file written").isEqualTo(files);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"action\":\"assign-uuid\",\"uuid\":\"11111111-1111-1111-1111-111111111111\"}",
      "{\"action\":\"set-default-spec\",\"spec-id\":99}",
      "{\"action\":\"set-default-spec\",\"spec-id\":-1}",
      "{\"action\":\"set-current-schema\",\"schema-id\":99}",
      "{\"action\":\"set-default-sort-order\",\"sort-order-id\":99}",
      "{\"action\":\"set-snapshot-ref\",\"ref-name\":\"main\",\"type\":\"branch\",\"snapshot-id\":12345}",
      "{\"action\":\"set-snapshot-ref\",\"ref-name\":\"main\",\"type\":\"tag\",\"snapshot-id\":SNAP}",
      "{\"action\":\"set-snapshot-ref\",\"ref-name\":\" \",\"type\":\"branch\",\"snapshot-id\":SNAP}",
      "{\"action\":\"set-snapshot-ref\",\"ref-name\":\"b\",\"type\":\"branch\",\"snapshot-id\":SNAP,"
          + "\"max-ref-age-ms\":-5}",
      "{\"action\":\"upgrade-format-version\",\"format-version\":1}",
      "{\"action\":\"upgrade-format-version\",\"format-version\":99}",
      "{\"action\":\"remove-partition-specs\",\"spec-ids\":[0]}",
      "{\"action\":\"remove-schemas\",\"schema-ids\":[0]}",
      "{\"action\":\"set-statistics\",\"snapshot-id\":12345,\"statistics\":{\"snapshot-id\":12345,"
          + "\"statistics-path\":\"LOC/s.puffin\",\"file-size-in-bytes\":10,\"file-footer-size-in-bytes\":5,"
          + "\"blob-metadata\":[]}}",
      "{\"action\":\"set-partition-statistics\",\"partition-statistics\":{\"snapshot-id\":12345,"
          + "\"statistics-path\":\"LOC/p.parquet\",\"file-size-in-bytes\":10}}",
      "{\"action\":\"add-spec\",\"spec\":{\"spec-id\":1,\"fields\":[{\"name\":\"z\",\"transform\":\"identity\","
          + "\"source-id\":42,\"field-id\":1000}]}}",
      "{\"action\":\"add-sort-order\",\"sort-order\":{\"order-id\":1,\"fields\":[{\"transform\":\"identity\","
          + "\"source-id\":42,\"direction\":\"asc\",\"null-order\":\"nulls-first\"}]}}",
      "{\"action\":\"add-snapshot\",\"snapshot\":{\"snapshot-id\":SNAP,\"timestamp-ms\":1,"
          + "\"manifest-list\":\"LOC/m.avro\",\"summary\":{\"operation\":\"append\"},\"schema-id\":0}}",
      "{\"action\":\"set-location\",\"location\":\"\"}",
      "{\"action\":\"set-location\",\"location\":\"relative/path\"}",
      "{\"action\":\"set-properties\",\"updates\":{\"write.metadata.previous-versions-max\":\"abc\"}}",
      "{\"action\":\"set-properties\",\"updates\":{\"write.metadata.compression-codec\":\"zstd\"}}",
      "{\"action\":\"add-view-version\",\"view-version\":" + "{\"version-id\":1,\"timestamp-ms\":1,\"schema-id\":0,"
          + "\"summary\":{},\"default-namespace\":[\"sales\"],\"representations\":[" + SQL + "]}}",
      "{\"action\":\"set-current-view-version\",\"view-version-id\":1}"})
  void invalidUpdate_is400_andWritesNothing(String update) throws IOException {
    refused("{\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"k\":\"v\"}}," + update + "]}", 400);
    assertThat(current(orders).properties()).doesNotContainKey("k");
  }

  @Test
  void invalidUpdate_namesItself() {
    assertThatThrownBy(() -> service.updateTable(acme, "prod", orders, IcebergJson.read(
        "{\"updates\":[{\"action\":\"set-default-spec\",\"spec-id\":99}]}", UpdateTableRequest.class)))
        .isInstanceOf(BadRequestException.class).hasMessage("Invalid update #1 (set-default-spec): unknown partition "
            + "spec id 99");
    assertThatThrownBy(() -> service.updateTable(acme, "prod", orders, IcebergJson.read(
        "{\"updates\":[{\"action\":\"assign-uuid\",\"uuid\":\"11111111-1111-1111-1111-111111111111\"}]}",
        UpdateTableRequest.class))).isInstanceOf(BadRequestException.class)
        .hasMessageContaining("UUID of an existing table cannot be changed");
    // the same UUID is no change at all
    TableMetadata before = current(orders);
    service.updateTable(acme, "prod", orders, IcebergJson.read("{\"updates\":[{\"action\":\"assign-uuid\","
        + "\"uuid\":\"" + before.uuid() + "\"}]}", UpdateTableRequest.class));
    assertThat(current(orders).metadataFileLocation()).isEqualTo(before.metadataFileLocation());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":\"assert-table-uuid\",\"uuid\":\"00000000-0000-0000-0000-000000000000\"}|409",
      "{\"type\":\"assert-ref-snapshot-id\",\"ref\":\"nope\",\"snapshot-id\":1}|409",
      "{\"type\":\"assert-create\"}|409",
      "{\"type\":\"assert-view-uuid\",\"uuid\":\"00000000-0000-0000-0000-000000000000\"}|400"})
  void failedOrMisplacedRequirement_is409or400_andWritesNothing(String requirementAndStatus) throws IOException {
    String[] parts = requirementAndStatus.split("\\|");
    refused("{\"requirements\":[" + parts[0] + "],\"updates\":[{\"action\":\"set-properties\",\"updates\":"
        + "{\"k\":\"v\"}}]}", Integer.parseInt(parts[1]));
  }

  @Test
  void createCommit_withAnInvalidUpdate_is400_andCreatesNothing() throws IOException {
    long files = metadataFiles();
    TableIdentifier staged = TableIdentifier.of("sales", "staged");
    Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> service.updateTable(acme, "prod",
        staged, IcebergJson.read("""
            {"requirements":[{"type":"assert-create"}],"updates":[
              {"action":"assign-uuid","uuid":"11111111-1111-1111-1111-111111111111"},
              {"action":"upgrade-format-version","format-version":2},
              {"action":"add-schema","schema":%s,"last-column-id":2},
              {"action":"set-current-schema","schema-id":-1},
              {"action":"add-spec","spec":{"spec-id":0,"fields":[]}},
              {"action":"set-default-spec","spec-id":7},
              {"action":"add-sort-order","sort-order":{"order-id":0,"fields":[]}},
              {"action":"set-default-sort-order","sort-order-id":-1},
              {"action":"set-location","location":"%s/staged"}]}""".formatted(SCHEMA, "file://" + warehouseDir),
            UpdateTableRequest.class)));
    assertAnswered(failure, 400);
    assertThat(failure).hasMessageContaining("set-default-spec");
    assertThatThrownBy(() -> current(staged)).isInstanceOf(NoSuchTableException.class);
    assertThat(metadataFiles()).isEqualTo(files);
    // a create commit with another requirement than assert-create is refused as well
    assertAnswered(org.assertj.core.api.Assertions.catchThrowable(() -> service.updateTable(acme, "prod", staged,
        IcebergJson.read("{\"requirements\":[{\"type\":\"assert-create\"},{\"type\":\"assert-current-schema-id\","
            + "\"current-schema-id\":0}],\"updates\":[]}", UpdateTableRequest.class))), 400);
  }

  @Test
  void transaction_withOneInvalidChange_changesNoTable_andWritesNoFile() throws IOException {
    String ordersBefore = current(orders).metadataFileLocation();
    String itemsBefore = current(items).metadataFileLocation();
    long files = metadataFiles();
    for (String bad : List.of("{\"updates\":[{\"action\":\"set-default-sort-order\",\"sort-order-id\":5}]}",
        "{\"updates\":[{\"action\":\"assign-uuid\",\"uuid\":\"11111111-1111-1111-1111-111111111111\"}]}",
        "{\"requirements\":[{\"type\":\"assert-current-schema-id\",\"current-schema-id\":3}],\"updates\":[]}")) {
      String json = "{\"table-changes\":[{\"identifier\":{\"namespace\":[\"sales\"],\"name\":\"orders\"},"
          + "\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"k\":\"v\"}}]},"
          + bad.replaceFirst("\\{", "{\"identifier\":{\"namespace\":[\"sales\"],\"name\":\"items\"},") + "]}";
      Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> service.commitTransaction(acme, "prod",
          IcebergJson.read(json, CommitTransactionRequest.class)));
      assertAnswered(failure, bad.contains("requirements") ? 409 : 400);
    }
    assertThat(current(orders).metadataFileLocation()).isEqualTo(ordersBefore);
    assertThat(current(items).metadataFileLocation()).isEqualTo(itemsBefore);
    assertThat(metadataFiles()).isEqualTo(files);
  }

  @Test
  void transaction_withTwoChangesToOneTable_commitsBoth() {
    service.commitTransaction(acme, "prod", IcebergJson.read("{\"table-changes\":["
        + "{\"identifier\":{\"namespace\":[\"sales\"],\"name\":\"orders\"},\"updates\":[{\"action\":"
        + "\"set-properties\",\"updates\":{\"a\":\"1\"}}]},"
        + "{\"identifier\":{\"namespace\":[\"sales\"],\"name\":\"orders\"},\"updates\":[]}]}",
        CommitTransactionRequest.class));
    assertThat(current(orders).properties()).containsEntry("a", "1");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":\"foo\",\"x\":\"y\"}",
      ""})
  void view_withAnUnsupportedOrNoRepresentation_is400_onCreateAndReplace(String representation)
      throws IOException {
    long files = metadataFiles();
    assertAnswered(org.assertj.core.api.Assertions.catchThrowable(() -> service.createView(acme, "prod",
        Namespace.of("sales"), IcebergJson.read("{\"name\":\"v2\",\"schema\":" + SCHEMA + ",\"view-version\":"
            + VIEW_VERSION.formatted(representation) + ",\"properties\":{}}", CreateViewRequest.class))), 400);
    assertThatThrownBy(() -> service.loadView(acme, "prod", TableIdentifier.of("sales", "v2")))
        .isInstanceOf(NoSuchViewException.class);
    String before = service.loadView(acme, "prod", view).metadataLocation();
    assertAnswered(org.assertj.core.api.Assertions.catchThrowable(() -> service.updateView(acme, "prod", view,
        IcebergJson.read("{\"updates\":[{\"action\":\"add-view-version\",\"view-version\":"
            + VIEW_VERSION.formatted(representation).replace("\"version-id\":1", "\"version-id\":2")
            + "},{\"action\":\"set-current-view-version\",\"view-version-id\":-1}]}", UpdateTableRequest.class))),
        400);
    assertThat(service.loadView(acme, "prod", view).metadataLocation()).isEqualTo(before);
    assertThat(metadataFiles()).isEqualTo(files);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"updates\":[{\"action\":\"assign-uuid\",\"uuid\":\"11111111-1111-1111-1111-111111111111\"}]}|400",
      "{\"updates\":[{\"action\":\"set-current-view-version\",\"view-version-id\":99}]}|400",
      "{\"updates\":[{\"action\":\"add-spec\",\"spec\":{\"spec-id\":1,\"fields\":[]}}]}|400",
      "{\"updates\":[{\"action\":\"upgrade-format-version\",\"format-version\":2}]}|400",
      "{\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"version.history.num-entries\":\"x\"}}]}|400",
      "{\"requirements\":[{\"type\":\"assert-create\"}],\"updates\":[]}|400",
      "{\"requirements\":[{\"type\":\"assert-view-uuid\",\"uuid\":\"00000000-0000-0000-0000-000000000000\"}],"
          + "\"updates\":[]}|409"})
  void replaceView_withAnInvalidUpdateOrFailedRequirement_changesNothing(String requestAndStatus)
      throws IOException {
    String[] parts = requestAndStatus.split("\\|");
    String before = service.loadView(acme, "prod", view).metadataLocation();
    long files = metadataFiles();
    assertAnswered(org.assertj.core.api.Assertions.catchThrowable(() -> service.updateView(acme, "prod", view,
        IcebergJson.read(parts[0], UpdateTableRequest.class))), Integer.parseInt(parts[1]));
    assertThat(service.loadView(acme, "prod", view).metadataLocation()).isEqualTo(before);
    assertThat(metadataFiles()).isEqualTo(files);
  }

  @Test
  void icebergTableRegisteredWithoutMetadata_is404Everywhere_andItsNameStaysTaken() throws IOException {
    pangolin.assets().create(acme, "prod", NamespaceName.of("sales"),
        new NewAsset("bare", AssetKind.ICEBERG_TABLE, Optional.empty(), Map.of(), Optional.empty()));
    pangolin.assets().create(acme, "prod", NamespaceName.of("sales"),
        new NewAsset("bareview", AssetKind.ICEBERG_VIEW, Optional.empty(), Map.of(), Optional.empty()));
    TableIdentifier bare = TableIdentifier.of("sales", "bare");
    TableIdentifier bareView = TableIdentifier.of("sales", "bareview");
    List<Runnable> tableCalls = List.of(
        () -> current(bare),
        () -> service.tableExists(acme, "prod", bare),
        () -> service.updateTable(acme, "prod", bare, IcebergJson.read("{\"updates\":[{\"action\":\"set-properties\","
            + "\"updates\":{\"k\":\"v\"}}]}", UpdateTableRequest.class)),
        () -> service.dropTable(acme, "prod", bare, false),
        () -> service.dropTable(acme, "prod", bare, true),
        () -> service.renameTable(acme, "prod", RenameTableRequest.builder().withSource(bare)
            .withDestination(TableIdentifier.of("sales", "moved")).build()),
        () -> service.loadCredentials(acme, "prod", bare),
        () -> service.planTableScan(acme, "prod", bare, IcebergJson.read("{}", PlanTableScanRequest.class)),
        () -> service.commitTransaction(acme, "prod", IcebergJson.read("{\"table-changes\":[{\"identifier\":"
            + "{\"namespace\":[\"sales\"],\"name\":\"bare\"},\"updates\":[]}]}", CommitTransactionRequest.class)));
    for (Runnable call : tableCalls) {
      Throwable failure = org.assertj.core.api.Assertions.catchThrowable(call::run);
      assertThat(failure).isInstanceOf(NoSuchTableException.class);
      assertAnswered(failure, 404);
      assertThat(failure).hasMessageContaining("without Iceberg metadata");
    }
    for (Runnable call : List.<Runnable>of(() -> service.loadView(acme, "prod", bareView),
        () -> service.viewExists(acme, "prod", bareView), () -> service.dropView(acme, "prod", bareView),
        () -> service.updateView(acme, "prod", bareView, IcebergJson.read("{\"updates\":[]}",
            UpdateTableRequest.class)))) {
      Throwable failure = org.assertj.core.api.Assertions.catchThrowable(call::run);
      assertThat(failure).isInstanceOf(NoSuchViewException.class).hasMessageContaining("without Iceberg metadata");
      assertAnswered(failure, 404);
    }
    assertThat(service.listTables(acme, "prod", Namespace.of("sales"), Optional.empty(), Optional.empty())
        .identifiers()).containsExactlyInAnyOrder(orders, items);
    assertThat(service.listViews(acme, "prod", Namespace.of("sales"), Optional.empty(), Optional.empty())
        .identifiers()).containsExactly(view);
    long files = metadataFiles();
    Throwable taken = org.assertj.core.api.Assertions.catchThrowable(() -> service.createTable(acme, "prod",
        Namespace.of("sales"), IcebergJson.read("{\"name\":\"bare\",\"schema\":" + SCHEMA + "}",
            CreateTableRequest.class)));
    assertThat(taken).isInstanceOf(AlreadyExistsException.class);
    assertAnswered(taken, 409);
    assertThat(metadataFiles()).isEqualTo(files);
    // still there for the management API, which can delete it
    assertThat(pangolin.assets().get(acme, new AssetKey("prod", NamespaceName.of("sales"), "bare"))
        .metadataLocation()).isEmpty();
  }

  @Test
  void storedPointerToCorruptMetadata_is400_notAnInternalError() throws IOException {
    Files.writeString(warehouseDir.resolve("g.metadata.json"), "garbage{");
    Files.writeString(warehouseDir.resolve("h.metadata.json"), "{\"format-version\":2}");
    for (String name : List.of("g", "h")) {
      pangolin.assets().create(acme, "prod", NamespaceName.of("sales"), new NewAsset(name, AssetKind.ICEBERG_TABLE,
          Optional.empty(), Map.of(), Optional.of("file://" + warehouseDir + "/" + name + ".metadata.json")));
      Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> current(
          TableIdentifier.of("sales", name)));
      assertThat(failure).isInstanceOf(BadRequestException.class).hasMessageContaining(name + ".metadata.json");
      assertAnswered(failure, 400);
    }
  }

  /** A FileIO whose storage fails: every read and write is an I/O error, counted. */
  public static final class FailingFileIO implements FileIO {
    static final AtomicInteger READS = new AtomicInteger();
    static final AtomicInteger WRITES = new AtomicInteger();

    @Override
    public InputFile newInputFile(String path) {
      return new InputFile() {
        @Override
        public long getLength() {
          return 10;
        }

        @Override
        public SeekableInputStream newStream() {
          READS.incrementAndGet();
          throw new UncheckedIOException(new IOException("disk on fire"));
        }

        @Override
        public String location() {
          return path;
        }

        @Override
        public boolean exists() {
          return true;
        }
      };
    }

    @Override
    public OutputFile newOutputFile(String path) {
      return new OutputFile() {
        @Override
        public PositionOutputStream createOrOverwrite() {
          WRITES.incrementAndGet();
          throw new UncheckedIOException(new IOException("disk full"));
        }

        @Override
        public PositionOutputStream create() {
          return createOrOverwrite();
        }

        @Override
        public String location() {
          return path;
        }

        @Override
        public InputFile toInputFile() {
          return newInputFile(path);
        }
      };
    }

    @Override
    public void deleteFile(String path) {}
  }

  @Test
  void failingStorage_is503_readsRetriedTwice_andNothingIsCreated() throws IOException {
    Path root = Files.createTempDirectory("pangolin-failing");
    pangolin.warehouses().create(acme, "broken", "file://" + root, Map.of("io-impl", FailingFileIO.class.getName()));
    pangolin.catalogs().create(acme, "bad", "broken", Map.of());
    pangolin.namespaces().create(acme, "bad", NamespaceName.of("sales"), Map.of());
    FailingFileIO.WRITES.set(0);
    Throwable write = org.assertj.core.api.Assertions.catchThrowable(() -> service.createTable(acme, "bad",
        Namespace.of("sales"), IcebergJson.read("{\"name\":\"t\",\"schema\":" + SCHEMA + "}",
            CreateTableRequest.class)));
    assertThat(write).isInstanceOf(ServiceUnavailableException.class);
    assertAnswered(write, 503);
    assertThat(FailingFileIO.WRITES).hasValue(1);
    assertThat(pangolin.assets().find(acme, new AssetKey("bad", NamespaceName.of("sales"), "t"))).isEmpty();

    pangolin.assets().create(acme, "bad", NamespaceName.of("sales"), new NewAsset("p", AssetKind.ICEBERG_TABLE,
        Optional.empty(), Map.of(), Optional.of("file://" + root + "/p.metadata.json")));
    FailingFileIO.READS.set(0);
    Throwable read = org.assertj.core.api.Assertions.catchThrowable(() -> service.loadTable(acme, "bad",
        TableIdentifier.of("sales", "p"), IcebergRestService.SnapshotMode.ALL));
    assertThat(read).isInstanceOf(ServiceUnavailableException.class).hasMessageContaining("p.metadata.json");
    assertAnswered(read, 503);
    assertThat(FailingFileIO.READS).hasValue(1 + BoundedRead.RETRIES);
  }

  @Test
  void unreachableObjectStore_is503_withTheS3ClientBoundedByTimeoutsAndRetries() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    pangolin.warehouses().create(acme, "s3lake", "s3://bucket/lake", Map.of("endpoint",
        "http://127.0.0.1:" + closedPort, "path-style-access", "true", "region", "us-east-1",
        "access-key-id", "ak", "secret-access-key", "sk"));
    pangolin.catalogs().create(acme, "remote", "s3lake", Map.of());
    pangolin.namespaces().create(acme, "remote", NamespaceName.of("sales"), Map.of());
    Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> service.createTable(acme, "remote",
        Namespace.of("sales"), IcebergJson.read("{\"name\":\"t\",\"schema\":" + SCHEMA + "}",
            CreateTableRequest.class)));
    assertThat(failure).isInstanceOf(ServiceUnavailableException.class);
    assertAnswered(failure, 503);
    assertThat(pangolin.assets().find(acme, new AssetKey("remote", NamespaceName.of("sales"), "t"))).isEmpty();
    Map<String, String> props = WarehouseFileIOs.s3Properties(Map.of());
    assertThat(props).containsEntry("http-client.urlconnection.connection-timeout-ms", "3000")
        .containsEntry("http-client.urlconnection.socket-timeout-ms", "30000")
        .containsEntry("s3.retry.num-retries", "2");
    assertThat(WarehouseFileIOs.s3Properties(Map.of("s3.retry.num-retries", "5")))
        .containsEntry("s3.retry.num-retries", "5");
  }
}
