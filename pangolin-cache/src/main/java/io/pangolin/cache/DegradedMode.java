package io.pangolin.cache;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.redisson.client.RedisTimeoutException;

/**
 * Whether the shared cache may be used, and what it owes the other instances while it may not.
 *
 * <p>Starts degraded. {@link #fail} switches to degraded (idempotent) and runs the {@code onDegraded} action once
 * per switch; {@link #takeQueued()} leaves degraded mode only when the queue of invalidations that could not be sent
 * is empty, checked under the same lock writers queue under. Invalidations that fail while Redis is unreachable are
 * queued (bounded: past {@value #OUTBOX_LIMIT} keys the recovery flushes everything instead). Thread-safe.
 */
final class DegradedMode {
  static final int OUTBOX_LIMIT = 10_000;
  /** Consecutive slow (timed-out) L2 reads after which the cache stops asking Redis and degrades. */
  static final int SLOW_READS_TO_DEGRADE = 3;

  /** What the recovery must send before leaving degraded mode: queued keys, or a flush of everything. */
  record Queued(List<CacheKey> keys, boolean flush) {}

  private final Runnable onDegraded;
  private final Object lock = new Object();
  private volatile boolean degraded = true;
  /** False from a lost connection or a connection-level failure until a command succeeds again. */
  private volatile boolean reachable;
  private final AtomicInteger slowReads = new AtomicInteger();
  private volatile boolean closed;
  private volatile String state = "connecting";
  private volatile Instant since = Instant.now();
  private final Map<String, CacheKey> outbox = new LinkedHashMap<>();
  private boolean flushNeeded;
  private final AtomicLong recoveries = new AtomicLong();

  /** @param onDegraded run (outside the lock) each time the cache switches to degraded */
  DegradedMode(Runnable onDegraded) {
    this.onDegraded = onDegraded;
  }

  boolean degraded() {
    return degraded;
  }

  boolean closed() {
    return closed;
  }

  /** Stops every transition: a closed cache neither degrades nor recovers. */
  void close() {
    closed = true;
  }

  String state() {
    return state;
  }

  Instant since() {
    return since;
  }

  /** Describes what the degraded cache waits for (shown until it recovers). */
  void waitingFor(String what) {
    if (degraded) {
      state = what;
    }
  }

  long recoveries() {
    return recoveries.get();
  }

  /** A Redis command succeeded: Redis is reachable and answers in time. */
  void succeeded() {
    reachable = true;
    slowReads.set(0);
  }

  /** Degraded and Redis known unreachable: no command can work now. */
  boolean unreachableWhileDegraded() {
    return degraded && !reachable;
  }

  /** Redis was lost (a closed connection, or a failure other than a timeout). */
  void unreachable() {
    reachable = false;
  }

  static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RedisTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** A command failed: unless it only timed out, Redis counts as unreachable until a command succeeds again. */
  void commandFailed(Throwable e) {
    if (!isTimeout(e)) {
      reachable = false;
    }
  }

  /**
   * An L2 read or write-back failed: that alone loses no invalidation, so a slow answer is just a miss; the cache
   * degrades when Redis is unreachable or keeps being slow (so requests stop waiting for it).
   */
  void readFailed(Throwable e) {
    if (!isTimeout(e)) {
      reachable = false;
      fail("Redis unreachable", e);
    } else if (slowReads.incrementAndGet() >= SLOW_READS_TO_DEGRADE) {
      fail("Redis keeps timing out", e);
    }
  }

  /**
   * Queues {@code changed} if Redis is known unreachable while degraded (no broadcast can work then).
   *
   * @return true if queued, false if the caller should broadcast
   */
  boolean queueIfUnreachable(Collection<CacheKey> changed) {
    synchronized (lock) {
      boolean queue = degraded && !reachable;
      if (queue) {
        queue(changed);
      }
      return queue;
    }
  }

  /** Queues {@code changed} after its broadcast failed. */
  void requeue(Collection<CacheKey> changed) {
    synchronized (lock) {
      queue(changed);
    }
  }

  /**
   * Asks the recovery to flush everything if Redis is known unreachable while degraded, or the cache is closed.
   *
   * @return true if deferred to the recovery, false if the caller should send now
   */
  boolean flushLaterIfUnreachable() {
    synchronized (lock) {
      boolean defer = (degraded && !reachable) || closed;
      if (defer) {
        flushNeeded = true;
      }
      return defer;
    }
  }

  /** Asks the recovery to flush every instance and the shared cache (something could not be sent). */
  void flushLater() {
    synchronized (lock) {
      flushNeeded = true;
    }
  }

  private void queue(Collection<CacheKey> changed) {
    for (CacheKey k : changed) {
      if (outbox.size() >= OUTBOX_LIMIT) {
        flushNeeded = true;
        return;
      }
      outbox.put(k.id(), k);
    }
  }

  /** Switches to degraded mode (idempotent); runs {@code onDegraded} if this call switched. */
  void fail(String reason, Throwable cause) {
    if (closed) {
      return;
    }
    synchronized (lock) {
      if (degraded) {
        return;
      }
      degraded = true;
      since = Instant.now();
      state = reason + (cause == null ? "" : ": " + cause.getClass().getSimpleName());
    }
    onDegraded.run();
  }

  /**
   * Takes what is queued for the recovery to send; when nothing is (checked under the lock writers queue under),
   * leaves degraded mode and returns null instead.
   */
  Queued takeQueued() {
    synchronized (lock) {
      if (outbox.isEmpty() && !flushNeeded) {
        degraded = false;
        state = "ok";
        return null;
      }
      Queued q = new Queued(List.copyOf(outbox.values()), flushNeeded);
      outbox.clear();
      flushNeeded = false;
      return q;
    }
  }

  /** Puts back what {@link #takeQueued()} returned after sending it failed; the cache stays degraded. */
  void putBack(Queued q, Throwable e) {
    synchronized (lock) {
      if (q.flush()) {
        flushNeeded = true;
      } else {
        queue(q.keys());
      }
      state = "replay of queued invalidations failed: " + e.getClass().getSimpleName();
    }
  }

  /** Counts a completed recovery; returns the number before this one. */
  long recovered() {
    return recoveries.getAndIncrement();
  }
}
