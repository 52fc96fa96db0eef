package io.pangolin.server;

import io.pangolin.core.StoreObserver;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Records the latency of every metadata store call into the timer {@value #METRIC} (Prometheus:
 * {@code pangolin_store_call_seconds_*}), tagged by store operation and outcome ({@code success}/{@code failure}).
 */
final class StoreMetrics implements StoreObserver {
  static final String METRIC = "pangolin.store.call";
  private static final Metadata METADATA = Metadata.builder()
      .withName(METRIC)
      .withDescription("Metadata store calls by operation and outcome")
      .withUnit(MetricUnits.SECONDS)
      .build();

  private final MetricRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  StoreMetrics(MetricRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void onCall(String operation, long nanos, boolean success) {
    String outcome = success ? "success" : "failure";
    timers.computeIfAbsent(operation + ' ' + outcome,
        k -> registry.timer(METADATA, new Tag("operation", operation), new Tag("outcome", outcome)))
        .update(Duration.ofNanos(nanos));
  }
}
