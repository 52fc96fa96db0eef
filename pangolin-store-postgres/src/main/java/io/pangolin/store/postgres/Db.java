package io.pangolin.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.pangolin.api.PangolinException;
import io.pangolin.api.UnavailableException;
import io.pangolin.spi.StoreStats;
import io.pangolin.spi.ReadConsistency;
import io.pangolin.store.postgres.SqlErrors.Op;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Runs the store's statements: writes in a transaction on the primary, retried on serialization failures and
 * deadlocks; reads on a replica chosen by the {@link ReplicaRouter} (falling back to the primary on any replica
 * failure) or on the primary. Every failure leaves as a typed Pangolin exception. Every pool is entered through
 * {@link FairAdmission}, so waiting requests get connections in arrival order.
 */
final class Db implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Db.class.getName());

  private final FairAdmission primaryPool;
  private final Jdbi primary;
  private final Optional<ReplicaRouter> router;
  private final RetryPolicy retry;
  /** Without replicas, a request's writes are told to {@link ReadConsistency} with this reader (the same object). */
  private final LongSupplier walPosition = this::readWalPosition;

  private Db(FairAdmission primaryPool, Jdbi primary, Optional<ReplicaRouter> router, RetryPolicy retry) {
    this.primaryPool = primaryPool;
    this.primary = primary;
    this.router = router;
    this.retry = retry;
  }

  /** Opens the pools. @throws UnavailableException the primary cannot be reached */
  static Db open(PostgresStoreConfig cfg) {
    HikariDataSource primaryDs;
    try {
      primaryDs = Pools.primary(cfg);
    } catch (RuntimeException e) {
      throw new UnavailableException("cannot connect to PostgreSQL at " + PostgresStoreConfig.redactUrl(cfg.url()),
          e);
    }
    long fairAfterNanos = TimeUnit.MILLISECONDS.toNanos(cfg.fairAfterMs());
    FairAdmission primaryPool = new FairAdmission(primaryDs, fairAfterNanos);
    Jdbi primary = Jdbi.create(primaryPool);
    if (cfg.replicas().isEmpty()) {
      return new Db(primaryPool, primary, Optional.empty(), RetryPolicy.DEFAULT);
    }
    List<ReplicaRouter.Replica> replicas = new ArrayList<>();
    for (int i = 0; i < cfg.replicas().size(); i++) {
      String url = cfg.replicas().get(i);
      replicas.add(new ReplicaRouter.Replica(i, PostgresStoreConfig.redactUrl(url),
          new FairAdmission(Pools.replica(cfg, url, i), fairAfterNanos)));
    }
    ReplicaRouter router = ReplicaRouter.start(primary, replicas, cfg.replicaMaxLagMs(),
        cfg.replicaCheckIntervalMs());
    return new Db(primaryPool, primary, Optional.of(router), RetryPolicy.DEFAULT);
  }

  Jdbi primary() {
    return primary;
  }

  Optional<ReplicaRouter> router() {
    return router;
  }

  /**
   * Runs {@code body} in one transaction on the primary, retrying it on serialization failures and deadlocks.
   * Pangolin exceptions thrown by {@code body} roll the transaction back and pass unchanged.
   *
   * @param tenant the tenant written to (for read-your-writes); empty for deployment-wide writes
   */
  <T> T write(Optional<String> tenant, Op op, Function<Handle, T> body) {
    T result = retry.run(op, () -> primary.inTransaction(body::apply));
    if (router.isPresent()) {
      noteWrite(tenant); // never throws
    } else if (ReadConsistency.active()) {
      ReadConsistency.wroteBefore(walPosition); // read once per request, when its token is asked for
    }
    return result;
  }

  /**
   * With replicas, reads the primary's WAL position after a commit (one extra round trip) and records it for this
   * instance's router and as the request's token.
   */
  private void noteWrite(Optional<String> tenant) {
    long lsn = readWalPosition();
    // unknown (-1): keep this tenant on the primary until a later write records one
    long position = lsn < 0 ? Long.MAX_VALUE : lsn;
    router.ifPresent(r -> r.wrote(tenant, position));
    if (lsn >= 0) {
      ReadConsistency.wrote(lsn);
    }
  }

  /** The primary's current WAL position, or -1 when it cannot be read. */
  private long readWalPosition() {
    try {
      return primary.withHandle(h -> ReplicaRouter.lsn(h.createQuery("SELECT CAST(pg_current_wal_lsn() AS text)")
          .mapTo(String.class).one()));
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "cannot read the WAL position after a write", e);
      return -1;
    }
  }

  /**
   * Runs a read, on a replica when the router allows it, else on the primary. A replica failure of any kind sends
   * the read to the primary (a connection failure also takes the replica out of rotation). A request carrying a
   * consistency token ({@link ReadConsistency#required()}) is served by a replica only once it has replayed that far.
   *
   * @param tenant the tenant read (for read-your-writes); empty for deployment-wide reads
   */
  <T> T read(Optional<String> tenant, Op op, Function<Handle, T> body) {
    if (router.isPresent()) {
      Optional<ReplicaRouter.Replica> replica = router.get().pick(tenant, ReadConsistency.required());
      if (replica.isPresent()) {
        ReplicaRouter.Replica r = replica.get();
        try {
          T result = r.jdbi.withHandle(body::apply);
          r.reads.increment();
          return result;
        } catch (PangolinException e) {
          throw e;
        } catch (RuntimeException e) {
          if (SqlErrors.isConnectionFailure(e)) {
            router.get().markDown(r, e);
          } else {
            LOG.log(Level.DEBUG, "read on replica " + r.index + " failed; retrying on the primary", e);
          }
        }
      }
    }
    return readPrimary(op, body);
  }

  /** Runs a read on the primary (for reads that must see every committed write, of any instance). */
  <T> T readPrimary(Op op, Function<Handle, T> body) {
    return retry.run(op, () -> primary.withHandle(body::apply));
  }

  StoreStats stats() {
    List<StoreStats.Pool> pools = new ArrayList<>();
    pools.add(pool("primary", primaryPool));
    List<StoreStats.Replica> replicas = new ArrayList<>();
    router.ifPresent(r -> r.replicas().forEach(rep -> {
      pools.add(pool("replica-" + rep.index, rep.admission));
      replicas.add(r.stats(rep));
    }));
    return new StoreStats(pools, replicas);
  }

  /**
   * HikariCP's own counters (no I/O), pending counting the threads waiting for admission as well as those HikariCP
   * sees waiting; a pool not started yet counts zeros (and its waiting threads).
   */
  private static StoreStats.Pool pool(String name, FairAdmission admission) {
    HikariDataSource ds = admission.pool();
    HikariPoolMXBean bean = ds.getHikariPoolMXBean();
    int max = ds.getMaximumPoolSize();
    if (bean == null) {
      return new StoreStats.Pool(name, 0, 0, max, admission.waiting());
    }
    return new StoreStats.Pool(name, Math.max(0, bean.getActiveConnections()), Math.max(0, bean.getIdleConnections()),
        max, Math.max(0, bean.getThreadsAwaitingConnection()) + admission.waiting());
  }

  String describe() {
    return router.map(ReplicaRouter::describe).map(s -> "primary up, " + s).orElse("primary up");
  }

  @Override
  public void close() {
    router.ifPresent(ReplicaRouter::close);
    primaryPool.pool().close();
  }
}
