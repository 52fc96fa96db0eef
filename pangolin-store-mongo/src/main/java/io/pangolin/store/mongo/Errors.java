package io.pangolin.store.mongo;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoTimeoutException;
import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.ConflictException;
import io.pangolin.api.PangolinException;
import io.pangolin.api.UnavailableException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Translation of driver exceptions into the API's typed exceptions, and bounded retries of transient failures.
 * {@link MongoException} never leaves the module.
 *
 * <ul>
 *   <li>duplicate key (11000, 11001) → {@link AlreadyExistsException}
 *   <li>write conflict (112) or the {@code TransientTransactionError} label → retried, then {@link ConflictException}
 *   <li>no server, timeouts, network errors, primary step-down, a paused connection pool →
 *       {@link UnavailableException} (reads and not-yet-sent operations are retried first)
 *   <li>anything else → {@link UnavailableException} naming the server's error code
 * </ul>
 */
final class Errors {
  static final int DUPLICATE_KEY = 11000;
  static final int DUPLICATE_KEY_LEGACY = 11001;
  static final int WRITE_CONFLICT = 112;
  static final int COMMAND_NOT_FOUND = 59;
  static final String TRANSIENT_TRANSACTION_ERROR = "TransientTransactionError";

  /** Attempts of one operation, the first included. */
  static final int MAX_ATTEMPTS = 4;

  /**
   * A few milliseconds growing with the attempt (2, 4, 8 … at most 100, each ±50 % at random), so that competing
   * writers spread out: the pause of {@link #retrying} and of the waits for a concurrent operation's marks.
   */
  private static final IntervalFunction BACKOFF =
      IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(2), 2.0, 0.5, Duration.ofMillis(100));
  private static final Retry READS = retry("mongo-reads", Errors::retryableRead);
  private static final Retry WRITES = retry("mongo-writes", Errors::notApplied);

  private Errors() {}

  static boolean isDuplicateKey(MongoException e) {
    if (e instanceof MongoBulkWriteException b) {
      return b.getWriteErrors().stream()
          .anyMatch(w -> w.getCode() == DUPLICATE_KEY || w.getCode() == DUPLICATE_KEY_LEGACY);
    }
    return e.getCode() == DUPLICATE_KEY || e.getCode() == DUPLICATE_KEY_LEGACY;
  }

  static boolean isConflict(MongoException e) {
    return e.getCode() == WRITE_CONFLICT || e.hasErrorLabel(TRANSIENT_TRANSACTION_ERROR);
  }

  /**
   * The operation certainly did not take effect, so running it again is safe even if it writes. A paused connection
   * pool ({@link MongoConnectionPoolClearedException}: another operation's connection failed, and the driver refuses
   * check-outs until its monitor has reached the server again) fails a command before it is sent. The
   * {@code RetryableWriteError} label is not enough: it allows a retry under the retryable-writes protocol (same
   * session and transaction number, which the driver already did once), not a blind re-send.
   */
  static boolean notApplied(MongoException e) {
    return isConflict(e) || e instanceof MongoConnectionPoolClearedException || e instanceof MongoSocketOpenException
        || e instanceof MongoNotPrimaryException || e instanceof MongoNodeIsRecoveringException;
  }

  /** Reads may also be retried after a failure whose outcome is unknown. */
  static boolean retryableRead(MongoException e) {
    return notApplied(e) || e instanceof MongoSocketException || e.hasErrorLabel("RetryableReadError");
  }

  static PangolinException translate(MongoException e, String operation) {
    if (isDuplicateKey(e)) {
      return new AlreadyExistsException(operation + ": the entity already exists", e);
    }
    if (isConflict(e)) {
      return new ConflictException(operation + ": a concurrent write conflicted (MongoDB code " + e.getCode()
          + "); retry", e);
    }
    if (e instanceof MongoTimeoutException || e instanceof MongoSocketException
        || e instanceof MongoExecutionTimeoutException || e instanceof MongoNotPrimaryException
        || e instanceof MongoNodeIsRecoveringException || e instanceof MongoInterruptedException) {
      return new UnavailableException(operation + ": MongoDB is unavailable (" + e.getClass().getSimpleName()
          + "); the outcome may be unknown, retry", e);
    }
    if (e instanceof MongoClientException) {
      return new UnavailableException(operation + ": MongoDB client error: " + e.getMessage(), e);
    }
    return new UnavailableException(operation + ": MongoDB failed with code " + e.getCode() + " ("
        + e.getClass().getSimpleName() + ")", e);
  }

  /**
   * Runs {@code body}, retrying transient failures (bounded, with jittered backoff) and translating what remains.
   *
   * @param read true if {@code body} only reads, so failures of unknown outcome may be retried too
   */
  static <T> T call(String operation, boolean read, Supplier<T> body) {
    try {
      return retrying(read, body);
    } catch (MongoException e) {
      throw translate(e, operation);
    }
  }

  /**
   * Runs {@code body}, retrying transient failures (bounded, with jittered backoff); what remains is thrown as the
   * driver threw it. The module's one retry (resilience4j): {@link #call} and every step of a multi-document write
   * ({@link StepCollection}) use it.
   */
  static <T> T retrying(boolean read, Supplier<T> body) {
    return (read ? READS : WRITES).executeSupplier(body);
  }

  private static Retry retry(String name, Predicate<MongoException> retryable) {
    // an interrupted thread stops retrying (resilience4j's pause would swallow the interrupt)
    return Retry.of(name, RetryConfig.custom()
        .maxAttempts(MAX_ATTEMPTS)
        .intervalFunction(BACKOFF)
        .retryOnException(e -> e instanceof MongoException m && retryable.test(m)
            && !Thread.currentThread().isInterrupted())
        .build());
  }

  /** Sleeps before retry {@code attempt} (1, 2, …) of a wait for a concurrent operation ({@link #BACKOFF}). */
  static void backoff(int attempt) {
    try {
      Thread.sleep(BACKOFF.apply(attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while waiting to retry", e);
    }
  }
}
