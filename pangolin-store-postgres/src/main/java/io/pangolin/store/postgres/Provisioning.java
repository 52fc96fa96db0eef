package io.pangolin.store.postgres;

import io.pangolin.api.UnavailableException;
import io.pangolin.api.ValidationException;
import io.pangolin.spi.PlaceScope;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Places of tenants ({@link io.pangolin.spi.StoreProvider#provision}): a schema of its own in the configured
 * database, or a database of its own, created and migrated; and dropped again.
 *
 * <p>A tenancy strategy creates hundreds of schemas, so a new schema is not migrated by Flyway (about 250 ms each
 * here) but in one transaction of plain statements: {@code CREATE SCHEMA}, Flyway's history table, every versioned
 * migration script with its placeholder replaced, and one history row per script holding the checksum Flyway itself
 * computed for it — the schema is then indistinguishable from one Flyway migrated, and later migrations (V2 …) are
 * applied by Flyway as usual. An existing schema whose history lacks a script goes to Flyway. Everything runs on an
 * unpooled connection to {@code migration-url} (else {@code url}); every name is schema-qualified.
 */
final class Provisioning {
  private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]*/)([^/?]*)(\\?.*)?");
  private static final Set<String> PROTECTED_DATABASES = Set.of("postgres", "template0", "template1");
  private static final String HISTORY_DDL = """
      CREATE TABLE %1$s.%2$s (
        installed_rank integer NOT NULL,
        version character varying(50),
        description character varying(200) NOT NULL,
        type character varying(20) NOT NULL,
        script character varying(1000) NOT NULL,
        checksum integer,
        installed_by character varying(100) NOT NULL,
        installed_on timestamp without time zone DEFAULT now() NOT NULL,
        execution_time integer NOT NULL,
        success boolean NOT NULL,
        CONSTRAINT %2$s_pk PRIMARY KEY (installed_rank)
      );
      CREATE INDEX %2$s_s_idx ON %1$s.%2$s (success)""";

  /** A versioned migration as Flyway resolved it. */
  private record Script(String version, String description, String script, Integer checksum, String text) {}

  private static volatile List<Script> scripts;

  private Provisioning() {}

  static void provision(PostgresStoreConfig cfg, PlaceScope scope) {
    if (scope == PlaceScope.DATABASE) {
      createDatabase(cfg);
    }
    if (!createSchema(cfg)) {
      Migrations.migrate(cfg);
    }
  }

  static void deprovision(PostgresStoreConfig cfg, PlaceScope scope) {
    String url = cfg.migrationUrl().orElse(cfg.url());
    if (scope == PlaceScope.DATABASE) {
      String database = database(url);
      if (PROTECTED_DATABASES.contains(database)) {
        throw new ValidationException("refusing to drop database '" + database + "'");
      }
      run(cfg, withDatabase(url, "postgres"), "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    } else {
      String schema = cfg.schema();
      if (schema.equals("public") || schema.startsWith("pg_") || schema.equals("information_schema")) {
        throw new ValidationException("refusing to drop schema '" + schema + "'");
      }
      run(cfg, url, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  // ---- databases ------------------------------------------------------------------------------------------------

  private static void createDatabase(PostgresStoreConfig cfg) {
    String url = cfg.migrationUrl().orElse(cfg.url());
    String database = database(url);
    try (Connection c = connect(cfg, withDatabase(url, "postgres"))) {
      boolean exists;
      try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = ?)")) {
        ps.setString(1, database);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          exists = rs.getBoolean(1);
        }
      }
      if (!exists) {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
          if (!"42P04".equals(e.getSQLState())) { // duplicate_database: created concurrently
            throw e;
          }
        }
      }
    } catch (SQLException e) {
      throw failure("create database '" + database + "'", e);
    }
  }

  /** The database of a {@code jdbc:postgresql://hosts/database} URL, checked to be a plain identifier. */
  static String database(String url) {
    Matcher m = URL.matcher(url);
    if (!m.matches() || !m.group(2).matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new ValidationException("a database of its own needs a URL of the form "
          + "jdbc:postgresql://host:port/database with a lower-case database name, was '"
          + PostgresStoreConfig.redactUrl(url) + "'");
    }
    return m.group(2);
  }

  static String withDatabase(String url, String database) {
    database(url);
    Matcher m = URL.matcher(url);
    m.matches();
    return m.group(1) + database + (m.group(3) == null ? "" : m.group(3));
  }

  // ---- schemas --------------------------------------------------------------------------------------------------

  /**
   * Creates and migrates the schema in one transaction if it does not exist. @return false if the schema existed
   * and its history lacks a script, so Flyway must migrate it
   */
  private static boolean createSchema(PostgresStoreConfig cfg) {
    String url = cfg.migrationUrl().orElse(cfg.url());
    String schema = cfg.schema();
    List<Script> all = scripts(cfg);
    try (Connection c = connect(cfg, url)) {
      c.setAutoCommit(false);
      try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
        lock.setString(1, "pangolin-provision:" + schema);
        lock.execute();
      }
      if (exists(c, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)", schema)) {
        boolean current = exists(c, "SELECT to_regclass(?) IS NOT NULL", schema + "." + Migrations.HISTORY_TABLE)
            && applied(c, schema).containsAll(all.stream().map(Script::version).toList());
        c.commit();
        return current;
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + schema);
        s.execute(String.format(HISTORY_DDL, schema, Migrations.HISTORY_TABLE));
      }
      String insert = "INSERT INTO " + schema + "." + Migrations.HISTORY_TABLE + " (installed_rank, version, "
          + "description, type, script, checksum, installed_by, execution_time, success) "
          + "VALUES (?, ?, ?, ?, ?, ?, current_user, ?, true)";
      try (PreparedStatement h = c.prepareStatement(insert)) {
        history(h, 0, null, "<< Flyway Schema Creation >>", "SCHEMA", "\"" + schema + "\"", null, 0);
        int rank = 1;
        for (Script script : all) {
          long start = System.nanoTime();
          try (Statement s = c.createStatement()) {
            s.execute(script.text().replace("${schema}", schema));
          }
          history(h, rank++, script.version(), script.description(), "SQL", script.script(), script.checksum(),
              (int) ((System.nanoTime() - start) / 1_000_000));
        }
      }
      c.commit();
      return true;
    } catch (SQLException e) {
      throw failure("create schema '" + schema + "'", e);
    }
  }

  private static void history(PreparedStatement h, int rank, String version, String description, String type,
      String script, Integer checksum, int millis) throws SQLException {
    h.setInt(1, rank);
    h.setString(2, version);
    h.setString(3, description);
    h.setString(4, type);
    h.setString(5, script);
    if (checksum == null) {
      h.setNull(6, java.sql.Types.INTEGER);
    } else {
      h.setInt(6, checksum);
    }
    h.setInt(7, millis);
    h.executeUpdate();
  }

  private static Set<String> applied(Connection c, String schema) throws SQLException {
    Set<String> versions = new HashSet<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version FROM " + schema + "."
        + Migrations.HISTORY_TABLE + " WHERE success AND type = 'SQL'")) {
      while (rs.next()) {
        versions.add(rs.getString(1));
      }
    }
    return versions;
  }

  /** The versioned scripts, resolved once per class loader by Flyway (their checksums do not depend on the schema). */
  private static List<Script> scripts(PostgresStoreConfig cfg) {
    List<Script> s = scripts;
    if (s != null) {
      return s;
    }
    synchronized (Provisioning.class) {
      if (scripts == null) {
        scripts = resolve(cfg);
      }
      return scripts;
    }
  }

  private static List<Script> resolve(PostgresStoreConfig cfg) {
    String url = cfg.migrationUrl().orElse(cfg.url());
    MigrationInfo[] infos;
    try {
      infos = Flyway.configure(Provisioning.class.getClassLoader())
          .dataSource(url, cfg.user().orElse(null), cfg.password().orElse(null))
          .jdbcProperties(driverProperties(cfg))
          .schemas(cfg.schema())
          .table(Migrations.HISTORY_TABLE)
          .locations(Migrations.LOCATION)
          .placeholders(Map.of("schema", cfg.schema()))
          .connectRetries(0)
          .load()
          .info()
          .all();
    } catch (FlywayException e) {
      throw new UnavailableException("cannot resolve the schema migrations: " + e.getMessage(), e);
    }
    List<Script> out = new ArrayList<>();
    for (MigrationInfo i : infos) {
      if (i.getVersion() == null || !"SQL".equals(i.getType().name())) {
        continue;
      }
      String path = Migrations.LOCATION.substring("classpath:".length()) + "/" + i.getScript();
      try (InputStream in = Provisioning.class.getClassLoader().getResourceAsStream(path)) {
        if (in == null) {
          throw new UnavailableException("migration script " + path + " not found");
        }
        out.add(new Script(i.getVersion().getVersion(), i.getDescription(), i.getScript(), i.getChecksum(),
            new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return List.copyOf(out);
  }

  // ---- connections ----------------------------------------------------------------------------------------------

  private static Map<String, String> driverProperties(PostgresStoreConfig cfg) {
    Properties p = new Properties();
    if (cfg.pgbouncer() && cfg.migrationUrl().isEmpty()) {
      Pools.driverSettingsForPgBouncer(p);
    }
    Map<String, String> m = new java.util.HashMap<>();
    p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
    return m;
  }

  private static Connection connect(PostgresStoreConfig cfg, String url) throws SQLException {
    Properties p = new Properties();
    cfg.user().ifPresent(u -> p.setProperty("user", u));
    cfg.password().ifPresent(pw -> p.setProperty("password", pw));
    p.setProperty("ApplicationName", "pangolin-provisioning");
    p.setProperty("connectTimeout", Long.toString(Math.max(1, (cfg.connectionTimeoutMs() + 999) / 1000)));
    p.putAll(driverProperties(cfg));
    return DriverManager.getConnection(url, p);
  }

  private static void run(PostgresStoreConfig cfg, String url, String statement) {
    try (Connection c = connect(cfg, url); Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw failure(statement, e);
    }
  }

  private static boolean exists(Connection c, String query, String arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(query)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static RuntimeException failure(String what, SQLException e) {
    return SqlErrors.isConnectionFailure(e)
        ? new UnavailableException("cannot reach PostgreSQL to " + what, e)
        : new UnavailableException("could not " + what + " (SQLSTATE " + e.getSQLState() + ")", e);
  }
}
