package io.pangolin.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.Tenant;
import io.pangolin.api.ValidationException;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.PlaceScope;
import io.pangolin.spi.ProviderConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Places for tenants: a schema made by the one-transaction fast path is what Flyway itself would have made (same
 * history rows and checksums; Flyway validates it and has nothing to apply), provisioning is idempotent, and
 * deprovisioning drops exactly the place — schema or database — and refuses what is not a tenant's place.
 */
class ProvisioningTest {
  @RegisterExtension
  static final TestDatabase DB = new TestDatabase();

  private final PostgresStoreProvider provider = new PostgresStoreProvider();

  private ProviderConfig config(String url, String schema) {
    return ProviderConfig.of(Map.of("url", url, "user", PostgresTestServer.USER, "schema", schema,
        "maintenance-interval-s", "0"));
  }

  private static String unique(String prefix) {
    return prefix + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  }

  @Test
  void provisionSchema_fastPath_isWhatFlywayWouldHaveMade_andFlywayAcceptsIt() throws SQLException {
    String fast = unique("fast_");
    String flyway = unique("flyway_");
    provider.provision(config(DB.url(), fast), PlaceScope.SCHEMA);
    PostgresMetadataStore.open(DB.config().schema(flyway).build()).close(); // Flyway migrates this one

    assertThat(history(fast)).isEqualTo(history(flyway).stream().map(r -> r.replace(flyway, fast)).toList());
    Flyway check = Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(DB.url(), PostgresTestServer.USER, null).schemas(fast).table(Migrations.HISTORY_TABLE)
        .locations(Migrations.LOCATION).placeholders(Map.of("schema", fast)).load();
    check.validate();
    assertThat(check.info().pending()).isEmpty();
    try (MetadataStore s = provider.open(config(DB.url(), fast))) { // migrate=true: Flyway runs and accepts it
      Instant now = Instant.now();
      s.createTenant(new Tenant("t", Map.of(), now, now, 0));
      assertThat(s.getTenant("t")).isPresent();
    }
  }

  @Test
  void provision_isIdempotent_andDeprovisionDropsTheSchemaOnly() throws SQLException {
    String schema = unique("place_");
    provider.provision(config(DB.url(), schema), PlaceScope.SCHEMA);
    provider.provision(config(DB.url(), schema), PlaceScope.SCHEMA);
    assertThat(exists("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)", schema)).isTrue();

    provider.deprovision(config(DB.url(), schema), PlaceScope.SCHEMA);
    provider.deprovision(config(DB.url(), schema), PlaceScope.SCHEMA);

    assertThat(exists("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)", schema)).isFalse();
    assertThat(exists("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = ?)", DB.name())).isTrue();
  }

  @Test
  void provisionDatabase_createsAndMigratesIt_andDeprovisionDropsIt() throws SQLException {
    String database = unique("pangolin_place_");
    String url = PostgresTestServer.url(database);
    try {
      provider.provision(config(url, "pangolin"), PlaceScope.DATABASE);
      provider.provision(config(url, "pangolin"), PlaceScope.DATABASE);
      try (MetadataStore s = provider.open(config(url, "pangolin"))) {
        assertThat(s.health().up()).isTrue();
      }
      provider.deprovision(config(url, "pangolin"), PlaceScope.DATABASE);
      assertThat(exists("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = ?)", database)).isFalse();
      provider.deprovision(config(url, "pangolin"), PlaceScope.DATABASE);
    } finally {
      try (Connection c = PostgresTestServer.admin()) {
        c.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      }
    }
  }

  @Test
  void deprovision_refusesWhatIsNoTenantsPlace() {
    for (String db : List.of("postgres", "template1")) {
      assertThatThrownBy(() -> provider.deprovision(config(PostgresTestServer.url(db), "pangolin"),
          PlaceScope.DATABASE)).isInstanceOf(ValidationException.class);
    }
    assertThatThrownBy(() -> provider.deprovision(config(DB.url(), "public"), PlaceScope.SCHEMA))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> provider.provision(config("jdbc:postgresql:nodb", "x"), PlaceScope.DATABASE))
        .isInstanceOf(ValidationException.class);
  }

  /** The history rows of a schema, without the times. */
  private static List<String> history(String schema) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = DB.connect(); PreparedStatement ps = c.prepareStatement("SELECT installed_rank, version, "
        + "description, type, script, checksum, success FROM " + schema + ".flyway_schema_history ORDER BY 1");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4) + "|"
            + rs.getString(5) + "|" + rs.getObject(6) + "|" + rs.getBoolean(7));
      }
    }
    return rows;
  }

  private static boolean exists(String query, String arg) throws SQLException {
    try (Connection c = DB.connect(); PreparedStatement ps = c.prepareStatement(query)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }
}
