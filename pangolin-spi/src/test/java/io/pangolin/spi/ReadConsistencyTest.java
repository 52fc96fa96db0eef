package io.pangolin.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadConsistencyTest {
  @AfterEach
  void close() {
    ReadConsistency.close();
  }

  @Test
  void token_roundTripsThroughItsTextForm() {
    long position = ReadConsistency.parse("1A/2B3C").orElseThrow();
    assertThat(ReadConsistency.format(position)).isEqualTo("1A/2B3C");
    assertThat(ReadConsistency.parse("1A-2B")).isEmpty();
    assertThat(ReadConsistency.parse("123456789/1")).isEmpty();
  }

  @Test
  void fromPrimary_requiresThePrimaryInside_andRestoresTheOuterScopeWithItsWrites() {
    ReadConsistency.open(Optional.of(42L));
    ReadConsistency.wrote(7);

    boolean inside = ReadConsistency.fromPrimary(() -> {
      ReadConsistency.wrote(99);
      return ReadConsistency.primaryRequired() && ReadConsistency.required() == Long.MAX_VALUE;
    });

    assertThat(inside).isTrue();
    assertThat(ReadConsistency.required()).isEqualTo(42L);
    assertThat(ReadConsistency.primaryRequired()).isFalse();
    assertThat(ReadConsistency.lastWrite()).contains(ReadConsistency.format(99));
  }

  @Test
  void fromPrimary_withoutAnOuterScope_leavesNoScopeBehind_evenWhenTheReadFails() {
    try {
      ReadConsistency.fromPrimary(() -> {
        throw new IllegalStateException("boom");
      });
    } catch (IllegalStateException expected) {
      // the read failed; the scope must be gone all the same
    }
    assertThat(ReadConsistency.active()).isFalse();
    assertThat(ReadConsistency.required()).isZero();
  }

  @Test
  void wroteBefore_readsThePositionOnlyWhenTheTokenIsAskedFor_once_andTakesTheLatestOfAll() {
    AtomicInteger reads = new AtomicInteger();
    LongSupplier store = () -> {
      reads.incrementAndGet();
      return 500;
    };
    ReadConsistency.open(Optional.empty());
    ReadConsistency.wroteBefore(store);
    ReadConsistency.wrote(600);
    ReadConsistency.wroteBefore(store); // a second write of the same store

    assertThat(reads).hasValue(0);
    assertThat(ReadConsistency.lastWrite()).contains(ReadConsistency.format(600));
    assertThat(reads).hasValue(1);
    assertThat(ReadConsistency.lastWrite()).contains(ReadConsistency.format(600));
    assertThat(reads).hasValue(1);

    ReadConsistency.wroteBefore(() -> 700); // another store, later
    assertThat(ReadConsistency.lastWrite()).contains(ReadConsistency.format(700));
  }

  @Test
  void wroteBefore_insideFromPrimary_isCarriedToTheOuterScope_andAnUnknownPositionGivesNoToken() {
    ReadConsistency.open(Optional.empty());
    ReadConsistency.fromPrimary(() -> {
      ReadConsistency.wroteBefore(() -> 42);
      return null;
    });
    assertThat(ReadConsistency.lastWrite()).contains(ReadConsistency.format(42));

    ReadConsistency.open(Optional.empty());
    ReadConsistency.wroteBefore(() -> -1);
    assertThat(ReadConsistency.lastWrite()).isEmpty();
  }

  @Test
  void wroteBefore_withoutAScope_recordsNothing() {
    AtomicInteger reads = new AtomicInteger();
    ReadConsistency.wroteBefore(() -> reads.incrementAndGet());
    assertThat(ReadConsistency.lastWrite()).isEmpty();
    assertThat(reads).hasValue(0);
  }
}
