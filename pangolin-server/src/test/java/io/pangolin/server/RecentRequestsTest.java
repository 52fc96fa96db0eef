package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The sliding window behind the readiness verdict, on a clock the test moves. */
class RecentRequestsTest {
  private static final long MS = 1_000_000L;
  private static final long S = 1_000 * MS;
  private final AtomicLong now = new AtomicLong(1_000 * S);
  private final RecentRequests recent = new RecentRequests(10, now::get);

  @Test
  void p95_isInterpolatedInItsBucket_likePrometheus() {
    for (int i = 0; i < 90; i++) {
      recent.record(3 * MS, 200); // bucket (0, 5]
    }
    for (int i = 0; i < 10; i++) {
      recent.record(700 * MS, 200); // bucket (500, 1000]
    }
    RecentRequests.Window w = recent.window();
    assertThat(w.requests()).isEqualTo(100);
    // rank 95 is the 5th of the 10 requests in (500, 1000]: 500 + 500 * 5/10
    assertThat(w.p95Ms()).isCloseTo(750, within(0.001));
  }

  @Test
  void errorRate_counts5xxOnly() {
    for (int i = 0; i < 97; i++) {
      recent.record(MS, i < 50 ? 200 : 404);
    }
    recent.record(MS, 500);
    recent.record(MS, 503);
    recent.record(MS, 499);
    assertThat(recent.window().errorRate()).isCloseTo(0.02, within(1e-9));
  }

  @Test
  void requestsOlderThanTheWindow_areForgotten_andSlotsAreReused() {
    recent.record(2_000 * MS, 500);
    now.addAndGet(5 * S);
    recent.record(MS, 200);
    assertThat(recent.window().requests()).isEqualTo(2);
    now.addAndGet(6 * S); // the first request is 11 s old now
    assertThat(recent.window().requests()).isEqualTo(1);
    assertThat(recent.window().errors()).isZero();
    now.addAndGet(10 * S); // the slot of the second comes round again
    recent.record(MS, 200);
    assertThat(recent.window().requests()).isEqualTo(1);
  }

  @Test
  void anEmptyWindow_reportsZeros() {
    RecentRequests.Window w = recent.window();
    assertThat(w.requests()).isZero();
    assertThat(w.p95Ms()).isZero();
    assertThat(w.errorRate()).isZero();
  }
}
