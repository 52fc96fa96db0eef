package io.pangolin.tenancy;

import io.pangolin.cache.CacheConfig;
import io.pangolin.cache.CaffeineRedisCacheProvider;
import io.pangolin.spi.CacheObserver;
import io.pangolin.spi.TenancyStrategy;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * The {@code caffeine-redis} cache on the machine's Redis (127.0.0.1:6379, or {@code -Dpangolin.test.redis}) for one
 * test class: a key prefix and topic of its own, whose keys are deleted afterwards.
 */
final class TestCache extends ClassResource {
  static final String ADDRESS = System.getProperty("pangolin.test.redis", "redis://127.0.0.1:6379");
  private String prefix;

  @Override
  void start() {
    prefix = "pangolin-tenancy-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  }

  @Override
  void stop() {
    Config c = new Config();
    c.useSingleServer().setAddress(ADDRESS);
    RedissonClient client = Redisson.create(c);
    try {
      client.getKeys().deleteByPattern(prefix + ":*");
    } finally {
      client.shutdown();
    }
  }

  /** A cache configuration of this class's namespace; each instance of a deployment gets its own id. */
  CacheConfig config() {
    return CacheConfig.builder().redisAddress(ADDRESS).keyPrefix(prefix).topic(prefix + ":invalidations").build();
  }

  /** {@code strategy} with this cache over its routing. */
  TenancyStrategy over(TenancyStrategy strategy) {
    return strategy.decorated(s -> CaffeineRedisCacheProvider.decorate(s, config(), CacheObserver.NONE));
  }
}
