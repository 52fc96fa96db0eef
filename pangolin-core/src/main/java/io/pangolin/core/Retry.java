package io.pangolin.core;

import io.pangolin.api.ConflictException;
import java.util.function.Supplier;

/** Re-runs a read-modify-CAS sequence whose change commutes (property merges) when a concurrent write won. */
final class Retry {
  private static final int ATTEMPTS = 10;

  private Retry() {}

  static <T> T onConflict(Supplier<T> body) {
    ConflictException last = null;
    for (int i = 0; i < ATTEMPTS; i++) {
      try {
        return body.get();
      } catch (ConflictException e) {
        last = e;
        Thread.onSpinWait();
      }
    }
    throw last;
  }
}
