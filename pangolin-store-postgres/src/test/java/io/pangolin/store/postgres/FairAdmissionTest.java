package io.pangolin.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.pangolin.spi.StoreStats;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link FairAdmission} in front of a real HikariCP pool on the test PostgreSQL server. In strict order
 * ({@code fair-after-ms} 0) waiting threads get the connection in arrival order and a thread that returns a
 * connection and asks again queues behind the waiting ones; with a limit, a call that has waited longer than the limit
 * gets the next connection (overtaking before that is a race by design, exercised by the many-callers case); many
 * callers on a small pool all get through with no permit lost; a wait that outlasts the connection timeout fails as
 * HikariCP's does; a pool that cannot lend keeps no permit; the store's pool statistics count the threads waiting for
 * admission as pending.
 */
class FairAdmissionTest {
  @RegisterExtension
  static final TestDatabase DB = new TestDatabase();

  /** A gate in strict arrival order (nobody may overtake a waiting call). */
  private static FairAdmission admission(int size, long timeoutMs) {
    return admission(size, timeoutMs, 0);
  }

  private static FairAdmission admission(int size, long timeoutMs, long bargeLimitMs) {
    return new FairAdmission(Pools.primary(DB.config().poolSize(size).connectionTimeoutMs(timeoutMs).build()),
        TimeUnit.MILLISECONDS.toNanos(bargeLimitMs));
  }

  /** Waits (bounded) until {@code n} threads are queued for a permit. */
  private static void awaitWaiting(FairAdmission a, int n) {
    await(n + " waiting threads").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
        .until(() -> a.waiting() >= n);
  }

  /** A thread that waits for a connection, counts {@code served} down once served, holds it until {@code release}. */
  private static CompletableFuture<Void> holdingWaiter(FairAdmission a, CountDownLatch served,
      CountDownLatch release) {
    return CompletableFuture.runAsync(() -> {
      try {
        Connection c = a.openConnection();
        served.countDown();
        release.await();
        a.closeConnection(c);
      } catch (SQLException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }, r -> Thread.ofPlatform().start(r));
  }

  @Test
  void waitingThreads_getTheConnectionInArrivalOrder() throws Exception {
    FairAdmission a = admission(1, 60_000);
    try (HikariDataSource pool = a.pool()) {
      Connection held = a.openConnection();
      List<Integer> served = new CopyOnWriteArrayList<>();
      List<CompletableFuture<Void>> waiters = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int id = i;
        waiters.add(CompletableFuture.runAsync(() -> {
          try {
            Connection c = a.openConnection();
            served.add(id);
            a.closeConnection(c);
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        }, r -> Thread.ofPlatform().start(r)));
        awaitWaiting(a, i + 1); // the next one arrives only once this one queues
      }
      a.closeConnection(held);
      CompletableFuture.allOf(waiters.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

      assertThat(served).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
      assertThat(a.available()).isEqualTo(1);
    }
  }

  @Test
  void aThreadThatReturnsAConnectionAndAsksAgain_queuesBehindTheWaitingThread() throws Exception {
    FairAdmission a = admission(1, 3_000); // the waiter must not time out before it is served, even on a loaded machine
    try (HikariDataSource pool = a.pool()) {
      Connection first = a.openConnection();
      CountDownLatch waiterServed = new CountDownLatch(1);
      CountDownLatch releaseWaiter = new CountDownLatch(1);
      CompletableFuture<Void> waiter = holdingWaiter(a, waiterServed, releaseWaiter);
      awaitWaiting(a, 1);

      a.closeConnection(first);
      // asks again at once (nothing in between, so it would win a race for the permit if barging were allowed): the
      // waiter came first and holds the one connection until this attempt has ended
      Connection barged = null;
      SQLException refused = null;
      try {
        barged = a.openConnection();
      } catch (SQLException e) {
        refused = e;
      }
      if (barged != null) {
        a.closeConnection(barged);
      }
      assertThat(barged).as("a connection taken ahead of the waiting thread").isNull();
      assertThat((Throwable) refused).isInstanceOf(SQLTransientConnectionException.class)
          .hasMessageContaining("Connection is not available");
      assertThat(SqlErrors.isConnectionFailure(refused)).isTrue();
      assertThat(waiterServed.await(30, TimeUnit.SECONDS)).isTrue();

      releaseWaiter.countDown();
      waiter.get(30, TimeUnit.SECONDS);
      Connection again = a.openConnection();
      assertThat(again.isValid(5)).isTrue();
      a.closeConnection(again);
      assertThat(a.available()).isEqualTo(1);
    }
  }

  @Test
  void aCallThatHasWaitedLongerThanTheBargeLimit_getsTheNextConnection() throws Exception {
    FairAdmission a = admission(1, 3_000, 50);
    try (HikariDataSource pool = a.pool()) {
      Connection first = a.openConnection();
      CountDownLatch releaseWaiter = new CountDownLatch(1);
      CompletableFuture<Void> waiter = holdingWaiter(a, new CountDownLatch(1), releaseWaiter);
      awaitWaiting(a, 1);
      Thread.sleep(200); // the waiter is now past the 50 ms limit (and far from its 3 s timeout)

      a.closeConnection(first);
      assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(a::openConnection);

      releaseWaiter.countDown();
      waiter.get(30, TimeUnit.SECONDS);
      assertThat(a.available()).isEqualTo(1);
    }
  }

  @Test
  void manyCallersOnASmallPool_allGetThrough_andEveryPermitComesBack() throws Exception {
    FairAdmission a = admission(3, 60_000, 1);
    try (HikariDataSource pool = a.pool()) {
      List<CompletableFuture<Void>> callers = new ArrayList<>();
      for (int t = 0; t < 24; t++) {
        callers.add(CompletableFuture.runAsync(() -> {
          try {
            for (int i = 0; i < 100; i++) {
              Connection c = a.openConnection();
              try (var s = c.createStatement()) {
                s.execute("SELECT 1");
              }
              a.closeConnection(c);
            }
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        }, r -> Thread.ofVirtual().start(r)));
      }
      CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

      assertThat(a.available()).isEqualTo(3);
      assertThat(a.waiting()).isZero();
    }
  }

  @Test
  void aPoolThatCannotLend_returnsThePermitAtOnce() throws Exception {
    FairAdmission a = admission(2, 500);
    a.pool().close();

    for (int i = 0; i < 3; i++) { // more attempts than permits: a leaked permit would show
      assertThatExceptionOfType(SQLException.class).isThrownBy(a::openConnection);
      assertThat(a.available()).isEqualTo(2);
    }
  }

  @Test
  void theStoresPoolStats_countThreadsWaitingForAdmissionAsPending() throws Exception {
    try (Db db = Db.open(DB.config().poolSize(1).connectionTimeoutMs(60_000).build());
        Handle held = db.primary().open()) {
      CompletableFuture<Integer> waiter = CompletableFuture.supplyAsync(
          () -> db.primary().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()),
          r -> Thread.ofPlatform().start(r));
      await("a pending caller").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
          .until(() -> db.stats().pools().get(0).pending() >= 1);
      StoreStats.Pool primary = db.stats().pools().get(0);
      assertThat(primary.name()).isEqualTo("primary");
      assertThat(primary.pending()).isEqualTo(1);
      assertThat(primary.active()).isEqualTo(1);

      held.close();
      assertThat(waiter.get(30, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(db.stats().pools().get(0).pending()).isZero();
    }
  }
}
