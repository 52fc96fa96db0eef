package io.pangolin.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.ValidationException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlaceNamesTest {
  @Test
  void of_escapesInjectively_soNamesDifferingInDashOrUnderscoreGetDifferentPlaces() {
    assertThat(PlaceNames.of("p_", "acme")).isEqualTo("p_acme");
    assertThat(PlaceNames.of("p_", "a-b")).isEqualTo("p_a_0b");
    assertThat(PlaceNames.of("p_", "a_b")).isEqualTo("p_a__b");
    assertThat(PlaceNames.of("p_", "a_0b")).isEqualTo("p_a__0b");
    Set<String> seen = new HashSet<>();
    for (String t : List.of("a-b", "a_b", "a__b", "a_0b", "a-0b", "a0b", "a--b", "a-_b", "a_-b")) {
      assertThat(seen.add(PlaceNames.of("p_", t))).as(t).isTrue();
    }
  }

  @Test
  void of_longNames_areShortenedWithAHash_toAtMost63Characters() {
    String long1 = "a".repeat(63);
    String long2 = "a".repeat(62) + "b";
    String n1 = PlaceNames.of("pangolin_t_", long1);
    String n2 = PlaceNames.of("pangolin_t_", long2);
    assertThat(n1).hasSizeLessThanOrEqualTo(63).startsWith("pangolin_t__").matches("[a-z0-9_]+");
    assertThat(n2).hasSizeLessThanOrEqualTo(63).isNotEqualTo(n1);
    assertThat(PlaceNames.of("pangolin_t_", "x".repeat(52))).isEqualTo("pangolin_t_" + "x".repeat(52));
  }

  @Test
  void of_nameThatIsNoTenantName_isRefused() {
    for (String bad : List.of("", "A", "-a", "a.b", "a b", "~x", "x".repeat(64))) {
      assertThatThrownBy(() -> PlaceNames.of("p_", bad)).as(bad).isInstanceOf(ValidationException.class);
    }
  }
}
