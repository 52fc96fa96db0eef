package io.pangolin.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.RequestContext;
import io.pangolin.core.Pangolin;
import io.pangolin.store.memory.MemoryMetadataStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.RegisterTableRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Storage belongs to one tenant, over the Iceberg REST operations with two tenants: each test reproduces one way
 * tenant B ("globex") tried to reach tenant A's ("acme") files, and checks the 4xx answer and that nothing changed.
 */
class StorageIsolationTest {
  private static final String SCHEMA = """
      {"type":"struct","schema-id":0,"fields":[{"id":1,"name":"id","required":true,"type":"long"}]}""";

  @TempDir
  Path dir;

  private Path aRoot;
  private Path bRoot;
  private MemoryMetadataStore store;
  private Pangolin pangolin;
  private IcebergRestService service;
  private final RequestContext acme = RequestContext.of("acme", "alice");
  private final RequestContext globex = RequestContext.of("globex", "mallory");
  private final Namespace sales = Namespace.of("sales");
  private final TableIdentifier orders = TableIdentifier.of("sales", "orders");
  private final TableIdentifier stolen = TableIdentifier.of("sales", "stolen");
  private String aMetadata;

  @BeforeEach
  void setUp() {
    aRoot = dir.resolve("a");
    bRoot = dir.resolve("b");
    store = new MemoryMetadataStore();
    pangolin = Pangolin.builder().localStorageRoots(TestRoots.TMP).store(store).build();
    service = new IcebergRestService(pangolin, MetadataCache.DEFAULT_MAX_BYTES, 64 * 1024);
    for (RequestContext ctx : new RequestContext[] {acme, globex}) {
      pangolin.tenants().create(ctx, ctx.tenant(), Map.of());
      pangolin.warehouses().create(ctx, "lake", "file://" + (ctx == acme ? aRoot : bRoot), Map.of());
      pangolin.catalogs().create(ctx, "prod", "lake", Map.of());
      service.createNamespace(ctx, "prod", IcebergJson.read("{\"namespace\":[\"sales\"]}",
          CreateNamespaceRequest.class));
    }
    aMetadata = service.createTable(acme, "prod", sales, create("orders", "")).metadataLocation();
  }

  @AfterEach
  void tearDown() {
    service.close();
    pangolin.close();
  }

  private static CreateTableRequest create(String name, String extra) {
    return IcebergJson.read("{\"name\":\"" + name + "\",\"schema\":" + SCHEMA + extra + "}",
        CreateTableRequest.class);
  }

  private void assertRefused(Runnable call, int expected) {
    assertThatThrownBy(call::run).satisfies(e -> {
      ErrorResponse r = IcebergErrors.toErrorResponse(e, "test");
      assertThat(r.code()).as(r.message()).isEqualTo(expected);
      assertThat(r.message()).doesNotContain("Exception:").doesNotContain("acme");
    });
  }

  private boolean globexHas(TableIdentifier id) {
    return pangolin.assets().exists(globex, new AssetKey("prod", NamespaceName.of("sales"), id.name()));
  }

  @Test
  void registerTable_ofAnotherTenantsMetadataFile_isRefused() {
    assertRefused(() -> service.registerTable(globex, "prod", sales, IcebergJson.read(
        "{\"name\":\"stolen\",\"metadata-location\":\"" + aMetadata + "\"}", RegisterTableRequest.class)), 400);
    assertThat(globexHas(stolen)).isFalse();
    assertThat(Files.exists(Path.of(aMetadata.substring("file:".length())))).isTrue();
  }

  @Test
  void registerTable_withOtherSpellingsOfAnotherTenantsFile_isRefused() {
    String path = aMetadata.substring("file://".length());
    for (String spelling : new String[] {"file:" + path, "FILE://localhost" + path, "file:///" + path}) {
      assertRefused(() -> service.registerTable(globex, "prod", sales, IcebergJson.read(
          "{\"name\":\"stolen\",\"metadata-location\":\"" + spelling + "\"}", RegisterTableRequest.class)), 400);
    }
    assertThat(globexHas(stolen)).isFalse();
  }

  @Test
  void loadTable_whoseStoredPointerLeavesTheRoot_isRefusedWithoutReadingIt() {
    service.createTable(globex, "prod", sales, create("t", ""));
    AssetKey key = new AssetKey("prod", NamespaceName.of("sales"), "t");
    Asset a = store.getAsset("globex", key).orElseThrow();
    // a pointer written before the rules existed (the engine refuses to write one now)
    store.updateAsset(new Asset(a.tenant(), a.id(), a.catalog(), a.namespace(), a.name(), a.kind(), a.location(),
        a.properties(), Optional.of(aMetadata), a.createdAt(), a.updatedAt(), a.version()), a.version());

    assertRefused(() -> service.loadTable(globex, "prod", TableIdentifier.of("sales", "t"),
        IcebergRestService.SnapshotMode.ALL), 400);
    assertThat(service.catalogs().metadataCache().cachedTable(
        pangolin.warehouses().get(globex, "lake"), aMetadata)).isNull();
  }

  @Test
  void createTable_insideAnotherTenantsTableDirectory_isRefused() {
    String aTable = service.loadTable(acme, "prod", orders, IcebergRestService.SnapshotMode.ALL).tableMetadata()
        .location();
    for (boolean stage : new boolean[] {false, true}) {
      assertRefused(() -> service.createTable(globex, "prod", sales, create("stolen",
          ",\"location\":\"" + aTable + "/inner\",\"stage-create\":" + stage)), 400);
    }
    assertThat(globexHas(stolen)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"write.metadata.path", "write.data.path", "write.object-storage.path",
      "write.folder-storage.path"})
  void createTable_withAPathPropertyInAnotherTenantsArea_isRefused(String key) {
    assertRefused(() -> service.createTable(globex, "prod", sales, create("stolen",
        ",\"properties\":{\"" + key + "\":\"file://" + aRoot + "/x\"}")), 400);
    assertThat(globexHas(stolen)).isFalse();
  }

  @Test
  void setLocation_orMetadataPath_intoAnotherTenantsArea_isRefused_andNothingChanges() {
    service.createTable(globex, "prod", sales, create("t", ""));
    TableIdentifier t = TableIdentifier.of("sales", "t");
    String before = service.loadTable(globex, "prod", t, IcebergRestService.SnapshotMode.ALL).metadataLocation();
    assertRefused(() -> service.updateTable(globex, "prod", t, IcebergJson.read("{\"requirements\":[],"
        + "\"updates\":[{\"action\":\"set-location\",\"location\":\"file://" + aRoot + "/x\"}]}",
        UpdateTableRequest.class)), 400);
    for (String key : new String[] {"write.metadata.path", "write.data.path"}) {
      assertRefused(() -> service.updateTable(globex, "prod", t, IcebergJson.read("{\"requirements\":[],"
          + "\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"" + key + "\":\"file:" + aRoot
          + "/metadata\"}}]}", UpdateTableRequest.class)), 400);
    }
    assertThat(service.loadTable(globex, "prod", t, IcebergRestService.SnapshotMode.ALL).metadataLocation())
        .isEqualTo(before);
  }

  @Test
  void purge_skipsFilesTheMetadataListsOutsideTheRoot() throws Exception {
    Path victim = aRoot.resolve("precious.parquet");
    Files.createDirectories(aRoot);
    Files.writeString(victim, "acme's data");
    service.createTable(globex, "prod", sales, create("t", ""));
    TableIdentifier t = TableIdentifier.of("sales", "t");
    Table table = service.catalogs().open(globex, "prod").loadTable(t);
    Path own = Path.of(table.location().substring("file:".length()).replaceFirst("^//", ""), "data", "own.parquet");
    Files.createDirectories(own.getParent());
    Files.writeString(own, "globex's data");
    table.newAppend()
        .appendFile(DataFiles.builder(table.spec()).withPath("file://" + victim).withFileSizeInBytes(11)
            .withRecordCount(1).build())
        .appendFile(DataFiles.builder(table.spec()).withPath("file://" + own).withFileSizeInBytes(13)
            .withRecordCount(1).build())
        .commit();

    service.dropTable(globex, "prod", t, true);

    assertThat(victim).exists().hasContent("acme's data");
    assertThat(own).doesNotExist();
    assertThat(globexHas(t)).isFalse();
  }

  @Test
  void metadataLocation_thatIsADirectoryOrMissing_failsFast() {
    Path directory = bRoot.resolve("a-dir.metadata.json");
    directory.toFile().mkdirs();
    for (String location : new String[] {"file://" + directory, "file://" + bRoot + "/missing.metadata.json"}) {
      long start = System.nanoTime();
      assertRefused(() -> service.registerTable(globex, "prod", sales, IcebergJson.read(
          "{\"name\":\"stolen\",\"metadata-location\":\"" + location + "\"}", RegisterTableRequest.class)), 404);
      assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(3_000);
    }
    assertThat(globexHas(stolen)).isFalse();
  }

  @Test
  void loadTable_whosePointedFileVanished_failsFast() throws Exception {
    service.createTable(globex, "prod", sales, create("t", ""));
    TableIdentifier t = TableIdentifier.of("sales", "t");
    String location = service.loadTable(globex, "prod", t, IcebergRestService.SnapshotMode.ALL).metadataLocation();
    service.catalogs().metadataCache().clear();
    Files.delete(Path.of(location.substring("file:".length()).replaceFirst("^//", "")));
    long start = System.nanoTime();
    assertRefused(() -> service.loadTable(globex, "prod", t, IcebergRestService.SnapshotMode.ALL), 404);
    assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(3_000);
  }

  @Test
  void metadataFile_largerThanTheLimit_isRefusedUnread() throws Exception {
    Path big = bRoot.resolve("big.metadata.json");
    Files.createDirectories(bRoot);
    Files.writeString(big, "{" + " ".repeat(128 * 1024) + "}");
    assertRefused(() -> service.registerTable(globex, "prod", sales, IcebergJson.read(
        "{\"name\":\"stolen\",\"metadata-location\":\"file://" + big + "\"}", RegisterTableRequest.class)), 400);
    assertThat(globexHas(stolen)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"file:///etc/passwd", "http://169.254.169.254/latest/meta-data", "gopher://x/y"})
  void foreignSchemes_asLocations_areRefused(String location) {
    assertRefused(() -> service.registerTable(globex, "prod", sales, IcebergJson.read(
        "{\"name\":\"stolen\",\"metadata-location\":\"" + location + "\"}", RegisterTableRequest.class)), 400);
    assertRefused(() -> service.createTable(globex, "prod", sales, create("stolen",
        ",\"location\":\"" + location + "\"")), 400);
    assertThat(globexHas(stolen)).isFalse();
  }
}
