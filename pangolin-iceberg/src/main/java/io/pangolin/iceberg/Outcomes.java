package io.pangolin.iceberg;

import io.pangolin.api.PangolinException;
import io.pangolin.api.UnavailableException;
import io.pangolin.spi.ReadConsistency;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds out the outcome of a table or view create or commit, or of a multi-table transaction, whose answer from the
 * store was lost (the database, PgBouncer or the connection went away: {@link UnavailableException}), before the
 * client is answered. The Iceberg REST spec gives a 503 the meaning "not committed" — the Iceberg client then deletes
 * the files of its commit — so a 503 must never stand for a write that did happen, and a plain "state unknown" (500)
 * should be the exception.
 *
 * <p>The write is retried as it was (same expected version, same metadata file): the store's compare-and-swap lets at
 * most one of the two attempts succeed. If the retry succeeds, the first attempt had not; if it is refused (the table
 * moved, or exists), the table is read from the primary and the write counts as done if it points at — or its
 * metadata log lists — this write's metadata file. While the store stays unreachable the retry is repeated with
 * backoff for at most {@link #BOUND}; after that the outcome is reported as unknown. A hand loop rather than a retry
 * library because the bound is a deadline (each attempt may itself wait for a pool connection) and a refusal is
 * inspected, not retried.
 */
final class Outcomes {
  /** How long an unknown outcome is chased (outages the fault suite measures last a few seconds; operations.md). */
  static final Duration BOUND = Duration.ofSeconds(15);

  /** The outcome stayed unknown for {@link #BOUND}; the cause is the last {@link UnavailableException}. */
  static final class Unknown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unknown(UnavailableException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  private Outcomes() {}

  /**
   * @param first the failure whose outcome is unknown
   * @param retry the same write again; returns what the write returns (e.g. the new asset version)
   * @param ours after a refused retry: what the write would have returned if the lost first attempt is what
   *     happened, else empty
   * @return what the write returned
   * @throws PangolinException the retry's refusal (conflict, already exists, not found) when the write was not ours
   * @throws Unknown the store stayed unreachable for {@link #BOUND}
   */
  static <T> T resolve(UnavailableException first, Supplier<T> retry, Supplier<Optional<T>> ours) {
    return resolve(first, BOUND, retry, ours);
  }

  /** As {@link #resolve(UnavailableException, Supplier, Supplier)} with another bound. */
  static <T> T resolve(UnavailableException first, Duration bound, Supplier<T> retry, Supplier<Optional<T>> ours) {
    long deadline = System.nanoTime() + bound.toNanos();
    UnavailableException last = first;
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      pause(attempt, last);
      try {
        return retry.get();
      } catch (UnavailableException e) {
        last = e;
      } catch (PangolinException refused) {
        try {
          Optional<T> version = ours.get();
          if (version.isPresent()) {
            return version.get();
          }
        } catch (UnavailableException e) {
          last = e;
          continue; // the refusal stands; whether the write was ours is asked again after the pause
        }
        throw refused;
      }
    }
    throw new Unknown(last);
  }

  /** Runs {@code read} against the primary (no replica), keeping the request's consistency scope as it was. */
  static <T> T onPrimary(Supplier<T> read) {
    return ReadConsistency.fromPrimary(read);
  }

  private static void pause(int attempt, UnavailableException last) {
    try {
      Thread.sleep(Math.min(1000L, 50L << Math.min(attempt, 10)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unknown(last);
    }
  }
}
