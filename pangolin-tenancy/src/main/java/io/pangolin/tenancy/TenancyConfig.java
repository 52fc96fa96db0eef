package io.pangolin.tenancy;

import io.pangolin.api.ValidationException;
import io.pangolin.spi.ProviderConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Typed configuration of {@link PlacementTenancy}, bound from the strategy's keys (below {@code pangolin.tenancy.} in
 * the server) by {@link #from(Tier, ProviderConfig)} or built with {@link #builder(Tier)}. Validated on construction.
 *
 * @param defaultTier tier of a tenant created without an explicit one; key {@code default-tier}, default: the
 *     strategy's name ({@code shared}, {@code hybrid} or {@code dedicated})
 * @param placePrefix prefix of the schema / database names of tenants' places; key {@code place-prefix}, default
 *     {@code pangolin_t_}; a lower-case SQL identifier of at most 40 characters
 * @param placementTtl how long an instance routes by a placement it read before reading it again; key
 *     {@code placement-ttl-ms}, default 1000
 * @param writeGrace how long a write routed by a placement read just before a move's switch may still take; the
 *     switch waits {@code placementTtl + writeGrace} for other instances; key {@code write-grace-ms}, default 5000
 * @param switchTimeout how long a write waits for a move's switch before it fails as unavailable; key
 *     {@code switch-timeout-ms}, default 30000
 * @param maxOpenPlaces how many tenants' place stores (each with its own connection pool) stay open at most — idle
 *     ones are closed first; key {@code max-open-places}, default 64
 * @param idleTimeout a place store unused for this long is closed; key {@code idle-timeout-ms}, default 300000
 * @param hybridPoolSize connections of each hybrid tenant's pool; key {@code hybrid.pool-size}, default 2
 * @param dedicatedPoolSize connections of each dedicated tenant's pool; key {@code dedicated.pool-size}, default 5
 * @param servers named servers for dedicated tenants: store keys that replace the shared store's for a tenant placed
 *     on that server (e.g. {@code url}, {@code user}, {@code password}, {@code connection-string}); names listed in
 *     {@code dedicated.servers}, keys below {@code dedicated.server.<name>.}
 * @param moveThreads threads copying a tenant's assets during a move; key {@code move.threads}, default 4
 * @param moveBatchSize entities per restore call during a move; key {@code move.batch-size}, default 500
 */
public record TenancyConfig(
    Tier defaultTier,
    String placePrefix,
    Duration placementTtl,
    Duration writeGrace,
    Duration switchTimeout,
    int maxOpenPlaces,
    Duration idleTimeout,
    int hybridPoolSize,
    int dedicatedPoolSize,
    Map<String, ProviderConfig> servers,
    int moveThreads,
    int moveBatchSize) {

  private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,39}");
  private static final Pattern SERVER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  public TenancyConfig {
    Objects.requireNonNull(defaultTier, "defaultTier");
    Objects.requireNonNull(placePrefix, "placePrefix");
    if (!PREFIX.matcher(placePrefix).matches()) {
      throw new ValidationException("configuration 'place-prefix' must be a lower-case SQL identifier of at most 40 "
          + "characters ([a-z_][a-z0-9_]*), was '" + placePrefix + "'");
    }
    positive("placement-ttl-ms", placementTtl);
    Objects.requireNonNull(writeGrace, "writeGrace");
    if (writeGrace.isNegative()) {
      throw new ValidationException("configuration 'write-grace-ms' must not be negative");
    }
    positive("switch-timeout-ms", switchTimeout);
    range("max-open-places", maxOpenPlaces, 1, 100_000);
    positive("idle-timeout-ms", idleTimeout);
    range("hybrid.pool-size", hybridPoolSize, 1, 1_000);
    range("dedicated.pool-size", dedicatedPoolSize, 1, 1_000);
    servers = Map.copyOf(Objects.requireNonNull(servers, "servers"));
    for (String name : servers.keySet()) {
      if (!SERVER.matcher(name).matches()) {
        throw new ValidationException("configuration 'dedicated.servers' names must match " + SERVER + ", was '"
            + name + "'");
      }
    }
    range("move.threads", moveThreads, 1, 64);
    range("move.batch-size", moveBatchSize, 1, 10_000);
  }

  /** Binds the strategy's keys; {@code defaultTier} applies unless {@code default-tier} is given. */
  public static TenancyConfig from(Tier defaultTier, ProviderConfig config) {
    Objects.requireNonNull(config, "config");
    Builder b = builder(config.get("default-tier").map(Tier::parse).orElse(defaultTier));
    config.get("place-prefix").map(String::strip).ifPresent(b::placePrefix);
    b.placementTtl(Duration.ofMillis(config.getLong("placement-ttl-ms", b.placementTtl.toMillis())));
    b.writeGrace(Duration.ofMillis(config.getLong("write-grace-ms", b.writeGrace.toMillis())));
    b.switchTimeout(Duration.ofMillis(config.getLong("switch-timeout-ms", b.switchTimeout.toMillis())));
    b.maxOpenPlaces(config.getInt("max-open-places", b.maxOpenPlaces));
    b.idleTimeout(Duration.ofMillis(config.getLong("idle-timeout-ms", b.idleTimeout.toMillis())));
    b.hybridPoolSize(config.getInt("hybrid.pool-size", b.hybridPoolSize));
    b.dedicatedPoolSize(config.getInt("dedicated.pool-size", b.dedicatedPoolSize));
    for (String name : config.get("dedicated.servers", "").split(",")) {
      if (!name.isBlank()) {
        b.server(name.strip(), config.section("dedicated.server." + name.strip()));
      }
    }
    b.moveThreads(config.getInt("move.threads", b.moveThreads));
    b.moveBatchSize(config.getInt("move.batch-size", b.moveBatchSize));
    return b.build();
  }

  public static Builder builder(Tier defaultTier) {
    return new Builder(defaultTier);
  }

  private static void positive(String key, Duration d) {
    Objects.requireNonNull(d, key);
    if (d.isNegative() || d.isZero()) {
      throw new ValidationException("configuration '" + key + "' must be positive");
    }
  }

  private static void range(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new ValidationException("configuration '" + key + "' must be between " + min + " and " + max
          + ", was " + value);
    }
  }

  /** Builds a {@link TenancyConfig} with the defaults of {@link #from}; {@link #build()} validates. */
  public static final class Builder {
    private final Tier defaultTier;
    private String placePrefix = "pangolin_t_";
    private Duration placementTtl = Duration.ofSeconds(1);
    private Duration writeGrace = Duration.ofSeconds(5);
    private Duration switchTimeout = Duration.ofSeconds(30);
    private int maxOpenPlaces = 64;
    private Duration idleTimeout = Duration.ofMinutes(5);
    private int hybridPoolSize = 2;
    private int dedicatedPoolSize = 5;
    private final Map<String, ProviderConfig> servers = new LinkedHashMap<>();
    private int moveThreads = 4;
    private int moveBatchSize = 500;

    private Builder(Tier defaultTier) {
      this.defaultTier = Objects.requireNonNull(defaultTier, "defaultTier");
    }

    public Builder placePrefix(String value) {
      this.placePrefix = value;
      return this;
    }

    public Builder placementTtl(Duration value) {
      this.placementTtl = value;
      return this;
    }

    public Builder writeGrace(Duration value) {
      this.writeGrace = value;
      return this;
    }

    public Builder switchTimeout(Duration value) {
      this.switchTimeout = value;
      return this;
    }

    public Builder maxOpenPlaces(int value) {
      this.maxOpenPlaces = value;
      return this;
    }

    public Builder idleTimeout(Duration value) {
      this.idleTimeout = value;
      return this;
    }

    public Builder hybridPoolSize(int value) {
      this.hybridPoolSize = value;
      return this;
    }

    public Builder dedicatedPoolSize(int value) {
      this.dedicatedPoolSize = value;
      return this;
    }

    /** A named server for dedicated tenants: store keys replacing the shared store's. */
    public Builder server(String name, ProviderConfig overrides) {
      this.servers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(overrides, "overrides"));
      return this;
    }

    public Builder moveThreads(int value) {
      this.moveThreads = value;
      return this;
    }

    public Builder moveBatchSize(int value) {
      this.moveBatchSize = value;
      return this;
    }

    public TenancyConfig build() {
      return new TenancyConfig(defaultTier, placePrefix, placementTtl, writeGrace, switchTimeout, maxOpenPlaces,
          idleTimeout, hybridPoolSize, dedicatedPoolSize, servers, moveThreads, moveBatchSize);
    }
  }
}
