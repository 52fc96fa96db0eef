package io.pangolin.cache;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Counts the acknowledgements of one message, one per responding instance (a duplicate delivery does not count
 * twice). The expected number is known only after the publish returned (Redis tells how many subscribers received
 * it), while acknowledgements may arrive before that.
 */
final class AckWaiter {
  private final Set<String> responders = ConcurrentHashMap.newKeySet();
  private volatile long expected = -1;
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  void ack(String responder) {
    responders.add(responder);
    check();
  }

  void expect(long count) {
    expected = count;
    check();
  }

  private void check() {
    long e = expected;
    if (e >= 0 && responders.size() >= e) {
      done.complete(null);
    }
  }

  long received() {
    return responders.size();
  }

  /** Who acknowledged so far (instance ids; {@code <id>:ack-channel} for a ping's own echo). */
  Set<String> responders() {
    return Set.copyOf(responders);
  }

  /** @return true if every expected acknowledgement arrived in time */
  boolean await(Duration timeout) {
    try {
      done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return false;
    }
  }
}
