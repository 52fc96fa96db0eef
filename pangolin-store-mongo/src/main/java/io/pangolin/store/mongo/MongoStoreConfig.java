package io.pangolin.store.mongo;

import com.mongodb.ConnectionString;
import io.pangolin.api.ValidationException;
import io.pangolin.spi.ProviderConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Typed configuration of the MongoDB store. Bound from the provider's string keys by {@link #from(ProviderConfig)}
 * (kebab-case, e.g. {@code pangolin.store.mongo.connection-string} in the server) or built in code with
 * {@link #builder(String)}. Validated on construction.
 *
 * @param connectionString a {@code mongodb://} or {@code mongodb+srv://} URI; may hold credentials, never logged
 * @param database the database holding all collections of the store
 * @param shardKeyMode which shard keys the store applies when it is connected through mongos
 * @param connectTimeout TCP connect timeout
 * @param socketTimeout read timeout of one operation on the wire ({@link Duration#ZERO}: none)
 * @param serverSelectionTimeout how long an operation waits for a suitable server before failing as unavailable
 * @param transactions whether multi-document writes use transactions or the fallback protocol
 * @param intentTimeout how long an unfinished multi-document write of the fallback protocol is left to its writer
 *     before any other writer or the maintenance task rolls it forward or back
 * @param auditRetention audit events older than this are moved to the archive collection
 * @param auditArchiveInterval how often the store's maintenance task runs (archival and recovery sweep);
 *     {@link Duration#ZERO} disables the task
 * @param auditArchiveBatchSize events moved per archival batch
 */
public record MongoStoreConfig(
    String connectionString,
    String database,
    ShardKeyMode shardKeyMode,
    Duration connectTimeout,
    Duration socketTimeout,
    Duration serverSelectionTimeout,
    TransactionMode transactions,
    Duration intentTimeout,
    Duration auditRetention,
    Duration auditArchiveInterval,
    int auditArchiveBatchSize) {

  public static final String CONNECTION_STRING = "connection-string";
  public static final String DATABASE = "database";
  public static final String SHARD_KEY_MODE = "shard-key-mode";
  public static final String CONNECT_TIMEOUT_MS = "connect-timeout-ms";
  public static final String SOCKET_TIMEOUT_MS = "socket-timeout-ms";
  public static final String SERVER_SELECTION_TIMEOUT_MS = "server-selection-timeout-ms";
  public static final String TRANSACTIONS = "transactions";
  public static final String INTENT_TIMEOUT_MS = "intent-timeout-ms";
  public static final String AUDIT_RETENTION_DAYS = "audit-retention-days";
  public static final String AUDIT_ARCHIVE_INTERVAL_MINUTES = "audit-archive-interval-minutes";
  public static final String AUDIT_ARCHIVE_BATCH_SIZE = "audit-archive-batch-size";

  public static final String DEFAULT_DATABASE = "pangolin";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_SERVER_SELECTION_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_INTENT_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_AUDIT_RETENTION = Duration.ofDays(90);
  public static final Duration DEFAULT_AUDIT_ARCHIVE_INTERVAL = Duration.ofMinutes(60);
  public static final int DEFAULT_AUDIT_ARCHIVE_BATCH_SIZE = 1000;

  /** Shard keys applied through mongos; see the module README. */
  public enum ShardKeyMode {
    /** Catalog data sharded on {@code {tenant_id: 1, catalog: 1}}: many tenants share the cluster. */
    MULTI_TENANT("multi-tenant"),
    /** Catalog data sharded on {@code {catalog: 1, namespace: 1}}: one (or few) large tenants. */
    SINGLE_TENANT("single-tenant");

    private final String key;

    ShardKeyMode(String key) {
      this.key = key;
    }

    /** The configuration value, e.g. {@code multi-tenant}. */
    public String key() {
      return key;
    }

    static ShardKeyMode parse(String value) {
      for (ShardKeyMode m : values()) {
        if (m.key.equals(value.strip().toLowerCase(Locale.ROOT))) {
          return m;
        }
      }
      throw new ValidationException("configuration '" + SHARD_KEY_MODE + "' must be 'multi-tenant' or"
          + " 'single-tenant', was '" + value + "'");
    }
  }

  /** Whether multi-document writes run in transactions. */
  public enum TransactionMode {
    /** Transactions where the deployment supports them (replica set or mongos with sessions), else the protocol. */
    AUTO,
    /** Always transactions; operations fail on a deployment without them. */
    ON,
    /** Never transactions: the fallback protocol everywhere. */
    OFF;

    static TransactionMode parse(String value) {
      try {
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ValidationException("configuration '" + TRANSACTIONS + "' must be 'auto', 'on' or 'off', was '"
            + value + "'");
      }
    }
  }

  public MongoStoreConfig {
    Objects.requireNonNull(connectionString, "connectionString");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(shardKeyMode, "shardKeyMode");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(socketTimeout, "socketTimeout");
    Objects.requireNonNull(serverSelectionTimeout, "serverSelectionTimeout");
    Objects.requireNonNull(transactions, "transactions");
    Objects.requireNonNull(intentTimeout, "intentTimeout");
    Objects.requireNonNull(auditRetention, "auditRetention");
    Objects.requireNonNull(auditArchiveInterval, "auditArchiveInterval");
    checkConnectionString(connectionString);
    checkDatabase(database);
    checkNotNegative(CONNECT_TIMEOUT_MS, connectTimeout);
    checkNotNegative(SOCKET_TIMEOUT_MS, socketTimeout);
    checkNotNegative(SERVER_SELECTION_TIMEOUT_MS, serverSelectionTimeout);
    checkNotNegative(AUDIT_ARCHIVE_INTERVAL_MINUTES, auditArchiveInterval);
    if (intentTimeout.toMillis() < 1) {
      throw new ValidationException("configuration '" + INTENT_TIMEOUT_MS + "' must be at least 1");
    }
    if (auditRetention.toDays() < 1) {
      throw new ValidationException("configuration '" + AUDIT_RETENTION_DAYS + "' must be at least 1");
    }
    if (auditArchiveBatchSize < 1 || auditArchiveBatchSize > 100_000) {
      throw new ValidationException("configuration '" + AUDIT_ARCHIVE_BATCH_SIZE
          + "' must be between 1 and 100000, was " + auditArchiveBatchSize);
    }
  }

  /** Binds and validates the provider's keys (see the constants of this class and the module README). */
  public static MongoStoreConfig from(ProviderConfig config) {
    Objects.requireNonNull(config, "config");
    String uri = config.get(CONNECTION_STRING).map(String::strip).filter(s -> !s.isEmpty())
        .orElseThrow(() -> new ValidationException("configuration '" + CONNECTION_STRING + "' is required"));
    return new MongoStoreConfig(
        uri,
        config.get(DATABASE, DEFAULT_DATABASE).strip(),
        config.get(SHARD_KEY_MODE).map(ShardKeyMode::parse).orElse(ShardKeyMode.MULTI_TENANT),
        millis(config, CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT),
        millis(config, SOCKET_TIMEOUT_MS, DEFAULT_SOCKET_TIMEOUT),
        millis(config, SERVER_SELECTION_TIMEOUT_MS, DEFAULT_SERVER_SELECTION_TIMEOUT),
        config.get(TRANSACTIONS).map(TransactionMode::parse).orElse(TransactionMode.AUTO),
        millis(config, INTENT_TIMEOUT_MS, DEFAULT_INTENT_TIMEOUT),
        Duration.ofDays(config.getLong(AUDIT_RETENTION_DAYS, DEFAULT_AUDIT_RETENTION.toDays())),
        Duration.ofMinutes(config.getLong(AUDIT_ARCHIVE_INTERVAL_MINUTES, DEFAULT_AUDIT_ARCHIVE_INTERVAL.toMinutes())),
        config.getInt(AUDIT_ARCHIVE_BATCH_SIZE, DEFAULT_AUDIT_ARCHIVE_BATCH_SIZE));
  }

  /** A builder with the defaults of {@link #from(ProviderConfig)}. */
  public static Builder builder(String connectionString) {
    return new Builder(connectionString);
  }

  /** The database name and, without credentials, the hosts: safe for logs. */
  public String describe() {
    ConnectionString cs = new ConnectionString(connectionString);
    return "mongodb " + String.join(",", cs.getHosts()) + "/" + database;
  }

  /** Never shows credentials of the connection string. */
  @Override
  public String toString() {
    return "MongoStoreConfig[" + describe() + ", shardKeyMode=" + shardKeyMode.key() + ", transactions="
        + transactions + ", connectTimeout=" + connectTimeout + ", socketTimeout=" + socketTimeout
        + ", serverSelectionTimeout=" + serverSelectionTimeout + ", intentTimeout=" + intentTimeout
        + ", auditRetention=" + auditRetention + ", auditArchiveInterval=" + auditArchiveInterval
        + ", auditArchiveBatchSize=" + auditArchiveBatchSize + "]";
  }

  private static Duration millis(ProviderConfig config, String key, Duration defaultValue) {
    return Duration.ofMillis(config.getLong(key, defaultValue.toMillis()));
  }

  private static void checkNotNegative(String key, Duration d) {
    if (d.isNegative()) {
      throw new ValidationException("configuration '" + key + "' must not be negative");
    }
  }

  private static void checkConnectionString(String uri) {
    try {
      new ConnectionString(uri);
    } catch (IllegalArgumentException e) {
      // the driver's message may echo the URI (and a password in it): keep only a generic reason
      throw new ValidationException("configuration '" + CONNECTION_STRING
          + "' is not a valid MongoDB connection string (mongodb://host:port/… or mongodb+srv://…)");
    }
  }

  private static void checkDatabase(String name) {
    if (name.isEmpty() || name.length() > 63 || name.chars().anyMatch(c -> "/\\. \"$*<>:|?".indexOf(c) >= 0
        || c < 0x20)) {
      throw new ValidationException("configuration '" + DATABASE + "' must be a MongoDB database name (1-63"
          + " characters, none of /\\. \"$*<>:|?), was '" + name + "'");
    }
  }

  /** Builds a {@link MongoStoreConfig}; unset values take the defaults. */
  public static final class Builder {
    private final String connectionString;
    private String database = DEFAULT_DATABASE;
    private ShardKeyMode shardKeyMode = ShardKeyMode.MULTI_TENANT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration socketTimeout = DEFAULT_SOCKET_TIMEOUT;
    private Duration serverSelectionTimeout = DEFAULT_SERVER_SELECTION_TIMEOUT;
    private TransactionMode transactions = TransactionMode.AUTO;
    private Duration intentTimeout = DEFAULT_INTENT_TIMEOUT;
    private Duration auditRetention = DEFAULT_AUDIT_RETENTION;
    private Duration auditArchiveInterval = DEFAULT_AUDIT_ARCHIVE_INTERVAL;
    private int auditArchiveBatchSize = DEFAULT_AUDIT_ARCHIVE_BATCH_SIZE;

    private Builder(String connectionString) {
      this.connectionString = Objects.requireNonNull(connectionString, "connectionString");
    }

    public Builder database(String value) {
      this.database = Objects.requireNonNull(value, "value");
      return this;
    }

    public Builder shardKeyMode(ShardKeyMode value) {
      this.shardKeyMode = Objects.requireNonNull(value, "value");
      return this;
    }

    public Builder connectTimeout(Duration value) {
      this.connectTimeout = Objects.requireNonNull(value, "value");
      return this;
    }

    public Builder socketTimeout(Duration value) {
      this.socketTimeout = Objects.requireNonNull(value, "value");
      return this;
    }

    public Builder serverSelectionTimeout(Duration value) {
      this.serverSelectionTimeout = Objects.requireNonNull(value, "value");
      return this;
    }

    public Builder transactions(TransactionMode value) {
      this.transactions = Objects.requireNonNull(value, "value");
      return this;
    }

    public Builder intentTimeout(Duration value) {
      this.intentTimeout = Objects.requireNonNull(value, "value");
      return this;
    }

    public Builder auditRetention(Duration value) {
      this.auditRetention = Objects.requireNonNull(value, "value");
      return this;
    }

    public Builder auditArchiveInterval(Duration value) {
      this.auditArchiveInterval = Objects.requireNonNull(value, "value");
      return this;
    }

    public Builder auditArchiveBatchSize(int value) {
      this.auditArchiveBatchSize = value;
      return this;
    }

    public MongoStoreConfig build() {
      return new MongoStoreConfig(connectionString, database, shardKeyMode, connectTimeout, socketTimeout,
          serverSelectionTimeout, transactions, intentTimeout, auditRetention, auditArchiveInterval,
          auditArchiveBatchSize);
    }
  }
}
