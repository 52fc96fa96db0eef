package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import io.pangolin.api.AuditQuery;
import io.pangolin.api.AuditResult;
import io.pangolin.api.RequestContext;
import io.pangolin.core.Pangolin;
import io.pangolin.iceberg.LocalFileIO;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HistoryEntry;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.ImmutableTableCommit;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableCommit;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.RESTException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.view.View;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Iceberg REST Catalog API end to end, driven only by Iceberg's own client ({@link RESTCatalog}) against the
 * real server, engine and in-memory store. Every scenario runs for two tenants at once, in parallel, with identical
 * warehouse, catalog, namespace and table names — and each must see only its own data.
 */
@HelidonTest
@AddConfig(key = "pangolin.limits.max-namespace-depth", value = "3")
@AddConfig(key = "pangolin.limits.max-tables-per-namespace", value = "40")
class IcebergRestCatalogTest {
  static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "category", Types.StringType.get()),
      Types.NestedField.optional(3, "note", Types.StringType.get()));
  static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).identity("category").build();
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static Path root;

  @Inject
  WebTarget target;

  @Inject
  Pangolin pangolin;

  @Inject
  MetricRegistry registry;

  private String uri;

  /** One tenant's view: its client and its warehouse directory. */
  record Tenant(String name, RESTCatalog catalog, Path warehouse) {}

  @FunctionalInterface
  interface Scenario {
    void run(Tenant t) throws Exception;
  }

  @BeforeAll
  static void createRoot() throws IOException {
    root = Files.createTempDirectory("pangolin-iceberg-rest");
  }

  @AfterAll
  static void deleteRoot() throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @BeforeEach
  void base() {
    String u = target.getUri().toString();
    uri = u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  /** A fresh tenant with warehouse {@code lake} (its own directory), catalog {@code prod}, and a client. */
  private Tenant tenant(String prefix) {
    String name = prefix + "-" + SEQ.incrementAndGet();
    RequestContext admin = RequestContext.of(name, "test-admin");
    Path dir = root.resolve(name);
    pangolin.tenants().create(admin, name, Map.of());
    pangolin.warehouses().create(admin, "lake", "file://" + dir, Map.of());
    pangolin.catalogs().create(admin, "prod", "lake", Map.of());
    return new Tenant(name, client(Map.of("warehouse", "prod", "header.X-Pangolin-Tenant", name)), dir);
  }

  private RESTCatalog client(Map<String, String> props) {
    Map<String, String> all = new HashMap<>(props);
    all.put(CatalogProperties.URI, uri);
    all.put(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
    RESTCatalog catalog = new RESTCatalog();
    catalog.initialize("pangolin", TestAuth.rootClient(all));
    return catalog;
  }

  /** Runs {@code scenario} for two fresh tenants in parallel; both must pass. */
  private void forTwoTenants(Scenario scenario) throws Exception {
    List<Tenant> tenants = List.of(tenant("iceberg"), tenant("iceberg"));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (Tenant t : tenants) {
        runs.add(pool.submit((Callable<Void>) () -> {
          scenario.run(t);
          return null;
        }));
      }
      for (Future<?> run : runs) {
        try {
          run.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Exception ex) {
            throw ex;
          }
          throw (Error) e.getCause();
        }
      }
    } finally {
      pool.shutdownNow();
      for (Tenant t : tenants) {
        t.catalog().close();
      }
    }
  }

  private static Table createOrders(RESTCatalog c, TableIdentifier id) {
    return c.buildTable(id, SCHEMA).withPartitionSpec(SPEC)
        .withSortOrder(SortOrder.builderFor(SCHEMA).asc("id").build())
        .withProperty("owner", "bi").create();
  }

  /** Writes a real Parquet file with Iceberg's generic writer; returns its data file. */
  private static DataFile writeParquet(Table table, String category, long... ids) throws IOException {
    GenericRecord record = GenericRecord.create(table.schema());
    PartitionKey partition = new PartitionKey(table.spec(), table.schema());
    partition.partition(record.copy(Map.of("id", 0L, "category", category)));
    String path = table.locationProvider().newDataLocation(table.spec(), partition,
        "part-" + UUID.randomUUID() + ".parquet");
    DataWriter<Record> writer = Parquet.writeData(table.io().newOutputFile(path)).schema(table.schema())
        .createWriterFunc(GenericParquetWriter::create).withSpec(table.spec()).withPartition(partition).build();
    try (writer) {
      for (long id : ids) {
        writer.write(record.copy(Map.of("id", id, "category", category)));
      }
    }
    return writer.toDataFile();
  }

  private static List<Record> scan(Table table) throws IOException {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
      it.forEach(rows::add);
    }
    return rows;
  }

  private static String metadataLocation(Table t) {
    return ((BaseTable) t).operations().current().metadataFileLocation();
  }

  // ------------------------------------------------------------------------------------------------- namespaces

  @Test
  void namespaces_nestWithProperties_pageAndRefuseToDropWhenNotEmpty() throws Exception {
    forTwoTenants(t -> {
      RESTCatalog c = t.catalog();
      c.createNamespace(Namespace.of("sales"), new HashMap<>(Map.of("owner", "bi")));
      c.createNamespace(Namespace.of("sales", "emea"), new HashMap<>());
      c.createNamespace(Namespace.of("sales", "emea", "daily"), new HashMap<>(Map.of("retention", "30d")));
      for (String n : List.of("a", "b", "c")) {
        c.createNamespace(Namespace.of(n));
      }
      assertThat(c.listNamespaces()).containsExactly(Namespace.of("a"), Namespace.of("b"), Namespace.of("c"),
          Namespace.of("sales"));
      assertThat(c.listNamespaces(Namespace.of("sales"))).containsExactly(Namespace.of("sales", "emea"));
      assertThat(c.listNamespaces(Namespace.of("sales", "emea"))).containsExactly(Namespace.of("sales", "emea",
          "daily"));
      assertThat(c.namespaceExists(Namespace.of("sales", "emea", "daily"))).isTrue();
      assertThat(c.namespaceExists(Namespace.of("sales", "apac"))).isFalse();
      assertThat(c.loadNamespaceMetadata(Namespace.of("sales", "emea", "daily"))).containsEntry("retention", "30d");

      c.setProperties(Namespace.of("sales"), new HashMap<>(Map.of("tier", "gold")));
      c.removeProperties(Namespace.of("sales"), new HashSet<>(Set.of("owner", "never-set")));
      // the stored properties and the namespace's location (the policy's default: none was set)
      Map<String, String> sales = c.loadNamespaceMetadata(Namespace.of("sales"));
      assertThat(sales).containsEntry("tier", "gold").containsOnlyKeys("tier", "location");
      assertThat(sales.get("location")).startsWith("file://" + t.warehouse() + "/").endsWith("/sales");

      assertThatThrownBy(() -> c.createNamespace(Namespace.of("sales")))
          .isInstanceOf(AlreadyExistsException.class);
      assertThatThrownBy(() -> c.loadNamespaceMetadata(Namespace.of("nope")))
          .isInstanceOf(NoSuchNamespaceException.class);
      assertThatThrownBy(() -> c.dropNamespace(Namespace.of("sales")))
          .isInstanceOf(NamespaceNotEmptyException.class);
      // the depth limit of the core (3 in this test) holds for Iceberg clients too
      assertThatThrownBy(() -> c.createNamespace(Namespace.of("sales", "emea", "daily", "hourly")))
          .isInstanceOf(BadRequestException.class).hasMessageContaining("limit");
      assertThat(c.dropNamespace(Namespace.of("sales", "emea", "daily"))).isTrue();
      assertThat(c.dropNamespace(Namespace.of("sales", "emea", "daily"))).isFalse();

      // a client that pages through listings with a small page size sees the same namespaces
      try (RESTCatalog paging = client(Map.of("warehouse", t.name() + ".prod", "rest-page-size", "2"))) {
        assertThat(paging.listNamespaces()).containsExactly(Namespace.of("a"), Namespace.of("b"),
            Namespace.of("c"), Namespace.of("sales"));
      }
    });
  }

  // ------------------------------------------------------------------------------------------------------ tables

  @Test
  void tables_createWithSchemaSpecAndSortOrder_appendParquet_scanBack_andEvolveTheSchema() throws Exception {
    forTwoTenants(t -> {
      RESTCatalog c = t.catalog();
      c.createNamespace(Namespace.of("sales"));
      TableIdentifier id = TableIdentifier.of("sales", "orders");
      Table created = createOrders(c, id);
      assertThat(created.location()).startsWith("file://" + t.warehouse() + "/");
      assertThat(metadataLocation(created)).startsWith(created.location() + "/metadata/");
      assertThat(Files.exists(LocalFileIOPaths.path(metadataLocation(created)))).isTrue();

      Table table = c.loadTable(id);
      assertThat(table.spec().fields()).extracting(f -> f.name()).containsExactly("category");
      assertThat(table.sortOrder().fields()).hasSize(1);
      assertThat(table.properties()).containsEntry("owner", "bi");
      assertThat(c.listTables(Namespace.of("sales"))).containsExactly(id);
      assertThat(c.tableExists(id)).isTrue();

      table.newAppend().appendFile(writeParquet(table, "books", 1, 2, 3))
          .appendFile(writeParquet(table, "games", 4)).commit();
      table.newAppend().appendFile(writeParquet(table, "books", 5)).commit();
      List<Record> rows = scan(c.loadTable(id));
      assertThat(rows).extracting(r -> r.getField("id")).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);

      table.updateSchema().addColumn("amount", Types.DoubleType.get()).renameColumn("note", "comment").commit();
      Table evolved = c.loadTable(id);
      assertThat(evolved.schema().findField("amount")).isNotNull();
      assertThat(evolved.schema().findField("comment")).isNotNull();
      assertThat(evolved.schemas()).hasSize(2);
      assertThat(scan(evolved)).hasSize(5).allSatisfy(r -> assertThat(r.getField("amount")).isNull());

      TableMetadata m = ((BaseTable) evolved).operations().current();
      assertThat(m.previousFiles()).hasSize(3);
      assertThat(m.previousFiles()).allSatisfy(e -> assertThat(Files.exists(LocalFileIOPaths.path(e.file())))
          .isTrue());

      // the snapshots=refs loading mode returns only referenced snapshots and loads the rest on demand
      try (RESTCatalog lazy = client(Map.of("warehouse", t.name() + ".prod", "snapshot-loading-mode", "refs"))) {
        assertThat(lazy.loadTable(id).snapshots()).hasSize(2);
      }
      assertThat(audits(t, "asset.commit")).isEqualTo(3);
    });
  }

  @Test
  void tables_locationsInsideTheWarehouseAreHonoured_othersRefused_andUnknownTablesAre404() throws Exception {
    forTwoTenants(t -> {
      RESTCatalog c = t.catalog();
      c.createNamespace(Namespace.of("sales"));
      String inside = "file://" + t.warehouse() + "/custom/placed";
      Table placed = c.buildTable(TableIdentifier.of("sales", "placed"), SCHEMA).withLocation(inside).create();
      assertThat(placed.location()).isEqualTo(inside);
      assertThatThrownBy(() -> c.buildTable(TableIdentifier.of("sales", "escaped"), SCHEMA)
          .withLocation("file:///tmp/elsewhere").create())
          .isInstanceOf(BadRequestException.class).hasMessageContaining("outside the warehouse root");
      assertThatThrownBy(() -> c.loadTable(TableIdentifier.of("sales", "missing")))
          .isInstanceOf(NoSuchTableException.class);
      assertThatThrownBy(() -> c.buildTable(TableIdentifier.of("nope", "t"), SCHEMA).create())
          .isInstanceOf(NoSuchNamespaceException.class);
      assertThatThrownBy(() -> createOrders(c, TableIdentifier.of("sales", "placed")))
          .isInstanceOf(AlreadyExistsException.class);
      // a staged create (create transaction) becomes visible only at its commit
      var tx = c.buildTable(TableIdentifier.of("sales", "staged"), SCHEMA).createTransaction();
      tx.updateProperties().set("staged", "yes").commit();
      assertThat(c.tableExists(TableIdentifier.of("sales", "staged"))).isFalse();
      tx.commitTransaction();
      assertThat(c.loadTable(TableIdentifier.of("sales", "staged")).properties()).containsEntry("staged", "yes");
    });
  }

  @Test
  void concurrentCommits_fromEightThreads_everySuccessIsInTheHistory_losersGetCommitFailed() throws Exception {
    forTwoTenants(t -> {
      RESTCatalog c = t.catalog();
      c.createNamespace(Namespace.of("sales"));
      TableIdentifier id = TableIdentifier.of("sales", "hot");
      createOrders(c, id);

      // appends without client retries: a thread whose requirement (main is still at the snapshot it read) no longer
      // holds when the server checks it loses with CommitFailedException
      Result noRetries = appendConcurrently(c, id, 8, "0");
      // appends with the client's own retries (refresh, re-apply): more get through
      Result withRetries = appendConcurrently(c, id, 8, "10");
      for (Result r : List.of(noRetries, withRetries)) {
        assertThat(r.won()).isNotEmpty();
        assertThat(r.lost()).allSatisfy(e -> assertThat(e).isInstanceOf(CommitFailedException.class));
      }
      Table table = c.loadTable(id);
      List<Long> winners = new ArrayList<>(noRetries.won().keySet());
      winners.addAll(withRetries.won().keySet());
      assertThat(table.snapshots()).extracting(Snapshot::snapshotId).containsExactlyInAnyOrderElementsOf(winners);
      assertThat(table.history()).extracting(HistoryEntry::snapshotId).containsExactlyInAnyOrderElementsOf(winners);
      Set<String> files = new HashSet<>();
      try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
        tasks.forEach(f -> files.add(f.file().location()));
      }
      Set<String> expected = new HashSet<>(noRetries.won().values());
      expected.addAll(withRetries.won().values());
      assertThat(files).isEqualTo(expected);

      // schema changes all prepared from the same schema, committed at once: exactly one wins, seven lose, and the
      // winner's column is the only one added
      List<UpdateSchema> updates = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        updates.add(c.loadTable(id).updateSchema().addColumn("extra_" + i, Types.IntegerType.get()));
      }
      List<Integer> wonSchema = new ArrayList<>();
      List<Throwable> lostSchema = runTogether(updates.size(), i -> {
        updates.get(i).commit();
        synchronized (wonSchema) {
          wonSchema.add(i);
        }
      });
      assertThat(wonSchema).hasSize(1);
      assertThat(lostSchema).hasSize(7).allSatisfy(e -> assertThat(e).isInstanceOf(CommitFailedException.class));
      assertThat(c.loadTable(id).schema().columns()).extracting(Types.NestedField::name)
          .filteredOn(n -> n.startsWith("extra_")).containsExactly("extra_" + wonSchema.get(0));
    });
  }

  @FunctionalInterface
  interface IndexedAction {
    void run(int i) throws Exception;
  }

  /** Runs {@code n} actions released at the same moment; returns the failures. */
  private static List<Throwable> runTogether(int n, IndexedAction action) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        all.add(pool.submit(() -> {
          start.await();
          try {
            action.run(index);
          } catch (RuntimeException e) {
            failures.add(e);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : all) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return new ArrayList<>(failures);
  }

  record Result(Map<Long, String> won, List<Throwable> lost) {}

  private static long snapshotAdding(Table table, String fileLocation) {
    for (Snapshot s : table.snapshots()) {
      for (DataFile f : s.addedDataFiles(table.io())) {
        if (f.location().equals(fileLocation)) {
          return s.snapshotId();
        }
      }
    }
    throw new AssertionError("no snapshot of " + table.name() + " added " + fileLocation);
  }

  private static Result appendConcurrently(RESTCatalog c, TableIdentifier id, int threads, String retries)
      throws Exception {
    c.loadTable(id).updateProperties().set(TableProperties.COMMIT_NUM_RETRIES, retries)
        .set(TableProperties.COMMIT_MIN_RETRY_WAIT_MS, "5").set(TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "100")
        .commit();
    List<Table> tables = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      tables.add(c.loadTable(id));
    }
    Map<Long, String> won = new ConcurrentHashMap<>();
    List<Throwable> lost = runTogether(threads, i -> {
      Table table = tables.get(i);
      DataFile file = DataFiles.builder(table.spec())
          .withPath(table.location() + "/data/category=x/" + UUID.randomUUID() + ".parquet")
          .withFileSizeInBytes(100).withRecordCount(1).withPartitionPath("category=x").build();
      table.newAppend().appendFile(file).commit();
      // the client refreshes after its commit, so its current snapshot may already be a later writer's: find the
      // snapshot that added this thread's file
      won.put(snapshotAdding(table, file.location()), file.location());
    });
    assertThat(won.size() + lost.size()).isEqualTo(threads);
    return new Result(won, lost);
  }

  @Test
  void renameAcrossNamespaces_registerFromAMetadataFile_andDropWithPurgeDeletesTheFiles() throws Exception {
    forTwoTenants(t -> {
      RESTCatalog c = t.catalog();
      c.createNamespace(Namespace.of("sales"));
      c.createNamespace(Namespace.of("archive"));
      TableIdentifier orders = TableIdentifier.of("sales", "orders");
      Table table = createOrders(c, orders);
      DataFile data = writeParquet(table, "books", 1, 2);
      table.newAppend().appendFile(data).commit();

      TableIdentifier archived = TableIdentifier.of("archive", "orders_2025");
      c.renameTable(orders, archived);
      assertThat(c.tableExists(orders)).isFalse();
      assertThat(scan(c.loadTable(archived))).hasSize(2);
      assertThatThrownBy(() -> c.renameTable(orders, TableIdentifier.of("archive", "x")))
          .isInstanceOf(NoSuchTableException.class);
      assertThatThrownBy(() -> c.renameTable(archived, TableIdentifier.of("nope", "x")))
          .isInstanceOf(NoSuchNamespaceException.class);

      // drop without purge keeps the files; register brings the table back from its metadata file
      String metadata = metadataLocation(c.loadTable(archived));
      assertThat(c.dropTable(archived, false)).isTrue();
      assertThat(Files.exists(LocalFileIOPaths.path(metadata))).isTrue();
      Table registered = c.registerTable(TableIdentifier.of("sales", "restored"), metadata);
      assertThat(scan(registered)).hasSize(2);
      assertThatThrownBy(() -> c.registerTable(TableIdentifier.of("sales", "restored"), metadata))
          .isInstanceOf(AlreadyExistsException.class);

      // drop with purge deletes data, manifests, manifest lists and metadata files
      Table restored = c.loadTable(TableIdentifier.of("sales", "restored"));
      List<String> files = new ArrayList<>(List.of(data.location(), restored.currentSnapshot().manifestListLocation(),
          metadataLocation(restored)));
      restored.currentSnapshot().allManifests(restored.io()).forEach(mf -> files.add(mf.path()));
      ((BaseTable) restored).operations().current().previousFiles().forEach(e -> files.add(e.file()));
      assertThat(files).allSatisfy(f -> assertThat(Files.exists(LocalFileIOPaths.path(f))).as(f).isTrue());
      assertThat(c.dropTable(TableIdentifier.of("sales", "restored"), true)).isTrue();
      assertThat(files).allSatisfy(f -> assertThat(Files.exists(LocalFileIOPaths.path(f))).as(f).isFalse());
      assertThat(c.tableExists(TableIdentifier.of("sales", "restored"))).isFalse();
      assertThat(c.dropTable(TableIdentifier.of("sales", "restored"), true)).isFalse();
    });
  }

  // ------------------------------------------------------------------------------------------------------- views

  @Test
  void views_createReplaceRenameDrop() throws Exception {
    forTwoTenants(t -> {
      RESTCatalog c = t.catalog();
      c.createNamespace(Namespace.of("sales"));
      c.createNamespace(Namespace.of("reports"));
      createOrders(c, TableIdentifier.of("sales", "orders"));
      TableIdentifier id = TableIdentifier.of("sales", "big_orders");
      View view = c.buildView(id).withSchema(SCHEMA).withDefaultNamespace(Namespace.of("sales"))
          .withQuery("spark", "SELECT * FROM sales.orders WHERE id > 100").withProperty("owner", "bi").create();
      assertThat(view.currentVersion().versionId()).isEqualTo(1);
      assertThat(c.viewExists(id)).isTrue();
      assertThat(c.listViews(Namespace.of("sales"))).containsExactly(id);
      assertThat(c.listTables(Namespace.of("sales"))).containsExactly(TableIdentifier.of("sales", "orders"));

      c.buildView(id).withSchema(SCHEMA).withDefaultNamespace(Namespace.of("sales"))
          .withQuery("spark", "SELECT * FROM sales.orders WHERE id > 1000").replace();
      View replaced = c.loadView(id);
      assertThat(replaced.currentVersion().versionId()).isEqualTo(2);
      assertThat(replaced.sqlFor("spark").sql()).contains("1000");
      replaced.updateProperties().set("reviewed", "yes").commit();
      assertThat(c.loadView(id).properties()).containsEntry("reviewed", "yes");

      assertThatThrownBy(() -> c.buildView(TableIdentifier.of("sales", "orders")).withSchema(SCHEMA)
          .withDefaultNamespace(Namespace.of("sales")).withQuery("spark", "SELECT 1").create())
          .isInstanceOf(AlreadyExistsException.class);

      TableIdentifier moved = TableIdentifier.of("reports", "big_orders");
      c.renameView(id, moved);
      assertThat(c.viewExists(id)).isFalse();
      assertThat(c.loadView(moved).currentVersion().versionId()).isEqualTo(2);
      assertThat(c.dropView(moved)).isTrue();
      assertThat(c.dropView(moved)).isFalse();
      assertThatThrownBy(() -> c.loadView(moved)).isInstanceOf(NoSuchViewException.class);
    });
  }

  // ------------------------------------------------------------------------------------------------ transactions

  @Test
  void multiTableTransaction_isAtomic_oneFailingRequirementChangesNothing() throws Exception {
    forTwoTenants(t -> {
      RESTCatalog c = t.catalog();
      c.createNamespace(Namespace.of("sales"));
      TableIdentifier a = TableIdentifier.of("sales", "a");
      TableIdentifier b = TableIdentifier.of("sales", "b");
      Table ta = createOrders(c, a);
      Table tb = createOrders(c, b);
      tb.newAppend().appendFile(writeParquet(tb, "books", 1)).commit();
      long stale = tb.currentSnapshot().snapshotId();
      tb.newAppend().appendFile(writeParquet(tb, "books", 2)).commit();
      String aBefore = metadataLocation(c.loadTable(a));
      String bBefore = metadataLocation(c.loadTable(b));

      TableMetadata baseA = ((BaseTable) c.loadTable(a)).operations().current();
      TableCommit okA = TableCommit.create(a, baseA, TableMetadata.buildFrom(baseA)
          .setProperties(Map.of("tx", "1")).build());
      TableCommit staleB = ImmutableTableCommit.builder().identifier(b)
          .addRequirements(new UpdateRequirement.AssertRefSnapshotID("main", stale))
          .addUpdates(new MetadataUpdate.SetProperties(new HashMap<>(Map.of("tx", "1")))).build();
      assertThatThrownBy(() -> c.commitTransaction(okA, staleB)).isInstanceOf(CommitFailedException.class);
      assertThat(metadataLocation(c.loadTable(a))).isEqualTo(aBefore);
      assertThat(metadataLocation(c.loadTable(b))).isEqualTo(bBefore);
      assertThat(c.loadTable(a).properties()).doesNotContainKey("tx");

      TableMetadata baseB = ((BaseTable) c.loadTable(b)).operations().current();
      TableCommit okB = TableCommit.create(b, baseB, TableMetadata.buildFrom(baseB)
          .setProperties(Map.of("tx", "2")).build());
      c.commitTransaction(okA, okB);
      assertThat(c.loadTable(a).properties()).containsEntry("tx", "1");
      assertThat(c.loadTable(b).properties()).containsEntry("tx", "2");
      // the refused transaction never reached the swap; the successful one is audited once for both tables
      assertThat(audits(t, "asset.commit-multi")).isEqualTo(1);
      assertThat(ta.location()).isNotEqualTo(tb.location());
    });
  }

  // ------------------------------------------------------------------------------------------- tenants, limits

  @Test
  void tenantsWithIdenticalNames_areIsolated_andAHeaderForAnotherTenantIsForbidden() throws Exception {
    Tenant x = tenant("iso");
    Tenant y = tenant("iso");
    try {
      for (Tenant t : List.of(x, y)) {
        t.catalog().createNamespace(Namespace.of("sales"));
        createOrders(t.catalog(), TableIdentifier.of("sales", "orders"));
      }
      Table tx = x.catalog().loadTable(TableIdentifier.of("sales", "orders"));
      Table ty = y.catalog().loadTable(TableIdentifier.of("sales", "orders"));
      assertThat(tx.uuid()).isNotEqualTo(ty.uuid());
      assertThat(tx.location()).startsWith("file://" + x.warehouse());
      assertThat(ty.location()).startsWith("file://" + y.warehouse());
      x.catalog().createNamespace(Namespace.of("only_x"));
      assertThat(y.catalog().namespaceExists(Namespace.of("only_x"))).isFalse();
      x.catalog().dropTable(TableIdentifier.of("sales", "orders"));
      assertThat(y.catalog().tableExists(TableIdentifier.of("sales", "orders"))).isTrue();

      // a qualified warehouse needs no header; a header naming another tenant than the prefix is refused
      try (RESTCatalog qualified = client(Map.of("warehouse", y.name() + ".prod"))) {
        assertThat(qualified.tableExists(TableIdentifier.of("sales", "orders"))).isTrue();
      }
      assertThatThrownBy(() -> client(Map.of("warehouse", y.name() + ".prod", "header.X-Pangolin-Tenant",
          x.name()))).isInstanceOf(ForbiddenException.class);
      assertThatThrownBy(() -> client(Map.of("warehouse", "no-such-catalog", "header.X-Pangolin-Tenant",
          x.name()))).isInstanceOf(RESTException.class).hasMessageContaining("no-such-catalog");
    } finally {
      x.catalog().close();
      y.catalog().close();
    }
  }

  @Test
  void quotasOfTheCore_applyToIcebergCreates() throws Exception {
    Tenant t = tenant("quota");
    try {
      t.catalog().createNamespace(Namespace.of("full"));
      for (int i = 0; i < 40; i++) {
        t.catalog().buildTable(TableIdentifier.of("full", "t" + i), SCHEMA).create();
      }
      assertThatThrownBy(() -> t.catalog().buildTable(TableIdentifier.of("full", "t40"), SCHEMA).create())
          .isInstanceOf(RESTException.class).hasMessageContaining("maximum");
      try (RESTCatalog paging = client(Map.of("warehouse", t.name() + ".prod", "rest-page-size", "7"))) {
        assertThat(paging.listTables(Namespace.of("full"))).hasSize(40);
      }
    } finally {
      t.catalog().close();
    }
  }

  @Test
  void icebergCalls_areCountedInMetrics_andScanReportsRecorded() throws Exception {
    Tenant t = tenant("metrics");
    try {
      RESTCatalog c = t.catalog();
      c.createNamespace(Namespace.of("sales"));
      Table table = createOrders(c, TableIdentifier.of("sales", "orders"));
      table.newAppend().appendFile(writeParquet(table, "books", 1)).commit();
      scan(c.loadTable(TableIdentifier.of("sales", "orders")));
      assertThat(registry.getCounters((id, m) -> id.getName().equals(IcebergRestResource.REPORTS_METRIC)).values()
          .stream().mapToLong(x -> x.getCount()).sum()).isPositive();
      assertThat(registry.getTimer(new MetricID(HttpMetricsFilter.METRIC,
          new Tag("route", "/v1/{prefix}/namespaces/{namespace}/tables/{table}"), new Tag("method", "POST"),
          new Tag("status", "200")))).isNotNull();
    } finally {
      t.catalog().close();
    }
  }

  private long audits(Tenant t, String action) {
    return pangolin.audit().count(RequestContext.of(t.name(), "test"), new AuditQuery(Optional.empty(),
        Optional.of(action), Optional.empty(), Optional.empty(), Optional.of(AuditResult.SUCCESS), Optional.empty(),
        Optional.empty()));
  }

  /** Local paths of the test's file: locations. */
  static final class LocalFileIOPaths {
    private LocalFileIOPaths() {}

    static Path path(String location) {
      String p = location.startsWith("file://") ? location.substring("file://".length())
          : location.startsWith("file:") ? location.substring("file:".length()) : location;
      return Path.of(p);
    }
  }
}
