package io.pangolin.server;

import io.pangolin.spi.CacheObserver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The metadata cache's metrics and state: the engine's {@link CacheObserver}. Prometheus names:
 *
 * <ul>
 *   <li>{@code pangolin_cache_hits_total{family, level="local"|"shared"}}</li>
 *   <li>{@code pangolin_cache_misses_total{family}} — reads that went to the store</li>
 *   <li>{@code pangolin_cache_evictions_total{family}} — dropped by size or time-to-live, not by invalidation</li>
 *   <li>{@code pangolin_cache_invalidations_total{family, direction="sent"|"received"}}</li>
 *   <li>{@code pangolin_cache_degraded} — 1 while Redis is unreachable and the cache runs local-only</li>
 * </ul>
 *
 * {@code family} is one of the cache's key families ({@code catalog}, {@code namespace-list}, {@code asset},
 * {@code permissions}). {@link CacheReadinessCheck} reports the {@link #state()}.
 */
@ApplicationScoped
public class CacheMetrics implements CacheObserver {
  private static final Metadata HITS = metadata("pangolin.cache.hits", "Metadata cache hits by family and level");
  private static final Metadata MISSES = metadata("pangolin.cache.misses",
      "Metadata cache misses (reads that went to the store) by family");
  private static final Metadata EVICTIONS = metadata("pangolin.cache.evictions",
      "Metadata cache entries dropped by size or time-to-live, by family");
  private static final Metadata INVALIDATIONS = metadata("pangolin.cache.invalidations",
      "Metadata cache entries invalidated by writes, sent by this instance or received from others, by family");

  /** What the cache reported last. */
  record State(boolean configured, boolean degraded, String detail) {}

  @Inject
  MetricRegistry registry;

  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private volatile State state = new State(false, false, "no cache configured (pangolin.cache.type)");
  private volatile boolean gaugeRegistered;

  private static Metadata metadata(String name, String description) {
    return Metadata.builder().withName(name).withDescription(description).build();
  }

  @Override
  public void onEvent(String family, Event event, long count) {
    counters.computeIfAbsent(family + '/' + event, k -> counter(family, event)).inc(count);
  }

  private Counter counter(String family, Event event) {
    Tag f = new Tag("family", family);
    return switch (event) {
      case LOCAL_HIT -> registry.counter(HITS, f, new Tag("level", "local"));
      case SHARED_HIT -> registry.counter(HITS, f, new Tag("level", "shared"));
      case MISS -> registry.counter(MISSES, f);
      case EVICTION -> registry.counter(EVICTIONS, f);
      case INVALIDATION_SENT -> registry.counter(INVALIDATIONS, f, new Tag("direction", "sent"));
      case INVALIDATION_RECEIVED -> registry.counter(INVALIDATIONS, f, new Tag("direction", "received"));
    };
  }

  @Override
  public void onStateChange(boolean degraded, String detail) {
    state = new State(true, degraded, detail);
    if (!gaugeRegistered) {
      synchronized (this) {
        if (!gaugeRegistered) {
          registry.gauge(metadata("pangolin.cache.degraded",
              "1 while the metadata cache cannot reach Redis and runs local-only with a short time-to-live"),
              this, m -> m.state.degraded() ? 1 : 0);
          gaugeRegistered = true;
        }
      }
    }
  }

  State state() {
    return state;
  }
}
