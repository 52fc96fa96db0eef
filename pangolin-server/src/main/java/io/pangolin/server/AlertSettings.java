package io.pangolin.server;

import org.eclipse.microprofile.config.Config;

/**
 * Thresholds past which {@code /health/ready} reports the instance <em>degraded</em> ({@code pangolin.alerts.*};
 * the seed's: pool &gt; 80 %, p95 &gt; 500 ms, error rate &gt; 1 %). Latency and errors are judged over the last
 * {@code windowS} seconds once at least {@code minRequests} requests were seen in it.
 *
 * @param poolUsage share of a store connection pool in use (0..1)
 * @param p95Ms 95th percentile of request latency, milliseconds
 * @param errorRate share of requests answered with a 5xx status (0..1)
 * @param windowS the sliding window of latency and errors, seconds
 * @param minRequests fewer requests than this in the window judge neither latency nor errors
 */
record AlertSettings(double poolUsage, long p95Ms, double errorRate, int windowS, long minRequests) {
  static final String PREFIX = "pangolin.alerts.";

  AlertSettings {
    if (poolUsage <= 0 || poolUsage > 1 || errorRate < 0 || errorRate > 1) {
      throw new IllegalArgumentException(PREFIX + "pool-usage must be in (0, 1] and " + PREFIX
          + "error-rate in [0, 1]");
    }
    if (p95Ms < 0 || windowS < 1 || windowS > 3600 || minRequests < 1) {
      throw new IllegalArgumentException(PREFIX + "p95-ms must be >= 0, " + PREFIX + "window-s in 1..3600 and "
          + PREFIX + "min-requests >= 1");
    }
  }

  static AlertSettings from(Config config) {
    return new AlertSettings(
        config.getOptionalValue(PREFIX + "pool-usage", Double.class).orElse(0.8),
        config.getOptionalValue(PREFIX + "p95-ms", Long.class).orElse(500L),
        config.getOptionalValue(PREFIX + "error-rate", Double.class).orElse(0.01),
        config.getOptionalValue(PREFIX + "window-s", Integer.class).orElse(60),
        config.getOptionalValue(PREFIX + "min-requests", Long.class).orElse(20L));
  }
}
