package io.pangolin.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.ValidationException;
import io.pangolin.spi.ProviderConfig;
import io.pangolin.store.mongo.MongoStoreProvider;
import io.pangolin.store.postgres.PostgresStoreProvider;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenancyConfigTest {
  @Test
  void from_emptyConfig_givesTheDocumentedDefaults() {
    TenancyConfig c = TenancyConfig.from(Tier.HYBRID, ProviderConfig.empty());

    assertThat(c.defaultTier()).isEqualTo(Tier.HYBRID);
    assertThat(c.placePrefix()).isEqualTo("pangolin_t_");
    assertThat(c.placementTtl()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.writeGrace()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.switchTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.maxOpenPlaces()).isEqualTo(64);
    assertThat(c.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.hybridPoolSize()).isEqualTo(2);
    assertThat(c.dedicatedPoolSize()).isEqualTo(5);
    assertThat(c.servers()).isEmpty();
    assertThat(c.moveThreads()).isEqualTo(4);
    assertThat(c.moveBatchSize()).isEqualTo(500);
  }

  @Test
  void from_bindsEveryKey_includingNamedServers() {
    TenancyConfig c = TenancyConfig.from(Tier.SHARED, ProviderConfig.of(Map.ofEntries(
        Map.entry("default-tier", "dedicated"), Map.entry("place-prefix", "t_"),
        Map.entry("placement-ttl-ms", "250"), Map.entry("write-grace-ms", "0"), Map.entry("switch-timeout-ms", "9000"),
        Map.entry("max-open-places", "3"), Map.entry("idle-timeout-ms", "1000"), Map.entry("hybrid.pool-size", "4"),
        Map.entry("dedicated.pool-size", "8"), Map.entry("dedicated.servers", "eu, us"),
        Map.entry("dedicated.server.eu.url", "jdbc:postgresql://eu-db:5432/x"), Map.entry("move.threads", "2"),
        Map.entry("move.batch-size", "100"))));

    assertThat(c.defaultTier()).isEqualTo(Tier.DEDICATED);
    assertThat(c.placePrefix()).isEqualTo("t_");
    assertThat(c.placementTtl()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.writeGrace()).isZero();
    assertThat(c.switchTimeout()).isEqualTo(Duration.ofSeconds(9));
    assertThat(c.maxOpenPlaces()).isEqualTo(3);
    assertThat(c.hybridPoolSize()).isEqualTo(4);
    assertThat(c.dedicatedPoolSize()).isEqualTo(8);
    assertThat(c.servers()).containsOnlyKeys("eu", "us");
    assertThat(c.servers().get("eu").get("url")).contains("jdbc:postgresql://eu-db:5432/x");
    assertThat(c.moveThreads()).isEqualTo(2);
    assertThat(c.moveBatchSize()).isEqualTo(100);
  }

  @Test
  void from_invalidValues_failNamingTheKey() {
    Map<String, String> bad = Map.of("default-tier", "gold", "place-prefix", "Bad-Prefix", "max-open-places", "0",
        "placement-ttl-ms", "0", "hybrid.pool-size", "x", "dedicated.servers", "Not Valid");
    bad.forEach((key, value) -> assertThatThrownBy(() -> TenancyConfig.from(Tier.SHARED,
        ProviderConfig.of(Map.of(key, value)))).as(key).isInstanceOf(ValidationException.class));
  }

  @Test
  void placeConfigs_derivePostgresAndMongoPlaces() {
    TenancyConfig config = TenancyConfig.builder(Tier.HYBRID).hybridPoolSize(3).dedicatedPoolSize(7)
        .server("eu", ProviderConfig.of(Map.of("url", "jdbc:postgresql://eu:5432/any?ssl=true", "user", "eu"))).build();
    ProviderConfig pg = ProviderConfig.of(Map.of("url", "jdbc:postgresql://db:5432/main?ApplicationName=x",
        "migration-url", "jdbc:postgresql://direct:5432/main", "schema", "pangolin", "replicas",
        "jdbc:postgresql://r1:5432/main", "user", "app"));
    PlaceConfigs configs = new PlaceConfigs(new PostgresStoreProvider(), pg, config);

    ProviderConfig hybrid = configs.forPlace(new Place(Tier.HYBRID, "t_acme"), true);
    assertThat(hybrid.get("schema")).contains("t_acme");
    assertThat(hybrid.get("url")).contains("jdbc:postgresql://db:5432/main?ApplicationName=x");
    assertThat(hybrid.get("pool-size")).contains("3");
    assertThat(hybrid.get("replicas")).contains("jdbc:postgresql://r1:5432/main");

    ProviderConfig dedicated = configs.forPlace(new Place(Tier.DEDICATED, "t_acme"), false);
    assertThat(dedicated.get("url")).contains("jdbc:postgresql://db:5432/t_acme?ApplicationName=x");
    assertThat(dedicated.get("migration-url")).contains("jdbc:postgresql://direct:5432/t_acme");
    assertThat(dedicated.get("schema")).contains("pangolin");
    assertThat(dedicated.get("replicas")).contains("");
    assertThat(dedicated.get("pool-size")).contains("7");
    assertThat(dedicated.get("migrate")).contains("false");

    ProviderConfig onEu = configs.forPlace(new Place(Tier.DEDICATED, "eu/t_acme"), true);
    assertThat(onEu.get("url")).contains("jdbc:postgresql://eu:5432/t_acme?ssl=true");
    assertThat(onEu.get("user")).contains("eu");
    assertThatThrownBy(() -> configs.forPlace(new Place(Tier.DEDICATED, "us/t_acme"), true))
        .isInstanceOf(ValidationException.class);

    PlaceConfigs mongo = new PlaceConfigs(new MongoStoreProvider(), ProviderConfig.of(Map.of("connection-string", "mongodb://m",
        "database", "pangolin")), config);
    assertThat(mongo.forPlace(new Place(Tier.HYBRID, "t_acme"), true).get("database")).contains("t_acme");
    assertThat(mongo.forPlace(new Place(Tier.HYBRID, "t_acme"), true).get("connection-string"))
        .contains("mongodb://m");
  }
}
