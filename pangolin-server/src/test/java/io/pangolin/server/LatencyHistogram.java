package io.pangolin.server;

/** Latencies in log-spaced buckets (2 % wide): constant memory however many requests a benchmark makes. */
final class LatencyHistogram {
  private static final double BASE = Math.log(1.02);
  private final long[] buckets = new long[1400]; // 1 ns .. ~10^12 ns
  private long count;

  void record(long nanos) {
    buckets[Math.min(buckets.length - 1, (int) (Math.log(Math.max(1, nanos)) / BASE))]++;
    count++;
  }

  void add(LatencyHistogram other) {
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] += other.buckets[i];
    }
    count += other.count;
  }

  long count() {
    return count;
  }

  /** The upper bound of the bucket holding percentile {@code p}, in microseconds. */
  double percentileMicros(double p) {
    long rank = (long) Math.ceil(p / 100.0 * count);
    long seen = 0;
    for (int i = 0; i < buckets.length; i++) {
      seen += buckets[i];
      if (seen >= rank) {
        return Math.exp((i + 1) * BASE) / 1000.0;
      }
    }
    return Double.NaN;
  }
}
