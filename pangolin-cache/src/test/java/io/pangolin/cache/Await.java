package io.pangolin.cache;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition (readiness, recovery) with a generous bound; never used to assert timing. */
final class Await {
  private Await() {}

  static void until(String what, Duration bound, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + bound + ": " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
