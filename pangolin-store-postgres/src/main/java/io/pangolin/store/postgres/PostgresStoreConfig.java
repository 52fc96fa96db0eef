package io.pangolin.store.postgres;

import io.pangolin.api.ValidationException;
import io.pangolin.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Typed configuration of the PostgreSQL store, bound from the provider's configuration keys (kebab-case, below
 * {@code pangolin.store.postgres.} in the server) by {@link #from(ProviderConfig)} or built with {@link #builder}.
 * Every value is validated when the record is created.
 *
 * @param url JDBC URL of the primary ({@code jdbc:postgresql://host:port/db}); key {@code url}, required
 * @param user key {@code user}; empty: the URL's or the driver's default
 * @param password key {@code password}; never printed by {@link #toString()}
 * @param schema schema holding the tables (created if missing); key {@code schema}, default {@code pangolin}
 * @param poolSize maximum connections of the primary pool; key {@code pool-size}, default 10
 * @param connectionTimeoutMs how long a caller waits for a pooled connection; key {@code connection-timeout-ms},
 *     default 5000
 * @param fairAfterMs a caller that has waited this long for a pooled connection gets the next one returned, ahead of
 *     callers that came later (before that, a running caller may take a free connection first); 0: strict arrival
 *     order; key {@code fair-after-ms}, default 10
 * @param replicas JDBC URLs of read replicas; key {@code replicas}, comma-separated, default none
 * @param replicaPoolSize maximum connections of each replica pool; key {@code replica-pool-size}, default
 *     {@code poolSize}
 * @param replicaMaxLagMs a replica lagging more than this is taken out of rotation; key {@code replica-max-lag-ms},
 *     default 5000
 * @param replicaCheckIntervalMs how often replicas' replay position and health are polled; key
 *     {@code replica-check-interval-ms}, default 200
 * @param auditRetentionDays audit events older than this move to {@code audit_logs_archive}; key
 *     {@code audit-retention-days}, default 90
 * @param auditPartitionsAhead monthly audit partitions kept ready beyond the current month; key
 *     {@code audit-partitions-ahead}, default 3
 * @param maintenanceIntervalS period of the partition maintenance and archival task, 0 disables it; key
 *     {@code maintenance-interval-s}, default 3600
 * @param pgbouncer the URLs point at PgBouncer in transaction mode: disables server-side prepared statements
 *     ({@code prepareThreshold=0}); key {@code pgbouncer}, default false
 * @param migrate apply schema migrations on open; key {@code migrate}, default true
 * @param migrationUrl JDBC URL used for migrations only (point it at PostgreSQL directly when {@code url} goes
 *     through PgBouncer); key {@code migration-url}, default {@code url}
 */
public record PostgresStoreConfig(
    String url,
    Optional<String> user,
    Optional<String> password,
    String schema,
    int poolSize,
    long connectionTimeoutMs,
    long fairAfterMs,
    List<String> replicas,
    int replicaPoolSize,
    long replicaMaxLagMs,
    long replicaCheckIntervalMs,
    int auditRetentionDays,
    int auditPartitionsAhead,
    long maintenanceIntervalS,
    boolean pgbouncer,
    boolean migrate,
    Optional<String> migrationUrl) {

  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final String JDBC_PREFIX = "jdbc:postgresql:";

  public PostgresStoreConfig {
    requireUrl("url", url);
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(schema, "schema");
    if (!SCHEMA.matcher(schema).matches()) {
      throw new ValidationException("configuration 'schema' must be a lower-case SQL identifier "
          + "([a-z_][a-z0-9_]*, at most 63 characters), was '" + schema + "'");
    }
    range("pool-size", poolSize, 1, 10_000);
    range("connection-timeout-ms", connectionTimeoutMs, 250, 3_600_000);
    range("fair-after-ms", fairAfterMs, 0, 3_600_000);
    replicas = List.copyOf(Objects.requireNonNull(replicas, "replicas"));
    for (String r : replicas) {
      requireUrl("replicas", r);
    }
    range("replica-pool-size", replicaPoolSize, 1, 10_000);
    range("replica-max-lag-ms", replicaMaxLagMs, 1, 86_400_000);
    range("replica-check-interval-ms", replicaCheckIntervalMs, 10, 600_000);
    range("audit-retention-days", auditRetentionDays, 1, 36_500);
    range("audit-partitions-ahead", auditPartitionsAhead, 0, 120);
    range("maintenance-interval-s", maintenanceIntervalS, 0, 31_536_000);
    Objects.requireNonNull(migrationUrl, "migrationUrl");
    migrationUrl.ifPresent(u -> requireUrl("migration-url", u));
  }

  /** Binds and validates the provider configuration. @throws ValidationException a value is missing or invalid */
  public static PostgresStoreConfig from(ProviderConfig config) {
    Objects.requireNonNull(config, "config");
    String url = config.get("url").map(String::trim).filter(s -> !s.isEmpty()).orElseThrow(() ->
        new ValidationException("configuration 'url' is required (e.g. jdbc:postgresql://127.0.0.1:5432/pangolin)"));
    int poolSize = config.getInt("pool-size", Builder.DEFAULT_POOL_SIZE);
    return new PostgresStoreConfig(
        url,
        nonBlank(config.get("user")),
        config.get("password").filter(s -> !s.isEmpty()),
        config.get("schema", Builder.DEFAULT_SCHEMA).trim(),
        poolSize,
        config.getLong("connection-timeout-ms", Builder.DEFAULT_CONNECTION_TIMEOUT_MS),
        config.getLong("fair-after-ms", Builder.DEFAULT_FAIR_AFTER_MS),
        splitList(config.get("replicas").orElse("")),
        config.getInt("replica-pool-size", poolSize),
        config.getLong("replica-max-lag-ms", Builder.DEFAULT_REPLICA_MAX_LAG_MS),
        config.getLong("replica-check-interval-ms", Builder.DEFAULT_REPLICA_CHECK_INTERVAL_MS),
        config.getInt("audit-retention-days", Builder.DEFAULT_AUDIT_RETENTION_DAYS),
        config.getInt("audit-partitions-ahead", Builder.DEFAULT_AUDIT_PARTITIONS_AHEAD),
        config.getLong("maintenance-interval-s", Builder.DEFAULT_MAINTENANCE_INTERVAL_S),
        bool(config, "pgbouncer", false),
        bool(config, "migrate", true),
        nonBlank(config.get("migration-url")));
  }

  /** A builder with the defaults of {@link #from(ProviderConfig)}. */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder(url);
    b.user = user;
    b.password = password;
    b.schema = schema;
    b.poolSize = poolSize;
    b.connectionTimeoutMs = connectionTimeoutMs;
    b.fairAfterMs = fairAfterMs;
    b.replicas = replicas;
    b.replicaPoolSize = OptionalInt.of(replicaPoolSize);
    b.replicaMaxLagMs = replicaMaxLagMs;
    b.replicaCheckIntervalMs = replicaCheckIntervalMs;
    b.auditRetentionDays = auditRetentionDays;
    b.auditPartitionsAhead = auditPartitionsAhead;
    b.maintenanceIntervalS = maintenanceIntervalS;
    b.pgbouncer = pgbouncer;
    b.migrate = migrate;
    b.migrationUrl = migrationUrl;
    return b;
  }

  @Override
  public String toString() {
    return "PostgresStoreConfig[url=" + url + ", user=" + user.orElse("") + ", password=" + (password.isPresent()
        ? "***" : "") + ", schema=" + schema + ", poolSize=" + poolSize + ", connectionTimeoutMs="
        + connectionTimeoutMs + ", fairAfterMs=" + fairAfterMs + ", replicas=" + replicas + ", replicaPoolSize="
        + replicaPoolSize + ", replicaMaxLagMs=" + replicaMaxLagMs + ", replicaCheckIntervalMs=" + replicaCheckIntervalMs
        + ", auditRetentionDays=" + auditRetentionDays + ", auditPartitionsAhead=" + auditPartitionsAhead
        + ", maintenanceIntervalS=" + maintenanceIntervalS + ", pgbouncer=" + pgbouncer + ", migrate=" + migrate
        + ", migrationUrl=" + migrationUrl.orElse("") + "]";
  }

  private static void requireUrl(String key, String value) {
    Objects.requireNonNull(value, key);
    if (!value.startsWith(JDBC_PREFIX)) {
      throw new ValidationException("configuration '" + key + "' must be a PostgreSQL JDBC URL starting with '"
          + JDBC_PREFIX + "', was '" + redactUrl(value) + "'");
    }
  }

  /** Drops a password query parameter from a URL before it goes into a message. */
  static String redactUrl(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  private static void range(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new ValidationException("configuration '" + key + "' must be between " + min + " and " + max
          + ", was " + value);
    }
  }

  private static Optional<String> nonBlank(Optional<String> v) {
    return v.map(String::trim).filter(s -> !s.isEmpty());
  }

  private static List<String> splitList(String csv) {
    List<String> out = new ArrayList<>();
    for (String part : csv.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  private static boolean bool(ProviderConfig config, String key, boolean defaultValue) {
    Optional<String> v = config.get(key).map(s -> s.trim().toLowerCase(Locale.ROOT));
    if (v.isEmpty() || v.get().isEmpty()) {
      return defaultValue;
    }
    return switch (v.get()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ValidationException("configuration '" + key + "' must be true or false, was '"
          + v.get() + "'");
    };
  }

  /** Builds a {@link PostgresStoreConfig}; {@link #build()} validates. */
  public static final class Builder {
    static final String DEFAULT_SCHEMA = "pangolin";
    static final int DEFAULT_POOL_SIZE = 10;
    static final long DEFAULT_CONNECTION_TIMEOUT_MS = 5_000;
    static final long DEFAULT_FAIR_AFTER_MS = 10;
    static final long DEFAULT_REPLICA_MAX_LAG_MS = 5_000;
    static final long DEFAULT_REPLICA_CHECK_INTERVAL_MS = 200;
    static final int DEFAULT_AUDIT_RETENTION_DAYS = 90;
    static final int DEFAULT_AUDIT_PARTITIONS_AHEAD = 3;
    static final long DEFAULT_MAINTENANCE_INTERVAL_S = 3_600;

    private final String url;
    private Optional<String> user = Optional.empty();
    private Optional<String> password = Optional.empty();
    private String schema = DEFAULT_SCHEMA;
    private int poolSize = DEFAULT_POOL_SIZE;
    private long connectionTimeoutMs = DEFAULT_CONNECTION_TIMEOUT_MS;
    private long fairAfterMs = DEFAULT_FAIR_AFTER_MS;
    private List<String> replicas = List.of();
    private OptionalInt replicaPoolSize = OptionalInt.empty();
    private long replicaMaxLagMs = DEFAULT_REPLICA_MAX_LAG_MS;
    private long replicaCheckIntervalMs = DEFAULT_REPLICA_CHECK_INTERVAL_MS;
    private int auditRetentionDays = DEFAULT_AUDIT_RETENTION_DAYS;
    private int auditPartitionsAhead = DEFAULT_AUDIT_PARTITIONS_AHEAD;
    private long maintenanceIntervalS = DEFAULT_MAINTENANCE_INTERVAL_S;
    private boolean pgbouncer;
    private boolean migrate = true;
    private Optional<String> migrationUrl = Optional.empty();

    private Builder(String url) {
      this.url = Objects.requireNonNull(url, "url");
    }

    public Builder user(String value) {
      this.user = Optional.of(value);
      return this;
    }

    public Builder password(String value) {
      this.password = Optional.of(value);
      return this;
    }

    public Builder schema(String value) {
      this.schema = Objects.requireNonNull(value, "schema");
      return this;
    }

    public Builder poolSize(int value) {
      this.poolSize = value;
      return this;
    }

    public Builder fairAfterMs(long value) {
      this.fairAfterMs = value;
      return this;
    }

    public Builder connectionTimeoutMs(long value) {
      this.connectionTimeoutMs = value;
      return this;
    }

    public Builder replicas(List<String> value) {
      this.replicas = List.copyOf(value);
      return this;
    }

    public Builder replicaPoolSize(int value) {
      this.replicaPoolSize = OptionalInt.of(value);
      return this;
    }

    public Builder replicaMaxLagMs(long value) {
      this.replicaMaxLagMs = value;
      return this;
    }

    public Builder replicaCheckIntervalMs(long value) {
      this.replicaCheckIntervalMs = value;
      return this;
    }

    public Builder auditRetentionDays(int value) {
      this.auditRetentionDays = value;
      return this;
    }

    public Builder auditPartitionsAhead(int value) {
      this.auditPartitionsAhead = value;
      return this;
    }

    public Builder maintenanceIntervalS(long value) {
      this.maintenanceIntervalS = value;
      return this;
    }

    public Builder pgbouncer(boolean value) {
      this.pgbouncer = value;
      return this;
    }

    public Builder migrate(boolean value) {
      this.migrate = value;
      return this;
    }

    public Builder migrationUrl(String value) {
      this.migrationUrl = Optional.of(value);
      return this;
    }

    /** @throws ValidationException a value is invalid */
    public PostgresStoreConfig build() {
      return new PostgresStoreConfig(url, user, password, schema, poolSize, connectionTimeoutMs, fairAfterMs, replicas,
          replicaPoolSize.orElse(poolSize), replicaMaxLagMs, replicaCheckIntervalMs, auditRetentionDays,
          auditPartitionsAhead, maintenanceIntervalS, pgbouncer, migrate, migrationUrl);
    }
  }
}
