package io.pangolin.store.postgres;

import io.pangolin.api.UnavailableException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded retry of transactions that PostgreSQL rolled back for a serialization failure or a deadlock: exponential
 * backoff with full jitter, so colliding writers spread out instead of colliding again.
 */
final class RetryPolicy {
  static final RetryPolicy DEFAULT = new RetryPolicy(6, 5, 250);

  private final int maxAttempts;
  private final long baseDelayMs;
  private final long maxDelayMs;

  RetryPolicy(int maxAttempts, long baseDelayMs, long maxDelayMs) {
    this.maxAttempts = maxAttempts;
    this.baseDelayMs = baseDelayMs;
    this.maxDelayMs = maxDelayMs;
  }

  /** True if attempt number {@code attempt} (0-based) failed and another one may run. */
  boolean mayRetry(int attempt) {
    return attempt + 1 < maxAttempts;
  }

  /** Sleeps before attempt {@code attempt + 1}. */
  void pause(int attempt) {
    long cap = Math.min(maxDelayMs, baseDelayMs << Math.min(attempt, 20));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, cap + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while retrying a database transaction", e);
    }
  }
}
