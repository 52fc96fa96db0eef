package io.pangolin.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.pangolin.api.ValidationException;
import io.pangolin.spi.ProviderConfig;
import io.pangolin.store.mongo.MongoStoreConfig.ShardKeyMode;
import io.pangolin.store.mongo.MongoStoreConfig.TransactionMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Binding of the provider's string keys to {@link MongoStoreConfig}. */
class MongoStoreConfigTest {
  private static final String URI = "mongodb://db1:27017,db2:27017/?replicaSet=rs0";

  private static MongoStoreConfig bind(Map<String, String> keys) {
    Map<String, String> all = new HashMap<>(keys);
    all.putIfAbsent("connection-string", URI);
    return MongoStoreConfig.from(ProviderConfig.of(all));
  }

  @Test
  void from_withOnlyTheConnectionString_takesTheDefaults() {
    MongoStoreConfig c = bind(Map.of());

    assertThat(c).isEqualTo(MongoStoreConfig.builder(URI).build());
    assertThat(c.database()).isEqualTo("pangolin");
    assertThat(c.shardKeyMode()).isEqualTo(ShardKeyMode.MULTI_TENANT);
    assertThat(c.transactions()).isEqualTo(TransactionMode.AUTO);
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.socketTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.serverSelectionTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.intentTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.auditRetention()).isEqualTo(Duration.ofDays(90));
    assertThat(c.auditArchiveInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(c.auditArchiveBatchSize()).isEqualTo(1000);
  }

  @Test
  void from_bindsEveryKey() {
    MongoStoreConfig c = bind(Map.ofEntries(
        Map.entry("database", "catalog_db"),
        Map.entry("shard-key-mode", "Single-Tenant"),
        Map.entry("connect-timeout-ms", "1500"),
        Map.entry("socket-timeout-ms", "0"),
        Map.entry("server-selection-timeout-ms", "2500"),
        Map.entry("transactions", "off"),
        Map.entry("intent-timeout-ms", "10000"),
        Map.entry("audit-retention-days", "30"),
        Map.entry("audit-archive-interval-minutes", "0"),
        Map.entry("audit-archive-batch-size", "50")));

    assertThat(c).isEqualTo(new MongoStoreConfig(URI, "catalog_db", ShardKeyMode.SINGLE_TENANT,
        Duration.ofMillis(1500), Duration.ZERO, Duration.ofMillis(2500), TransactionMode.OFF, Duration.ofSeconds(10),
        Duration.ofDays(30), Duration.ZERO, 50));
  }

  @Test
  void from_withoutConnectionString_fails() {
    assertThatExceptionOfType(ValidationException.class)
        .isThrownBy(() -> MongoStoreConfig.from(ProviderConfig.of(Map.of("database", "x"))))
        .withMessage("configuration 'connection-string' is required");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "connection-string|postgres://localhost/x|connection-string",
      "connection-string|mongodb://user:s3cret@|connection-string",
      "database|my.db|database",
      "database|''|database",
      "shard-key-mode|by-tenant|shard-key-mode",
      "transactions|maybe|transactions",
      "connect-timeout-ms|ten|connect-timeout-ms",
      "socket-timeout-ms|-1|socket-timeout-ms",
      "intent-timeout-ms|0|intent-timeout-ms",
      "audit-retention-days|0|audit-retention-days",
      "audit-archive-interval-minutes|-5|audit-archive-interval-minutes",
      "audit-archive-batch-size|0|audit-archive-batch-size"})
  void from_withAnInvalidValue_failsNamingTheKey(String key, String value, String named) {
    assertThatExceptionOfType(ValidationException.class)
        .isThrownBy(() -> bind(Map.of(key, value)))
        .withMessageContaining("'" + named + "'")
        .withMessageNotContaining("s3cret");
  }

  @Test
  void toStringAndDescribe_neverShowCredentials() {
    MongoStoreConfig c = MongoStoreConfig.builder("mongodb://app:s3cret@db1:27017/admin").build();

    assertThat(c.toString()).doesNotContain("s3cret").doesNotContain("app:").contains("db1:27017");
    assertThat(c.describe()).isEqualTo("mongodb db1:27017/pangolin");
  }
}
