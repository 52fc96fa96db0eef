package io.pangolin.cache;

import io.pangolin.spi.tck.Fixtures;
import org.redisson.Redisson;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * The machine's Redis (127.0.0.1:6379, or {@code -Dpangolin.test.redis=redis://host:port}). Tests use a key prefix
 * and a topic of their own, so parallel builds sharing this Redis do not see each other.
 */
final class TestRedis {
  static final String ADDRESS = System.getProperty("pangolin.test.redis", "redis://127.0.0.1:6379");

  private TestRedis() {}

  /** A fresh configuration namespace: key prefix and topic unique to the caller. */
  static CacheConfig.Builder isolated() {
    String id = Fixtures.uniqueName("pangolin-test-");
    return CacheConfig.builder().redisAddress(ADDRESS).keyPrefix(id).topic(id + ":invalidations");
  }

  /** Whether a Redis key exists (read outside the cache, so no cache logic can hide a value). */
  static boolean exists(String key) {
    Config c = new Config();
    c.useSingleServer().setAddress(ADDRESS);
    RedissonClient client = Redisson.create(c);
    try {
      return client.getKeys().countExists(key) > 0;
    } finally {
      client.shutdown();
    }
  }

  /** The highest score of a sorted set (a write marker's expiry), or -1 if it has none. */
  static double maxScore(String key) {
    Config c = new Config();
    c.useSingleServer().setAddress(ADDRESS);
    RedissonClient client = Redisson.create(c);
    try {
      RScoredSortedSet<String> set = client.getScoredSortedSet(key, StringCodec.INSTANCE);
      return set.isEmpty() ? -1 : set.lastScore();
    } finally {
      client.shutdown();
    }
  }

  /** Deletes every key below {@code prefix} (test clean-up). */
  static void deleteKeys(String address, String prefix) {
    Config c = new Config();
    c.useSingleServer().setAddress(address);
    RedissonClient client = Redisson.create(c);
    try {
      client.getKeys().deleteByPattern(prefix + ":*");
    } finally {
      client.shutdown();
    }
  }
}
