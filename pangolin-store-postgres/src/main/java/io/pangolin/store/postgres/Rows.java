package io.pangolin.store.postgres;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetEntry;
import io.pangolin.api.AssetKind;
import io.pangolin.api.AuditEvent;
import io.pangolin.api.AuditResult;
import io.pangolin.api.Catalog;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.Tenant;
import io.pangolin.api.User;
import io.pangolin.api.Warehouse;
import io.pangolin.api.Grant;
import io.pangolin.api.GrantScope;
import io.pangolin.api.Principal;
import io.pangolin.api.Privilege;
import io.pangolin.api.Role;
import io.pangolin.spi.PlacementRecord;
import io.pangolin.spi.PrincipalRecord;
import java.util.Set;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Row mapping and parameter binding: records to columns and back. Instants travel as {@code timestamptz} through
 * {@link OffsetDateTime} in UTC (no time-zone conversions of {@code java.sql.Timestamp}), truncated to the microsecond
 * PostgreSQL keeps, so they round-trip exactly; namespace levels as {@code text[]}; properties as {@code jsonb}.
 */
final class Rows {
  private Rows() {}

  static final RowMapper<Tenant> TENANT = (rs, ctx) -> new Tenant(rs.getString("name"), props(rs, "properties"),
      instant(rs, "created_at"), instant(rs, "updated_at"), rs.getLong("version"));

  static final RowMapper<Warehouse> WAREHOUSE = (rs, ctx) -> new Warehouse(rs.getString("tenant"),
      rs.getString("name"), rs.getString("storage_root"), props(rs, "storage_properties"), instant(rs, "created_at"),
      instant(rs, "updated_at"), rs.getLong("version"));

  static final RowMapper<Catalog> CATALOG = (rs, ctx) -> new Catalog(rs.getString("tenant"), rs.getString("name"),
      rs.getString("warehouse"), props(rs, "properties"), instant(rs, "created_at"), instant(rs, "updated_at"),
      rs.getLong("version"));

  /** A catalog joined with its warehouse ({@code w_*} columns, null if the warehouse row is missing). */
  static final RowMapper<Map.Entry<Catalog, Optional<Warehouse>>> CATALOG_BINDING = (rs, ctx) -> {
    Catalog c = CATALOG.map(rs, ctx);
    String wh = rs.getString("w_name");
    Optional<Warehouse> w = wh == null ? Optional.empty() : Optional.of(new Warehouse(c.tenant(), wh,
        rs.getString("w_storage_root"), props(rs, "w_storage_properties"), instant(rs, "w_created_at"),
        instant(rs, "w_updated_at"), rs.getLong("w_version")));
    return Map.entry(c, w);
  };

  static final RowMapper<PrincipalRecord> PRINCIPAL = (rs, ctx) -> new PrincipalRecord(rs.getString("id"),
      Optional.ofNullable(rs.getString("tenant")), rs.getString("name"), Principal.Kind.valueOf(rs.getString("kind")),
      rs.getString("credential_hash"), Set.of(texts(rs, "roles")), rs.getBoolean("enabled"),
      Optional.ofNullable(rs.getObject("expires_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
      instant(rs, "created_at"), instant(rs, "updated_at"), rs.getLong("version"));

  static final RowMapper<PlacementRecord> PLACEMENT = (rs, ctx) -> {
    Optional<PlacementRecord.Move> move = rs.getString("move_tier") == null ? Optional.empty()
        : Optional.of(new PlacementRecord.Move(
            new PlacementRecord.Place(rs.getString("move_tier"), rs.getString("move_target")),
            PlacementRecord.MoveState.valueOf(rs.getString("move_state")), rs.getString("move_id"),
            instant(rs, "move_since")));
    Optional<PlacementRecord.Cleanup> cleanup = rs.getString("cleanup_tier") == null ? Optional.empty()
        : Optional.of(new PlacementRecord.Cleanup(
            new PlacementRecord.Place(rs.getString("cleanup_tier"), rs.getString("cleanup_target")),
            rs.getString("cleanup_digest")));
    return new PlacementRecord(rs.getString("tenant"),
        new PlacementRecord.Place(rs.getString("tier"), rs.getString("target")), rs.getLong("catalogs"), move,
        cleanup, instant(rs, "created_at"), instant(rs, "updated_at"), rs.getLong("version"));
  };

  static final RowMapper<Role> ROLE = (rs, ctx) -> new Role(rs.getString("name"), rs.getString("description"),
      instant(rs, "created_at"));

  static final RowMapper<Grant> GRANT = (rs, ctx) -> new Grant(rs.getString("id"),
      GrantScope.parse(rs.getString("scope")),
      new Grant.Grantee(Grant.Grantee.Kind.valueOf(rs.getString("grantee_kind")), rs.getString("grantee")),
      java.util.Arrays.stream(texts(rs, "privileges")).map(Privilege::parse)
          .collect(java.util.stream.Collectors.toUnmodifiableSet()),
      instant(rs, "created_at"), rs.getString("created_by"));

  static String[] texts(ResultSet rs, String column) throws SQLException {
    Array a = rs.getArray(column);
    try {
      return (String[]) a.getArray();
    } finally {
      a.free();
    }
  }

  static Argument texts(Set<String> values) {
    String[] array = values.stream().sorted().toArray(String[]::new);
    return (pos, stmt, ctx) -> stmt.setArray(pos, stmt.getConnection().createArrayOf("text", array));
  }

  static final RowMapper<Namespace> NAMESPACE = (rs, ctx) -> new Namespace(rs.getString("tenant"),
      rs.getString("catalog"), levels(rs, "name"), props(rs, "properties"), instant(rs, "created_at"),
      instant(rs, "updated_at"), rs.getLong("version"));

  static final RowMapper<NamespaceName> NAMESPACE_NAME = (rs, ctx) -> levels(rs, "name");

  static final RowMapper<Asset> ASSET = (rs, ctx) -> new Asset(rs.getString("tenant"), rs.getString("id"),
      rs.getString("catalog"), levels(rs, "namespace"), rs.getString("name"), kind(rs.getString("kind")),
      rs.getString("location"), props(rs, "properties"), Optional.ofNullable(rs.getString("metadata_location")),
      instant(rs, "created_at"), instant(rs, "updated_at"), rs.getLong("version"));

  static final RowMapper<AssetEntry> ASSET_ENTRY = (rs, ctx) -> new AssetEntry(rs.getString("name"),
      kind(rs.getString("kind")), rs.getBoolean("has_metadata"));

  static final RowMapper<User> USER = (rs, ctx) -> new User(rs.getString("tenant"), rs.getString("name"),
      Optional.ofNullable(rs.getString("email")), props(rs, "properties"), instant(rs, "created_at"),
      instant(rs, "updated_at"), rs.getLong("version"));

  static final RowMapper<AuditEvent> AUDIT = (rs, ctx) -> new AuditEvent(rs.getString("id"), rs.getString("tenant"),
      rs.getString("actor"), rs.getString("action"), rs.getString("resource_type"), rs.getString("resource_id"),
      rs.getString("resource_name"), AuditResult.valueOf(rs.getString("result")), instant(rs, "timestamp"),
      rs.getString("request_id"), props(rs, "details"));

  // ---- columns to values ----------------------------------------------------------------------------------------

  static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  static NamespaceName levels(ResultSet rs, String column) throws SQLException {
    Array a = rs.getArray(column);
    try {
      return new NamespaceName(List.of((String[]) a.getArray()));
    } finally {
      a.free();
    }
  }

  static Map<String, String> props(ResultSet rs, String column) throws SQLException {
    return Json.decode(rs.getString(column));
  }

  private static AssetKind kind(String value) throws SQLException {
    try {
      return AssetKind.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw new SQLException("unknown asset kind '" + value + "' in the database", e);
    }
  }

  // ---- values to parameters -------------------------------------------------------------------------------------

  /** The stored precision of a timestamp. */
  static Instant micros(Instant i) {
    return i.truncatedTo(ChronoUnit.MICROS);
  }

  static Argument ts(Instant value) {
    OffsetDateTime odt = micros(value).atOffset(ZoneOffset.UTC);
    return (pos, stmt, ctx) -> stmt.setObject(pos, odt, Types.TIMESTAMP_WITH_TIMEZONE);
  }

  /** A nullable timestamp. */
  static Argument tsOrNull(Optional<Instant> value) {
    if (value.isPresent()) {
      return ts(value.get());
    }
    return (pos, stmt, ctx) -> stmt.setNull(pos, Types.TIMESTAMP_WITH_TIMEZONE);
  }

  static Argument levels(NamespaceName name) {
    String[] values = name.levels().toArray(String[]::new);
    return (pos, stmt, ctx) -> stmt.setArray(pos, stmt.getConnection().createArrayOf("text", values));
  }

  static String json(Map<String, String> map) {
    return Json.encode(map);
  }
}
