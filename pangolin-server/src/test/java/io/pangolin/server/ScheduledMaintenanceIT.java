package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.iceberg.LocalFileIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * Scheduled maintenance on two servers — two JVMs of the packaged distribution sharing one PostgreSQL store (a
 * fresh database) — both with the schedule on and a one-second interval: a catalog whose properties set a retention
 * policy has its table's old snapshots expired by the scheduler, once (one audited commit by the scheduler's actor
 * however many runs follow), and only the instance holding the lease runs.
 */
@TestInstance(Lifecycle.PER_CLASS)
class ScheduledMaintenanceIT {
  private static final Duration BOUND = Duration.ofSeconds(120);
  private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

  private final String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  private final String database = "pangolin_sched_it_" + id;
  private final String url = "jdbc:postgresql://127.0.0.1:5432/" + database;
  private Path work;
  private ServerProcess serverA;
  private ServerProcess serverB;
  private Api a;
  private Api b;

  @BeforeAll
  void start() throws Exception {
    work = Path.of(System.getProperty("basedir", ".")).resolve("target/sched-it-" + id);
    Files.createDirectories(work);
    sql("CREATE DATABASE " + database);
    serverA = ServerProcess.start("a", settings("a"), work);
    serverB = ServerProcess.start("b", settings("b"), work);
    serverA.awaitReady(BOUND);
    serverB.awaitReady(BOUND);
    a = new Api(serverA.uri());
    b = new Api(serverB.uri());
  }

  private Map<String, String> settings(String instance) {
    Map<String, String> s = new HashMap<>();
    s.put("pangolin.store.type", "postgres");
    s.put("pangolin.storage.local-roots", work.toAbsolutePath().toString());
    s.put("pangolin.store.postgres.url", url);
    s.put("pangolin.store.postgres.user", "postgres");
    s.put("pangolin.store.postgres.maintenance-interval-s", "0");
    s.put("pangolin.maintenance.schedule.enabled", "true");
    s.put("pangolin.maintenance.schedule.interval-s", "1");
    // long enough that a holder slowed down on this shared machine keeps the lease: exactly one instance runs
    s.put("pangolin.maintenance.schedule.lease-ttl-s", "600");
    s.put("pangolin.maintenance.schedule.instance-id", "instance-" + instance);
    return s;
  }

  @AfterAll
  void stop() throws Exception {
    try {
      for (ServerProcess s : new ServerProcess[] {serverA, serverB}) {
        if (s != null) {
          s.close();
        }
      }
    } finally {
      sql("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  private static void sql(String statement) {
    try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432 is required: " + e.getMessage(), e);
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for: %s", what).isLessThan(deadline);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** The value of the counter {@code name} in the server's Prometheus scrape (0 when absent). */
  private static double counter(Api on, String name) {
    String scrape = on.get("/metrics", null).is(200).body();
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private RESTCatalog iceberg(String tenant) {
    Map<String, String> props = new HashMap<>();
    props.put(CatalogProperties.URI, serverA.uri().toString());
    props.put(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
    props.put("warehouse", "prod");
    props.put("header.X-Pangolin-Tenant", tenant);
    RESTCatalog catalog = new RESTCatalog();
    catalog.initialize("pangolin-sched", TestAuth.rootClient(props));
    return catalog;
  }

  /** Appends one data file (a real file under the table's location) as a snapshot of its own. */
  private static void append(Table table, int n) throws IOException {
    Path file = Path.of(java.net.URI.create(table.location())).resolve("data/f" + n + ".parquet");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "rows of snapshot " + n);
    DataFile df = DataFiles.builder(PartitionSpec.unpartitioned()).withPath(file.toUri().toString())
        .withFileSizeInBytes(Files.size(file)).withRecordCount(1).withFormat(FileFormat.PARQUET).build();
    table.newFastAppend().appendFile(df).commit();
  }

  @Test
  void oldSnapshots_areExpiredOnce_byTheOneInstanceHoldingTheLease() throws Exception {
    String t = "sched-" + id;
    Path lake = Files.createDirectories(work.resolve("lake"));
    a.post("/api/v1/tenants", null, Map.of("name", t)).is(201);
    a.post("/api/v1/warehouses", t, Map.of("name", "lake", "storageRoot", "file://" + lake)).is(201);
    a.post("/api/v1/catalogs", t, Map.of("name", "prod", "warehouse", "lake")).is(201);
    a.post("/api/v1/catalogs/prod/namespaces", t, Map.of("name", "sales")).is(201);
    TableIdentifier ident = TableIdentifier.of(Namespace.of("sales"), "orders");
    try (RESTCatalog catalog = iceberg(t)) {
      Table table = catalog.createTable(ident, SCHEMA);
      for (int i = 0; i < 3; i++) {
        append(table, i);
      }
      assertThat(catalog.loadTable(ident).snapshots()).hasSize(3);
      assertThat(a.get("/api/v1/audit/count?actor=" + MaintenanceScheduler.ACTOR, t).is(200).json()
          .path("count").asLong()).as("no policy, no scheduled maintenance").isZero();

      // the policy: every snapshot but the newest is old enough to go
      a.patch("/api/v1/catalogs/prod", t, Map.of("updates", Map.of("pangolin.maintenance.retention-days", "0",
          "pangolin.maintenance.retain-last", "1"), "removals", List.of())).is(200);

      await("the scheduler expired the old snapshots", () -> sizeOf(catalog.loadTable(ident).snapshots()) == 1);
    }

    // later runs find nothing to expire: wait for two more runs of whichever instance holds the lease
    double runs = counter(a, "pangolin_maintenance_runs_total") + counter(b, "pangolin_maintenance_runs_total");
    await("two more scheduled runs", () -> counter(a, "pangolin_maintenance_runs_total")
        + counter(b, "pangolin_maintenance_runs_total") >= runs + 2);

    long maintained = a.get("/api/v1/audit/count?actor=" + MaintenanceScheduler.ACTOR
        + "&action=asset.maintenance&result=SUCCESS", t).is(200).json().path("count").asLong();
    assertThat(maintained).as("the table was maintained once, audited under the scheduler's actor").isEqualTo(1);
    assertThat(a.get("/api/v1/audit/count?actor=" + MaintenanceScheduler.ACTOR + "&result=FAILURE", t).is(200)
        .json().path("count").asLong()).isZero();

    double runsA = counter(a, "pangolin_maintenance_runs_total");
    double runsB = counter(b, "pangolin_maintenance_runs_total");
    assertThat(List.of(runsA, runsB)).as("exactly one instance runs the schedule").containsOnlyOnce(0.0);
    Api holder = runsA > 0 ? a : b;
    assertThat(counter(holder, "pangolin_maintenance_snapshots_expired_total")).isEqualTo(2.0);
    assertThat(counter(holder, "pangolin_maintenance_tables_total")).isGreaterThanOrEqualTo(1.0);
    assertThat(counter(holder, "pangolin_maintenance_failures_total")).isZero();
    assertThat(holderInDatabase()).isEqualTo(holder == a ? "instance-a" : "instance-b");
  }

  private static long sizeOf(Iterable<?> items) {
    long n = 0;
    for (Object ignored : items) {
      n++;
    }
    return n;
  }

  /** The lease row in the store's database. */
  private String holderInDatabase() throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE c.relname = 'leases'")) {
      assertThat(rs.next()).as("a leases table").isTrue();
      String schema = rs.getString(1);
      try (Statement q = c.createStatement();
          var h = q.executeQuery("SELECT holder FROM " + schema + ".leases WHERE name = '"
              + MaintenanceScheduler.LEASE + "'")) {
        assertThat(h.next()).as("the scheduler's lease").isTrue();
        return h.getString(1);
      }
    }
  }
}
