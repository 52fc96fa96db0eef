package io.pangolin.store.postgres;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Maintenance of the monthly-partitioned audit log ({@code audit_logs}, {@code PARTITION BY RANGE (timestamp)}) and
 * its archive ({@code audit_logs_archive}, same shape and partitioning).
 *
 * <ul>
 *   <li><b>Partitions ahead:</b> the current month and the next {@code audit-partitions-ahead} months get a partition
 *       ({@code audit_logs_pYYYYMM}, bounds in UTC). Anything else lands in the default partition, so no insert
 *       fails; when a month's partition is created later, rows of that month already in the default partition move
 *       into it in the same transaction.
 *   <li><b>Archival:</b> events older than the retention move to the archive. A month wholly older than the cutoff
 *       moves as a table: {@code DETACH PARTITION} from the log and {@code ATTACH PARTITION} to the archive in one
 *       transaction. Where that is impossible (the month straddles the cutoff, rows sit in the default partition,
 *       or the archive already holds rows of that month) rows move in bounded batches, each one statement that
 *       deletes from the log and inserts into the archive.
 * </ul>
 *
 * Every step is one transaction, so a step killed midway is rolled back entirely: re-running finds the rows where
 * they were and moves each exactly once (the archive's primary key and {@code ON CONFLICT DO NOTHING} make a
 * repeated insert harmless besides). Steps serialize across instances on a transaction-scoped advisory lock (never
 * a session lock: PgBouncer-safe), and wait at most {@link #LOCK_TIMEOUT} for table locks so maintenance never
 * queues traffic behind it for long.
 */
final class AuditPartitions {
  private static final System.Logger LOG = System.getLogger(AuditPartitions.class.getName());
  static final String LOG_TABLE = "audit_logs";
  static final String ARCHIVE_TABLE = "audit_logs_archive";
  static final String LOCK_TIMEOUT = "10s";
  static final int DEFAULT_BATCH_SIZE = 5_000;

  private static final String COLUMNS = "tenant, timestamp, id, actor, action, resource_type, resource_id, "
      + "resource_name, result, request_id, details";
  private static final Pattern BOUNDS = Pattern.compile("FOR VALUES FROM \\('([^']+)'\\) TO \\('([^']+)'\\)");
  private static final DateTimeFormatter PG_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]X");
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM");

  /** A partition of one of the two tables; a default partition has no bounds. */
  record Partition(String name, Optional<Instant> from, Optional<Instant> to) {
    boolean isDefault() {
      return from.isEmpty();
    }
  }

  /** What one archival run did. */
  record ArchiveResult(int partitionsAttached, long rowsMoved) {}

  private final Jdbi jdbi;
  private final String schema;
  private final Clock clock;
  private final int ahead;
  private final Duration retention;
  private final int batchSize;

  AuditPartitions(Jdbi jdbi, String schema, Clock clock, int ahead, int retentionDays, int batchSize) {
    this.jdbi = jdbi;
    this.schema = schema;
    this.clock = clock;
    this.ahead = ahead;
    this.retention = Duration.ofDays(retentionDays);
    this.batchSize = batchSize;
  }

  /** Creates the partitions of the current month and the months ahead that are missing. */
  void ensureAhead() {
    YearMonth now = YearMonth.now(clock.withZone(ZoneOffset.UTC));
    for (int i = 0; i <= ahead; i++) {
      ensure(LOG_TABLE, now.plusMonths(i));
    }
  }

  /** Moves every event older than the retention to the archive. */
  ArchiveResult archive() {
    Instant cutoff = clock.instant().minus(retention).truncatedTo(ChronoUnit.MICROS);
    int attached = 0;
    long rows = 0;
    List<Partition> parts = jdbi.inTransaction(h -> {
      utc(h);
      return partitions(h, LOG_TABLE);
    });
    for (Partition p : parts) {
      if (p.isDefault()) {
        continue;
      }
      if (!p.to().orElseThrow().isAfter(cutoff)) {
        if (attachToArchive(p)) {
          attached++;
        } else {
          ensure(ARCHIVE_TABLE, month(p.from().orElseThrow()));
          rows += moveRows(p.name(), p.to().orElseThrow());
          dropIfEmpty(p);
        }
      } else if (p.from().orElseThrow().isBefore(cutoff)) {
        ensure(ARCHIVE_TABLE, month(p.from().orElseThrow()));
        rows += moveRows(p.name(), cutoff);
      }
    }
    rows += moveRows(LOG_TABLE + "_default", cutoff);
    if (attached > 0 || rows > 0) {
      LOG.log(Level.INFO, "audit archival before " + cutoff + ": " + attached + " partitions attached to the archive, "
          + rows + " rows moved in batches");
    }
    return new ArchiveResult(attached, rows);
  }

  /**
   * Creates {@code table}'s partition for {@code month} if it has none, moving rows of that month out of the default
   * partition first (PostgreSQL refuses to attach a partition whose rows the default partition holds).
   *
   * @return true if it created one
   */
  boolean ensure(String table, YearMonth month) {
    Instant from = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant to = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    return jdbi.inTransaction(h -> {
      lock(h);
      if (partitions(h, table).stream().anyMatch(p -> !p.isDefault() && p.from().get().isBefore(to)
          && p.to().get().isAfter(from))) {
        return false;
      }
      String name = freeName(h, table + "_p" + MONTH.format(month));
      h.execute("CREATE TABLE " + q(name) + " (LIKE " + q(table) + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
      int moved = h.execute("WITH moved AS (DELETE FROM " + q(table + "_default") + " WHERE timestamp >= "
          + literal(from) + " AND timestamp < " + literal(to) + " RETURNING " + COLUMNS + ") INSERT INTO " + q(name)
          + " (" + COLUMNS + ") SELECT " + COLUMNS + " FROM moved");
      h.execute("ALTER TABLE " + q(table) + " ATTACH PARTITION " + q(name) + " FOR VALUES FROM (" + literal(from)
          + ") TO (" + literal(to) + ")");
      LOG.log(Level.DEBUG, "created partition " + name + (moved > 0 ? " with " + moved + " rows of the default" : ""));
      return true;
    });
  }

  /** Moves a whole partition from the log to the archive, if the archive has no rows of its range yet. */
  private boolean attachToArchive(Partition p) {
    Instant from = p.from().orElseThrow();
    Instant to = p.to().orElseThrow();
    return jdbi.inTransaction(h -> {
      lock(h);
      if (partitions(h, LOG_TABLE).stream().noneMatch(x -> x.name().equals(p.name()))) {
        return false; // moved by another instance meanwhile
      }
      boolean overlap = partitions(h, ARCHIVE_TABLE).stream().anyMatch(x -> !x.isDefault()
          && x.from().get().isBefore(to) && x.to().get().isAfter(from));
      boolean inDefault = h.createQuery("SELECT EXISTS (SELECT 1 FROM " + q(ARCHIVE_TABLE + "_default")
          + " WHERE timestamp >= " + literal(from) + " AND timestamp < " + literal(to) + ")")
          .mapTo(Boolean.class).one();
      if (overlap || inDefault) {
        return false;
      }
      h.execute("ALTER TABLE " + q(LOG_TABLE) + " DETACH PARTITION " + q(p.name()));
      h.execute("ALTER TABLE " + q(ARCHIVE_TABLE) + " ATTACH PARTITION " + q(p.name()) + " FOR VALUES FROM ("
          + literal(from) + ") TO (" + literal(to) + ")");
      return true;
    });
  }

  /** Moves rows older than {@code before} from one table to the archive, one batch per statement. */
  private long moveRows(String source, Instant before) {
    String sql = "WITH moved AS (DELETE FROM " + q(source) + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + q(source)
        + " WHERE timestamp < " + literal(before) + " LIMIT " + batchSize + ")) RETURNING " + COLUMNS + "), "
        + "ins AS (INSERT INTO " + q(ARCHIVE_TABLE) + " (" + COLUMNS + ") SELECT " + COLUMNS + " FROM moved "
        + "ON CONFLICT DO NOTHING) SELECT count(*) FROM moved";
    long total = 0;
    while (true) {
      long n = jdbi.inTransaction(h -> {
        lock(h);
        return h.createQuery(sql).mapTo(Long.class).one();
      });
      total += n;
      if (n < batchSize) {
        return total;
      }
    }
  }

  private void dropIfEmpty(Partition p) {
    jdbi.useTransaction(h -> {
      lock(h);
      boolean attached = partitions(h, LOG_TABLE).stream().anyMatch(x -> x.name().equals(p.name()));
      boolean empty = attached && !h.createQuery("SELECT EXISTS (SELECT 1 FROM " + q(p.name()) + ")")
          .mapTo(Boolean.class).one();
      if (empty) {
        h.execute("ALTER TABLE " + q(LOG_TABLE) + " DETACH PARTITION " + q(p.name()));
        h.execute("DROP TABLE " + q(p.name()));
      }
    });
  }

  /** Partitions of {@code table} with their bounds. Needs {@link #utc} in the same transaction. */
  List<Partition> partitions(Handle h, String table) {
    List<Partition> out = new ArrayList<>();
    h.createQuery("SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i "
            + "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = CAST(:table AS regclass)")
        .bind("table", schema + "." + table)
        .map((rs, ctx) -> {
          String bound = rs.getString("bound");
          Matcher m = BOUNDS.matcher(bound);
          if (m.find()) {
            return new Partition(rs.getString("relname"), Optional.of(parse(m.group(1))),
                Optional.of(parse(m.group(2))));
          }
          return new Partition(rs.getString("relname"), Optional.empty(), Optional.empty());
        })
        .forEach(out::add);
    out.sort(Comparator.comparing((Partition p) -> p.from().orElse(Instant.MIN)));
    return out;
  }

  /** Serializes maintenance steps across instances; bounds lock waits; prints bounds in UTC. */
  private void lock(Handle h) {
    h.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
    utc(h);
    h.createQuery("SELECT pg_advisory_xact_lock(hashtext(:key))").bind("key", "pangolin-audit-maintenance:" + schema)
        .mapToMap().one();
  }

  private static void utc(Handle h) {
    h.execute("SET LOCAL TimeZone = 'UTC'");
  }

  private String freeName(Handle h, String base) {
    String name = base;
    for (int i = 2; h.createQuery("SELECT to_regclass(:n) IS NOT NULL").bind("n", schema + "." + name)
        .mapTo(Boolean.class).one(); i++) {
      name = base + "_" + i;
    }
    return name;
  }

  private String q(String table) {
    return schema + "." + table;
  }

  private static Instant parse(String pgTimestamp) {
    return OffsetDateTime.parse(pgTimestamp, PG_UTC).toInstant();
  }

  private static String literal(Instant i) {
    return "'" + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(i.atOffset(ZoneOffset.UTC)) + "'";
  }

  static YearMonth month(Instant i) {
    return YearMonth.from(i.atOffset(ZoneOffset.UTC));
  }
}
