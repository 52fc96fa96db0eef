package io.pangolin.tenancy;

import io.pangolin.api.TenantPlacement;
import io.pangolin.spi.ProviderConfig;
import io.pangolin.spi.StoreProvider;
import io.pangolin.store.postgres.PostgresStoreProvider;
import io.pangolin.store.postgres.PostgresTestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * PostgreSQL for tenancy tests, for one test class: a fresh control database on the test server (127.0.0.1:5432, see
 * {@link PostgresTestServer}) and a place prefix of its own; afterwards every strategy opened here is closed, and
 * the control database (with the hybrid tenants' schemas in it) and every dedicated tenant's database are dropped.
 */
final class PostgresPlaces extends ClassResource {
  private final List<PlacementTenancy> opened = new ArrayList<>();
  private String database;
  private String prefix;
  private Map<String, String> extra = Map.of();

  @Override
  void start() throws SQLException {
    String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    database = "pangolin_tenancy_" + id;
    prefix = "tt" + id + "_";
    try (Connection c = PostgresTestServer.admin(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
  }

  @Override
  void stop() throws SQLException {
    synchronized (opened) {
      opened.forEach(PlacementTenancy::close);
      opened.clear();
    }
    try (Connection c = PostgresTestServer.admin(); Statement s = c.createStatement()) {
      for (String db : databases(prefix)) {
        s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      }
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  /** The dedicated tenants' databases that exist now. */
  static List<String> databases(String prefix) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = PostgresTestServer.admin(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + prefix + "%'")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** Store keys to add to every strategy opened from now on (e.g. to go through PgBouncer). */
  PostgresPlaces storeKeys(Map<String, String> keys) {
    this.extra = Map.copyOf(keys);
    return this;
  }

  String database() {
    return database;
  }

  String prefix() {
    return prefix;
  }

  String url() {
    return PostgresTestServer.url(database);
  }

  Connection connect() throws SQLException {
    return PostgresTestServer.connect(url());
  }

  ProviderConfig storeConfig() {
    Map<String, String> keys = new HashMap<>(Map.of("url", url(), "user", PostgresTestServer.USER,
        "pool-size", "10", "maintenance-interval-s", "0"));
    if (!PostgresTestServer.PASSWORD.isEmpty()) {
      keys.put("password", PostgresTestServer.PASSWORD);
    }
    keys.putAll(extra);
    return ProviderConfig.of(keys);
  }

  /** Test settings: short placement TTL and grace, few open places, small pools. */
  TenancyConfig.Builder config(Tier defaultTier) {
    return TenancyConfig.builder(defaultTier)
        .placePrefix(prefix)
        .placementTtl(Duration.ofMillis(200))
        .writeGrace(Duration.ofMillis(200))
        .maxOpenPlaces(8)
        .idleTimeout(Duration.ofSeconds(10))
        .hybridPoolSize(2)
        .dedicatedPoolSize(2);
  }

  PlacementTenancy open(Tier defaultTier) {
    return open(defaultTier, b -> { });
  }

  PlacementTenancy open(Tier defaultTier, Consumer<TenancyConfig.Builder> settings) {
    TenancyConfig.Builder b = config(defaultTier);
    settings.accept(b);
    return remember(PlacementTenancy.open(new PostgresStoreProvider(), storeConfig(), b.build()));
  }

  StoreProvider provider() {
    return new PostgresStoreProvider();
  }

  private PlacementTenancy remember(PlacementTenancy t) {
    synchronized (opened) {
      opened.add(t);
    }
    return t;
  }

  /** Rows of the tenant below the tenant row in the shared schema (warehouses … users). */
  long rowsInSharedSchema(String tenant) {
    long n = 0;
    try (Connection c = connect()) {
      for (String table : List.of("warehouses", "catalogs", "namespaces", "assets", "users")) {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pangolin." + table + " WHERE tenant = ?")) {
          ps.setString(1, tenant);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            n += rs.getLong(1);
          }
        }
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    return n;
  }

  boolean placeExists(TenantPlacement p) {
    return switch (p.tier()) {
      case "hybrid" -> schemaExists(p.target());
      case "dedicated" -> databaseExists(p.target());
      default -> true;
    };
  }

  boolean schemaExists(String schema) {
    return exists("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)", schema);
  }

  boolean databaseExists(String database) {
    return exists("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = ?)", database);
  }

  private boolean exists(String query, String arg) {
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(query)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }
}
