package io.pangolin.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.redisson.Redisson;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Request rate limits per principal and per source address, by route family; shared by every instance through
 * Redis (Redisson {@link RRateLimiter}) when {@code pangolin.rate-limit.redis-address} is set, else counted per
 * instance (resilience4j {@link RateLimiter}). If Redis cannot be reached, requests are let through (and logged once
 * per outage): a rate limit protects the service, it must not take it down. Thread-safe.
 */
final class RateLimits implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RateLimits.class.getName());

  /** Route families, each with its own limits. */
  enum Family {
    /** {@code POST /v1/oauth/tokens}, {@code POST /api/v1/auth/login}: credentials are checked there. */
    AUTH,
    /** The Iceberg REST API under {@code /v1}. */
    ICEBERG,
    /** The management API under {@code /api/v1}. */
    MANAGEMENT;

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Family of(String path) {
      String p = path.startsWith("/") ? path.substring(1) : path;
      if (p.equals("v1/oauth/tokens") || p.equals("api/v1/auth/login")) {
        return AUTH;
      }
      return p.startsWith("v1/") ? ICEBERG : MANAGEMENT;
    }
  }

  /** Requests allowed per {@code interval} for one principal and for one source address; 0 = no limit. */
  record Limit(long perPrincipal, long perAddress) {}

  /**
   * Keys {@code pangolin.rate-limit.<family>.per-principal} and {@code .per-address} (requests per interval, 0 = no
   * limit, the default), family {@code auth}, {@code iceberg} or {@code management}; {@code interval-s} (1);
   * {@code redis-address} (empty: per instance); {@code trust-forwarded-for} (false: the source address is the
   * connection's peer; true: the first address of {@code X-Forwarded-For}, for servers behind a trusted proxy).
   */
  record Settings(Map<Family, Limit> limits, Duration interval, Optional<String> redisAddress,
      boolean trustForwardedFor) {
    static Settings from(Config config) {
      Map<Family, Limit> limits = new EnumMap<>(Family.class);
      for (Family f : Family.values()) {
        limits.put(f, new Limit(count(config, f.key() + ".per-principal"), count(config, f.key() + ".per-address")));
      }
      long interval = config.getOptionalValue("pangolin.rate-limit.interval-s", Long.class).orElse(1L);
      if (interval < 1 || interval > 3600) {
        throw new IllegalArgumentException("pangolin.rate-limit.interval-s must be between 1 and 3600");
      }
      return new Settings(Map.copyOf(limits), Duration.ofSeconds(interval),
          config.getOptionalValue("pangolin.rate-limit.redis-address", String.class).map(String::strip)
              .filter(s -> !s.isEmpty()),
          config.getOptionalValue("pangolin.rate-limit.trust-forwarded-for", Boolean.class).orElse(false));
    }

    private static long count(Config config, String key) {
      long v = config.getOptionalValue("pangolin.rate-limit." + key, Long.class).orElse(0L);
      if (v < 0 || v > 1_000_000_000L) {
        throw new IllegalArgumentException("pangolin.rate-limit." + key + " must be between 0 and 1000000000");
      }
      return v;
    }

    boolean enabled() {
      return limits.values().stream().anyMatch(l -> l.perPrincipal() > 0 || l.perAddress() > 0);
    }
  }

  private final Settings settings;
  private final Optional<RedissonClient> redis;
  private final Cache<String, RRateLimiter> shared = Caffeine.newBuilder().maximumSize(100_000)
      .expireAfterAccess(Duration.ofMinutes(10)).build();
  private final Cache<String, RateLimiter> local = Caffeine.newBuilder().maximumSize(100_000)
      .expireAfterAccess(Duration.ofMinutes(10)).build();
  private final AtomicBoolean redisDown = new AtomicBoolean();

  private RateLimits(Settings settings, Optional<RedissonClient> redis) {
    this.settings = settings;
    this.redis = redis;
  }

  /** Connects to Redis lazily (the first limited request), so a Redis outage at start does not stop the server. */
  static RateLimits start(Settings settings) {
    Optional<RedissonClient> client = settings.redisAddress().filter(a -> settings.enabled()).map(address -> {
      org.redisson.config.Config rc = new org.redisson.config.Config();
      rc.setCodec(StringCodec.INSTANCE);
      rc.setLazyInitialization(true);
      rc.setThreads(2);
      rc.setNettyThreads(2);
      rc.useSingleServer().setAddress(address).setTimeout(500).setConnectTimeout(1000).setRetryAttempts(0)
          .setConnectionMinimumIdleSize(1);
      return Redisson.create(rc);
    });
    return new RateLimits(settings, client);
  }

  Settings settings() {
    return settings;
  }

  /** Whether one more request of {@code who} (a principal id or an address) in {@code family} is allowed now. */
  boolean tryAcquire(Family family, boolean principal, String who) {
    Limit limit = settings.limits().get(family);
    long rate = principal ? limit.perPrincipal() : limit.perAddress();
    if (rate <= 0) {
      return true;
    }
    String key = "pangolin:rate:" + family.key() + ":" + (principal ? "p:" : "a:") + who;
    if (redis.isPresent()) {
      try {
        RRateLimiter l = shared.get(key, k -> {
          RRateLimiter r = redis.get().getRateLimiter(k);
          // the limiter's state in Redis lives as long as it is used, plus an hour
          r.trySetRate(RateType.OVERALL, rate, settings.interval(), Duration.ofHours(1));
          return r;
        });
        boolean ok = l.tryAcquire();
        if (redisDown.compareAndSet(true, false)) {
          LOG.info("rate limits: Redis reachable again; limits are shared by all instances");
        }
        return ok;
      } catch (RuntimeException e) {
        if (redisDown.compareAndSet(false, true)) {
          LOG.log(Level.WARNING, "rate limits: Redis unreachable (" + e.getClass().getSimpleName()
              + "); requests are not limited until it is back");
        }
        shared.invalidate(key);
        return true;
      }
    }
    RateLimiter l = local.get(key, k -> RateLimiter.of(k, RateLimiterConfig.custom()
        .limitForPeriod((int) Math.min(Integer.MAX_VALUE, rate)).limitRefreshPeriod(settings.interval())
        .timeoutDuration(Duration.ZERO).build()));
    return l.acquirePermission();
  }

  /** Seconds a refused client should wait: the interval (a window is never longer). */
  long retryAfterSeconds() {
    return settings.interval().toSeconds();
  }

  @Override
  public void close() {
    redis.ifPresent(RedissonClient::shutdown);
  }
}
