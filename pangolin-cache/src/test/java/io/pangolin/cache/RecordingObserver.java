package io.pangolin.cache;

import io.pangolin.spi.CacheObserver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Counts events per family and records state changes. */
final class RecordingObserver implements CacheObserver {
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
  final List<Boolean> states = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(String family, Event event, long count) {
    counts.computeIfAbsent(family + "/" + event, k -> new AtomicLong()).addAndGet(count);
  }

  @Override
  public void onStateChange(boolean degraded, String detail) {
    states.add(degraded);
  }

  long count(CacheFamily family, Event event) {
    AtomicLong n = counts.get(family.id() + "/" + event);
    return n == null ? 0 : n.get();
  }
}
