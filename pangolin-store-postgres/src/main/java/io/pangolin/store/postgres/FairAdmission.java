package io.pangolin.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.ConnectionFactory;

/**
 * First come, first served in front of a HikariCP pool. HikariCP hands a returned connection to whichever thread
 * asks next — often a thread that just returned one and comes straight back — so under saturation some requests wait
 * many turns while others wait none (upstream issues #1909 and #2192): the p95 of a saturated pool is several times
 * its median. A fair semaphore with as many permits as the pool has connections admits waiting threads in arrival
 * order; a thread holding a permit always finds a connection (or one being opened) in the pool.
 *
 * <p>A thread waits for a permit at most the pool's connection timeout and then fails as HikariCP does, with a
 * {@link SQLTransientConnectionException} (which {@link SqlErrors#isConnectionFailure} maps to 503). The permit is
 * returned when Jdbi closes the connection, also when that close fails, and at once when the pool refuses to lend one.
 */
final class FairAdmission implements ConnectionFactory {
  private final HikariDataSource pool;
  private final Semaphore permits;
  private final long timeoutMs;

  FairAdmission(HikariDataSource pool) {
    this.pool = pool;
    this.permits = new Semaphore(pool.getMaximumPoolSize(), true);
    this.timeoutMs = pool.getConnectionTimeout();
  }

  @Override
  public Connection openConnection() throws SQLException {
    try {
      if (!permits.tryAcquire(timeoutMs, TimeUnit.MILLISECONDS)) {
        throw new SQLTransientConnectionException(
            pool.getPoolName() + " - Connection is not available, request timed out after " + timeoutMs + "ms.");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLTransientConnectionException(pool.getPoolName() + " - interrupted while waiting for a connection",
          e);
    }
    try {
      return pool.getConnection();
    } catch (SQLException | RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  @Override
  public void closeConnection(Connection connection) throws SQLException {
    try {
      connection.close();
    } finally {
      permits.release();
    }
  }

  /** Threads waiting for a permit (they are not yet counted by HikariCP as waiting for a connection). */
  int waiting() {
    return permits.getQueueLength();
  }

  /** Permits not held (equal to the pool size when no connection is lent out). */
  int available() {
    return permits.availablePermits();
  }

  HikariDataSource pool() {
    return pool;
  }
}
