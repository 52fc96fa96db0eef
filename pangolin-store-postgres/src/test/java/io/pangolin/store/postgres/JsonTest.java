package io.pangolin.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-written codec of the {@code jsonb} property columns. */
class JsonTest {
  @Test
  void encodeThenDecode_roundTripsEscapesAndUnicode() {
    Map<String, String> m = Map.of("plain", "v", "quote\"s", "back\\slash", "ctl", "a\nb\tc\u0001", "uni", "Zürich ☃ 𝄞",
        "empty", "");

    assertThat(Json.decode(Json.encode(m))).isEqualTo(m);
  }

  @Test
  void decode_readsWhatPostgresPrints() {
    assertThat(Json.decode("{\"a\": \"1\", \"b\\u00e9\": \"x\\/y\"}")).isEqualTo(Map.of("a", "1", "bé", "x/y"));
    assertThat(Json.decode(" {} ")).isEmpty();
  }

  @Test
  void decode_ofSomethingElse_fails() {
    assertThatIllegalArgumentException().isThrownBy(() -> Json.decode("[1]"));
    assertThatIllegalArgumentException().isThrownBy(() -> Json.decode("{\"a\": 1}"));
    assertThatIllegalArgumentException().isThrownBy(() -> Json.decode("{\"a\": \"1\"} x"));
  }
}
