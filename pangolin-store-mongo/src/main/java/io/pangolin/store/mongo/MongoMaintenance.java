package io.pangolin.store.mongo;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The store's housekeeping: every {@code audit-archive-interval-minutes}, the recovery sweep of the fallback
 * protocol ({@link ProtocolWrites#sweep}) and audit archival ({@link AuditArchiver}). Constructing it does nothing;
 * {@link #start()} starts its thread (none when the interval is 0), {@link #close()} stops it.
 */
final class MongoMaintenance implements AutoCloseable {
  private static final Logger LOG = System.getLogger(MongoMaintenance.class.getName());

  private final Context ctx;
  private final ProtocolWrites protocol;
  private final AuditArchiver archiver;
  private final Duration interval;
  private final Duration auditRetention;
  private ScheduledExecutorService scheduler;

  MongoMaintenance(Context ctx, ProtocolWrites protocol, AuditArchiver archiver, MongoStoreConfig config) {
    this.ctx = ctx;
    this.protocol = protocol;
    this.archiver = archiver;
    this.interval = config.auditArchiveInterval();
    this.auditRetention = config.auditRetention();
  }

  /** Schedules {@link #run()} every interval (not at once: the bootstrap just swept). Called once. */
  synchronized MongoMaintenance start() {
    long every = interval.toMillis();
    if (every > 0 && scheduler == null) {
      scheduler = Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("pangolin-mongo-maintenance").daemon().factory());
      scheduler.scheduleWithFixedDelay(this::run, every, every, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** One maintenance round: the recovery sweep and audit archival. Never throws. */
  void run() {
    try {
      int recovered = protocol.sweep();
      long archived = archiver.archiveBefore(ctx.clock.instant().minus(auditRetention));
      LOG.log(recovered > 0 ? Level.WARNING : Level.DEBUG, "MongoDB store maintenance: " + recovered
          + " interrupted operations finished, " + archived + " audit events archived");
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "MongoDB store maintenance failed: " + e.getClass().getSimpleName() + ": "
          + e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
