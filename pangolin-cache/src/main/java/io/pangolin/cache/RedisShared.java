package io.pangolin.cache;

import io.pangolin.spi.CacheObserver;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RScript.Mode;
import org.redisson.api.RScript.ReturnType;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;
import org.redisson.connection.ConnectionListener;

/**
 * The shared side of the cache: Redis as L2 and as the bus that keeps every instance's L1 coherent.
 *
 * <h2>Invalidation protocol</h2>
 *
 * A write, after the store acknowledged it, runs one Lua script that for every affected key deletes the L2 value,
 * sets the key's <i>generation</i> to a token never used before, and publishes {@code inv} with the keys on the
 * topic; Redis answers how many subscribers received the message. Every other instance drops the keys from its L1
 * and acknowledges on {@code <topic>:ack:<origin>}; the writer's own subscription echoes the message back. The writer
 * waits (at most {@code ack-timeout}) until it has as many acknowledgements as receivers, then drops the keys from its
 * own L1 and returns. So when a write returns, no instance still serves the old value from L1 and L2 has none.
 *
 * <p>Stale write-back guard in L2: a reader reads the value and the generation in one script; on a miss it loads
 * the store and writes the value back only if the generation is still the one it read (compare and set in Lua). A
 * reader that loaded before a write's script therefore either writes back before the script (which deletes it) or
 * finds a new generation (and writes nothing). L1 has the same guard with local generations ({@link LocalCache}).
 *
 * <h2>Degraded mode</h2>
 *
 A lost connection, a failed invalidation, a probe whose ping does not come back through the subscription, or L2
 * reads that keep timing out switch to degraded: L1 is flushed, L2 is not used, and new L1 entries live
 * {@code degraded-ttl}. Writes still try to broadcast while Redis answers at all; when it does not, their keys are
 * queued (bounded). Requests never fail because of Redis. The probe (every {@code probe-interval}) recovers when
 * Redis answers and the ping echoes through the (re)subscribed topic: it flushes L1 (invalidations may have been
 * missed), publishes the queued invalidations (or, if the queue overflowed, deletes every L2 key of the prefix and
 * broadcasts a flush), and only then leaves degraded mode.
 */
final class RedisShared implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RedisShared.class.getName());
  private static final int OUTBOX_LIMIT = 10_000;
  private static final int KEYS_PER_MESSAGE = 256;
  /** Consecutive slow (timed-out) L2 reads after which the cache stops asking Redis and degrades. */
  private static final int SLOW_READS_TO_DEGRADE = 3;

  private static final String LOOKUP = """
      local v
      if ARGV[1] == '' then v = redis.call('GET', KEYS[1]) else v = redis.call('HGET', KEYS[1], ARGV[1]) end
      return {v, redis.call('GET', KEYS[2])}
      """;
  private static final String STORE = """
      local g = redis.call('GET', KEYS[2])
      if g == false then g = '' end
      if g ~= ARGV[1] then return 0 end
      if ARGV[2] == '' then
        redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
      else
        if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[5]) then return 0 end
        redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
        if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
      end
      return 1
      """;
  private static final String INVALIDATE = """
      local n = #KEYS / 2
      for i = 1, n do
        redis.call('DEL', KEYS[i])
        redis.call('SET', KEYS[n + i], ARGV[1], 'PX', ARGV[2])
      end
      return redis.call('PUBLISH', ARGV[3], ARGV[4])
      """;
  private static final String PUBLISH = "return redis.call('PUBLISH', ARGV[1], ARGV[2])";

  /** What a reader found in L2: the value (null on a miss) and the generation to write back under. */
  record Lookup(Object value, String generation) {}

  private final CacheConfig config;
  private final Keys keys;
  private final LocalCache local;
  private final CacheObserver observer;
  private final String address;
  private final String ackChannel;
  private final String nonce = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  private final AtomicLong sequence = new AtomicLong();
  private final long generationTtlMillis;
  /** Set by {@link #start()}, before the object is shared. */
  private RedissonClient client;
  private RScript script;
  private final Map<String, AckWaiter> waiters = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;

  private final Object stateLock = new Object();
  private volatile boolean degraded = true;
  /** False from a lost connection or a connection-level failure until a command succeeds again. */
  private volatile boolean reachable;
  private final AtomicInteger slowReads = new AtomicInteger();
  private volatile boolean topicSubscribed;
  private volatile boolean ackSubscribed;
  private volatile boolean closed;
  private volatile String state = "connecting";
  private volatile Instant degradedSince = Instant.now();
  private final Map<String, CacheKey> outbox = new LinkedHashMap<>();
  private boolean outboxOverflowed;
  private final AtomicLong ackTimeouts = new AtomicLong();
  private final AtomicLong recoveries = new AtomicLong();

  RedisShared(CacheConfig config, Keys keys, LocalCache local, CacheObserver observer) {
    this.config = config;
    this.keys = keys;
    this.local = local;
    this.observer = observer;
    this.address = withoutCredentials(config.redisAddress().orElseThrow());
    this.ackChannel = config.topic() + ":ack:" + config.instanceId();
    long maxTtl = config.ttl().values().stream().mapToLong(Duration::toMillis).max().orElse(0);
    this.generationTtlMillis = Math.max(2 * maxTtl, Duration.ofMinutes(10).toMillis());
    this.scheduler = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("pangolin-cache-probe-" + config.instanceId()).daemon().factory());
  }

  /**
   * Creates the Redis client, runs a first probe and schedules the next ones. Called once, by the owner, right after
   * construction.
   */
  void start() {
    this.client = Redisson.create(redissonConfig(config));
    this.script = client.getScript(ByteArrayCodec.INSTANCE);
    probe(); // connects, subscribes and leaves degraded mode if Redis answers; start-up never fails on Redis
    if (degraded) {
      LOG.log(Level.WARNING, "Redis " + address + " not reachable at start-up (" + state + "); the cache runs "
          + "local-only until it is");
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
        if (degraded) {
          wakeProbe();
        }
      }

      @Override
      @SuppressWarnings("deprecation")
      public void onDisconnect(InetSocketAddress addr) {
        reachable = false;
        fail("connection to Redis lost", null);
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
    return degraded;
  }

  long ackTimeouts() {
    return ackTimeouts.get();
  }

  long recoveries() {
    return recoveries.get();
  }

  String describe() {
    if (degraded) {
      return "DEGRADED since " + degradedSince + " (" + state + "): redis " + address
          + " not used, local entries live " + config.degradedTtl().toSeconds() + " s";
    }
    long late = ackTimeouts.get();
    return "redis " + address + " coherent (instance " + config.instanceId() + ", topic " + config.topic() + ")"
        + (late == 0 ? "" : "; " + late + " invalidations not acknowledged by every instance within "
        + config.ackTimeout().toMillis() + " ms");
  }

  // ---- L2 values ------------------------------------------------------------------------------------------

  /** Reads the value and generation of {@code key}; null when L2 cannot be used (degraded or failing). */
  Lookup lookup(CacheKey key, String field) {
    if (degraded || closed) {
      return null;
    }
    try {
      List<Object> r = script.eval(Mode.READ_ONLY, LOOKUP, ReturnType.LIST, List.of(key.id(), key.generationId()),
          bytes(field));
      byte[] value = r.size() > 0 ? (byte[]) r.get(0) : null;
      byte[] generation = r.size() > 1 ? (byte[]) r.get(1) : null;
      Object decoded = null;
      if (value != null) {
        try {
          decoded = ValueCodec.decode(value);
        } catch (IllegalArgumentException e) {
          LOG.log(Level.DEBUG, "undecodable L2 value of " + key.id() + " ignored");
        }
      }
      succeeded();
      return new Lookup(decoded, generation == null ? "" : new String(generation, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      readFailed(e);
      return null;
    }
  }

  private void succeeded() {
    reachable = true;
    slowReads.set(0);
  }

  private static boolean timeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RedisTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /**
   * An L2 read or write-back failed: that alone loses no invalidation, so a slow answer is just a miss; the cache
   * degrades when Redis is unreachable or keeps being slow (so requests stop waiting for it).
   */
  private void readFailed(Throwable e) {
    if (!timeout(e)) {
      reachable = false;
      fail("Redis unreachable", e);
    } else if (slowReads.incrementAndGet() >= SLOW_READS_TO_DEGRADE) {
      fail("Redis keeps timing out", e);
    }
  }

  /** Writes a loaded value back to L2 (asynchronously) if the key's generation is still {@code generation}. */
  void store(CacheKey key, String field, String generation, Object value, Duration ttl) {
    if (degraded || closed) {
      return;
    }
    try {
      script.evalAsync(Mode.READ_WRITE, STORE, ReturnType.LONG, List.of(key.id(), key.generationId()),
          bytes(generation), bytes(field), ValueCodec.encode(value), bytes(Long.toString(ttl.toMillis())),
          bytes(Integer.toString(LocalCache.MAX_PAGES_PER_LISTING)))
          .whenComplete((r, e) -> {
            if (e != null) {
              readFailed(e);
            }
          });
    } catch (RuntimeException e) {
      readFailed(e);
    }
  }

  // ---- invalidation ---------------------------------------------------------------------------------------

  /**
   * Invalidates {@code keys} everywhere after a write: L2 and every instance's L1 (waiting for their
   * acknowledgements), then this instance's L1. Never throws: if Redis fails, the keys are queued for recovery.
   * Degraded but reachable (e.g. after slow answers or a missed ping), it still tries to broadcast: the other
   * instances may well be coherent, and only a broadcast keeps them so.
   */
  void invalidate(Collection<CacheKey> changed) {
    try {
      boolean queued;
      synchronized (stateLock) {
        queued = degraded && !reachable;
        if (queued) {
          queue(changed);
        }
      }
      if (!queued && !closed) {
        try {
          broadcast(changed);
          succeeded();
        } catch (RuntimeException e) {
          synchronized (stateLock) {
            queue(changed);
          }
          if (!timeout(e)) {
            reachable = false;
          }
          fail("Redis invalidation failed", e);
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
      boolean deferred;
      synchronized (stateLock) {
        deferred = (degraded && !reachable) || closed;
        if (deferred) {
          outboxOverflowed = true; // the recovery flushes everything, this tenant included
        }
      }
      if (!deferred) {
        try {
          client.getKeys().deleteByPattern(glob(keyPrefix) + "*");
          String id = nextMessageId();
          publishAndAwait(id, PUBLISH, List.of(), bytes(config.topic()),
              bytes("prefix\n" + config.instanceId() + "\n" + id + "\n" + keyPrefix));
          succeeded();
        } catch (RuntimeException e) {
          synchronized (stateLock) {
            outboxOverflowed = true;
          }
          if (!timeout(e)) {
            reachable = false;
          }
          fail("Redis invalidation failed", e);
        }
      }
    } finally {
      local.invalidatePrefix(keyPrefix);
    }
  }

  /** {@code s} as a literal in a Redis glob pattern. */
  private static String glob(String s) {
    return s.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
  }

  private void queue(Collection<CacheKey> changed) {
    for (CacheKey k : changed) {
      if (outbox.size() >= OUTBOX_LIMIT) {
        outboxOverflowed = true;
        return;
      }
      outbox.put(k.id(), k);
    }
  }

  private String nextMessageId() {
    return config.instanceId() + ":" + nonce + ":" + sequence.incrementAndGet();
  }

  private void broadcast(Collection<CacheKey> changed) {
    List<CacheKey> all = List.copyOf(changed);
    for (int from = 0; from < all.size(); from += KEYS_PER_MESSAGE) {
      List<CacheKey> chunk = all.subList(from, Math.min(all.size(), from + KEYS_PER_MESSAGE));
      String id = nextMessageId();
      StringBuilder message = new StringBuilder("inv\n").append(config.instanceId()).append('\n').append(id);
      List<Object> redisKeys = new ArrayList<>(2 * chunk.size());
      for (CacheKey k : chunk) {
        message.append('\n').append(k.id());
        redisKeys.add(k.id());
      }
      for (CacheKey k : chunk) {
        redisKeys.add(k.generationId());
      }
      publishAndAwait(id, INVALIDATE, redisKeys, bytes(id), bytes(Long.toString(generationTtlMillis)),
          bytes(config.topic()), bytes(message.toString()));
    }
  }

  private void publishAndAwait(String id, String lua, List<Object> redisKeys, Object... args) {
    AckWaiter waiter = new AckWaiter();
    waiters.put(id, waiter);
    try {
      Long receivers = script.eval(Mode.READ_WRITE, lua, ReturnType.LONG, redisKeys, args);
      waiter.expect(receivers == null ? 0 : receivers);
      if (!waiter.await(config.ackTimeout())) {
        ackTimeouts.incrementAndGet();
        LOG.log(Level.WARNING, () -> "invalidation " + id + " acknowledged by " + waiter.responders() + " of "
            + receivers + " subscribers within " + config.ackTimeout().toMillis() + " ms");
      }
    } finally {
      waiters.remove(id);
    }
  }

  /** Handles a message on the invalidation topic (Redisson's listener thread). */
  private void onMessage(String message) {
    String[] lines = message.split("\n");
    if (lines.length < 3) {
      return;
    }
    String type = lines[0];
    String origin = lines[1];
    String id = lines[2];
    if (origin.equals(config.instanceId())) {
      acknowledged(id, origin); // our own message echoed back: our subscription works
      return;
    }
    switch (type) {
      case "inv" -> {
        Map<CacheFamily, Long> perFamily = new EnumMap<>(CacheFamily.class);
        for (int i = 3; i < lines.length; i++) {
          local.invalidate(lines[i]);
          keys.familyOf(lines[i]).ifPresent(f -> perFamily.merge(f, 1L, Long::sum));
        }
        perFamily.forEach((f, n) -> observer.onEvent(f.id(), CacheObserver.Event.INVALIDATION_RECEIVED, n));
        reply(origin, id);
      }
      case "prefix" -> {
        if (lines.length > 3) {
          local.invalidatePrefix(lines[3]);
        }
        reply(origin, id);
      }
      case "flush" -> {
        local.invalidateAll();
        reply(origin, id);
      }
      default -> { } // pings of other instances
    }
  }

  private void reply(String origin, String id) {
    try {
      client.getTopic(config.topic() + ":ack:" + origin, StringCodec.INSTANCE)
          .publishAsync(id + "\n" + config.instanceId());
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "could not acknowledge " + id, e);
    }
  }

  /** An acknowledgement {@code <message id>\n<responder>} on our acknowledgement channel. */
  private void onAck(String message) {
    int nl = message.indexOf('\n');
    if (nl > 0) {
      acknowledged(message.substring(0, nl), message.substring(nl + 1));
    }
  }

  private void acknowledged(String id, String responder) {
    AckWaiter w = waiters.get(id);
    if (w != null) {
      w.ack(responder);
    }
  }

  // ---- state ----------------------------------------------------------------------------------------------

  /** Switches to degraded mode (idempotent): flushes L1, stops using L2, queues invalidations. */
  void fail(String reason, Throwable cause) {
    if (closed) {
      return;
    }
    synchronized (stateLock) {
      if (degraded) {
        return;
      }
      degraded = true;
      degradedSince = Instant.now();
      state = reason + (cause == null ? "" : ": " + cause.getClass().getSimpleName());
    }
    local.invalidateAll();
    LOG.log(Level.WARNING, "cache degraded to local-only (" + state + "); requests continue on the store");
    observer.onStateChange(true, describe());
    wakeProbe();
  }

  /** Runs a probe now (on the probe thread) instead of at the next interval. */
  private void wakeProbe() {
    if (closed) {
      return;
    }
    try {
      scheduler.execute(this::probe);
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  /**
   * Checks the connection and subscription; recovers from degraded mode. Runs on the probe thread (and once in the
   * constructor); never twice at a time.
   */
  private synchronized void probe() {
    if (closed) {
      return;
    }
    try {
      // Redisson re-subscribes by itself after a reconnect; these only run until the first subscribe succeeded
      if (!topicSubscribed) {
        RTopic topic = client.getTopic(config.topic(), StringCodec.INSTANCE);
        topic.addListener(String.class, (channel, msg) -> onMessage(msg));
        topicSubscribed = true;
      }
      if (!ackSubscribed) {
        RTopic acks = client.getTopic(ackChannel, StringCodec.INSTANCE);
        acks.addListener(String.class, (channel, msg) -> onAck(msg));
        ackSubscribed = true;
      }
      boolean echoed = ping();
      succeeded(); // Redis answered the publishes
      if (!echoed) {
        if (degraded) {
          state = "waiting for the subscription";
        } else {
          fail("no echo through the invalidation topic", null);
        }
        return;
      }
      if (degraded) {
        recover();
      }
    } catch (RuntimeException e) {
      if (!timeout(e)) {
        reachable = false;
      }
      if (degraded) {
        state = "Redis unreachable: " + e.getClass().getSimpleName();
      }
      fail("Redis probe failed", e);
    }
  }

  /** Publishes a ping on the topic and on our acknowledgement channel; true if both came back in time. */
  private boolean ping() {
    String id = nextMessageId();
    AckWaiter waiter = new AckWaiter();
    waiters.put(id, waiter);
    try {
      waiter.expect(2);
      script.eval(Mode.READ_WRITE, PUBLISH, ReturnType.LONG, List.of(), bytes(config.topic()),
          bytes("ping\n" + config.instanceId() + "\n" + id));
      script.eval(Mode.READ_WRITE, PUBLISH, ReturnType.LONG, List.of(), bytes(ackChannel),
          bytes(id + "\n" + config.instanceId() + ":ack-channel"));
      return waiter.await(config.ackTimeout());
    } finally {
      waiters.remove(id);
    }
  }

  private void recover() {
    // the subscription works again, so no invalidation is missed from here on; what came before may have been
    local.invalidateAll();
    int replayed = 0;
    boolean flushed = false;
    while (true) {
      List<CacheKey> replay;
      boolean flush;
      synchronized (stateLock) {
        if (outbox.isEmpty() && !outboxOverflowed) {
          // writers queue while we replay; only an empty queue, checked under the lock, ends degraded mode
          degraded = false;
          state = "ok";
          break;
        }
        replay = List.copyOf(outbox.values());
        flush = outboxOverflowed;
        outbox.clear();
        outboxOverflowed = false;
      }
      try {
        if (flush) {
          client.getKeys().deleteByPattern(config.keyPrefix() + ":*");
          String id = nextMessageId();
          publishAndAwait(id, PUBLISH, List.of(), bytes(config.topic()),
              bytes("flush\n" + config.instanceId() + "\n" + id));
          flushed = true;
        } else {
          broadcast(replay);
          replayed += replay.size();
        }
      } catch (RuntimeException e) {
        synchronized (stateLock) {
          if (flush) {
            outboxOverflowed = true;
          } else {
            queue(replay);
          }
          state = "replay of queued invalidations failed: " + e.getClass().getSimpleName();
        }
        return;
      }
    }
    if (recoveries.getAndIncrement() == 0 && replayed == 0 && !flushed) {
      LOG.log(Level.INFO, "cache shared through " + address + " (instance " + config.instanceId() + ")");
    } else {
      LOG.log(Level.INFO, "cache coherent again through " + address + "; local cache flushed"
          + (flushed ? ", shared cache flushed" : "") + (replayed > 0 ? ", " + replayed
          + " queued invalidations sent" : ""));
    }
    observer.onStateChange(false, describe());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    scheduler.shutdownNow();
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
