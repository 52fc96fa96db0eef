package io.pangolin.cache;

import static io.pangolin.cache.RedisL2.bytes;

import io.pangolin.spi.CacheObserver;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.redisson.api.RScript;
import org.redisson.api.RScript.Mode;
import org.redisson.api.RScript.ReturnType;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The invalidation bus: Redis pub/sub that keeps every instance's L1 coherent, with acknowledgements.
 *
 * <p>A write, after the store acknowledged it, runs one Lua script that for every affected key deletes the L2 value,
 * sets the key's <i>generation</i> to a token never used before, and publishes {@code inv} with the keys on the
 * topic; Redis answers how many subscribers received the message. Every other instance drops the keys from its L1
 * and acknowledges on {@code <topic>:ack:<origin>}; the writer's own subscription echoes the message back. The
 * writer waits (at most {@code ack-timeout}) until it has as many acknowledgements as receivers. Besides {@code inv}
 * the bus carries {@code wip} (the same keys before the store write, with a marker, not acknowledged: see
 * {@link #mark}), {@code prefix} (one tenant's keys), {@code flush} (everything) and {@code ping} (the probe's check
 * that the subscription works). Sending methods throw on Redis failures; the caller decides what that means.
 */
final class InvalidationBus {
  private static final System.Logger LOG = System.getLogger(InvalidationBus.class.getName());
  private static final int KEYS_PER_MESSAGE = 256;

  // KEYS: values, generations, markers (n each); ARGV: new generation, its TTL, topic, message, the write's marker
  private static final String INVALIDATE = """
      local n = #KEYS / 3
      for i = 1, n do
        redis.call('DEL', KEYS[i])
        redis.call('SET', KEYS[n + i], ARGV[1], 'PX', ARGV[2])
        if ARGV[5] ~= '' then redis.call('ZREM', KEYS[2 * n + i], ARGV[5]) end
      end
      return redis.call('PUBLISH', ARGV[3], ARGV[4])
      """;
  // the same before the store write, adding the write's marker; ARGV[5] = the marker (and generation), ARGV[6] = its
  // lifetime in ms. Markers of writers that died are dropped once expired.
  private static final String MARK = RedisL2.NOW + """
      local n = #KEYS / 3
      local life = tonumber(ARGV[6])
      for i = 1, n do
        redis.call('DEL', KEYS[i])
        redis.call('SET', KEYS[n + i], ARGV[1], 'PX', ARGV[2])
        local m = KEYS[2 * n + i]
        redis.call('ZREMRANGEBYSCORE', m, '-inf', now)
        redis.call('ZADD', m, now + life, ARGV[5])
        if redis.call('PTTL', m) < life then redis.call('PEXPIRE', m, life) end
      end
      return redis.call('PUBLISH', ARGV[3], ARGV[4])
      """;
  // KEYS: markers; ARGV: the write's marker, its lifetime in ms. Only a marker still there is renewed.
  private static final String RENEW = RedisL2.NOW + """
      local life = tonumber(ARGV[2])
      for i = 1, #KEYS do
        if redis.call('ZSCORE', KEYS[i], ARGV[1]) then
          redis.call('ZADD', KEYS[i], now + life, ARGV[1])
          if redis.call('PTTL', KEYS[i]) < life then redis.call('PEXPIRE', KEYS[i], life) end
        end
      end
      return 0
      """;
  private static final String UNMARK = """
      for i = 1, #KEYS do redis.call('ZREM', KEYS[i], ARGV[1]) end
      return 0
      """;
  private static final String PUBLISH = "return redis.call('PUBLISH', ARGV[1], ARGV[2])";

  private final CacheConfig config;
  private final Keys keys;
  private final LocalCache local;
  private final CacheObserver observer;
  private final RedissonClient client;
  private final RScript script;
  private final String ackChannel;
  private final String nonce = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  private final AtomicLong sequence = new AtomicLong();
  private final long generationTtlMillis;
  private final Map<String, AckWaiter> waiters = new ConcurrentHashMap<>();
  private final AtomicLong ackTimeouts = new AtomicLong();
  private volatile boolean topicSubscribed;
  private volatile boolean ackSubscribed;

  InvalidationBus(CacheConfig config, Keys keys, LocalCache local, CacheObserver observer, RedissonClient client,
      RScript script) {
    this.config = config;
    this.keys = keys;
    this.local = local;
    this.observer = observer;
    this.client = client;
    this.script = script;
    this.ackChannel = config.topic() + ":ack:" + config.instanceId();
    long maxTtl = config.ttl().values().stream().mapToLong(Duration::toMillis).max().orElse(0);
    this.generationTtlMillis = Math.max(2 * maxTtl, Duration.ofMinutes(10).toMillis());
  }

  /** Invalidations not acknowledged by every receiver within {@code ack-timeout}. */
  long ackTimeouts() {
    return ackTimeouts.get();
  }

  /**
   * Subscribes to the topic and to this instance's acknowledgement channel, until both succeeded once (Redisson
   * re-subscribes by itself after a reconnect).
   */
  void subscribe() {
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
  }

  /** Publishes a ping on the topic and on our acknowledgement channel; true if both came back in time. */
  boolean ping() {
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

  /**
   * Before a store write: marks {@code changed} as being written for {@code write-marker} (no instance fills its
   * cache with them while marked), deletes their L2 values, renews their generations and tells every other instance
   * to drop them from its L1 — without waiting for acknowledgements (the write's {@link #broadcast} after the store
   * write does). If this process dies between the store write and that broadcast, every instance has dropped the
   * keys and reads them from the store until the marker expires.
   *
   * @return the write's marker, to pass to {@link #broadcast} or {@link #unmark}
   */
  String mark(Collection<CacheKey> changed) {
    String marker = nextMessageId();
    List<CacheKey> all = List.copyOf(changed);
    for (int from = 0; from < all.size(); from += KEYS_PER_MESSAGE) {
      List<CacheKey> chunk = all.subList(from, Math.min(all.size(), from + KEYS_PER_MESSAGE));
      String message = message("wip", marker, chunk);
      script.eval(Mode.READ_WRITE, MARK, ReturnType.LONG, redisKeys(chunk), bytes(marker),
          bytes(Long.toString(generationTtlMillis)), bytes(config.topic()), bytes(message), bytes(marker),
          bytes(Long.toString(config.writeMarker().toMillis())));
    }
    return marker;
  }

  /** Extends a write's markers by {@code write-marker} from now (asynchronously), if they are still there. */
  void renew(Collection<CacheKey> changed, String marker) {
    List<Object> markers = new ArrayList<>(changed.size());
    changed.forEach(k -> markers.add(k.markerId()));
    script.evalAsync(Mode.READ_WRITE, RENEW, ReturnType.LONG, markers, bytes(marker),
        bytes(Long.toString(config.writeMarker().toMillis())));
  }

  /** Removes a write's markers after the store refused the write (nothing changed, nothing to invalidate). */
  void unmark(Collection<CacheKey> changed, String marker) {
    List<Object> markers = new ArrayList<>(changed.size());
    changed.forEach(k -> markers.add(k.markerId()));
    script.evalAsync(Mode.READ_WRITE, UNMARK, ReturnType.LONG, markers, bytes(marker));
  }

  /**
   * Deletes the L2 values of {@code changed}, renews their generations, removes the write's {@code marker} (empty:
   * none) and drops them from every other L1, waiting for the acknowledgements.
   */
  void broadcast(Collection<CacheKey> changed, String marker) {
    List<CacheKey> all = List.copyOf(changed);
    for (int from = 0; from < all.size(); from += KEYS_PER_MESSAGE) {
      List<CacheKey> chunk = all.subList(from, Math.min(all.size(), from + KEYS_PER_MESSAGE));
      String id = nextMessageId();
      publishAndAwait(id, INVALIDATE, redisKeys(chunk), bytes(id), bytes(Long.toString(generationTtlMillis)),
          bytes(config.topic()), bytes(message("inv", id, chunk)), bytes(marker));
    }
  }

  private String message(String type, String id, List<CacheKey> chunk) {
    StringBuilder message = new StringBuilder(type).append('\n').append(config.instanceId()).append('\n').append(id);
    for (CacheKey k : chunk) {
      message.append('\n').append(k.id());
    }
    return message.toString();
  }

  /** The values, then the generations, then the markers of {@code chunk}. */
  private static List<Object> redisKeys(List<CacheKey> chunk) {
    List<Object> redisKeys = new ArrayList<>(3 * chunk.size());
    chunk.forEach(k -> redisKeys.add(k.id()));
    chunk.forEach(k -> redisKeys.add(k.generationId()));
    chunk.forEach(k -> redisKeys.add(k.markerId()));
    return redisKeys;
  }

  /** Deletes every L2 key starting with {@code keyPrefix} and drops those keys from every other L1. */
  void broadcastPrefix(String keyPrefix) {
    client.getKeys().deleteByPattern(glob(keyPrefix) + "*");
    String id = nextMessageId();
    publishAndAwait(id, PUBLISH, List.of(), bytes(config.topic()),
        bytes("prefix\n" + config.instanceId() + "\n" + id + "\n" + keyPrefix));
  }

  /** Deletes every L2 key of the cache's prefix and flushes every other L1. */
  void broadcastFlush() {
    client.getKeys().deleteByPattern(config.keyPrefix() + ":*");
    String id = nextMessageId();
    publishAndAwait(id, PUBLISH, List.of(), bytes(config.topic()),
        bytes("flush\n" + config.instanceId() + "\n" + id));
  }

  /** {@code s} as a literal in a Redis glob pattern. */
  private static String glob(String s) {
    return s.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
  }

  private String nextMessageId() {
    return config.instanceId() + ":" + nonce + ":" + sequence.incrementAndGet();
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
        invalidate(lines);
        reply(origin, id);
      }
      case "wip" -> {
        for (int i = 3; i < lines.length; i++) {
          local.invalidate(lines[i]); // a write is about to start: counted when its "inv" arrives
        }
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

  private void invalidate(String[] lines) {
    Map<CacheFamily, Long> perFamily = new EnumMap<>(CacheFamily.class);
    for (int i = 3; i < lines.length; i++) {
      local.invalidate(lines[i]);
      keys.familyOf(lines[i]).ifPresent(f -> perFamily.merge(f, 1L, Long::sum));
    }
    perFamily.forEach((f, n) -> observer.onEvent(f.id(), CacheObserver.Event.INVALIDATION_RECEIVED, n));
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
}
