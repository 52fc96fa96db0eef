package io.pangolin.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.api.PageRequest;
import io.pangolin.api.Tenant;
import io.pangolin.spi.PlacementRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Schema version 6 moves the placements earlier versions kept as {@code ~placement~<tenant>} rows of the tenant
 * table into the placements table, fields, timestamps and version kept, and deletes those rows.
 */
class PlacementMigrationTest {
  @RegisterExtension
  static final TestDatabase DB = new TestDatabase();

  @Test
  void legacyPlacementRows_becomePlacementRecords_andLeaveTheTenantTable() throws SQLException {
    String schema = "legacy_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    Flyway.configure(Migrations.class.getClassLoader()).dataSource(DB.url(), PostgresTestServer.USER, null)
        .schemas(schema).createSchemas(true).table(Migrations.HISTORY_TABLE).locations(Migrations.LOCATION)
        .placeholders(Map.of("schema", schema)).target("5").load().migrate();
    Instant created = Instant.parse("2026-01-02T03:04:05.123456Z");
    Instant updated = Instant.parse("2026-02-03T04:05:06Z");
    Instant since = Instant.parse("2026-02-03T04:00:00.5Z");
    try (Connection c = DB.connect()) {
      insertTenant(c, schema, "acme", "{\"display-name\": \"ACME\"}", created, updated, 1);
      insertTenant(c, schema, "~placement~acme", "{\"tier\": \"hybrid\", \"target\": \"pangolin_t_acme\", "
          + "\"catalogs\": \"4\", \"move.tier\": \"dedicated\", \"move.target\": \"eu/pangolin_t_acme\", "
          + "\"move.state\": \"switching\", \"move.id\": \"m-1\", \"move.since\": \"" + since + "\", "
          + "\"cleanup.tier\": \"shared\", \"cleanup.target\": \"\", \"cleanup.digest\": \"d-1\"}",
          created, updated, 7);
      insertTenant(c, schema, "~placement~plain", "{\"tier\": \"shared\", \"target\": \"\", \"catalogs\": \"0\"}",
          created, updated, 2);
    }

    try (PostgresMetadataStore store = PostgresMetadataStore.open(DB.config().schema(schema).build())) {
      assertThat(store.getPlacement("acme")).contains(new PlacementRecord("acme",
          new PlacementRecord.Place("hybrid", "pangolin_t_acme"), 4,
          Optional.of(new PlacementRecord.Move(new PlacementRecord.Place("dedicated", "eu/pangolin_t_acme"),
              PlacementRecord.MoveState.SWITCHING, "m-1", since)),
          Optional.of(new PlacementRecord.Cleanup(new PlacementRecord.Place("shared", ""), "d-1")),
          created, updated, 7));
      assertThat(store.getPlacement("plain")).contains(new PlacementRecord("plain",
          new PlacementRecord.Place("shared", ""), 0, Optional.empty(), Optional.empty(), created, updated, 2));
      assertThat(store.listTenants(PageRequest.first(100)).items()).extracting(Tenant::name).containsExactly("acme");
      assertThat(store.listPlacements(PageRequest.first(100)).items()).extracting(PlacementRecord::tenant)
          .containsExactly("acme", "plain");
    }
  }

  private static void insertTenant(Connection c, String schema, String name, String properties, Instant created,
      Instant updated, long version) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO " + schema + ".tenants (name, properties, created_at, "
        + "updated_at, version) VALUES (?, ?::jsonb, ?, ?, ?)")) {
      s.setString(1, name);
      s.setString(2, properties);
      s.setObject(3, created.atOffset(ZoneOffset.UTC));
      s.setObject(4, updated.atOffset(ZoneOffset.UTC));
      s.setLong(5, version);
      s.executeUpdate();
    }
  }
}
