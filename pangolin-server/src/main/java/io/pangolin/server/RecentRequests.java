package io.pangolin.server;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Requests of the last few seconds, for the readiness check: a ring of one-second slots, each counting requests
 * by latency bucket and the 5xx answers. Lock-free; a slot is cleared when the ring comes round to it again.
 * The 95th percentile is interpolated within its bucket as Prometheus' {@code histogram_quantile} does.
 */
final class RecentRequests {
  /** Upper bounds of the latency buckets in milliseconds (those of the {@code pangolin.http.request} timer). */
  static final long[] BOUNDS_MS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};
  private static final int BUCKETS = BOUNDS_MS.length + 1;
  private static final int ERRORS = BUCKETS;
  private static final int WIDTH = BUCKETS + 1;

  /** What the window holds now. */
  record Window(long requests, long errors, double p95Ms) {
    double errorRate() {
      return requests == 0 ? 0 : (double) errors / requests;
    }
  }

  private final int seconds;
  private final LongSupplier nanoClock;
  private final AtomicLongArray counts;
  private final AtomicLongArray slotSecond;

  RecentRequests(int seconds, LongSupplier nanoClock) {
    this.seconds = seconds;
    this.nanoClock = nanoClock;
    this.counts = new AtomicLongArray(seconds * WIDTH);
    this.slotSecond = new AtomicLongArray(seconds);
    for (int i = 0; i < seconds; i++) {
      slotSecond.set(i, Long.MIN_VALUE);
    }
  }

  void record(long nanos, int status) {
    long second = nanoClock.getAsLong() / 1_000_000_000L;
    int slot = (int) Math.floorMod(second, seconds);
    long seen = slotSecond.get(slot);
    if (seen != second && slotSecond.compareAndSet(slot, seen, second)) {
      for (int i = 0; i < WIDTH; i++) {
        counts.set(slot * WIDTH + i, 0);
      }
    }
    counts.incrementAndGet(slot * WIDTH + bucket(nanos / 1_000_000.0));
    if (status >= 500) {
      counts.incrementAndGet(slot * WIDTH + ERRORS);
    }
  }

  private static int bucket(double ms) {
    for (int i = 0; i < BOUNDS_MS.length; i++) {
      if (ms <= BOUNDS_MS[i]) {
        return i;
      }
    }
    return BOUNDS_MS.length;
  }

  Window window() {
    long now = nanoClock.getAsLong() / 1_000_000_000L;
    long[] perBucket = new long[BUCKETS];
    long errors = 0;
    for (int slot = 0; slot < seconds; slot++) {
      long second = slotSecond.get(slot);
      if (second == Long.MIN_VALUE || now - second >= seconds) {
        continue;
      }
      for (int b = 0; b < BUCKETS; b++) {
        perBucket[b] += counts.get(slot * WIDTH + b);
      }
      errors += counts.get(slot * WIDTH + ERRORS);
    }
    long total = 0;
    for (long c : perBucket) {
      total += c;
    }
    return new Window(total, Math.min(errors, total), quantile(perBucket, total, 0.95));
  }

  /** Linear interpolation inside the bucket holding the rank; the last bucket reports its lower bound. */
  private static double quantile(long[] perBucket, long total, double q) {
    if (total == 0) {
      return 0;
    }
    double rank = q * total;
    long cumulative = 0;
    for (int b = 0; b < BUCKETS; b++) {
      long before = cumulative;
      cumulative += perBucket[b];
      if (cumulative >= rank && perBucket[b] > 0) {
        if (b == BOUNDS_MS.length) {
          return BOUNDS_MS[b - 1];
        }
        double lower = b == 0 ? 0 : BOUNDS_MS[b - 1];
        return lower + (BOUNDS_MS[b] - lower) * ((rank - before) / perBucket[b]);
      }
    }
    return BOUNDS_MS[BOUNDS_MS.length - 1];
  }
}
