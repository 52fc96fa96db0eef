package io.pangolin.cache;

import io.pangolin.api.ValidationException;
import io.pangolin.spi.ProviderConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Typed configuration of the {@code caffeine-redis} cache, bound at once from the provider's string keys
 * ({@link #from(ProviderConfig)}, kebab-case, e.g. {@code pangolin.cache.redis-address} in the server) or built in
 * code ({@link #builder()}).
 *
 * @param redisAddress {@code redis://host:port} (or {@code rediss://}); empty: local cache only, no coherence
 *     across instances beyond the time-to-live
 * @param redisPassword never printed by {@link #toString()}
 * @param l1MaxSize upper bound of the local cache, in records (a cached listing page weighs one per item plus one)
 * @param ttl time-to-live per family; zero disables caching of that family
 * @param degradedTtl local time-to-live while Redis is unreachable (invalidations may be missed then)
 * @param topic the pub/sub channel of invalidations; acknowledgements use {@code <topic>:ack:<instance-id>}
 * @param keyPrefix first segment of every Redis key
 * @param warmCatalogs catalogs loaded into the cache at start-up
 * @param instanceId this instance's name on the invalidation topic; unique per running instance
 * @param redisTimeout how long one Redis command may take before the cache degrades
 * @param ackTimeout how long a write waits for every subscribed instance to acknowledge its invalidation
 * @param probeInterval how often the connection (and the subscription) is probed, and recovery attempted
 * @param writeMarker how long a write's marker lives at most: set in Redis before the store write (every instance
 *     drops the keys and fills no cache with them while it lives) and removed by the invalidation after it; if the
 *     writer dies in between, the keys are read from the store until it expires. Should exceed the longest store
 *     write
 */
public record CacheConfig(
    Optional<String> redisAddress,
    Optional<String> redisUsername,
    Optional<String> redisPassword,
    int redisDatabase,
    long l1MaxSize,
    Map<CacheFamily, Duration> ttl,
    Duration degradedTtl,
    String topic,
    String keyPrefix,
    List<WarmCatalog> warmCatalogs,
    String instanceId,
    Duration redisTimeout,
    Duration ackTimeout,
    Duration probeInterval,
    Duration writeMarker) {

  /** Default time-to-live of every family. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(300);
  /** Default lifetime of a write's marker ({@code write-marker-ms}). */
  public static final Duration DEFAULT_WRITE_MARKER = Duration.ofSeconds(10);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  /** A catalog to load at start-up: its namespaces, listings and assets. */
  public record WarmCatalog(String tenant, String catalog) {
    public WarmCatalog {
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(catalog, "catalog");
    }

    /** Parses {@code tenant.catalog}. */
    static WarmCatalog parse(String s) {
      int dot = s.indexOf('.');
      if (dot <= 0 || dot == s.length() - 1) {
        throw new ValidationException("configuration 'warm-catalogs' needs entries of the form tenant.catalog");
      }
      return new WarmCatalog(s.substring(0, dot), s.substring(dot + 1));
    }

    @Override
    public String toString() {
      return tenant + "." + catalog;
    }
  }

  public CacheConfig {
    Objects.requireNonNull(redisAddress, "redisAddress");
    Objects.requireNonNull(redisUsername, "redisUsername");
    Objects.requireNonNull(redisPassword, "redisPassword");
    if (redisDatabase < 0) {
      throw new ValidationException("configuration 'redis-database' must not be negative");
    }
    if (l1MaxSize < 1) {
      throw new ValidationException("configuration 'l1-max-size' must be positive");
    }
    EnumMap<CacheFamily, Duration> t = new EnumMap<>(CacheFamily.class);
    for (CacheFamily f : CacheFamily.values()) {
      Duration d = Objects.requireNonNull(ttl, "ttl").getOrDefault(f, DEFAULT_TTL);
      if (d.isNegative()) {
        throw new ValidationException("configuration 'ttl." + f.id() + "-s' must not be negative");
      }
      t.put(f, d);
    }
    ttl = Map.copyOf(t);
    positive(degradedTtl, "degraded-ttl-s");
    name(topic, "topic");
    name(keyPrefix, "key-prefix");
    warmCatalogs = List.copyOf(Objects.requireNonNull(warmCatalogs, "warmCatalogs"));
    name(instanceId, "instance-id");
    positive(redisTimeout, "redis-timeout-ms");
    positive(ackTimeout, "ack-timeout-ms");
    positive(probeInterval, "probe-interval-ms");
    positive(writeMarker, "write-marker-ms");
  }

  /** The configuration before {@code writeMarker} existed: {@link #DEFAULT_WRITE_MARKER}. */
  public CacheConfig(Optional<String> redisAddress, Optional<String> redisUsername, Optional<String> redisPassword,
      int redisDatabase, long l1MaxSize, Map<CacheFamily, Duration> ttl, Duration degradedTtl, String topic,
      String keyPrefix, List<WarmCatalog> warmCatalogs, String instanceId, Duration redisTimeout,
      Duration ackTimeout, Duration probeInterval) {
    this(redisAddress, redisUsername, redisPassword, redisDatabase, l1MaxSize, ttl, degradedTtl, topic, keyPrefix,
        warmCatalogs, instanceId, redisTimeout, ackTimeout, probeInterval, DEFAULT_WRITE_MARKER);
  }

  private static void positive(Duration d, String key) {
    if (Objects.requireNonNull(d, key).isNegative() || d.isZero()) {
      throw new ValidationException("configuration '" + key + "' must be positive");
    }
  }

  private static void name(String s, String key) {
    if (!NAME.matcher(Objects.requireNonNull(s, key)).matches()) {
      throw new ValidationException("configuration '" + key + "' must be 1-128 characters of A-Z a-z 0-9 . _ : -");
    }
  }

  /** The defaults: local cache only, 300 s per family. */
  public static CacheConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the provider's keys (all optional): {@code redis-address}, {@code redis-username}, {@code redis-password},
   * {@code redis-database}, {@code redis-timeout-ms}, {@code l1-max-size}, {@code ttl.catalog-s},
   * {@code ttl.namespace-list-s}, {@code ttl.asset-s}, {@code ttl.permissions-s}, {@code degraded-ttl-s},
   * {@code topic}, {@code key-prefix}, {@code warm-catalogs} ({@code tenant.catalog,…}), {@code instance-id},
   * {@code ack-timeout-ms}, {@code probe-interval-ms}, {@code write-marker-ms}.
   *
   * @throws ValidationException a value is malformed; the message names the key
   */
  public static CacheConfig from(ProviderConfig config) {
    Objects.requireNonNull(config, "config");
    Builder b = builder();
    text(config, "redis-address").ifPresent(b::redisAddress);
    text(config, "redis-username").ifPresent(b::redisUsername);
    text(config, "redis-password").ifPresent(b::redisPassword);
    b.redisDatabase(config.getInt("redis-database", 0));
    b.redisTimeout(Duration.ofMillis(config.getLong("redis-timeout-ms", b.redisTimeout.toMillis())));
    b.l1MaxSize(config.getLong("l1-max-size", b.l1MaxSize));
    for (CacheFamily f : CacheFamily.values()) {
      b.ttl(f, Duration.ofSeconds(config.getLong("ttl." + f.id() + "-s", DEFAULT_TTL.toSeconds())));
    }
    b.degradedTtl(Duration.ofSeconds(config.getLong("degraded-ttl-s", b.degradedTtl.toSeconds())));
    text(config, "topic").ifPresent(b::topic);
    text(config, "key-prefix").ifPresent(b::keyPrefix);
    text(config, "warm-catalogs").ifPresent(s -> {
      for (String entry : s.split(",")) {
        if (!entry.isBlank()) {
          b.warmCatalog(WarmCatalog.parse(entry.strip()));
        }
      }
    });
    text(config, "instance-id").ifPresent(b::instanceId);
    b.ackTimeout(Duration.ofMillis(config.getLong("ack-timeout-ms", b.ackTimeout.toMillis())));
    b.probeInterval(Duration.ofMillis(config.getLong("probe-interval-ms", b.probeInterval.toMillis())));
    b.writeMarker(Duration.ofMillis(config.getLong("write-marker-ms", b.writeMarker.toMillis())));
    return b.build();
  }

  private static Optional<String> text(ProviderConfig config, String key) {
    return config.get(key).map(String::strip).filter(s -> !s.isEmpty());
  }

  /** Time-to-live of {@code family} (zero: not cached). */
  public Duration ttl(CacheFamily family) {
    return ttl.get(family);
  }

  /** True if Redis is configured (L1 + L2 with invalidation broadcast). */
  public boolean shared() {
    return redisAddress.isPresent();
  }

  @Override
  public String toString() {
    return "CacheConfig[redisAddress=" + redisAddress.orElse("(none: local only)")
        + ", redisUsername=" + redisUsername.orElse("") + ", redisPassword=" + (redisPassword.isPresent() ? "****" : "")
        + ", redisDatabase=" + redisDatabase + ", l1MaxSize=" + l1MaxSize + ", ttl=" + new EnumMap<>(ttl)
        + ", degradedTtl=" + degradedTtl + ", topic=" + topic + ", keyPrefix=" + keyPrefix
        + ", warmCatalogs=" + warmCatalogs + ", instanceId=" + instanceId + ", redisTimeout=" + redisTimeout
        + ", ackTimeout=" + ackTimeout + ", probeInterval=" + probeInterval + ", writeMarker=" + writeMarker + "]";
  }

  /** Builds a {@link CacheConfig}; every option has a default. */
  public static final class Builder {
    private Optional<String> redisAddress = Optional.empty();
    private Optional<String> redisUsername = Optional.empty();
    private Optional<String> redisPassword = Optional.empty();
    private int redisDatabase;
    private long l1MaxSize = 100_000;
    private final Map<CacheFamily, Duration> ttl = new EnumMap<>(CacheFamily.class);
    private Duration degradedTtl = Duration.ofSeconds(5);
    private String topic = "pangolin:cache:invalidations";
    private String keyPrefix = "pangolin:cache";
    private final List<WarmCatalog> warmCatalogs = new ArrayList<>();
    private String instanceId = "i-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private Duration redisTimeout = Duration.ofMillis(1000);
    private Duration ackTimeout = Duration.ofMillis(2000);
    private Duration probeInterval = Duration.ofMillis(500);
    private Duration writeMarker = DEFAULT_WRITE_MARKER;

    private Builder() {}

    /** {@code redis://host:port}, {@code rediss://host:port} or {@code host:port}. */
    public Builder redisAddress(String address) {
      String a = Objects.requireNonNull(address, "address").strip();
      if (!a.contains("://")) {
        a = "redis://" + a;
      }
      if (!a.startsWith("redis://") && !a.startsWith("rediss://")) {
        throw new ValidationException("configuration 'redis-address' must be redis://host:port or rediss://host:port");
      }
      this.redisAddress = Optional.of(a);
      return this;
    }

    public Builder redisUsername(String username) {
      this.redisUsername = Optional.of(Objects.requireNonNull(username, "username"));
      return this;
    }

    public Builder redisPassword(String password) {
      this.redisPassword = Optional.of(Objects.requireNonNull(password, "password"));
      return this;
    }

    public Builder redisDatabase(int database) {
      this.redisDatabase = database;
      return this;
    }

    public Builder redisTimeout(Duration timeout) {
      this.redisTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public Builder l1MaxSize(long maxSize) {
      this.l1MaxSize = maxSize;
      return this;
    }

    public Builder ttl(CacheFamily family, Duration ttl) {
      this.ttl.put(Objects.requireNonNull(family, "family"), Objects.requireNonNull(ttl, "ttl"));
      return this;
    }

    public Builder degradedTtl(Duration ttl) {
      this.degradedTtl = Objects.requireNonNull(ttl, "ttl");
      return this;
    }

    public Builder topic(String topic) {
      this.topic = Objects.requireNonNull(topic, "topic");
      return this;
    }

    public Builder keyPrefix(String prefix) {
      this.keyPrefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    public Builder warmCatalog(WarmCatalog catalog) {
      this.warmCatalogs.add(Objects.requireNonNull(catalog, "catalog"));
      return this;
    }

    public Builder instanceId(String id) {
      this.instanceId = Objects.requireNonNull(id, "id");
      return this;
    }

    public Builder ackTimeout(Duration timeout) {
      this.ackTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public Builder probeInterval(Duration interval) {
      this.probeInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /** How long a write's marker lives at most ({@code write-marker-ms}). */
    public Builder writeMarker(Duration marker) {
      this.writeMarker = Objects.requireNonNull(marker, "marker");
      return this;
    }

    public CacheConfig build() {
      return new CacheConfig(redisAddress, redisUsername, redisPassword, redisDatabase, l1MaxSize, ttl, degradedTtl,
          topic, keyPrefix, warmCatalogs, instanceId, redisTimeout, ackTimeout, probeInterval, writeMarker);
    }
  }
}
