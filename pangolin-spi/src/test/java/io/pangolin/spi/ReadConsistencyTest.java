package io.pangolin.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
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
}
