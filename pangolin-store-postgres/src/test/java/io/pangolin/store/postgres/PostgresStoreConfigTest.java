package io.pangolin.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.pangolin.api.ValidationException;
import io.pangolin.spi.ProviderConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Binding of the provider's string configuration to {@link PostgresStoreConfig}. No database needed. */
class PostgresStoreConfigTest {
  private static final String URL = "jdbc:postgresql://db:5432/pangolin";

  private static PostgresStoreConfig bind(Map<String, String> values) {
    return PostgresStoreConfig.from(ProviderConfig.of(values));
  }

  @Test
  void from_withOnlyUrl_appliesDefaults() {
    PostgresStoreConfig c = bind(Map.of("url", URL));

    assertThat(c.url()).isEqualTo(URL);
    assertThat(c.user()).isEmpty();
    assertThat(c.password()).isEmpty();
    assertThat(c.schema()).isEqualTo("pangolin");
    assertThat(c.poolSize()).isEqualTo(10);
    assertThat(c.connectionTimeoutMs()).isEqualTo(5_000);
    assertThat(c.fairAfterMs()).isEqualTo(10);
    assertThat(c.replicas()).isEmpty();
    assertThat(c.replicaPoolSize()).isEqualTo(10);
    assertThat(c.replicaMaxLagMs()).isEqualTo(5_000);
    assertThat(c.replicaCheckIntervalMs()).isEqualTo(200);
    assertThat(c.auditRetentionDays()).isEqualTo(90);
    assertThat(c.auditPartitionsAhead()).isEqualTo(3);
    assertThat(c.maintenanceIntervalS()).isEqualTo(3_600);
    assertThat(c.pgbouncer()).isFalse();
    assertThat(c.migrate()).isTrue();
    assertThat(c.migrationUrl()).isEmpty();
    assertThat(c).isEqualTo(PostgresStoreConfig.builder(URL).build());
  }

  @Test
  void from_withEveryKey_bindsEveryValue() {
    PostgresStoreConfig c = bind(Map.ofEntries(
        Map.entry("url", URL),
        Map.entry("user", "pangolin"),
        Map.entry("password", "s3cret"),
        Map.entry("schema", "tenant_a"),
        Map.entry("pool-size", "32"),
        Map.entry("connection-timeout-ms", "2500"),
        Map.entry("fair-after-ms", "0"),
        Map.entry("replicas", " jdbc:postgresql://r1:5432/pangolin, jdbc:postgresql://r2:5432/pangolin ,"),
        Map.entry("replica-pool-size", "8"),
        Map.entry("replica-max-lag-ms", "750"),
        Map.entry("replica-check-interval-ms", "100"),
        Map.entry("audit-retention-days", "30"),
        Map.entry("audit-partitions-ahead", "6"),
        Map.entry("maintenance-interval-s", "0"),
        Map.entry("pgbouncer", "TRUE"),
        Map.entry("migrate", "false"),
        Map.entry("migration-url", "jdbc:postgresql://db-direct:5432/pangolin")));

    assertThat(c).isEqualTo(PostgresStoreConfig.builder(URL).user("pangolin").password("s3cret").schema("tenant_a")
        .poolSize(32).connectionTimeoutMs(2500).fairAfterMs(0)
        .replicas(List.of("jdbc:postgresql://r1:5432/pangolin", "jdbc:postgresql://r2:5432/pangolin"))
        .replicaPoolSize(8).replicaMaxLagMs(750).replicaCheckIntervalMs(100).auditRetentionDays(30)
        .auditPartitionsAhead(6).maintenanceIntervalS(0).pgbouncer(true).migrate(false)
        .migrationUrl("jdbc:postgresql://db-direct:5432/pangolin").build());
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }

  @Test
  void from_withoutUrl_failsNamingTheKey() {
    assertThatExceptionOfType(ValidationException.class).isThrownBy(() -> bind(Map.of("user", "x")))
        .withMessageContaining("'url' is required");
  }

  @Test
  void from_withNonPostgresUrl_fails() {
    assertThatExceptionOfType(ValidationException.class)
        .isThrownBy(() -> bind(Map.of("url", "jdbc:mysql://db/x")))
        .withMessageContaining("'url'").withMessageContaining("jdbc:postgresql:");
  }

  @Test
  void from_withBadReplicaUrl_fails() {
    assertThatExceptionOfType(ValidationException.class)
        .isThrownBy(() -> bind(Map.of("url", URL, "replicas", "jdbc:postgresql://r1/x,http://r2")))
        .withMessageContaining("'replicas'");
  }

  @Test
  void from_withSchemaThatIsNotAPlainIdentifier_fails() {
    for (String schema : List.of("Pangolin", "a-b", "x;drop table t", "1abc", "")) {
      assertThatExceptionOfType(ValidationException.class).as(schema)
          .isThrownBy(() -> bind(Map.of("url", URL, "schema", schema)))
          .withMessageContaining("'schema'");
    }
  }

  @Test
  void from_withNonNumericOrOutOfRangeNumbers_fails() {
    assertThatExceptionOfType(ValidationException.class)
        .isThrownBy(() -> bind(Map.of("url", URL, "pool-size", "many"))).withMessageContaining("'pool-size'");
    assertThatExceptionOfType(ValidationException.class)
        .isThrownBy(() -> bind(Map.of("url", URL, "pool-size", "0"))).withMessageContaining("'pool-size'");
    assertThatExceptionOfType(ValidationException.class)
        .isThrownBy(() -> bind(Map.of("url", URL, "connection-timeout-ms", "10")))
        .withMessageContaining("'connection-timeout-ms'");
    assertThatExceptionOfType(ValidationException.class)
        .isThrownBy(() -> bind(Map.of("url", URL, "fair-after-ms", "-1")))
        .withMessageContaining("'fair-after-ms'");
    assertThatExceptionOfType(ValidationException.class)
        .isThrownBy(() -> bind(Map.of("url", URL, "audit-retention-days", "0")))
        .withMessageContaining("'audit-retention-days'");
    assertThatExceptionOfType(ValidationException.class)
        .isThrownBy(() -> bind(Map.of("url", URL, "maintenance-interval-s", "-1")))
        .withMessageContaining("'maintenance-interval-s'");
  }

  @Test
  void from_withBooleanThatIsNeitherTrueNorFalse_fails() {
    assertThatExceptionOfType(ValidationException.class)
        .isThrownBy(() -> bind(Map.of("url", URL, "pgbouncer", "yes"))).withMessageContaining("'pgbouncer'");
  }

  @Test
  void toString_neverShowsThePassword() {
    PostgresStoreConfig c = bind(Map.of("url", URL, "password", "s3cret"));

    assertThat(c.toString()).doesNotContain("s3cret").contains("password=***");
    assertThat(c.password()).isEqualTo(Optional.of("s3cret"));
  }

  @Test
  void validationMessages_neverShowAPasswordInAUrl() {
    assertThatExceptionOfType(ValidationException.class)
        .isThrownBy(() -> bind(Map.of("url", "postgres://db/x?password=s3cret")))
        .withMessageNotContaining("s3cret");
  }
}
