package io.pangolin.server;

import io.pangolin.core.Pangolin;
import io.pangolin.spi.StoreStats;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The operational state of this instance: requests in flight and of the last {@code pangolin.alerts.window-s}
 * seconds (fed by {@link HttpMetricsFilter}), the store's connection pools and replicas ({@link Pangolin#storeStats()}),
 * and the verdict of {@link LoadReadinessCheck}. Prometheus names of the gauges it registers:
 *
 * <ul>
 *   <li>{@code pangolin_http_requests_in_flight} — requests being processed now (the request queue depth)</li>
 *   <li>{@code pangolin_store_pool_connections{pool, state="active"|"idle"|"max"|"pending"}} and
 *       {@code pangolin_store_pool_usage_ratio{pool}} (active / max)</li>
 *   <li>{@code pangolin_store_replica_lag_seconds{replica}} ({@code -1} while unknown) and
 *       {@code pangolin_store_replica_in_rotation{replica}}</li>
 *   <li>{@code pangolin_disk_free_bytes{path}}, {@code pangolin_disk_total_bytes{path}} — the file system of the
 *       JVM's temporary directory</li>
 *   <li>{@code pangolin_process_cpu_usage_ratio} — this JVM's share of the CPUs it may use (container-aware)</li>
 *   <li>{@code pangolin_degraded} — 1 while readiness reports degraded</li>
 * </ul>
 */
@ApplicationScoped
public class Operations {
  /** The readiness verdict: degraded with the reasons, and the numbers it was judged on. */
  record Assessment(boolean degraded, List<String> reasons, double maxPoolUsage, RecentRequests.Window window,
      long inFlight) {}

  @Inject
  Config config;

  @Inject
  MetricRegistry registry;

  @Inject
  Pangolin pangolin;

  private final AtomicLong inFlight = new AtomicLong();
  private AlertSettings alerts;
  private RecentRequests recent;

  @PostConstruct
  void init() {
    alerts = AlertSettings.from(config);
    recent = new RecentRequests(alerts.windowS(), System::nanoTime);
  }

  /** Registers the gauges when the application starts (the store's pools are known once it is open). */
  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    gauge("pangolin.http.requests.in.flight", "HTTP requests being processed now", MetricUnits.NONE,
        o -> o.inFlight.get());
    gauge("pangolin.degraded", "1 while /health/ready reports this instance degraded (pool, p95 or error rate past"
        + " pangolin.alerts.*)", MetricUnits.NONE, o -> o.assess().degraded() ? 1 : 0);
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      gauge("pangolin.process.cpu.usage.ratio", "CPU used by this JVM as a share of the CPUs available to it (0..1)",
          MetricUnits.NONE, o -> Math.max(0, os.getProcessCpuLoad()));
    }
    StoreStats stats = pangolin.storeStats();
    for (StoreStats.Pool p : stats.pools()) {
      String name = p.name();
      Tag pool = new Tag("pool", name);
      for (String state : List.of("active", "idle", "max", "pending")) {
        registry.gauge(Metadata.builder().withName("pangolin.store.pool.connections")
            .withDescription("Store connection pool: connections by state (pending: callers waiting)").build(),
            this, o -> o.pool(name).map(x -> (double) switch (state) {
              case "active" -> x.active();
              case "idle" -> x.idle();
              case "max" -> x.max();
              default -> x.pending();
            }).orElse(0.0), pool, new Tag("state", state));
      }
      registry.gauge(Metadata.builder().withName("pangolin.store.pool.usage.ratio")
          .withDescription("Store connection pool: active / max").build(),
          this, o -> o.pool(name).map(StoreStats.Pool::usage).orElse(0.0), pool);
    }
    for (StoreStats.Replica r : stats.replicas()) {
      String name = r.name();
      Tag replica = new Tag("replica", name);
      registry.gauge(Metadata.builder().withName("pangolin.store.replica.lag").withUnit(MetricUnits.SECONDS)
          .withDescription("Read replica: replay behind the primary (-1: unknown, the replica is down)").build(),
          this, o -> o.replica(name).map(x -> x.lagMs() < 0 ? -1.0 : x.lagMs() / 1000.0).orElse(-1.0), replica);
      registry.gauge(Metadata.builder().withName("pangolin.store.replica.in.rotation")
          .withDescription("Read replica: 1 while reads may go to it").build(),
          this, o -> o.replica(name).map(x -> x.inRotation() ? 1.0 : 0.0).orElse(0.0), replica);
    }
    File tmp = new File(System.getProperty("java.io.tmpdir"));
    Tag path = new Tag("path", tmp.getAbsolutePath());
    registry.gauge(Metadata.builder().withName("pangolin.disk.free").withUnit(MetricUnits.BYTES)
        .withDescription("Usable bytes on the file system of the JVM's temporary directory").build(),
        tmp, File::getUsableSpace, path);
    registry.gauge(Metadata.builder().withName("pangolin.disk.total").withUnit(MetricUnits.BYTES)
        .withDescription("Size of the file system of the JVM's temporary directory").build(),
        tmp, File::getTotalSpace, path);
  }

  private void gauge(String name, String description, String unit, ToDoubleFunction<Operations> f) {
    registry.gauge(Metadata.builder().withName(name).withDescription(description).withUnit(unit).build(), this,
        f::applyAsDouble);
  }

  private Optional<StoreStats.Pool> pool(String name) {
    return pangolin.storeStats().pools().stream().filter(p -> p.name().equals(name)).findFirst();
  }

  private Optional<StoreStats.Replica> replica(String name) {
    return pangolin.storeStats().replicas().stream().filter(r -> r.name().equals(name)).findFirst();
  }

  void requestStarted() {
    inFlight.incrementAndGet();
  }

  void requestFinished(long nanos, int status) {
    inFlight.decrementAndGet();
    recent.record(nanos, status);
  }

  /** Judges this instance against {@code pangolin.alerts.*}. */
  Assessment assess() {
    List<String> reasons = new ArrayList<>();
    double maxUsage = 0;
    for (StoreStats.Pool p : pangolin.storeStats().pools()) {
      maxUsage = Math.max(maxUsage, p.usage());
      if (p.usage() > alerts.poolUsage()) {
        reasons.add(String.format(Locale.ROOT, "store pool %s at %.0f %% (threshold %.0f %%)", p.name(),
            100 * p.usage(), 100 * alerts.poolUsage()));
      }
    }
    RecentRequests.Window w = recent.window();
    if (w.requests() >= alerts.minRequests()) {
      if (w.p95Ms() > alerts.p95Ms()) {
        reasons.add(String.format(Locale.ROOT, "p95 latency %.0f ms over the last %d s (threshold %d ms)",
            w.p95Ms(), alerts.windowS(), alerts.p95Ms()));
      }
      if (w.errorRate() > alerts.errorRate()) {
        reasons.add(String.format(Locale.ROOT, "5xx rate %.2f %% over the last %d s (threshold %.2f %%)",
            100 * w.errorRate(), alerts.windowS(), 100 * alerts.errorRate()));
      }
    }
    return new Assessment(!reasons.isEmpty(), List.copyOf(reasons), maxUsage, w, inFlight.get());
  }
}
