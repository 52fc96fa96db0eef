package io.pangolin.server;

import io.pangolin.api.Catalog;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.RequestContext;
import io.pangolin.api.Tenant;
import io.pangolin.core.MaintenancePolicy;
import io.pangolin.core.Pangolin;
import io.pangolin.iceberg.MaintenanceOptions;
import io.pangolin.iceberg.MaintenanceReport;
import io.pangolin.iceberg.TableMaintenance;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Scheduled maintenance (off by default): every {@code pangolin.maintenance.schedule.interval-s} seconds the
 * instance holding the lease {@value #LEASE} runs {@link TableMaintenance} over every catalog whose properties
 * set a retention policy ({@link #policy}), as the system principal with the actor {@value #ACTOR}, so every
 * commit is audited. The lease lives in the control-plane store and lasts {@code lease-ttl-s}; its holder renews it on
 * every tick and keeps running, the others skip — so one instance at a time maintains the deployment, and another
 * takes over once the holder stopped renewing. Metrics: {@code pangolin_maintenance_runs_total},
 * {@code pangolin_maintenance_tables_total}, {@code pangolin_maintenance_snapshots_expired_total},
 * {@code pangolin_maintenance_files_removed_total}, {@code pangolin_maintenance_failures_total}.
 */
@ApplicationScoped
public class MaintenanceScheduler {
  static final String LEASE = "pangolin.maintenance.schedule";
  static final String ACTOR = "pangolin-scheduler";
  static final String PREFIX = "pangolin.maintenance.";
  private static final System.Logger LOG = System.getLogger(MaintenanceScheduler.class.getName());

  /**
   * The schedule as configured: {@code enabled}, {@code interval-s} (default one hour), {@code lease-ttl-s} (default
   * two intervals: how long the holder keeps the lease without renewing), this instance's lease holder id.
   */
  record Settings(boolean enabled, long intervalS, long leaseTtlS, String instanceId) {
    static Settings from(Config config) {
      long interval = config.getOptionalValue(PREFIX + "schedule.interval-s", Long.class).orElse(3600L);
      if (interval < 1) {
        throw new IllegalArgumentException(PREFIX + "schedule.interval-s must be at least 1, was " + interval);
      }
      long ttl = config.getOptionalValue(PREFIX + "schedule.lease-ttl-s", Long.class).orElse(2 * interval);
      if (ttl < 1) {
        throw new IllegalArgumentException(PREFIX + "schedule.lease-ttl-s must be at least 1, was " + ttl);
      }
      return new Settings(config.getOptionalValue(PREFIX + "schedule.enabled", Boolean.class).orElse(false), interval,
          ttl,
          config.getOptionalValue(PREFIX + "schedule.instance-id", String.class)
              .orElse("pangolin-" + UUID.randomUUID()));
    }
  }

  @Inject
  Config config;

  @Inject
  MetricRegistry registry;

  @Inject
  Pangolin pangolin;

  @Inject
  TableMaintenance maintenance;

  private Settings settings;
  private ScheduledExecutorService executor;
  private Counter runs;
  private Counter tables;
  private Counter snapshotsExpired;
  private Counter filesRemoved;
  private Counter failures;

  /** Starts the schedule when the application starts, if enabled; no thread otherwise. */
  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    settings = Settings.from(config);
    runs = counter("pangolin.maintenance.runs", "Scheduled maintenance runs this instance made (it held the lease)");
    tables = counter("pangolin.maintenance.tables", "Tables maintained by scheduled maintenance");
    snapshotsExpired = counter("pangolin.maintenance.snapshots.expired", "Snapshots expired by scheduled maintenance");
    filesRemoved = counter("pangolin.maintenance.files.removed", "Files removed by scheduled maintenance");
    failures = counter("pangolin.maintenance.failures", "Catalogs whose scheduled maintenance failed");
    if (!settings.enabled()) {
      return;
    }
    executor = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("pangolin-maintenance-scheduler").daemon(true).factory());
    executor.scheduleWithFixedDelay(this::tick, settings.intervalS(), settings.intervalS(), TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    if (executor == null) {
      return;
    }
    executor.shutdownNow();
    try {
      executor.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      pangolin.releaseLease(LEASE, settings.instanceId());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "could not release the maintenance lease: {0}", e.getMessage());
    }
  }

  /** This instance's lease holder id. */
  String instanceId() {
    return settings.instanceId();
  }

  /** Whether the scheduler thread runs. */
  boolean running() {
    return executor != null && !executor.isShutdown();
  }

  private Counter counter(String name, String description) {
    return registry.counter(Metadata.builder().withName(name).withDescription(description).build());
  }

  /** One tick: take or renew the lease, and if this instance holds it, maintain every catalog with a policy. */
  void tick() {
    try {
      if (!pangolin.tryAcquireLease(LEASE, settings.instanceId(), Duration.ofSeconds(settings.leaseTtlS()))) {
        return;
      }
      runs.inc();
      Instant now = Instant.now();
      for (Tenant tenant : Page.all((PageRequest p) -> pangolin.tenants().list(p))) {
        RequestContext ctx = RequestContext.of(tenant.name(), ACTOR);
        for (Catalog catalog : Page.all(p -> pangolin.catalogs().list(ctx, p))) {
          maintain(ctx, catalog, now);
        }
      }
    } catch (RuntimeException e) {
      failures.inc();
      LOG.log(System.Logger.Level.WARNING, "scheduled maintenance failed: {0}", e.getMessage());
    }
  }

  private void maintain(RequestContext ctx, Catalog catalog, Instant now) {
    try {
      Optional<MaintenanceOptions> options = policy(catalog.properties(), now);
      if (options.isEmpty()) {
        return;
      }
      MaintenanceReport report = maintenance.catalog(pangolin.session(ctx), catalog.name(), NamespaceName.ROOT,
          options.get());
      tables.inc(report.tables().size());
      snapshotsExpired.inc(report.snapshotsExpired());
      filesRemoved.inc(report.filesRemoved());
    } catch (RuntimeException e) {
      failures.inc();
      LOG.log(System.Logger.Level.WARNING, "scheduled maintenance of catalog {0} of tenant {1} failed: {2}",
          catalog.name(), ctx.tenant(), e.getMessage());
    }
  }

  /**
   * The retention policy a catalog's properties set, if any: {@code pangolin.maintenance.retention-days} expires
   * older snapshots (keeping {@code pangolin.maintenance.retain-last}, default 1, per branch),
   * {@code pangolin.maintenance.orphan-older-than-days} removes orphan files older than that; metadata files are
   * cleaned per the table's own properties. Neither key set: no policy.
   *
   * @throws io.pangolin.api.ValidationException a value is not a whole number in range
   */
  static Optional<MaintenanceOptions> policy(Map<String, String> properties, Instant now) {
    Optional<Integer> retention = MaintenancePolicy.number(properties, "retention-days");
    Optional<Integer> orphans = MaintenancePolicy.number(properties, "orphan-older-than-days");
    if (retention.isEmpty() && orphans.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new MaintenanceOptions(retention.isPresent(), retention.orElse(0),
        MaintenancePolicy.number(properties, "retain-last").orElse(1), orphans.isPresent(), orphans.orElse(1), true, false, now));
  }


}
