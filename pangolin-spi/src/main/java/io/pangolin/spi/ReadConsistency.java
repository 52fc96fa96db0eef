package io.pangolin.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Read-your-writes across instances: the consistency token of one request, carried on its thread.
 *
 * <p>A store that can name the position of a committed write (PostgreSQL: the primary's WAL position after the
 * commit) reports it with {@link #wrote} — or, to spare a round trip after every write, with {@link #wroteBefore}, a
 * reader of a position at or past the commit that runs once, when the token is asked for; the server hands
 * {@link #lastWrite()} to the client as the
 * {@code X-Pangolin-Consistency} response header. A request that carries a token back opens its scope with
 * {@link #open(Optional)}; a store with read replicas then serves its reads from a replica only once that replica
 * has replayed at least {@link #required()}, else from the primary. Stores without such positions (memory, MongoDB)
 * never call {@link #wrote}, so no token is issued, and ignore {@link #required()}.
 *
 * <p>The token is the position in PostgreSQL's text form {@code X/Y} (two hexadecimal numbers of at most 8 digits).
 * The scope is per thread because a request runs on one thread from its filters to the store; decorators
 * (tenancy, timing) need no change to forward it. A cache must not answer a read with {@link #required()} above 0
 * from an entry that may predate the token's write (pangolin-cache sends such reads to the store).
 */
public final class ReadConsistency {
  private static final Pattern TOKEN = Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");
  private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

  /** What one request requires and what it wrote. */
  private static final class Scope {
    final long required;
    long lastWrite = -1;
    /** Readers of positions at or past writes committed in this scope, not read yet (one per store). */
    final List<LongSupplier> unread = new ArrayList<>(1);

    Scope(long required) {
      this.required = required;
    }
  }

  private ReadConsistency() {}

  /**
   * Parses a token.
   *
   * @return the position, or empty if {@code token} is not of the form {@code X/Y}
   */
  public static Optional<Long> parse(String token) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      return Optional.empty();
    }
    int slash = token.indexOf('/');
    return Optional.of((Long.parseLong(token.substring(0, slash), 16) << 32)
        | Long.parseLong(token.substring(slash + 1), 16));
  }

  /** Renders a position as a token. */
  public static String format(long position) {
    return Long.toHexString(position >>> 32).toUpperCase() + "/" + Long.toHexString(position & 0xFFFFFFFFL)
        .toUpperCase();
  }

  /** Starts this thread's scope (replacing any earlier one) with the position its reads must see, if any. */
  public static void open(Optional<Long> required) {
    CURRENT.set(new Scope(required.orElse(0L)));
  }

  /**
   * Runs {@code read} so that every store read in it goes to the primary (no replica: none has replayed
   * {@link Long#MAX_VALUE}) and past every cache ({@link #required()} above 0), then restores this thread's scope as
   * it was, keeping any write position recorded inside. For reads that decide a write (a commit's requirement checks,
   * whether a lost write was ours, a start-up race) and for filling a shared cache, which must never be filled from a
   * lagging replica.
   */
  public static <T> T fromPrimary(Supplier<T> read) {
    Scope outer = CURRENT.get();
    Scope inner = new Scope(Long.MAX_VALUE);
    CURRENT.set(inner);
    try {
      return read.get();
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        outer.lastWrite = Math.max(outer.lastWrite, inner.lastWrite);
        inner.unread.forEach(r -> addUnread(outer, r));
        CURRENT.set(outer);
      }
    }
  }

  /** Whether this thread's reads must come from the primary (inside {@link #fromPrimary}). */
  public static boolean primaryRequired() {
    return required() == Long.MAX_VALUE;
  }

  /** Ends this thread's scope. */
  public static void close() {
    CURRENT.remove();
  }

  /** Whether a scope is open on this thread (a store may then spend a round trip to learn its write position). */
  public static boolean active() {
    return CURRENT.get() != null;
  }

  /** The position this thread's reads must see (0: none). */
  public static long required() {
    Scope s = CURRENT.get();
    return s == null ? 0 : s.required;
  }

  /** Records the position of a write committed on this thread. */
  public static void wrote(long position) {
    Scope s = CURRENT.get();
    if (s != null) {
      s.lastWrite = Math.max(s.lastWrite, position);
    }
  }

  /**
   * Records that a write committed on this thread without reading its position: {@code position} reads one at or past
   * it (any position of the same database read after the commit is), and {@link #lastWrite()} runs it once, when the
   * token is asked for — one round trip per request instead of one per write. The same reader registered twice (a
   * store's, for its second write) runs once. It returns a negative number when it cannot tell; no token then comes of
   * it.
   */
  public static void wroteBefore(LongSupplier position) {
    Scope s = CURRENT.get();
    if (s != null) {
      addUnread(s, position);
    }
  }

  private static void addUnread(Scope s, LongSupplier position) {
    for (LongSupplier r : s.unread) {
      if (r == position) {
        return;
      }
    }
    s.unread.add(position);
  }

  /**
   * The token of the last write committed on this thread in the current scope, if the store reported one. Reads the
   * positions recorded with {@link #wroteBefore} first (once).
   */
  public static Optional<String> lastWrite() {
    Scope s = CURRENT.get();
    if (s == null) {
      return Optional.empty();
    }
    for (LongSupplier r : s.unread) {
      s.lastWrite = Math.max(s.lastWrite, r.getAsLong());
    }
    s.unread.clear();
    return s.lastWrite < 0 ? Optional.empty() : Optional.of(format(s.lastWrite));
  }
}
