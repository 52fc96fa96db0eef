package io.pangolin.cache;

import java.util.Objects;

/**
 * One cache entry's identity: the same string names it in the local cache and in Redis.
 *
 * @param id {@code <prefix>:{<tenant>}:<kind>:<parts…>}; the tenant in braces is a Redis Cluster hash tag, so the
 *     keys of one write (always one tenant) live in one slot
 * @param family its family (time-to-live, metrics)
 * @param shared may be stored in Redis (false for records carrying credentials)
 * @param listing a paged listing: many pages under one key, each page a field ({@code size:token})
 */
record CacheKey(String id, CacheFamily family, boolean shared, boolean listing) {
  CacheKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(family, "family");
  }

  /** The Redis key of this key's invalidation generation. */
  String generationId() {
    return id + "#gen";
  }

  /**
   * The Redis key of this key's write markers: a sorted set of the writes in flight on it (member: the write's
   * token, score: when the marker expires, in Redis's clock). While it holds an unexpired member, no instance fills
   * the cache with this key.
   */
  String markerId() {
    return id + "#wip";
  }
}
