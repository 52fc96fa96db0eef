package io.pangolin.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.AuditQuery;
import io.pangolin.api.AuditResult;
import io.pangolin.api.QuotaExceededException;
import io.pangolin.api.RequestContext;
import io.pangolin.core.Limits;
import io.pangolin.core.Pangolin;
import io.pangolin.spi.MetadataStore;
import io.pangolin.store.memory.MemoryMetadataStore;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.view.View;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Iceberg semantics over the Pangolin services, in-process (the REST suite is in pangolin-server). */
class PangolinCatalogTest {
  private static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "category", Types.StringType.get()));
  private static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).identity("category").build();

  @TempDir
  Path warehouseDir;

  private final MemoryMetadataStore store = new MemoryMetadataStore();
  private volatile Runnable interceptUpdateAssets;
  private Pangolin pangolin;
  private IcebergCatalogs catalogs;
  private PangolinCatalog catalog;
  private String root;
  private final RequestContext acme = RequestContext.of("acme", "alice");

  @BeforeEach
  void setUp() {
    MetadataStore intercepting = (MetadataStore) Proxy.newProxyInstance(MetadataStore.class.getClassLoader(),
        new Class<?>[] {MetadataStore.class}, (proxy, method, args) -> {
          Runnable hook = interceptUpdateAssets;
          if (hook != null && method.getName().equals("updateAssets")) {
            hook.run();
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    pangolin = Pangolin.builder().localStorageRoots(TestRoots.TMP).store(intercepting)
        .limits(Limits.defaults().withMaxTablesPerNamespace(5)).build();
    root = "file://" + warehouseDir;
    pangolin.tenants().create(acme, "acme", Map.of());
    pangolin.warehouses().create(acme, "lake", root, Map.of());
    pangolin.catalogs().create(acme, "prod", "lake", Map.of());
    catalogs = new IcebergCatalogs(pangolin);
    catalog = catalogs.open(acme, "prod");
    catalog.createNamespace(Namespace.of("sales"), Map.of("owner", "bi"));
  }

  @AfterEach
  void tearDown() {
    catalogs.close();
    pangolin.close();
  }

  private Table createTable(String name) {
    return catalog.buildTable(TableIdentifier.of("sales", name), SCHEMA).withPartitionSpec(SPEC)
        .withSortOrder(SortOrder.builderFor(SCHEMA).asc("id").build()).create();
  }

  private static DataFile dataFile(Table table, String name) {
    return DataFiles.builder(table.spec()).withPath(table.location() + "/data/category=a/" + name + ".parquet")
        .withFileSizeInBytes(100).withRecordCount(1).withPartitionPath("category=a").build();
  }

  private long audits(String action, AuditResult result) {
    return pangolin.audit().count(acme, new AuditQuery(Optional.empty(), Optional.of(action), Optional.empty(),
        Optional.empty(), Optional.of(result), Optional.empty(), Optional.empty()));
  }

  private long metadataFiles(Table table) throws IOException {
    Path dir = LocalFileIO.path(table.location() + "/metadata");
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".metadata.json")).count();
    }
  }

  @Test
  void createTable_usesHashPrefixedLocationAndWritesMetadataUnderIt() {
    Table t = createTable("orders");
    assertThat(t.location()).matches(java.util.regex.Pattern.quote(root) + "/[0-9a-f]{4}/sales/orders-[0-9a-f-]{36}");
    String metadataLocation = ((BaseTable) t).operations().current().metadataFileLocation();
    assertThat(metadataLocation).startsWith(t.location() + "/metadata/00000-");
    assertThat(catalog.io().newInputFile(metadataLocation).exists()).isTrue();
    assertThat(catalog.loadTable(TableIdentifier.of("sales", "orders")).spec()).isEqualTo(t.spec());
    assertThat(audits("asset.create", AuditResult.SUCCESS)).isEqualTo(1);
  }

  @Test
  void createTable_withLocationInsideRoot_honoursIt_andOutsideRoot_fails() {
    Table t = catalog.buildTable(TableIdentifier.of("sales", "placed"), SCHEMA).withLocation(root + "/custom/placed")
        .create();
    assertThat(t.location()).isEqualTo(root + "/custom/placed");
    assertThatThrownBy(() -> catalog.buildTable(TableIdentifier.of("sales", "escaped"), SCHEMA)
        .withLocation("file:///tmp/elsewhere").create())
        .isInstanceOf(io.pangolin.api.ValidationException.class).hasMessageContaining("outside the warehouse root");
    assertThat(catalog.tableExists(TableIdentifier.of("sales", "escaped"))).isFalse();
  }

  @Test
  void createTable_inMissingNamespace_failsWithNoSuchNamespace() {
    assertThatThrownBy(() -> catalog.buildTable(TableIdentifier.of("nope", "t"), SCHEMA).create())
        .isInstanceOf(NoSuchNamespaceException.class);
  }

  @Test
  void commits_appendSnapshotsAndTrackPreviousMetadataFiles() {
    Table t = createTable("events");
    t.newAppend().appendFile(dataFile(t, "f1")).commit();
    t.newAppend().appendFile(dataFile(t, "f2")).commit();
    t.updateSchema().addColumn("amount", Types.DoubleType.get()).commit();

    Table loaded = catalog.loadTable(TableIdentifier.of("sales", "events"));
    TableMetadata m = ((BaseTable) loaded).operations().current();
    assertThat(m.snapshots()).hasSize(2);
    assertThat(m.schema().findField("amount")).isNotNull();
    assertThat(m.previousFiles()).hasSize(3);
    assertThat(m.previousFiles()).allSatisfy(e -> assertThat(catalog.io().newInputFile(e.file()).exists()).isTrue());
    assertThat(audits("asset.commit", AuditResult.SUCCESS)).isEqualTo(3);
  }

  @Test
  void parquetData_writtenWithIcebergsGenericWriter_readsBackThroughTheCatalog() throws IOException {
    Table t = createTable("parquet");
    GenericRecord record = GenericRecord.create(SCHEMA);
    PartitionKey partition = new PartitionKey(t.spec(), t.schema());
    partition.partition(record.copy(Map.of("id", 0L, "category", "a")));
    DataWriter<Record> writer = Parquet.writeData(t.io().newOutputFile(t.location() + "/data/category=a/f.parquet"))
        .schema(t.schema()).createWriterFunc(GenericParquetWriter::create).withSpec(t.spec())
        .withPartition(partition).build();
    try (writer) {
      for (long i = 0; i < 3; i++) {
        writer.write(record.copy(Map.of("id", i, "category", "a")));
      }
    }
    t.newAppend().appendFile(writer.toDataFile()).commit();

    List<Long> ids = new ArrayList<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(catalog.loadTable(TableIdentifier.of("sales",
        "parquet"))).build()) {
      rows.forEach(r -> ids.add((Long) r.getField("id")));
    }
    assertThat(ids).containsExactlyInAnyOrder(0L, 1L, 2L);
  }

  @Test
  void commit_fromStaleMetadata_failsWithCommitFailed_andLeavesStateAndFilesUnchanged() throws IOException {
    Table t = createTable("stale");
    TableIdentifier id = TableIdentifier.of("sales", "stale");
    TableOperations a = ((BaseTable) catalog.loadTable(id)).operations();
    TableOperations b = ((BaseTable) catalogs.open(acme, "prod").loadTable(id)).operations();
    TableMetadata baseA = a.current();
    TableMetadata baseB = b.current();
    a.commit(baseA, TableMetadata.buildFrom(baseA).setProperties(Map.of("winner", "a")).build());
    long filesBefore = metadataFiles(t);

    assertThatThrownBy(() -> b.commit(baseB, TableMetadata.buildFrom(baseB).setProperties(Map.of("winner", "b"))
        .build())).isInstanceOf(CommitFailedException.class);

    assertThat(catalog.loadTable(id).properties()).containsEntry("winner", "a");
    assertThat(metadataFiles(t)).isEqualTo(filesBefore);
    assertThat(audits("asset.commit", AuditResult.FAILURE)).isEqualTo(1);
  }

  @Test
  void transaction_isAtomic_whenOneRequirementFails_nothingChanges() throws IOException {
    Table one = createTable("one");
    Table two = createTable("two");
    String oneBefore = ((BaseTable) one).operations().current().metadataFileLocation();
    String twoBefore = ((BaseTable) two).operations().current().metadataFileLocation();
    long filesBefore = metadataFiles(one) + metadataFiles(two);

    UpdateTableRequest ok = UpdateTableRequest.create(TableIdentifier.of("sales", "one"),
        new ArrayList<UpdateRequirement>(List.of(new UpdateRequirement.AssertTableUUID(one.uuid().toString()))),
        new ArrayList<MetadataUpdate>(List.of(new MetadataUpdate.SetProperties(new HashMap<>(Map.of("k", "v"))))));
    UpdateTableRequest failing = UpdateTableRequest.create(TableIdentifier.of("sales", "two"),
        new ArrayList<UpdateRequirement>(List.of(new UpdateRequirement.AssertCurrentSchemaID(99))),
        new ArrayList<MetadataUpdate>(List.of(new MetadataUpdate.SetProperties(new HashMap<>(Map.of("k", "v"))))));

    assertThatThrownBy(() -> catalog.commitTransaction(List.of(ok, failing)))
        .isInstanceOf(CommitFailedException.class);
    assertThat(((BaseTable) catalog.loadTable(TableIdentifier.of("sales", "one"))).operations().current()
        .metadataFileLocation()).isEqualTo(oneBefore);
    assertThat(((BaseTable) catalog.loadTable(TableIdentifier.of("sales", "two"))).operations().current()
        .metadataFileLocation()).isEqualTo(twoBefore);
    assertThat(metadataFiles(one) + metadataFiles(two)).isEqualTo(filesBefore);

    UpdateTableRequest alsoOk = UpdateTableRequest.create(TableIdentifier.of("sales", "two"), new ArrayList<UpdateRequirement>(),
        new ArrayList<MetadataUpdate>(List.of(new MetadataUpdate.SetProperties(new HashMap<>(Map.of("k", "w"))))));
    catalog.commitTransaction(List.of(ok, alsoOk));
    assertThat(catalog.loadTable(TableIdentifier.of("sales", "one")).properties()).containsEntry("k", "v");
    assertThat(catalog.loadTable(TableIdentifier.of("sales", "two")).properties()).containsEntry("k", "w");
    assertThat(audits("asset.commit-multi", AuditResult.SUCCESS)).isEqualTo(1);
  }

  @Test
  void transaction_whenATableChangesBeforeTheSwap_failsAndDeletesTheFilesItWrote() throws IOException {
    Table one = createTable("c1");
    Table two = createTable("c2");
    long filesBefore = metadataFiles(one) + metadataFiles(two);
    // another writer moves c2 after the transaction read it, right before the multi-asset swap
    interceptUpdateAssets = () -> {
      var key = new io.pangolin.api.AssetKey("prod", io.pangolin.api.NamespaceName.of("sales"), "c2");
      var current = store.getAsset("acme", key).orElseThrow();
      store.updateAsset(current, current.version());
    };
    UpdateTableRequest u1 = UpdateTableRequest.create(TableIdentifier.of("sales", "c1"), new ArrayList<UpdateRequirement>(),
        new ArrayList<MetadataUpdate>(List.of(new MetadataUpdate.SetProperties(new HashMap<>(Map.of("tx", "1"))))));
    UpdateTableRequest u2 = UpdateTableRequest.create(TableIdentifier.of("sales", "c2"), new ArrayList<UpdateRequirement>(),
        new ArrayList<MetadataUpdate>(List.of(new MetadataUpdate.SetProperties(new HashMap<>(Map.of("tx", "1"))))));

    assertThatThrownBy(() -> catalog.commitTransaction(List.of(u1, u2))).isInstanceOf(CommitFailedException.class);

    interceptUpdateAssets = null;
    assertThat(catalog.loadTable(TableIdentifier.of("sales", "c1")).properties()).doesNotContainKey("tx");
    assertThat(catalog.loadTable(TableIdentifier.of("sales", "c2")).properties()).doesNotContainKey("tx");
    assertThat(metadataFiles(one) + metadataFiles(two)).isEqualTo(filesBefore);
  }

  @Test
  void transaction_cannotCreateTables() {
    UpdateTableRequest create = UpdateTableRequest.create(TableIdentifier.of("sales", "new"),
        new ArrayList<UpdateRequirement>(List.of(new UpdateRequirement.AssertTableDoesNotExist())), new ArrayList<>());
    assertThatThrownBy(() -> catalog.commitTransaction(List.of(create))).isInstanceOf(BadRequestException.class);
  }

  @Test
  void renameAcrossNamespaces_registerAndDropWithPurge() {
    catalog.createNamespace(Namespace.of("archive"), Map.of());
    Table t = createTable("r1");
    t.newAppend().appendFile(dataFile(t, "f1")).commit();
    TableIdentifier to = TableIdentifier.of("archive", "r1");
    catalog.renameTable(TableIdentifier.of("sales", "r1"), to);
    assertThat(catalog.tableExists(TableIdentifier.of("sales", "r1"))).isFalse();
    assertThat(catalog.loadTable(to).currentSnapshot()).isNotNull();
    assertThatThrownBy(() -> catalog.renameTable(TableIdentifier.of("sales", "missing"), to))
        .isInstanceOf(NoSuchTableException.class);
    assertThatThrownBy(() -> catalog.renameTable(to, TableIdentifier.of("nope", "x")))
        .isInstanceOf(NoSuchNamespaceException.class);

    String metadataLocation = ((BaseTable) catalog.loadTable(to)).operations().current().metadataFileLocation();
    Table registered = catalog.registerTable(TableIdentifier.of("sales", "again"), metadataLocation);
    assertThat(registered.currentSnapshot().snapshotId()).isEqualTo(t.currentSnapshot().snapshotId());
    assertThatThrownBy(() -> catalog.registerTable(TableIdentifier.of("sales", "again"), metadataLocation))
        .isInstanceOf(AlreadyExistsException.class);

    String manifestList = registered.currentSnapshot().manifestListLocation();
    assertThat(catalog.dropTable(TableIdentifier.of("sales", "again"), true)).isTrue();
    assertThat(catalog.io().newInputFile(manifestList).exists()).isFalse();
    assertThat(catalog.io().newInputFile(metadataLocation).exists()).isFalse();
    assertThat(catalog.dropTable(TableIdentifier.of("sales", "again"), true)).isFalse();
  }

  @Test
  void namespaces_nestPropertiesUpdateAtomicallyAndDropRefusesNonEmpty() {
    catalog.createNamespace(Namespace.of("sales", "emea"), Map.of());
    catalog.createNamespace(Namespace.of("sales", "emea", "daily"), Map.of("a", "1", "b", "2"));
    assertThat(catalog.listNamespaces(Namespace.of("sales"))).containsExactly(Namespace.of("sales", "emea"));
    assertThat(catalog.listNamespaces(Namespace.empty())).containsExactly(Namespace.of("sales"));
    var r = catalog.updateProperties(Namespace.of("sales", "emea", "daily"), Map.of("c", "3"), Set.of("a", "zz"));
    assertThat(r.updated()).containsExactly("c");
    assertThat(r.removed()).containsExactly("a");
    assertThat(r.missing()).containsExactly("zz");
    // the stored properties, and the location the policy gives the namespace (engines derive table locations from it)
    Map<String, String> props = catalog.loadNamespaceMetadata(Namespace.of("sales", "emea", "daily"));
    assertThat(props).containsEntry("b", "2").containsEntry("c", "3").hasSize(3);
    assertThat(props.get("location")).matches(java.util.regex.Pattern.quote(
        io.pangolin.core.Locations.canonical("root", catalog.warehouseRoot())) + "/[0-9a-f]{4}/sales/emea/daily");
    assertThatThrownBy(() -> catalog.dropNamespace(Namespace.of("sales", "emea")))
        .isInstanceOf(NamespaceNotEmptyException.class);
    assertThatThrownBy(() -> catalog.createNamespace(Namespace.of("sales"), Map.of()))
        .isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> catalog.createNamespace(Namespace.of("x", "y"), Map.of()))
        .isInstanceOf(NoSuchNamespaceException.class);
    assertThatThrownBy(() -> catalog.createNamespace(Namespace.of("sales", "emea", "daily", "h", "m"), Map.of()))
        .isInstanceOf(io.pangolin.api.ValidationException.class).hasMessageContaining("limit");
    assertThat(catalog.dropNamespace(Namespace.of("sales", "emea", "daily"))).isTrue();
    assertThat(catalog.dropNamespace(Namespace.of("sales", "emea", "daily"))).isFalse();
  }

  @Test
  void quotaExceeded_failsTheCreate_andLeavesNoMetadataFile() throws IOException {
    for (int i = 0; i < 5; i++) {
      createTable("q" + i);
    }
    try (Stream<Path> before = Files.walk(warehouseDir)) {
      long files = before.filter(Files::isRegularFile).count();
      assertThatThrownBy(() -> createTable("q5")).isInstanceOf(QuotaExceededException.class);
      try (Stream<Path> after = Files.walk(warehouseDir)) {
        assertThat(after.filter(Files::isRegularFile).count()).isEqualTo(files);
      }
    }
  }

  @Test
  void views_createReplaceRenameDrop_andShareTheNameSpaceWithTables() {
    TableIdentifier id = TableIdentifier.of("sales", "v");
    View v = catalog.buildView(id).withSchema(SCHEMA).withDefaultNamespace(Namespace.of("sales"))
        .withQuery("spark", "select id, category from sales.orders").create();
    assertThat(v.location()).startsWith(root + "/");
    catalog.buildView(id).withSchema(SCHEMA).withDefaultNamespace(Namespace.of("sales"))
        .withQuery("spark", "select id, category from sales.orders where id > 0").replace();
    assertThat(catalog.loadView(id).currentVersion().versionId()).isEqualTo(2);
    assertThatThrownBy(() -> catalog.buildTable(id, SCHEMA).create())
        .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("View with same name");
    assertThat(catalog.listViews(Namespace.of("sales"))).containsExactly(id);
    assertThat(catalog.listTables(Namespace.of("sales"))).isEmpty();
    // a taken target is worded as the reference catalogs word it (clients and Iceberg's own kit match on it)
    createTable("t");
    assertThatThrownBy(() -> catalog.renameView(id, TableIdentifier.of("sales", "t")))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessage("Cannot rename sales.v to sales.t. Table already exists");
    assertThatThrownBy(() -> catalog.renameTable(TableIdentifier.of("sales", "t"), id))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessage("Cannot rename sales.t to sales.v. View already exists");
    TableIdentifier renamed = TableIdentifier.of("sales", "v2");
    catalog.renameView(id, renamed);
    assertThat(catalog.viewExists(id)).isFalse();
    assertThat(catalog.dropView(renamed)).isTrue();
    assertThat(catalog.dropView(renamed)).isFalse();
  }

  @Test
  void tenants_areIsolated() {
    RequestContext globex = RequestContext.of("globex", "bob");
    pangolin.tenants().create(globex, "globex", Map.of());
    // a root of its own: inside acme's root it would be refused (warehouse roots never overlap)
    pangolin.warehouses().create(globex, "lake", root + "-globex", Map.of());
    pangolin.catalogs().create(globex, "prod", "lake", Map.of());
    PangolinCatalog other = catalogs.open(globex, "prod");
    createTable("shared_name");
    assertThat(other.namespaceExists(Namespace.of("sales"))).isFalse();
    other.createNamespace(Namespace.of("sales"), Map.of());
    assertThat(other.tableExists(TableIdentifier.of("sales", "shared_name"))).isFalse();
    other.buildTable(TableIdentifier.of("sales", "shared_name"), SCHEMA).create();
    assertThat(other.loadTable(TableIdentifier.of("sales", "shared_name")).location()).startsWith(root + "-globex/");
  }
}
