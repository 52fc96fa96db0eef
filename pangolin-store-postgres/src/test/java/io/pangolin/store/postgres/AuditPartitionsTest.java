package io.pangolin.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pangolin.api.AuditEvent;
import io.pangolin.api.AuditQuery;
import io.pangolin.api.AuditResult;
import io.pangolin.api.PageRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The monthly-partitioned audit log and its archival, against real PostgreSQL. The store's clock is fixed at
 * 2026-11-15 so months are deterministic; the retention is 30 days, so September 2026 is a two-month-old partition.
 * "Killed" means the maintenance transaction's backend is terminated with {@code pg_terminate_backend} while it waits
 * on a lock the test holds, the harshest interruption a client can suffer short of a server crash.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditPartitionsTest {
  @RegisterExtension
  static final TestDatabase DB = new TestDatabase();

  private static final Instant NOW = Instant.parse("2026-11-15T12:00:00Z");
  private static final String SCHEMA = "audit_test";

  private PostgresMetadataStore store;

  @BeforeAll
  void open() {
    store = PostgresMetadataStore.open(DB.config().schema(SCHEMA).auditRetentionDays(30).auditPartitionsAhead(2)
        .build(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterAll
  void close() {
    store.close();
  }

  private static AuditEvent event(String tenant, Instant at, String id) {
    return new AuditEvent(id, tenant, "alice", "catalog.create", "catalog", "r", "sales", AuditResult.SUCCESS, at,
        "req", Map.of());
  }

  private static String tenant() {
    return "t" + UUID.randomUUID().toString().replace("-", "");
  }

  private long count(String sql) throws SQLException {
    try (Connection c = DB.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private List<String> strings(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DB.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private String partitionOf(String tenant, String id) throws SQLException {
    return strings("SELECT tableoid::regclass::text FROM " + SCHEMA + ".audit_logs WHERE tenant = '" + tenant
        + "' AND id = '" + id + "'").get(0);
  }

  @Test
  void auditTables_arePartitionedByRangeOfTimestamp() throws SQLException {
    List<String> rows = strings("SELECT c.relname || ':' || CAST(p.partstrat AS text) || ':' || a.attname "
        + "FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid "
        + "JOIN pg_namespace n ON n.oid = c.relnamespace "
        + "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = p.partattrs[0] "
        + "WHERE n.nspname = '" + SCHEMA + "' ORDER BY 1");

    assertThat(rows).containsExactly("audit_logs:r:timestamp", "audit_logs_archive:r:timestamp");
  }

  @Test
  void open_createsTheCurrentMonthsAndTheMonthsAhead_plusADefaultPartition() throws SQLException {
    List<String> parts = strings("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        + "WHERE i.inhparent = '" + SCHEMA + ".audit_logs'::regclass");

    assertThat(parts).contains("audit_logs_p202611", "audit_logs_p202612", "audit_logs_p202701",
        "audit_logs_default");
  }

  @Test
  void appendAudit_acrossAMonthBoundary_landsInEachMonthsPartition() throws SQLException {
    String t = tenant();
    store.appendAudit(event(t, Instant.parse("2026-11-30T23:59:59.999999Z"), "last-of-november"));
    store.appendAudit(event(t, Instant.parse("2026-12-01T00:00:00Z"), "first-of-december"));
    store.appendAudit(event(t, Instant.parse("2041-06-01T00:00:00Z"), "far-future"));

    assertThat(partitionOf(t, "last-of-november")).isEqualTo(SCHEMA + ".audit_logs_p202611");
    assertThat(partitionOf(t, "first-of-december")).isEqualTo(SCHEMA + ".audit_logs_p202612");
    assertThat(partitionOf(t, "far-future")).isEqualTo(SCHEMA + ".audit_logs_default");
    assertThat(store.queryAudit(t, AuditQuery.ALL, PageRequest.first(10)).items()).extracting(AuditEvent::id)
        .containsExactly("far-future", "first-of-december", "last-of-november");
  }

  @Test
  void ensure_whenTheDefaultPartitionHoldsRowsOfThatMonth_movesThemIntoTheNewPartition() throws SQLException {
    String t = tenant();
    store.appendAudit(event(t, Instant.parse("2035-03-10T08:00:00Z"), "early"));
    assertThat(partitionOf(t, "early")).isEqualTo(SCHEMA + ".audit_logs_default");

    assertThat(store.partitions().ensure(AuditPartitions.LOG_TABLE, YearMonth.of(2035, 3))).isTrue();

    assertThat(partitionOf(t, "early")).isEqualTo(SCHEMA + ".audit_logs_p203503");
    assertThat(store.countAudit(t, AuditQuery.ALL)).isEqualTo(1);
    assertThat(store.partitions().ensure(AuditPartitions.LOG_TABLE, YearMonth.of(2035, 3))).isFalse();
  }

  /** Inserts {@code n} events of one tenant, one second apart from {@code start}, ids e00000…, in physical order. */
  private void fill(String tenant, Instant start, int n) throws SQLException {
    try (Connection c = DB.connect(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO " + SCHEMA + ".audit_logs (tenant, timestamp, id, actor, action, resource_type, "
          + "resource_id, resource_name, result, request_id, details) SELECT '" + tenant + "', TIMESTAMPTZ '" + start
          + "' + g * INTERVAL '1 second', 'e' || lpad(g::text, 5, '0'), 'alice', 'catalog.create', 'catalog', 'r', "
          + "'sales', 'SUCCESS', 'req', '{}' FROM generate_series(0, " + (n - 1) + ") g");
    }
  }

  private void assertEveryRowArchivedExactlyOnce(String tenant, int n) throws SQLException {
    assertThat(count("SELECT count(*) FROM " + SCHEMA + ".audit_logs WHERE tenant = '" + tenant + "'")).isZero();
    assertThat(count("SELECT count(*) FROM " + SCHEMA + ".audit_logs_archive WHERE tenant = '" + tenant + "'"))
        .isEqualTo(n);
    assertThat(count("SELECT count(DISTINCT id) FROM " + SCHEMA + ".audit_logs_archive WHERE tenant = '" + tenant
        + "'")).isEqualTo(n);
  }

  /** Runs archival in the background, waits until its backend blocks on a lock, terminates that backend. */
  private Throwable archiveKilledWhileWaiting(AuditPartitions partitions, String queryLike) throws Exception {
    CompletableFuture<AuditPartitions.ArchiveResult> run = CompletableFuture.supplyAsync(partitions::archive);
    try (Connection c = DB.connect(); Statement s = c.createStatement()) {
      long terminated = 0;
      for (int i = 0; i < 400 && terminated == 0 && !run.isDone(); i++) {
        Thread.sleep(25);
        try (ResultSet rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            + "WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '" + queryLike + "'")) {
          rs.next();
          terminated = rs.getLong(1);
        }
      }
      assertThat(terminated).as("archival blocked on the test's lock and was terminated").isEqualTo(1);
    }
    return catchThrowable(() -> run.get(30, TimeUnit.SECONDS));
  }

  @Test
  void archive_ofATwoMonthOldPartition_attachesItToTheArchiveWithEveryRowExactlyOnce_evenWhenKilledAndRerun()
      throws Exception {
    String t = tenant();
    store.partitions().ensure(AuditPartitions.LOG_TABLE, YearMonth.of(2026, 9));
    fill(t, Instant.parse("2026-09-03T00:00:00Z"), 3000);

    Throwable killed;
    try (Connection blocker = DB.connect(); Statement s = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      // DETACH from the log succeeds, then ATTACH to the archive waits for this lock
      s.execute("LOCK TABLE ONLY " + SCHEMA + ".audit_logs_archive IN ACCESS EXCLUSIVE MODE");
      killed = archiveKilledWhileWaiting(store.partitions(), "%ATTACH PARTITION%");
      blocker.rollback();
    }
    assertThat(killed).as("the killed run failed").isNotNull();
    assertThat(count("SELECT count(*) FROM " + SCHEMA + ".audit_logs WHERE tenant = '" + t + "'"))
        .as("the killed transaction detached nothing").isEqualTo(3000);

    AuditPartitions.ArchiveResult rerun = store.partitions().archive();

    assertThat(rerun.partitionsAttached()).isEqualTo(1);
    assertEveryRowArchivedExactlyOnce(t, 3000);
    assertThat(strings("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        + "WHERE i.inhparent = '" + SCHEMA + ".audit_logs_archive'::regclass")).contains("audit_logs_p202609");
  }

  @Test
  void archive_inBatches_movesEveryRowExactlyOnce_evenWhenKilledAndRerun() throws Exception {
    String t = tenant();
    store.partitions().ensure(AuditPartitions.LOG_TABLE, YearMonth.of(2026, 8));
    // the archive already holds August: the partition cannot move whole, its rows move in batches
    store.partitions().ensure(AuditPartitions.ARCHIVE_TABLE, YearMonth.of(2026, 8));
    fill(t, Instant.parse("2026-08-05T00:00:00Z"), 3000);
    AuditPartitions batches = new AuditPartitions(store.db().primary(), SCHEMA, Clock.fixed(NOW, ZoneOffset.UTC), 0,
        30, 400);

    Throwable killed;
    try (Connection blocker = DB.connect(); Statement s = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      s.executeQuery("SELECT 1 FROM " + SCHEMA + ".audit_logs_p202608 WHERE id = 'e01700' FOR UPDATE").close();
      killed = archiveKilledWhileWaiting(batches, "WITH moved AS (DELETE%");
      blocker.rollback();
    }
    assertThat(killed).as("the killed run failed").isNotNull();
    long left = count("SELECT count(*) FROM " + SCHEMA + ".audit_logs WHERE tenant = '" + t + "'");
    long archived = count("SELECT count(*) FROM " + SCHEMA + ".audit_logs_archive WHERE tenant = '" + t + "'");
    assertThat(archived).as("whole batches before the killed one").isEqualTo(1600);
    assertThat(left + archived).isEqualTo(3000);

    AuditPartitions.ArchiveResult rerun = batches.archive();

    assertThat(rerun.rowsMoved()).isGreaterThanOrEqualTo(1400);
    assertEveryRowArchivedExactlyOnce(t, 3000);
    assertThat(count("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        + "WHERE n.nspname = '" + SCHEMA + "' AND c.relname = 'audit_logs_p202608'"))
        .as("the emptied partition is dropped").isZero();
  }

  @Test
  void archive_movesOldRowsOfTheDefaultPartition_andKeepsRecentOnes() throws SQLException {
    String t = tenant();
    store.appendAudit(event(t, Instant.parse("2019-01-01T00:00:00Z"), "ancient"));
    store.appendAudit(event(t, NOW.minusSeconds(60), "recent"));

    store.partitions().archive();

    assertThat(store.queryAudit(t, AuditQuery.ALL, PageRequest.first(10)).items()).extracting(AuditEvent::id)
        .containsExactly("recent");
    assertThat(count("SELECT count(*) FROM " + SCHEMA + ".audit_logs_archive WHERE id = 'ancient'")).isEqualTo(1);
  }

  @Test
  void scheduledMaintenance_recreatesAMissingPartitionAhead() throws Exception {
    String schema = "audit_scheduled";
    try (PostgresMetadataStore scheduled = PostgresMetadataStore.open(DB.config().schema(schema)
        .auditPartitionsAhead(1).maintenanceIntervalS(1).build(), Clock.fixed(NOW, ZoneOffset.UTC))) {
      try (Connection c = DB.connect(); Statement s = c.createStatement()) {
        s.execute("ALTER TABLE " + schema + ".audit_logs DETACH PARTITION " + schema + ".audit_logs_p202612");
        s.execute("DROP TABLE " + schema + ".audit_logs_p202612");
      }
      String exists = "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
          + "WHERE i.inhparent = '" + schema + ".audit_logs'::regclass AND c.relname = 'audit_logs_p202612'";
      for (int i = 0; i < 200 && count(exists) == 0; i++) {
        Thread.sleep(50);
      }
      assertThat(count(exists)).as("the maintenance task recreated the partition").isEqualTo(1);
      assertThat(scheduled.health().up()).isTrue();
    }
  }
}
