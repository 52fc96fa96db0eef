package io.pangolin.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKind;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.Page;
import io.pangolin.spi.tck.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValueCodecTest {
  private static Object roundTrip(Object value) {
    return ValueCodec.decode(ValueCodec.encode(value));
  }

  @Test
  void everyCachedValue_roundTripsExactly() {
    Asset table = Fixtures.asset("t", "cat", NamespaceName.of("a", "b"), "orders", AssetKind.ICEBERG_TABLE);
    Asset model = Fixtures.asset("t", "cat", NamespaceName.of("a"), "churn", AssetKind.ML_MODEL);
    Asset unicode = Fixtures.withProperties(table, Map.of("comment", "Grüße ✓ 数据", "empty", ""));
    List<Object> values = List.of(
        Optional.empty(),
        Optional.of(Fixtures.tenant("acme")),
        Optional.of(Fixtures.warehouse("acme", "lake")),
        Optional.of(Fixtures.catalog("acme", "prod", "lake")),
        Optional.of(Fixtures.namespace("acme", "prod", NamespaceName.of("sales", "emea"))),
        Optional.of(table), Optional.of(model), Optional.of(unicode),
        Optional.of(Fixtures.user("acme", "bob")),
        Optional.of(new io.pangolin.api.User("acme", "ann", Optional.empty(), Map.of(), Instant.ofEpochSecond(1, 7),
            Instant.ofEpochSecond(2, 999_999_999), 42)),
        new Page<>(List.of(table, model), Optional.of("token-1")),
        new Page<>(List.of(Fixtures.namespace("acme", "prod", NamespaceName.of("x"))), Optional.empty()),
        Page.last(List.of()));

    for (Object v : values) {
      assertThat(roundTrip(v)).as("%s", v).isEqualTo(v);
    }
  }

  @Test
  void decode_ofForeignOrDamagedBytes_failsCleanly() {
    byte[] good = ValueCodec.encode(Optional.of(Fixtures.tenant("acme")));

    assertThatThrownBy(() -> ValueCodec.decode(new byte[] {9, 1, 2})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ValueCodec.decode(java.util.Arrays.copyOf(good, good.length - 3)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ValueCodec.decode(java.util.Arrays.copyOf(good, good.length + 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ValueCodec.decode(new byte[0])).isInstanceOf(IllegalArgumentException.class);
  }
}
