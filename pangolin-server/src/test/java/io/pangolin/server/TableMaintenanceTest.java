package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import io.pangolin.iceberg.LocalFileIO;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Table maintenance executed by the server ({@code POST …/maintenance}): tables written by the Iceberg Java client
 * over the REST API (real Parquet data files on a {@code file:} warehouse), maintained over the management API, the
 * files under the table's location listed before and after.
 */
@HelidonTest
class TableMaintenanceTest {
  private static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "note", Types.StringType.get()));
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static Path root;

  @Inject
  WebTarget target;

  private URI base;
  private Api api;

  @BeforeAll
  static void createRoot() throws IOException {
    root = Files.createTempDirectory("pangolin-maintenance");
  }

  @AfterAll
  static void deleteRoot() throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @BeforeEach
  void setUp() {
    base = target.getUri();
    api = new Api(base);
  }

  /** A fresh tenant with warehouse lake, catalog prod and namespace sales; returns its name. */
  private String tenant() {
    String t = "maint-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
    api.post("/api/v1/tenants", null, Map.of("name", t)).is(201);
    api.post("/api/v1/warehouses", t, Map.of("name", "lake", "storageRoot", root.resolve(t).toUri().toString()))
        .is(201);
    api.post("/api/v1/catalogs", t, Map.of("name", "prod", "warehouse", "lake")).is(201);
    api.post("/api/v1/catalogs/prod/namespaces", t, Map.of("name", "sales")).is(201);
    return t;
  }

  private RESTCatalog client(String tenant) {
    String u = base.toString();
    Map<String, String> props = new HashMap<>();
    props.put(CatalogProperties.URI, u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    props.put("warehouse", tenant + ".prod");
    props.put(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
    RESTCatalog catalog = new RESTCatalog();
    catalog.initialize("pangolin", TestAuth.rootClient(props));
    return catalog;
  }

  /** Writes a real Parquet file with Iceberg's generic writer (not committed). */
  private static DataFile writeParquet(Table table, long... ids) throws IOException {
    GenericRecord record = GenericRecord.create(table.schema());
    String path = table.locationProvider().newDataLocation("part-" + UUID.randomUUID() + ".parquet");
    DataWriter<Record> writer = Parquet.writeData(table.io().newOutputFile(path)).schema(table.schema())
        .createWriterFunc(GenericParquetWriter::create).withSpec(PartitionSpec.unpartitioned()).build();
    try (writer) {
      for (long id : ids) {
        writer.write(record.copy(Map.of("id", id, "note", "row " + id)));
      }
    }
    return writer.toDataFile();
  }

  private static Set<Long> ids(Table table) throws IOException {
    Set<Long> ids = new TreeSet<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
      it.forEach(r -> ids.add((Long) r.getField("id")));
    }
    return ids;
  }

  /** Every file under the table's location: path → size. */
  private static Map<String, Long> files(Table table) throws IOException {
    Path dir = Path.of(URI.create(table.location()));
    Map<String, Long> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(p.toString(), Files.size(p));
      }
    }
    return out;
  }

  private static String local(String location) {
    return Path.of(URI.create(location.startsWith("file:///") ? location : location.replaceFirst("^file:/+",
        "file:///"))).toString();
  }

  /** Waits (bounded) until the clock is past {@code millis}, so that the next snapshot has a later timestamp. */
  private static void clockPast(long millis) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.currentTimeMillis() <= millis) {
      assertThat(System.nanoTime()).as("clock advances").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  /** The files a snapshot needs: its manifest list, its manifests, the live data files in them (local paths). */
  private static Set<String> reachable(Table table, Snapshot s) throws IOException {
    Set<String> out = new HashSet<>();
    out.add(local(s.manifestListLocation()));
    for (ManifestFile m : s.allManifests(table.io())) {
      out.add(local(m.path()));
      try (ManifestReader<DataFile> r = ManifestFiles.read(m, table.io(), table.specs())) {
        for (DataFile f : r) {
          out.add(local(f.location()));
        }
      }
    }
    return out;
  }

  private JsonNode maintain(String tenant, String table, Map<String, Object> body) {
    return api.post("/api/v1/catalogs/prod/namespaces/sales/assets/" + table + "/maintenance", tenant, body)
        .is(200).json();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void expireSnapshots_removesExactlyTheOldOnesNotHeldByBranchOrTag_andTheirFiles_dryRunChangesNothing()
      throws Exception {
    String t = tenant();
    try (RESTCatalog c = client(t)) {
      Table table = c.buildTable(TableIdentifier.of(Namespace.of("sales"), "events"), SCHEMA).create();
      // ten snapshots: s1 appends d1, every later one replaces the previous data file with its own
      List<Snapshot> snaps = new ArrayList<>();
      List<DataFile> data = new ArrayList<>();
      for (int i = 1; i <= 10; i++) {
        DataFile d = writeParquet(table, i * 10L, i * 10L + 1);
        if (i == 1) {
          table.newAppend().appendFile(d).commit();
        } else {
          table.newOverwrite().deleteFile(data.get(i - 2)).addFile(d).commit();
        }
        data.add(d);
        Snapshot s = table.currentSnapshot();
        snaps.add(s);
        clockPast(s.timestampMillis());
      }
      long s2 = snaps.get(1).snapshotId();
      long s3 = snaps.get(2).snapshotId();
      table.manageSnapshots().createTag("v2", s2).createBranch("audit", s3).commit();
      table.refresh();
      assertThat(table.snapshots()).hasSize(10);

      // the cutoff falls just after s7: s1..s7 are older than 30 days; the tag keeps s2, the branch keeps s3
      // (retainLast=1 keeps only the branch head), main keeps s8..s10 (younger) — so s1, s4, s5, s6, s7 expire
      Instant asOf = Instant.ofEpochMilli(snaps.get(6).timestampMillis()).plus(Duration.ofDays(30)).plusMillis(1);
      List<Long> expectedExpired = new ArrayList<>();
      for (int i : new int[] {0, 3, 4, 5, 6}) {
        expectedExpired.add(snaps.get(i).snapshotId());
      }
      expectedExpired.sort(null);
      Set<Long> expectedKept = new HashSet<>();
      for (int i : new int[] {1, 2, 7, 8, 9}) {
        expectedKept.add(snaps.get(i).snapshotId());
      }
      // the files only the expired snapshots need, computed independently of the server
      Set<String> needed = new HashSet<>();
      Set<String> expectedRemoved = new TreeSet<>();
      for (Snapshot s : table.snapshots()) {
        if (expectedKept.contains(s.snapshotId())) {
          needed.addAll(reachable(table, s));
        }
      }
      for (Snapshot s : table.snapshots()) {
        if (!expectedKept.contains(s.snapshotId())) {
          reachable(table, s).stream().filter(f -> !needed.contains(f)).forEach(expectedRemoved::add);
        }
      }
      // the data files that go: d1 (deleted by s2), d4..d7 (each deleted by the next snapshot); d2 and d3 stay
      // (tag and branch), d8..d10 too
      Set<String> expectedData = new TreeSet<>();
      for (int i : new int[] {0, 3, 4, 5, 6}) {
        expectedData.add(local(data.get(i).location()));
      }
      assertThat(expectedRemoved).containsAll(expectedData);
      for (int i : new int[] {1, 2, 7, 8, 9}) {
        assertThat(expectedRemoved).doesNotContain(local(data.get(i).location()));
      }

      Map<String, Object> body = new LinkedHashMap<>();
      body.put("removeOldSnapshots", true);
      body.put("retentionDays", 30);
      body.put("retainLast", 1);
      body.put("dryRun", true);
      body.put("asOf", asOf.toString());
      Map<String, Long> filesBefore = files(table);
      String metadataBefore = ((BaseTable) table).operations().current().metadataFileLocation();

      JsonNode dry = maintain(t, "events", body);
      assertThat(dry.path("dryRun").asBoolean()).isTrue();
      assertThat(dry.path("asOf").asText()).isEqualTo(asOf.toString());
      JsonNode dryTable = dry.path("tables").get(0);
      assertThat(dryTable.path("name").asText()).isEqualTo("events");
      assertThat(dryTable.path("namespace").asText()).isEqualTo("sales");
      List<Long> dryExpired = new ArrayList<>();
      dryTable.path("snapshotsExpired").forEach(n -> dryExpired.add(n.asLong()));
      assertThat(dryExpired).isEqualTo(expectedExpired);
      assertThat(dryTable.path("snapshotsKept").asInt()).isEqualTo(5);
      assertThat(texts(dryTable.path("filesRemoved")).stream().map(TableMaintenanceTest::local).toList())
          .containsExactlyInAnyOrderElementsOf(expectedRemoved);
      assertThat(dryTable.path("dataFilesRemoved").asInt()).isEqualTo(5);
      assertThat(dryTable.path("manifestListsRemoved").asInt()).isEqualTo(5);
      assertThat(dryTable.path("metadataFilesRemoved").asInt()).isZero();
      assertThat(dryTable.path("manifestFilesRemoved").asInt()).isEqualTo(expectedRemoved.size() - 10);
      long expectedBytes = expectedRemoved.stream().mapToLong(filesBefore::get).sum();
      assertThat(dryTable.path("bytesRemoved").asLong()).isEqualTo(expectedBytes);
      assertThat(dry.path("totals").path("snapshotsExpired").asInt()).isEqualTo(5);
      assertThat(dry.path("totals").path("filesRemoved").asInt()).isEqualTo(expectedRemoved.size());
      // nothing changed: the same files with the same sizes, the same metadata, no audit event
      assertThat(files(table)).isEqualTo(filesBefore);
      table.refresh();
      assertThat(((BaseTable) table).operations().current().metadataFileLocation()).isEqualTo(metadataBefore);
      assertThat(table.snapshots()).hasSize(10);
      assertThat(auditCount(t)).isZero();

      body.put("dryRun", false);
      JsonNode real = maintain(t, "events", body);
      assertThat(real.path("dryRun").asBoolean()).isFalse();
      JsonNode realTable = real.path("tables").get(0);
      // the same report as the dry run
      assertThat(realTable.path("snapshotsExpired")).isEqualTo(dryTable.path("snapshotsExpired"));
      assertThat(realTable.path("filesRemoved")).isEqualTo(dryTable.path("filesRemoved"));
      assertThat(realTable.path("bytesRemoved")).isEqualTo(dryTable.path("bytesRemoved"));

      // on disk: exactly the expected files are gone, and the commit wrote one metadata file
      Map<String, Long> filesAfter = files(table);
      Set<String> gone = new TreeSet<>(filesBefore.keySet());
      gone.removeAll(filesAfter.keySet());
      Set<String> added = new TreeSet<>(filesAfter.keySet());
      added.removeAll(filesBefore.keySet());
      assertThat(gone).isEqualTo(expectedRemoved);
      assertThat(added).hasSize(1).allMatch(f -> f.endsWith(".metadata.json"));

      // the table as the client sees it: the kept snapshots, refs intact, data readable at every ref
      table.refresh();
      Set<Long> kept = new HashSet<>();
      table.snapshots().forEach(s -> kept.add(s.snapshotId()));
      assertThat(kept).isEqualTo(expectedKept);
      assertThat(table.currentSnapshot().snapshotId()).isEqualTo(snaps.get(9).snapshotId());
      assertThat(table.refs().get("v2").snapshotId()).isEqualTo(s2);
      assertThat(table.refs().get("audit").snapshotId()).isEqualTo(s3);
      assertThat(ids(table)).containsExactly(100L, 101L);
      assertThat(idsAt(table, s2)).containsExactly(20L, 21L);
      assertThat(idsAt(table, s3)).containsExactly(30L, 31L);

      // audited: the commit, and one maintenance event for the table
      assertThat(auditCount(t)).isEqualTo(1);
      JsonNode event = api.get("/api/v1/audit?action=asset.maintenance", t).is(200).json().path("items").get(0);
      assertThat(event.path("resourceName").asText()).isEqualTo("prod.sales.events");
      assertThat(event.path("details").path("snapshotsExpired").asText()).isEqualTo("5");

      // run again: nothing left to do, nothing audited
      JsonNode again = maintain(t, "events", body);
      assertThat(again.path("tables").get(0).path("snapshotsExpired")).isEmpty();
      assertThat(again.path("tables").get(0).path("filesRemoved")).isEmpty();
      assertThat(auditCount(t)).isEqualTo(1);
    }
  }

  private long auditCount(String tenant) {
    return api.get("/api/v1/audit/count?action=asset.maintenance", tenant).is(200).json().path("count").asLong();
  }

  private static Set<Long> idsAt(Table table, long snapshotId) throws IOException {
    Set<Long> ids = new TreeSet<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).useSnapshot(snapshotId).build()) {
      it.forEach(r -> ids.add((Long) r.getField("id")));
    }
    return ids;
  }

  @Test
  void orphanFiles_unreferencedAndOldEnough_areRemoved_referencedAndYoungOnesStay() throws Exception {
    String t = tenant();
    try (RESTCatalog c = client(t)) {
      Table table = c.buildTable(TableIdentifier.of(Namespace.of("sales"), "logs"), SCHEMA).create();
      table.newAppend().appendFile(writeParquet(table, 1, 2)).commit();
      table.newAppend().appendFile(writeParquet(table, 3)).commit();
      // orphans: a data file a failed writer left, a stray file in the metadata directory
      DataFile orphan = writeParquet(table, 99);
      Path stray = Path.of(URI.create(table.location())).resolve("metadata").resolve("stray-" + UUID.randomUUID()
          + ".avro");
      Files.writeString(stray, "left behind");
      // outside the data and metadata locations: not the table's to judge
      Path notes = Path.of(URI.create(table.location())).resolve("notes.txt");
      Files.writeString(notes, "kept");
      Set<String> orphans = Set.of(local(orphan.location()), stray.toString());

      Map<String, Object> body = new LinkedHashMap<>();
      body.put("removeOldSnapshots", false);
      body.put("removeOrphanFiles", true);
      body.put("orphanOlderThanDays", 3);
      // at the server's clock the orphans are minutes old, younger than 3 days: nothing goes
      JsonNode young = maintain(t, "logs", body);
      assertThat(young.path("tables").get(0).path("filesRemoved")).isEmpty();

      body.put("asOf", Instant.now().plus(Duration.ofDays(4)).toString());
      body.put("dryRun", true);
      Map<String, Long> before = files(table);
      JsonNode dry = maintain(t, "logs", body).path("tables").get(0);
      assertThat(texts(dry.path("filesRemoved")).stream().map(TableMaintenanceTest::local).toList())
          .containsExactlyInAnyOrderElementsOf(orphans);
      assertThat(dry.path("orphanFilesRemoved").asInt()).isEqualTo(2);
      assertThat(dry.path("bytesRemoved").asLong()).isEqualTo(orphans.stream().mapToLong(before::get).sum());
      assertThat(files(table)).isEqualTo(before);

      body.put("dryRun", false);
      JsonNode real = maintain(t, "logs", body).path("tables").get(0);
      assertThat(real.path("filesRemoved")).isEqualTo(dry.path("filesRemoved"));
      Map<String, Long> after = files(table);
      Set<String> gone = new TreeSet<>(before.keySet());
      gone.removeAll(after.keySet());
      assertThat(gone).isEqualTo(new TreeSet<>(orphans));
      assertThat(after).containsKey(notes.toString());
      table.refresh();
      assertThat(ids(table)).containsExactly(1L, 2L, 3L);
      assertThat(auditCount(t)).isEqualTo(1);
    }
  }

  @Test
  void metadataFiles_droppedFromTheLog_areCleanedOnlyWhenTheTableSaysSo() throws Exception {
    String t = tenant();
    try (RESTCatalog c = client(t)) {
      Table table = c.buildTable(TableIdentifier.of(Namespace.of("sales"), "meta"), SCHEMA)
          .withProperty(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "1").create();
      for (int i = 0; i < 3; i++) {
        table.newAppend().appendFile(writeParquet(table, i)).commit();
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("removeOldSnapshots", false);
      body.put("cleanMetadataFiles", true);
      // delete-after-commit is off (the default): the files the log dropped stay
      assertThat(maintain(t, "meta", body).path("tables").get(0).path("filesRemoved")).isEmpty();

      table.updateProperties().set(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true").commit();
      table.refresh();
      TableMetadata current = ((BaseTable) table).operations().current();
      Set<String> listed = new HashSet<>();
      listed.add(local(current.metadataFileLocation()));
      current.previousFiles().forEach(e -> listed.add(local(e.file())));
      Set<String> expected = new TreeSet<>();
      files(table).keySet().stream().filter(f -> f.endsWith(".metadata.json") && !listed.contains(f))
          .forEach(expected::add);
      assertThat(expected).hasSize(2); // the create's and the first append's: dropped while the property was off

      JsonNode report = maintain(t, "meta", body).path("tables").get(0);
      assertThat(texts(report.path("filesRemoved")).stream().map(TableMaintenanceTest::local).toList())
          .containsExactlyInAnyOrderElementsOf(expected);
      assertThat(report.path("metadataFilesRemoved").asInt()).isEqualTo(2);
      assertThat(files(table).keySet()).doesNotContainAnyElementsOf(expected);
      table.refresh();
      assertThat(ids(table)).containsExactly(0L, 1L, 2L);
    }
  }

  @Test
  void catalogRoute_maintainsEveryIcebergTableOfTheNamespace_andRefusesBadInput() throws Exception {
    String t = tenant();
    try (RESTCatalog c = client(t)) {
      c.createNamespace(Namespace.of("sales", "emea"));
      for (TableIdentifier id : List.of(TableIdentifier.of(Namespace.of("sales"), "a"),
          TableIdentifier.of(Namespace.of("sales", "emea"), "b"))) {
        Table table = c.buildTable(id, SCHEMA).create();
        table.newAppend().appendFile(writeParquet(table, 1)).commit();
        table.newOverwrite().deleteFile(table.currentSnapshot().addedDataFiles(table.io()).iterator().next())
            .addFile(writeParquet(table, 2)).commit();
      }
      api.post("/api/v1/catalogs/prod/namespaces/sales/assets", t, Map.of("name", "model", "kind", "ML_MODEL"))
          .is(201);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("namespace", "sales");
      body.put("retentionDays", 0);
      body.put("asOf", Instant.now().plus(Duration.ofDays(1)).toString());
      body.put("dryRun", true);
      JsonNode dry = api.post("/api/v1/catalogs/prod/maintenance", t, body).is(200).json();
      assertThat(dry.path("totals").path("tables").asInt()).isEqualTo(2);
      assertThat(dry.path("totals").path("snapshotsExpired").asInt()).isEqualTo(2);
      body.put("dryRun", false);
      JsonNode real = api.post("/api/v1/catalogs/prod/maintenance", t, body).is(200).json();
      assertThat(real.path("totals")).isEqualTo(dry.path("totals"));
      for (String name : List.of("a", "emea.b")) {
        String ns = name.contains(".") ? "sales.emea" : "sales";
        String tbl = name.contains(".") ? "b" : "a";
        Table table = c.loadTable(TableIdentifier.of(Namespace.of(ns.split("\\.")), tbl));
        assertThat(table.snapshots()).hasSize(1);
        assertThat(ids(table)).containsExactly(2L);
      }
      assertThat(auditCount(t)).isEqualTo(2);

      // bad input: 400 in the management error model, nothing changed
      String path = "/api/v1/catalogs/prod/namespaces/sales/assets/a/maintenance";
      for (String bad : List.of("{\"retentionDays\":-1}", "{\"retainLast\":0}", "{\"orphanOlderThanDays\":0}",
          "{\"asOf\":\"yesterday\"}", "{\"retentionDays\":\"30\"}", "{\"dryRun\":1}", "{\"colour\":\"blue\"}",
          "{\"namespace\":\"sales\"}", "[]", "{\"retentionDays\":1e400}")) {
        Api.Res res = api.post(path, t, bad);
        assertThat(res.status()).as(bad).isEqualTo(400);
        assertThat(res.code()).as(bad).isEqualTo("VALIDATION_FAILED");
      }
      assertThat(api.post("/api/v1/catalogs/prod/namespaces/sales/assets/model/maintenance", t, "{}").status())
          .isEqualTo(400);
      assertThat(api.post("/api/v1/catalogs/prod/namespaces/sales/assets/nope/maintenance", t, "{}").code())
          .isEqualTo("NOT_FOUND");
      assertThat(api.post("/api/v1/catalogs/prod/maintenance", t, Map.of("namespace", "nope")).code())
          .isEqualTo("NOT_FOUND");
      assertThat(api.post("/api/v1/catalogs/nope/maintenance", t, "{}").code()).isEqualTo("NOT_FOUND");
      assertThat(auditCount(t)).isEqualTo(2);
    }
  }
}
