package io.pangolin.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.ConnectionFactory;

/**
 * Admission to a HikariCP pool with bounded waits. HikariCP lends a returned connection to whichever thread asks next
 * — usually one that is running, not one that has been waiting — so under saturation some calls wait many turns while
 * others wait none (upstream issues #1909 and #2192), and the p95 of a saturated pool is several times its median.
 * Strict first come, first served fixes the tail but costs throughput on a busy server: every connection is handed to
 * a parked thread and stays unused until that thread gets a CPU again.
 *
 * <p>So this gate lets a running caller take a free connection ahead of the waiting ones only while the longest
 * waiting caller has waited less than {@code fairAfterNanos} (store key {@code fair-after-ms}); from then on every
 * returned connection goes straight to the longest waiting caller, in arrival order, until the queue's head is
 * younger than the limit again. A caller
 * waits at most the pool's connection timeout and then fails as HikariCP does, with a
 * {@link SQLTransientConnectionException} (which {@link SqlErrors#isConnectionFailure} maps to 503). The gate has as
 * many permits as the pool has connections, so a caller holding one always finds a connection (or one being opened);
 * the permit returns when Jdbi closes the connection, also when that close fails, and at once when the pool refuses
 * to lend.
 */
final class FairAdmission implements ConnectionFactory {
  private static final class Waiter {
    final Thread thread = Thread.currentThread();
    final long since;
    /** Set under the lock when a permit is handed to this waiter directly. */
    boolean granted;

    Waiter(long since) {
      this.since = since;
    }
  }

  private final HikariDataSource pool;
  private final long timeoutMs;
  private final long fairAfterNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
  private int free;

  /** @param fairAfterNanos how long the head of the queue may be overtaken; 0: strict arrival order */
  FairAdmission(HikariDataSource pool, long fairAfterNanos) {
    this.pool = pool;
    this.timeoutMs = pool.getConnectionTimeout();
    this.fairAfterNanos = fairAfterNanos;
    this.free = pool.getMaximumPoolSize();
  }

  @Override
  public Connection openConnection() throws SQLException {
    acquire();
    try {
      return pool.getConnection();
    } catch (SQLException | RuntimeException e) {
      release();
      throw e;
    }
  }

  @Override
  public void closeConnection(Connection connection) throws SQLException {
    try {
      connection.close();
    } finally {
      release();
    }
  }

  private void acquire() throws SQLException {
    long start = System.nanoTime();
    Waiter me;
    lock.lock();
    try {
      if (free > 0 && mayOvertake(start)) {
        free--;
        return;
      }
      me = new Waiter(start);
      queue.addLast(me);
    } finally {
      lock.unlock();
    }
    long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (true) {
      lock.lock();
      try {
        if (me.granted) {
          return;
        }
        if (free > 0 && queue.peekFirst() == me) { // woken by a release that kept its permit free for the head
          queue.pollFirst();
          free--;
          wakeHeadIfFree();
          return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || Thread.currentThread().isInterrupted()) {
          queue.remove(me);
          wakeHeadIfFree();
          boolean interrupted = Thread.currentThread().isInterrupted();
          throw new SQLTransientConnectionException(pool.getPoolName() + (interrupted
              ? " - interrupted while waiting for a connection"
              : " - Connection is not available, request timed out after " + timeoutMs + "ms."));
        }
      } finally {
        lock.unlock();
      }
      LockSupport.parkNanos(this, deadline - System.nanoTime());
    }
  }

  private void release() {
    lock.lock();
    try {
      Waiter head = queue.peekFirst();
      if (head != null && !mayOvertake(System.nanoTime())) {
        queue.pollFirst();
        head.granted = true; // straight to the longest waiting caller
        LockSupport.unpark(head.thread);
        return;
      }
      free++;
      wakeHeadIfFree();
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: whether a caller may take a free permit ahead of the queue's head. */
  private boolean mayOvertake(long now) {
    Waiter head = queue.peekFirst();
    return head == null || now - head.since < fairAfterNanos;
  }

  /** Under the lock: a free permit and a waiting head — let the head try for it (a running caller may be faster). */
  private void wakeHeadIfFree() {
    Waiter head = queue.peekFirst();
    if (free > 0 && head != null) {
      LockSupport.unpark(head.thread);
    }
  }

  /** Callers waiting for admission (HikariCP does not count them as waiting for a connection). */
  int waiting() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** Permits not held (equal to the pool size when no connection is lent out). */
  int available() {
    lock.lock();
    try {
      return free;
    } finally {
      lock.unlock();
    }
  }

  HikariDataSource pool() {
    return pool;
  }
}
