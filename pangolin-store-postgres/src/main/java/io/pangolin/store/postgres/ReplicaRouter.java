package io.pangolin.store.postgres;

import io.pangolin.spi.ReadConsistency;
import java.lang.System.Logger.Level;
import io.pangolin.spi.StoreStats;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Chooses where a read runs: a replica that is up, not lagging, and has replayed the caller's last write; otherwise
 * the primary.
 *
 * <p><b>Read-your-writes by WAL position.</b> After each write transaction the store records the primary's WAL
 * position ({@code pg_current_wal_lsn()} after commit) for the tenant written to, and for the deployment as a whole.
 * A read of that tenant may go to a replica only once the replica's replay position ({@code
 * pg_last_wal_replay_lsn()}) has reached it; until then it goes to the primary. Across instances the same rule
 * applies to the position a client sends back ({@link ReadConsistency}, the {@code X-Pangolin-Consistency} header). Replay positions are polled every
 * {@code replica-check-interval-ms}, so they are lower bounds of the truth and the rule never lets a stale read
 * through; a poll interval right after a write costs primary reads, not correctness.
 *
 * <p><b>Lag and failures.</b> The same poll samples the primary's WAL position; a replica's lag is the age of the
 * oldest primary position it has not replayed yet (0 when caught up, so an idle primary shows no false lag). A
 * replica lagging more than {@code replica-max-lag-ms}, failing its poll, or failing a read with a connection error
 * is out of rotation until a poll finds it healthy again; the failed read is retried on the primary, so callers
 * never see a replica's failure.
 */
final class ReplicaRouter implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ReplicaRouter.class.getName());

  /** One replica and what the last poll found. */
  static final class Replica {
    final int index;
    final String url;
    final FairAdmission admission;
    final Jdbi jdbi;
    volatile boolean up;
    volatile long replayLsn = -1;
    volatile long lagMs = Long.MAX_VALUE;
    volatile String state = "not polled yet";
    final LongAdder reads = new LongAdder();

    Replica(int index, String url, FairAdmission admission) {
      this.index = index;
      this.url = url;
      this.admission = admission;
      this.jdbi = Jdbi.create(admission);
    }
  }

  private record Sample(long atMs, long lsn) {}

  private final Jdbi primary;
  private final List<Replica> replicas;
  private final long maxLagMs;
  private final long historyMs;
  private final Map<String, Long> tenantLsn = new ConcurrentHashMap<>();
  private final AtomicLong deploymentLsn = new AtomicLong();
  private final ArrayDeque<Sample> primarySamples = new ArrayDeque<>();
  private final AtomicInteger next = new AtomicInteger();
  /** Set by {@link #start} before the router is handed out. */
  private volatile ScheduledExecutorService monitor;

  private ReplicaRouter(Jdbi primary, List<Replica> replicas, long maxLagMs, long checkIntervalMs) {
    this.primary = primary;
    this.replicas = List.copyOf(replicas);
    this.maxLagMs = maxLagMs;
    this.historyMs = 2 * maxLagMs + 10 * checkIntervalMs;
  }

  /** Polls the replicas once, then starts the monitor thread that polls them every {@code checkIntervalMs}. */
  static ReplicaRouter start(Jdbi primary, List<Replica> replicas, long maxLagMs, long checkIntervalMs) {
    ReplicaRouter router = new ReplicaRouter(primary, replicas, maxLagMs, checkIntervalMs);
    router.poll();
    ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("pangolin-pg-replica-monitor").daemon().factory());
    monitor.scheduleWithFixedDelay(router::pollSafely, checkIntervalMs, checkIntervalMs, TimeUnit.MILLISECONDS);
    router.monitor = monitor;
    return router;
  }

  List<Replica> replicas() {
    return replicas;
  }

  /**
   * A replica that may serve a read of {@code tenant} (empty: deployment-wide read), or empty for the primary.
   *
   * @param required a WAL position the read must see besides this instance's own writes (a client's consistency
   *     token, possibly from another instance); 0 for none
   */
  Optional<Replica> pick(Optional<String> tenant, long required) {
    long own = tenant.map(t -> tenantLsn.getOrDefault(t, 0L)).orElseGet(deploymentLsn::get);
    long need = Math.max(own, required);
    int n = replicas.size();
    int start = Math.floorMod(next.getAndIncrement(), n);
    for (int i = 0; i < n; i++) {
      Replica r = replicas.get((start + i) % n);
      if (r.up && r.lagMs <= maxLagMs && r.replayLsn >= need) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** Records the primary's WAL position after a committed write of {@code tenant}. */
  void wrote(Optional<String> tenant, long lsn) {
    tenant.ifPresent(t -> tenantLsn.merge(t, lsn, Math::max));
    deploymentLsn.accumulateAndGet(lsn, Math::max);
  }

  /** Takes a replica out of rotation until the next successful poll. */
  void markDown(Replica r, Throwable cause) {
    if (r.up) {
      LOG.log(Level.WARNING, "replica " + r.index + " out of rotation: " + cause);
    }
    r.up = false;
    r.state = "down: " + cause.getClass().getSimpleName();
  }

  /** What the last poll found about {@code r}: in rotation, and its lag ({@code -1} while down or not polled). */
  StoreStats.Replica stats(Replica r) {
    boolean inRotation = r.up && r.lagMs <= maxLagMs;
    return new StoreStats.Replica("replica-" + r.index, inRotation, r.up && r.lagMs != Long.MAX_VALUE ? r.lagMs : -1);
  }

  String describe() {
    long inRotation = replicas.stream().filter(r -> r.up && r.lagMs <= maxLagMs).count();
    return inRotation + "/" + replicas.size() + " replicas in rotation";
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "replica poll failed", e);
    }
  }

  /** Samples the primary's WAL position, then every replica's replay position and lag. */
  void poll() {
    long now = nowMs();
    try {
      long lsn = primary.withHandle(h -> lsn(h.createQuery("SELECT CAST(pg_current_wal_lsn() AS text)")
          .mapTo(String.class).one()));
      synchronized (primarySamples) {
        primarySamples.addLast(new Sample(now, lsn));
        while (primarySamples.size() > 2 && primarySamples.peekFirst().atMs() < now - historyMs) {
          primarySamples.removeFirst();
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "cannot sample the primary's WAL position", e);
    }
    for (Replica r : replicas) {
      try (Handle h = r.jdbi.open()) {
        Map<String, Object> row = h.createQuery("SELECT pg_is_in_recovery() AS standby, "
            + "CAST(pg_last_wal_replay_lsn() AS text) AS replay").mapToMap().one();
        if (!Boolean.TRUE.equals(row.get("standby")) || row.get("replay") == null) {
          r.up = false;
          r.state = "not a streaming standby";
          continue;
        }
        long replay = lsn((String) row.get("replay"));
        r.replayLsn = Math.max(r.replayLsn, replay);
        r.lagMs = lagOf(replay, now);
        boolean wasUp = r.up;
        r.up = true;
        r.state = r.lagMs <= maxLagMs ? "up" : "lagging " + r.lagMs + " ms";
        if (!wasUp) {
          LOG.log(Level.INFO, "replica " + r.index + " in rotation");
        }
      } catch (RuntimeException e) {
        markDown(r, e);
      }
    }
  }

  private long lagOf(long replay, long now) {
    synchronized (primarySamples) {
      Sample latest = primarySamples.peekLast();
      if (latest == null || replay >= latest.lsn()) {
        return 0;
      }
      for (Sample s : primarySamples) {
        if (s.lsn() > replay) {
          return now - s.atMs();
        }
      }
      return 0;
    }
  }

  /** Parses PostgreSQL's {@code X/Y} WAL position. */
  static long lsn(String text) {
    return ReadConsistency.parse(text).orElseThrow(() -> new IllegalStateException("not a WAL position: " + text));
  }

  private static long nowMs() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
  }

  /** Reads served by each replica, for tests and diagnostics. */
  List<Long> readsPerReplica() {
    List<Long> out = new ArrayList<>();
    replicas.forEach(r -> out.add(r.reads.sum()));
    return out;
  }

  @Override
  public void close() {
    if (monitor != null) {
      monitor.shutdownNow();
    }
    replicas.forEach(r -> r.admission.pool().close());
  }
}
