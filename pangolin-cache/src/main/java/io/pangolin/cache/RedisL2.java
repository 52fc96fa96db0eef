package io.pangolin.cache;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.redisson.api.RScript;
import org.redisson.api.RScript.Mode;
import org.redisson.api.RScript.ReturnType;

/**
 * The values of the shared cache (L2) in Redis, each read together with its key's generation and write markers, and
 * written back only under the generation it was read with and while no write is marked on the key.
 *
 * <p>Stale write-back guard: a reader reads the value, the generation and whether a write is in flight in one
 * script; on a miss it loads the store and writes the value back only if the generation is still the one it read and
 * no write is marked (compare and set in Lua). A reader that loaded before a write's invalidation
 * ({@link InvalidationBus}, before and after the store write) therefore either writes back before it (and the
 * invalidation deletes the value) or finds a new generation or a marker (and writes nothing). Not used while
 * {@link DegradedMode} says degraded; failures are reported to it and never thrown.
 */
final class RedisL2 {
  private static final System.Logger LOG = System.getLogger(RedisL2.class.getName());

  /** Lua: {@code now} = Redis's clock in milliseconds (markers expire by it, so instances' clocks do not matter). */
  static final String NOW = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      """;
  // KEYS: value, generation, markers; ARGV: field ('' = plain key), '1' to read the value (a shared key)
  private static final String LOOKUP = NOW + """
      local writing = redis.call('ZCOUNT', KEYS[3], now, '+inf')
      local v = false
      if writing == 0 and ARGV[2] == '1' then
        if ARGV[1] == '' then v = redis.call('GET', KEYS[1]) else v = redis.call('HGET', KEYS[1], ARGV[1]) end
      end
      return {v, redis.call('GET', KEYS[2]), writing}
      """;
  private static final String STORE = NOW + """
      if redis.call('ZCOUNT', KEYS[3], now, '+inf') > 0 then return 0 end
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

  private final RScript script;
  private final DegradedMode mode;

  RedisL2(RScript script, DegradedMode mode) {
    this.script = script;
    this.mode = mode;
  }

  /**
   * Reads the generation of {@code key}, whether a write is marked on it, and (a shared key, no write marked) its
   * value; null when Redis cannot be used (degraded or failing).
   */
  RedisShared.Lookup lookup(CacheKey key, String field) {
    if (mode.degraded() || mode.closed()) {
      return null;
    }
    try {
      List<Object> r = script.eval(Mode.READ_ONLY, LOOKUP, ReturnType.LIST,
          List.of(key.id(), key.generationId(), key.markerId()), bytes(field), bytes(key.shared() ? "1" : "0"));
      byte[] value = r.size() > 0 ? (byte[]) r.get(0) : null;
      byte[] generation = r.size() > 1 ? (byte[]) r.get(1) : null;
      boolean writing = r.size() > 2 && r.get(2) instanceof Number n && n.longValue() > 0;
      Object decoded = null;
      if (value != null) {
        try {
          decoded = ValueCodec.decode(value);
        } catch (IllegalArgumentException e) {
          LOG.log(Level.DEBUG, "undecodable L2 value of " + key.id() + " ignored");
        }
      }
      mode.succeeded();
      return new RedisShared.Lookup(decoded,
          generation == null ? "" : new String(generation, StandardCharsets.UTF_8), writing);
    } catch (RuntimeException e) {
      mode.readFailed(e);
      return null;
    }
  }

  /**
   * Writes a loaded value back to L2 (asynchronously) if the key's generation is still {@code generation} and no
   * write is marked on it.
   */
  void store(CacheKey key, String field, String generation, Object value, Duration ttl) {
    if (mode.degraded() || mode.closed()) {
      return;
    }
    try {
      script.evalAsync(Mode.READ_WRITE, STORE, ReturnType.LONG,
          List.of(key.id(), key.generationId(), key.markerId()),
          bytes(generation), bytes(field), ValueCodec.encode(value), bytes(Long.toString(ttl.toMillis())),
          bytes(Integer.toString(LocalCache.MAX_PAGES_PER_LISTING)))
          .whenComplete((r, e) -> {
            if (e != null) {
              mode.readFailed(e);
            }
          });
    } catch (RuntimeException e) {
      mode.readFailed(e);
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
