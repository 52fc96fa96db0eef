package io.pangolin.spi.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.pangolin.api.ValidationException;
import io.pangolin.spi.MetadataStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deployment-wide leases ({@link MetadataStore#tryAcquireLease}, {@link MetadataStore#releaseLease}): one holder at
 * a time, renewal by the holder, takeover once a lease ran out. Every test uses a lease name of its own; expiry is
 * awaited with a bounded loop on the condition, never by measuring time.
 */
abstract class LeaseTests extends StoreTests {
  private static final Duration LONG = Duration.ofMinutes(5);

  LeaseTests(MetadataStore store) {
    super(store);
  }

  @Test
  void freeLease_isTakenAndHeldAgainstOthers() {
    String lease = Fixtures.uniqueName("lease");

    assertThat(store.tryAcquireLease(lease, "a", LONG)).isTrue();

    assertThat(store.tryAcquireLease(lease, "b", LONG)).isFalse();
  }

  @Test
  void holder_renewsItsLease() {
    String lease = Fixtures.uniqueName("lease");
    store.tryAcquireLease(lease, "a", LONG);

    assertThat(store.tryAcquireLease(lease, "a", LONG)).isTrue();
    assertThat(store.tryAcquireLease(lease, "b", LONG)).isFalse();
  }

  @Test
  void concurrentTakers_exactlyOneWins() {
    String lease = Fixtures.uniqueName("lease");

    List<Outcome<Boolean>> outcomes = concurrently(8, i -> store.tryAcquireLease(lease, "holder-" + i, LONG));

    assertThat(outcomes).allMatch(Outcome::succeeded);
    assertThat(outcomes.stream().filter(Outcome::value).count()).isEqualTo(1);
  }

  @Test
  void releasedLease_isFreeForAnother() {
    String lease = Fixtures.uniqueName("lease");
    store.tryAcquireLease(lease, "a", LONG);

    store.releaseLease(lease, "a");

    assertThat(store.tryAcquireLease(lease, "b", LONG)).isTrue();
  }

  @Test
  void release_byANonHolder_changesNothing() {
    String lease = Fixtures.uniqueName("lease");
    store.tryAcquireLease(lease, "a", LONG);

    store.releaseLease(lease, "b");
    store.releaseLease(Fixtures.uniqueName("never-taken"), "a");

    assertThat(store.tryAcquireLease(lease, "b", LONG)).as("still held by a").isFalse();
    assertThat(store.tryAcquireLease(lease, "a", LONG)).isTrue();
  }

  @Test
  void expiredLease_isTakenOverByAnother() throws InterruptedException {
    String lease = Fixtures.uniqueName("lease");
    assertThat(store.tryAcquireLease(lease, "a", Duration.ofMillis(100))).isTrue();

    boolean taken = false;
    for (int attempt = 0; attempt < 600 && !taken; attempt++) {
      taken = store.tryAcquireLease(lease, "b", LONG);
      if (!taken) {
        Thread.sleep(50);
      }
    }

    assertThat(taken).as("another holder takes the lease once it ran out").isTrue();
    assertThat(store.tryAcquireLease(lease, "a", LONG)).as("the old holder lost it").isFalse();
  }

  @Test
  void nonPositiveTimeToLive_isRefused() {
    String lease = Fixtures.uniqueName("lease");

    assertThatExceptionOfType(ValidationException.class)
        .isThrownBy(() -> store.tryAcquireLease(lease, "a", Duration.ZERO));
    assertThat(store.tryAcquireLease(lease, "b", LONG)).isTrue();
  }
}
