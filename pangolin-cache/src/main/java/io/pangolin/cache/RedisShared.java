package io.pangolin.cache;

import io.pangolin.spi.CacheObserver;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;
import org.redisson.connection.ConnectionListener;

/**
 * The shared side of the cache: the Redis connection and the probe that ties its three parts together — the L2
 * values ({@link RedisL2}), the invalidation bus that keeps every instance's L1 coherent ({@link InvalidationBus}),
 * and the degraded-mode state ({@link DegradedMode}). Constructing it does nothing; {@link #start()} connects.
 *
 * <p>After a write, {@link #invalidate} broadcasts the changed keys and waits for every instance's acknowledgement,
 * then drops them from this instance's L1. So when a write returns, no instance still serves the old value from L1
 * and L2 has none.
 *
 * <h2>Degraded mode</h2>
 *
 * A lost connection, a failed invalidation, a probe whose ping does not come back through the subscription, or L2
 * reads that keep timing out switch to degraded: L1 is flushed, L2 is not used, and new L1 entries live
 * {@code degraded-ttl}. Writes still try to broadcast while Redis answers at all; when it does not, their keys are
 * queued (bounded). Requests never fail because of Redis. The probe (every {@code probe-interval}) recovers when
 * Redis answers and the ping echoes through the (re)subscribed topic: it flushes L1 (invalidations may have been
 * missed), publishes the queued invalidations (or, if the queue overflowed, deletes every L2 key of the prefix and
 * broadcasts a flush), and only then leaves degraded mode.
 */
final class RedisShared implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RedisShared.class.getName());

  /**
   * What a reader found in Redis: the L2 value (null on a miss, and while a write is marked), the generation to write
   * back under, and whether a write is marked on the key (then nothing may be cached).
   */
  record Lookup(Object value, String generation, boolean writing) {}

  private final CacheConfig config;
  private final Keys keys;
  private final LocalCache local;
  private final CacheObserver observer;
  private final String address;
  private final DegradedMode mode;
  /** Set by {@link #start()}, before the object is shared. */
  private RedissonClient client;
  private RedisL2 l2;
  private InvalidationBus bus;
  private ScheduledExecutorService scheduler;
  private ScheduledExecutorService renewals;

  /**
   * A write's marker: its token (empty: none was set) and the task renewing it while the write runs, so that it
   * outlives a slow store write and expires {@code write-marker} after its writer died at the latest.
   */
  record Marker(String token, Future<?> renewal) {
    static final Marker NONE = new Marker("", null);

    /** Stops renewing (the write returned). */
    void done() {
      if (renewal != null) {
        renewal.cancel(false);
      }
    }
  }

  RedisShared(CacheConfig config, Keys keys, LocalCache local, CacheObserver observer) {
    this.config = config;
    this.keys = keys;
    this.local = local;
    this.observer = observer;
    this.address = withoutCredentials(config.redisAddress().orElseThrow());
    this.mode = new DegradedMode(this::degraded0);
  }

  /**
   * Creates the Redis client, the probe thread and the thread renewing write markers, runs a first probe and
   * schedules the next ones. Called once, by the owner, right after construction.
   */
  void start() {
    this.scheduler = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("pangolin-cache-probe-" + config.instanceId()).daemon().factory());
    ScheduledThreadPoolExecutor markers = new ScheduledThreadPoolExecutor(1,
        Thread.ofPlatform().name("pangolin-cache-markers-" + config.instanceId()).daemon().factory());
    markers.setRemoveOnCancelPolicy(true); // a write's renewal is cancelled long before it would run
    this.renewals = markers;
    this.client = Redisson.create(redissonConfig(config));
    var script = client.getScript(ByteArrayCodec.INSTANCE);
    this.l2 = new RedisL2(script, mode);
    this.bus = new InvalidationBus(config, keys, local, observer, client, script);
    probe(); // connects, subscribes and leaves degraded mode if Redis answers; start-up never fails on Redis
    if (mode.degraded()) {
      LOG.log(Level.WARNING, "Redis " + address + " not reachable at start-up (" + mode.state() + "); the cache "
          + "runs local-only until it is");
      observer.onStateChange(true, describe());
    }
    long every = config.probeInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::probe, every, every, TimeUnit.MILLISECONDS);
  }

  private Config redissonConfig(CacheConfig c) {
    Config rc = new Config();
    rc.setCodec(ByteArrayCodec.INSTANCE);
    rc.setUseScriptCache(true);
    // listener threads also complete command futures: too few of them delay invalidation messages under load
    rc.setThreads(8);
    rc.setNettyThreads(4);
    rc.setLazyInitialization(true);
    rc.setConnectionListener(new ConnectionListener() {
      // the one-argument callbacks are deprecated but abstract: Redisson calls them from the two-argument defaults
      @Override
      @SuppressWarnings("deprecation")
      public void onConnect(InetSocketAddress addr) {
        if (mode.degraded()) {
          wakeProbe();
        }
      }

      @Override
      @SuppressWarnings("deprecation")
      public void onDisconnect(InetSocketAddress addr) {
        mode.unreachable();
        mode.fail("connection to Redis lost", null);
      }
    });
    int timeout = (int) Math.min(Integer.MAX_VALUE, c.redisTimeout().toMillis());
    SingleServerConfig s = rc.useSingleServer()
        .setAddress(c.redisAddress().orElseThrow())
        .setDatabase(c.redisDatabase())
        .setTimeout(timeout)
        .setConnectTimeout(timeout)
        .setSubscriptionTimeout(timeout)
        .setRetryAttempts(0)
        .setConnectionMinimumIdleSize(2)
        .setConnectionPoolSize(32)
        .setSubscriptionConnectionMinimumIdleSize(1)
        .setSubscriptionConnectionPoolSize(2)
        .setPingConnectionInterval(1000)
        .setClientName("pangolin-cache-" + c.instanceId());
    c.redisUsername().ifPresent(rc::setUsername);
    c.redisPassword().ifPresent(rc::setPassword);
    return rc;
  }

  private static String withoutCredentials(String address) {
    int scheme = address.indexOf("://");
    int at = address.lastIndexOf('@');
    return at > scheme ? address.substring(0, scheme + 3) + address.substring(at + 1) : address;
  }

  boolean degraded() {
    return mode.degraded();
  }

  long ackTimeouts() {
    return bus == null ? 0 : bus.ackTimeouts();
  }

  long recoveries() {
    return mode.recoveries();
  }

  String describe() {
    if (mode.degraded()) {
      return "DEGRADED since " + mode.since() + " (" + mode.state() + "): redis " + address
          + " not used, local entries live " + config.degradedTtl().toSeconds() + " s";
    }
    long late = ackTimeouts();
    return "redis " + address + " coherent (instance " + config.instanceId() + ", topic " + config.topic() + ")"
        + (late == 0 ? "" : "; " + late + " invalidations not acknowledged by every instance within "
        + config.ackTimeout().toMillis() + " ms");
  }

  // ---- L2 values ------------------------------------------------------------------------------------------

  /** Reads the value and generation of {@code key}; null when L2 cannot be used (degraded or failing). */
  Lookup lookup(CacheKey key, String field) {
    return l2.lookup(key, field);
  }

  /** Writes a loaded value back to L2 (asynchronously) if the key's generation is still {@code generation}. */
  void store(CacheKey key, String field, String generation, Object value, Duration ttl) {
    l2.store(key, field, generation, value, ttl);
  }

  // ---- invalidation ---------------------------------------------------------------------------------------

  /**
   * Before a store write: marks {@code changed} as being written and drops them from L2 and from every L1, without
   * waiting for acknowledgements ({@link InvalidationBus#mark}), then from this instance's L1. Never throws; skipped
   * (empty marker) while Redis is known unreachable, and on failure the cache degrades as for a failed invalidation.
   *
   * While the write runs the marker is renewed every third of {@code write-marker}; {@link Marker#done()} stops that.
   *
   * @return the write's marker for {@link #invalidate} or {@link #unmark}; {@link Marker#NONE} if none was set
   */
  Marker mark(Collection<CacheKey> changed) {
    Marker marker = Marker.NONE;
    try {
      if (!mode.closed() && !mode.unreachableWhileDegraded()) {
        try {
          String token = bus.mark(changed);
          long every = Math.max(1, config.writeMarker().toMillis() / 3);
          marker = new Marker(token, renewals.scheduleAtFixedRate(() -> renew(changed, token), every, every,
              TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
          // closing
        } catch (RuntimeException e) {
          mode.commandFailed(e);
          mode.fail("Redis write marker failed", e);
        }
      }
    } finally {
      for (CacheKey k : changed) {
        local.invalidate(k.id());
      }
    }
    return marker;
  }

  private void renew(Collection<CacheKey> changed, String token) {
    if (mode.closed() || mode.unreachableWhileDegraded()) {
      return;
    }
    try {
      bus.renew(changed, token);
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "could not renew write markers", e);
    }
  }

  /** Removes a write's markers (asynchronously) after the store refused the write. Never throws. */
  void unmark(Collection<CacheKey> changed, Marker marker) {
    marker.done();
    if (marker.token().isEmpty() || mode.closed()) {
      return;
    }
    try {
      bus.unmark(changed, marker.token());
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "could not remove write markers; they expire by themselves", e);
    }
  }

  /**
   * Invalidates {@code keys} everywhere after a write: L2 and every instance's L1 (waiting for their
   * acknowledgements), then this instance's L1. Never throws: if Redis fails, the keys are queued for recovery.
   * Degraded but reachable (e.g. after slow answers or a missed ping), it still tries to broadcast: the other
   * instances may well be coherent, and only a broadcast keeps them so. Removes the write's {@code marker} (empty:
   * none) with the invalidation; a queued invalidation leaves it to expire.
   */
  void invalidate(Collection<CacheKey> changed, Marker marker) {
    marker.done();
    try {
      if (!mode.queueIfUnreachable(changed) && !mode.closed()) {
        try {
          bus.broadcast(changed, marker.token());
          mode.succeeded();
        } catch (RuntimeException e) {
          mode.requeue(changed);
          mode.commandFailed(e);
          mode.fail("Redis invalidation failed", e);
        }
      }
    } finally {
      for (CacheKey k : changed) {
        local.invalidate(k.id());
      }
    }
  }

  /**
   * Drops every key starting with {@code keyPrefix} — all of one tenant's keys — everywhere: the L2 values and their
   * generations, every instance's L1 (waiting for their acknowledgements), then this instance's L1. Never throws: if
   * Redis fails, the cache degrades and its recovery flushes the whole shared cache and every L1.
   */
  void invalidatePrefix(String keyPrefix) {
    try {
      if (!mode.flushLaterIfUnreachable()) {
        try {
          bus.broadcastPrefix(keyPrefix);
          mode.succeeded();
        } catch (RuntimeException e) {
          mode.flushLater();
          mode.commandFailed(e);
          mode.fail("Redis invalidation failed", e);
        }
      }
    } finally {
      local.invalidatePrefix(keyPrefix);
    }
  }

  // ---- state ----------------------------------------------------------------------------------------------

  /** Run by {@link DegradedMode} when the cache just switched to degraded: flushes L1, stops using L2. */
  private void degraded0() {
    local.invalidateAll();
    LOG.log(Level.WARNING, "cache degraded to local-only (" + mode.state() + "); requests continue on the store");
    observer.onStateChange(true, describe());
    wakeProbe();
  }

  /** Runs a probe now (on the probe thread) instead of at the next interval. */
  private void wakeProbe() {
    if (mode.closed() || scheduler == null) {
      return;
    }
    try {
      scheduler.execute(this::probe);
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  /**
   * Checks the connection and subscription; recovers from degraded mode. Runs on the probe thread (and once in
   * {@link #start()}); never twice at a time.
   */
  private synchronized void probe() {
    if (mode.closed()) {
      return;
    }
    try {
      bus.subscribe();
      boolean echoed = bus.ping();
      mode.succeeded(); // Redis answered the publishes
      if (!echoed) {
        if (mode.degraded()) {
          mode.waitingFor("waiting for the subscription");
        } else {
          mode.fail("no echo through the invalidation topic", null);
        }
        return;
      }
      if (mode.degraded()) {
        recover();
      }
    } catch (RuntimeException e) {
      mode.commandFailed(e);
      mode.waitingFor("Redis unreachable: " + e.getClass().getSimpleName());
      mode.fail("Redis probe failed", e);
    }
  }

  private void recover() {
    // the subscription works again, so no invalidation is missed from here on; what came before may have been
    local.invalidateAll();
    int replayed = 0;
    boolean flushed = false;
    for (DegradedMode.Queued queued = mode.takeQueued(); queued != null; queued = mode.takeQueued()) {
      try {
        if (queued.flush()) {
          bus.broadcastFlush();
          flushed = true;
        } else {
          bus.broadcast(queued.keys(), "");
          replayed += queued.keys().size();
        }
      } catch (RuntimeException e) {
        mode.putBack(queued, e);
        return;
      }
    }
    if (mode.recovered() == 0 && replayed == 0 && !flushed) {
      LOG.log(Level.INFO, "cache shared through " + address + " (instance " + config.instanceId() + ")");
    } else {
      LOG.log(Level.INFO, "cache coherent again through " + address + "; local cache flushed"
          + (flushed ? ", shared cache flushed" : "") + (replayed > 0 ? ", " + replayed
          + " queued invalidations sent" : ""));
    }
    observer.onStateChange(false, describe());
  }

  @Override
  public void close() {
    if (mode.closed()) {
      return;
    }
    mode.close();
    if (scheduler != null) {
      scheduler.shutdownNow();
      renewals.shutdownNow();
    }
    if (client == null) {
      return;
    }
    try {
      client.shutdown(0, 2, TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "closing the Redis client failed", e);
    }
  }
}
