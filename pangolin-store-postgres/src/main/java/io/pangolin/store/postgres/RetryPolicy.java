package io.pangolin.store.postgres;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.pangolin.api.PangolinException;
import io.pangolin.store.postgres.SqlErrors.Op;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Bounded retry (resilience4j) of transactions that PostgreSQL rolled back for a serialization failure or a
 * deadlock: exponential backoff with jitter, so colliding writers spread out instead of colliding again. Pangolin
 * exceptions are never retried; an interrupted thread stops retrying.
 */
final class RetryPolicy {
  static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(5), Duration.ofMillis(250));

  private final Retry retry;

  RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    this.retry = Retry.of("postgres-transactions", RetryConfig.custom()
        .maxAttempts(maxAttempts)
        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(baseDelay, 2.0, 0.5, maxDelay))
        .retryOnException(e -> !(e instanceof PangolinException) && SqlErrors.isRetryable(e)
            && !Thread.currentThread().isInterrupted())
        .build());
  }

  /** Runs {@code body}, retrying it as above; what remains leaves as a Pangolin exception. */
  <T> T run(Op op, Supplier<T> body) {
    try {
      return retry.executeSupplier(body);
    } catch (PangolinException e) {
      throw e;
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e, op);
    }
  }
}
