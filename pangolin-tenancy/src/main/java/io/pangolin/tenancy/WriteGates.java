package io.pangolin.tenancy;

import io.pangolin.api.UnavailableException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-tenant gates of this instance's writes, closed by a move while its placement switches. A write passes an open
 * gate and is counted until it finishes; {@link #close} stops new writes of the tenant (they wait for
 * {@link #open}, at most the switch timeout) and waits until the counted ones have finished, so that the move's last
 * copy sees every write of this instance. (Other instances learn of a switch from the registry; see
 * {@link TenantRoutingStore}.)
 */
final class WriteGates {
  private final ConcurrentHashMap<String, Gate> gates = new ConcurrentHashMap<>();
  private final Duration timeout;

  private static final class Gate {
    final AtomicInteger inFlight = new AtomicInteger();
    volatile CountDownLatch closed;
  }

  /** A write's pass; closing it ends the write. */
  interface Pass extends AutoCloseable {
    @Override
    void close();
  }

  WriteGates(Duration timeout) {
    this.timeout = timeout;
  }

  /** Waits while the tenant's gate is closed, then counts a write. */
  Pass enter(String tenant) {
    Gate g = gates.computeIfAbsent(tenant, t -> new Gate());
    long deadline = System.nanoTime() + timeout.toNanos();
    for (;;) {
      CountDownLatch closed = g.closed;
      if (closed != null) {
        await(tenant, closed, deadline);
        continue;
      }
      g.inFlight.incrementAndGet();
      if (g.closed == null) {
        return g.inFlight::decrementAndGet;
      }
      g.inFlight.decrementAndGet();
    }
  }

  /** Closes the tenant's gate and waits until its running writes have finished. */
  void close(String tenant) {
    Gate g = gates.computeIfAbsent(tenant, t -> new Gate());
    g.closed = new CountDownLatch(1);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (g.inFlight.get() > 0) {
      if (System.nanoTime() > deadline) {
        open(tenant);
        throw new UnavailableException("writes of tenant '" + tenant + "' did not finish within " + timeout);
      }
      sleep(1);
    }
  }

  void open(String tenant) {
    Gate g = gates.get(tenant);
    if (g != null && g.closed != null) {
      CountDownLatch l = g.closed;
      g.closed = null;
      l.countDown();
    }
  }

  private void await(String tenant, CountDownLatch closed, long deadline) {
    try {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !closed.await(left, TimeUnit.NANOSECONDS)) {
        throw new UnavailableException("tenant '" + tenant + "' is being moved to another tier and its writes are "
            + "paused for the switch; retry");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while waiting for the move of tenant '" + tenant + "'");
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted");
    }
  }
}
