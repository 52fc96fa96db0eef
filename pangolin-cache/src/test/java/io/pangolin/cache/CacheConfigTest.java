package io.pangolin.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.ValidationException;
import io.pangolin.spi.ProviderConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheConfigTest {
  @Test
  void from_emptyConfig_isLocalOnlyWithTheDefaults() {
    CacheConfig c = CacheConfig.from(ProviderConfig.empty());

    assertThat(c.shared()).isFalse();
    assertThat(c.redisAddress()).isEmpty();
    for (CacheFamily f : CacheFamily.values()) {
      assertThat(c.ttl(f)).isEqualTo(Duration.ofSeconds(300));
    }
    assertThat(c.degradedTtl()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.l1MaxSize()).isEqualTo(100_000);
    assertThat(c.topic()).isEqualTo("pangolin:cache:invalidations");
    assertThat(c.keyPrefix()).isEqualTo("pangolin:cache");
    assertThat(c.warmCatalogs()).isEmpty();
    assertThat(c.instanceId()).startsWith("i-");
  }

  @Test
  void from_bindsEveryKebabCaseKey() {
    Map<String, String> m = new HashMap<>();
    m.put("redis-address", "127.0.0.1:6380");
    m.put("redis-username", "pangolin");
    m.put("redis-password", "s3cret");
    m.put("redis-database", "2");
    m.put("redis-timeout-ms", "250");
    m.put("l1-max-size", "5000");
    m.put("ttl.catalog-s", "600");
    m.put("ttl.namespace-list-s", "30");
    m.put("ttl.asset-s", "120");
    m.put("ttl.permissions-s", "0");
    m.put("degraded-ttl-s", "2");
    m.put("topic", "inv");
    m.put("key-prefix", "pg");
    m.put("warm-catalogs", "acme.prod, acme.staging ,beta.main");
    m.put("instance-id", "pod-7");
    m.put("ack-timeout-ms", "1500");
    m.put("probe-interval-ms", "250");
    m.put("write-marker-ms", "3000");

    CacheConfig c = CacheConfig.from(ProviderConfig.of(m));

    assertThat(c.redisAddress()).contains("redis://127.0.0.1:6380");
    assertThat(c.redisUsername()).contains("pangolin");
    assertThat(c.redisPassword()).contains("s3cret");
    assertThat(c.redisDatabase()).isEqualTo(2);
    assertThat(c.redisTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.l1MaxSize()).isEqualTo(5000);
    assertThat(c.ttl(CacheFamily.CATALOG)).isEqualTo(Duration.ofSeconds(600));
    assertThat(c.ttl(CacheFamily.NAMESPACE_LIST)).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.ttl(CacheFamily.ASSET)).isEqualTo(Duration.ofSeconds(120));
    assertThat(c.ttl(CacheFamily.PERMISSIONS)).isZero();
    assertThat(c.degradedTtl()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.topic()).isEqualTo("inv");
    assertThat(c.keyPrefix()).isEqualTo("pg");
    assertThat(c.warmCatalogs()).extracting(Object::toString).containsExactly("acme.prod", "acme.staging",
        "beta.main");
    assertThat(c.instanceId()).isEqualTo("pod-7");
    assertThat(c.ackTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.probeInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.writeMarker()).isEqualTo(Duration.ofMillis(3000));
    assertThat(CacheConfig.defaults().writeMarker()).isEqualTo(CacheConfig.DEFAULT_WRITE_MARKER);
  }

  @Test
  void toString_masksThePassword() {
    CacheConfig c = CacheConfig.from(ProviderConfig.of(Map.of("redis-address", "redis://h:1",
        "redis-password", "s3cret")));

    assertThat(c.toString()).doesNotContain("s3cret").contains("****");
  }

  @Test
  void from_badValues_failWithTheKeyInTheMessage() {
    assertThatThrownBy(() -> CacheConfig.from(ProviderConfig.of(Map.of("ttl.asset-s", "soon"))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("ttl.asset-s");
    assertThatThrownBy(() -> CacheConfig.from(ProviderConfig.of(Map.of("ttl.asset-s", "-1"))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("ttl.asset-s");
    assertThatThrownBy(() -> CacheConfig.from(ProviderConfig.of(Map.of("l1-max-size", "0"))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("l1-max-size");
    assertThatThrownBy(() -> CacheConfig.from(ProviderConfig.of(Map.of("degraded-ttl-s", "0"))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("degraded-ttl-s");
    assertThatThrownBy(() -> CacheConfig.from(ProviderConfig.of(Map.of("warm-catalogs", "nodot"))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("warm-catalogs");
    assertThatThrownBy(() -> CacheConfig.from(ProviderConfig.of(Map.of("redis-address", "http://h:1"))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("redis-address");
    assertThatThrownBy(() -> CacheConfig.from(ProviderConfig.of(Map.of("instance-id", "has space"))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("instance-id");
    assertThatThrownBy(() -> CacheConfig.from(ProviderConfig.of(Map.of("write-marker-ms", "0"))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("write-marker-ms");
    assertThatThrownBy(() -> CacheConfig.from(ProviderConfig.of(Map.of("key-prefix", "a*"))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("key-prefix");
  }
}
