package io.pangolin.spi;

/**
 * Told what a cache decorator does, e.g. to count hits and misses as metrics or to show the cache's state in a
 * readiness check. Called on request threads and on the cache's own threads: implementations are thread-safe, fast
 * and never throw.
 *
 * <p>{@code family} is a short, stable, low-cardinality name chosen by the cache provider (for example
 * {@code catalog}, {@code asset}); never a key, so it is safe as a metric tag.
 */
public interface CacheObserver {
  /** Observes nothing. */
  CacheObserver NONE = new CacheObserver() {
    @Override
    public void onEvent(String family, Event event, long count) {}
  };

  /** What happened to {@code count} entries of one family. */
  enum Event {
    /** A read answered from the instance-local cache. */
    LOCAL_HIT,
    /** A read answered from the shared cache (after a local miss). */
    SHARED_HIT,
    /** A read that went to the store. */
    MISS,
    /** An entry dropped by the cache itself (size bound or expiry), not by an invalidation. */
    EVICTION,
    /** An entry invalidated because of a write through this instance (and broadcast to the others). */
    INVALIDATION_SENT,
    /** An entry invalidated on a message from another instance. */
    INVALIDATION_RECEIVED
  }

  void onEvent(String family, Event event, long count);

  /**
   * The cache changed state, e.g. from sharing through its backend to local-only after the backend became
   * unreachable, and back. Called once with the initial state when the cache starts.
   *
   * @param degraded true while the cache cannot keep instances coherent through its shared backend and runs on a
   *     short local time-to-live instead
   * @param detail for operators; never contains secrets
   */
  default void onStateChange(boolean degraded, String detail) {}
}
