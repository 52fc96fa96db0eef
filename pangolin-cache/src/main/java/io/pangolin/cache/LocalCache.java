package io.pangolin.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.pangolin.api.Page;
import io.pangolin.spi.CacheObserver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The instance-local cache (L1): Caffeine, bounded by weight (records) and by a time-to-live per entry.
 *
 * <p><b>Stale write-back guard.</b> A reader takes a {@link Ticket} before it asks Redis or the store, and its
 * {@link #put} succeeds only if no invalidation touched the key since: every invalidation first bumps a generation
 * (one of {@value #STRIPES} stripes chosen by the key's hash, or the epoch for a flush of everything) and then removes
 * the entry, while the put checks the generation and stores the value inside one atomic
 * {@code asMap().compute} of that key. Either the check sees the bump (the put is dropped) or the put lands before
 * the removal (and is removed). Stripes bound the memory; a bump on a neighbour key of the same stripe only costs a
 * dropped put.
 */
final class LocalCache {
  static final int STRIPES = 8192;
  /** Pages kept per listing key, beyond which more pages are served but not cached. */
  static final int MAX_PAGES_PER_LISTING = 256;

  /** What a reader saw before loading: the epoch and its key's stripe generation. */
  record Ticket(long epoch, int stripe, long generation) {}

  /**
   * A cached value: for a plain key the {@code value}; for a listing the {@code pages} by field, a map mutated only
   * inside {@code compute} of its key (readers read it concurrently).
   */
  record Entry(CacheFamily family, Object value, Map<String, Object> pages, long ttlNanos, int weight) {}

  private final Cache<String, Entry> cache;
  private final AtomicLong epoch = new AtomicLong();
  private final AtomicLongArray generations = new AtomicLongArray(STRIPES);

  LocalCache(long maxWeight, CacheObserver observer) {
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maxWeight)
        .weigher((String k, Entry e) -> e.weight())
        .expireAfter(new Expiry<String, Entry>() {
          @Override
          public long expireAfterCreate(String key, Entry value, long currentTime) {
            return value.ttlNanos();
          }

          @Override
          public long expireAfterUpdate(String key, Entry value, long currentTime, long currentDuration) {
            // a page added to a listing does not extend the life of the pages cached before it
            return Math.min(currentDuration, value.ttlNanos());
          }

          @Override
          public long expireAfterRead(String key, Entry value, long currentTime, long currentDuration) {
            return currentDuration;
          }
        })
        .evictionListener((String k, Entry e, RemovalCause cause) -> {
          if (e != null && cause.wasEvicted()) {
            observer.onEvent(e.family().id(), CacheObserver.Event.EVICTION, 1);
          }
        })
        .build();
  }

  private static int stripe(String key) {
    int h = key.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }

  Ticket ticket(String key) {
    int s = stripe(key);
    return new Ticket(epoch.get(), s, generations.get(s));
  }

  /** The cached value of a plain key, or null. */
  Object get(String key) {
    Entry e = cache.getIfPresent(key);
    return e == null ? null : e.value();
  }

  /** The cached page {@code field} of a listing key, or null. */
  Object getPage(String key, String field) {
    Entry e = cache.getIfPresent(key);
    return e == null || e.pages() == null ? null : e.pages().get(field);
  }

  private boolean current(Ticket t) {
    return epoch.get() == t.epoch() && generations.get(t.stripe()) == t.generation();
  }

  /** Stores {@code value} unless the key was invalidated after {@code ticket} was taken. */
  void put(String key, CacheFamily family, Object value, long ttlNanos, Ticket ticket) {
    cache.asMap().compute(key, (k, old) -> current(ticket) ? new Entry(family, value, null, ttlNanos, 1) : old);
  }

  /** Adds page {@code field} to a listing key unless the key was invalidated after {@code ticket} was taken. */
  void putPage(String key, CacheFamily family, String field, Page<?> page, long ttlNanos, Ticket ticket) {
    cache.asMap().compute(key, (k, old) -> {
      if (!current(ticket)) {
        return old;
      }
      Map<String, Object> pages = old == null || old.pages() == null ? new ConcurrentHashMap<>() : old.pages();
      if (pages.size() >= MAX_PAGES_PER_LISTING && !pages.containsKey(field)) {
        return old;
      }
      Object previous = pages.put(field, page);
      int weight = (old == null ? 0 : old.weight()) + (previous == null ? 1 + page.items().size() : 0);
      return new Entry(family, null, pages, ttlNanos, Math.max(1, weight));
    });
  }

  /** Drops a key and refuses the puts of every reader that took its ticket before. */
  void invalidate(String key) {
    generations.incrementAndGet(stripe(key));
    cache.invalidate(key);
  }

  /**
   * Drops every key starting with {@code prefix} (one tenant's keys) and refuses the puts of every reader that took
   * its ticket before (of any key: the epoch is shared, and a tenant flush is rare).
   */
  void invalidatePrefix(String prefix) {
    epoch.incrementAndGet();
    cache.asMap().keySet().removeIf(k -> k.startsWith(prefix));
  }

  /** Drops everything and refuses the puts of every reader that took its ticket before. */
  void invalidateAll() {
    epoch.incrementAndGet();
    cache.invalidateAll();
  }

  long estimatedSize() {
    return cache.estimatedSize();
  }

  void cleanUp() {
    cache.cleanUp();
  }
}
