package io.pangolin.server;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 framing rules of the whole server, applied by the web server to every request before any route (JAX-RS,
 * health, metrics, OpenAPI) sees it. Helidon 4.4 reads a request body lazily while the application parses it, trusts
 * {@code Transfer-Encoding} over {@code Content-Length}, accepts a negative length, and keeps reading the connection
 * after a response that says {@code Connection: close}; together that let a body smuggle a second request. Here:
 *
 * <ul>
 *   <li>a request with both {@code Content-Length} and {@code Transfer-Encoding}, a {@code Transfer-Encoding} other
 *     than exactly {@code chunked}, or a {@code Content-Length} that is not one decimal number → 400, and the
 *     connection is closed (nothing after the headers is ever read as a request);</li>
 *   <li>the body is read in full before the route runs (into memory; JAX-RS reads it from there), bounded by {@code server.max-payload-size} (larger → 413)
 *     and by {@code pangolin.http.read-timeout-ms} (a body that has not arrived in full by then — a
 *     {@code Content-Length} or chunk size larger than what is sent — ends the connection); a chunk-size line that is
 *     not hexadecimal, or a bad chunk terminator → 400; each of these closes the connection;</li>
 *   <li>a response that says {@code Connection: close} really closes the connection.</li>
 * </ul>
 *
 * <p>Errors are JSON in the error model of the API the path belongs to ({@link HttpErrors}).
 */
final class HttpFramingFilter implements Filter {
  private static final Logger LOG = Logger.getLogger(HttpFramingFilter.class.getName());
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private final Duration readTimeout;
  private final long maxPayloadSize;

  HttpFramingFilter(Duration readTimeout, long maxPayloadSize) {
    this.readTimeout = readTimeout;
    this.maxPayloadSize = maxPayloadSize;
  }

  @Override
  public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
    String framing = framingError(req);
    if (framing != null) {
      reject(req, res, 400, framing);
    }
    if (req.content().hasEntity()) {
      readBody(req, res);
    }
    chain.proceed();
    if (res.isSent() && res.headers().contains(HeaderValues.CONNECTION_CLOSE)) {
      throw new CloseConnectionException("response said Connection: close");
    }
  }

  /** What is wrong with the message framing headers, or null. */
  static String framingError(RoutingRequest req) {
    List<String> te = req.headers().all(HeaderNames.TRANSFER_ENCODING, List::of);
    List<String> cl = req.headers().all(HeaderNames.CONTENT_LENGTH, List::of);
    if (!te.isEmpty() && !cl.isEmpty()) {
      return "a request must not carry both Content-Length and Transfer-Encoding";
    }
    if (!te.isEmpty() && !(te.size() == 1 && te.getFirst().equals("chunked"))) {
      return "unsupported Transfer-Encoding (only 'chunked' is accepted)";
    }
    if (!cl.isEmpty() && !(cl.size() == 1 && DIGITS.matcher(cl.getFirst()).matches())) {
      return "invalid Content-Length (one non-negative decimal number)";
    }
    return null;
  }

  /**
   * Reads the whole body into memory (bounded in size and time) and leaves it in the request's context for JAX-RS
   * ({@link BufferedBodyFilter}), so that no route ever reads from the socket. A failed read is never continued: the
   * connection is answered and closed.
   */
  private void readBody(RoutingRequest req, RoutingResponse res) {
    Guard guard = new Guard(Thread.currentThread());
    guard.timer = TIMER.schedule(guard::expire, readTimeout.toMillis(), TimeUnit.MILLISECONDS);
    RuntimeException failure = null;
    byte[] body = null;
    try {
      body = read(req.content().inputStream());
    } catch (CloseConnectionException e) {
      if (!guard.expired) {
        throw e;
      }
      failure = e;
    } catch (RuntimeException e) {
      failure = e;
    } catch (IOException e) {
      failure = new UncheckedIOException(e);
    } finally {
      guard.disarm();
    }
    if (failure == null) {
      req.context().register(new BufferedBody(body));
      return;
    }
    if (guard.expired) {
      LOG.log(Level.FINE, "request body not received within " + readTimeout.toMillis() + " ms", failure);
      // the interrupt closed the socket if it hit a blocked read; answer if the connection still takes it
      reject(req, res, 408, "the request body did not arrive within " + readTimeout.toMillis()
          + " ms (pangolin.http.read-timeout-ms)");
    }
    if (failure instanceof BodyTooLarge
        || failure instanceof RequestException re && re.status().code() == 413) {
      reject(req, res, 413, maxPayloadSize > 0
          ? "request body larger than the limit of " + maxPayloadSize + " bytes (server.max-payload-size)"
          : "request body too large");
    }
    if (failure instanceof RequestException || failure instanceof IllegalArgumentException
        || failure instanceof IllegalStateException) {
      reject(req, res, 400, "malformed request body framing (invalid chunked encoding)");
    }
    LOG.log(Level.FINE, "request body could not be read", failure);
    // the peer went away or the socket failed: nothing to answer
    throw new CloseConnectionException("request body could not be read", failure);
  }

  /** Reads {@code in} to its end, at most {@code maxPayloadSize} bytes; never closes it (closing reads on). */
  private byte[] read(InputStream in) throws IOException {
    long limit = maxPayloadSize > 0 ? maxPayloadSize : Integer.MAX_VALUE - 8;
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    byte[] buffer = new byte[8192];
    for (int n; (n = in.read(buffer)) != -1; ) {
      if (out.size() + (long) n > limit) {
        throw new BodyTooLarge();
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /** The body of a request, read in full by the filter; JAX-RS reads it from here. */
  record BufferedBody(byte[] bytes) {}

  private static final class BodyTooLarge extends RuntimeException {
    BodyTooLarge() {
      super("request body too large", null, false, false);
    }
  }

  /** Answers {@code status} with a JSON error and closes the connection. Never returns normally. */
  private static void reject(RoutingRequest req, RoutingResponse res, int status, String message) {
    String requestId = HttpErrors.requestId(req.headers().first(HeaderNames.create(RequestIdFilter.HEADER))
        .orElse(null));
    try {
      if (!res.isSent()) {
        res.status(Status.create(status))
            .header(HeaderValues.CONTENT_TYPE_JSON)
            .header(HeaderNames.create(RequestIdFilter.HEADER), requestId)
            .header(HeaderValues.CONNECTION_CLOSE)
            .send(HttpErrors.body(req.prologue().uriPath().rawPath(), status, message, requestId));
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "could not answer a rejected request", e);
    }
    throw new CloseConnectionException("request rejected (" + status + "): " + message);
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1,
        Thread.ofPlatform().name("pangolin-body-read-timeout").daemon().factory());
    t.setRemoveOnCancelPolicy(true);
    return t;
  }

  /**
   * The read deadline of one body: when it expires while the body is still being read, the reading (virtual)
   * thread is interrupted, which closes its socket and ends the blocked read. The lock makes sure that an interrupt
   * never lands after the read finished.
   */
  private static final class Guard {
    private final Thread thread;
    private volatile ScheduledFuture<?> timer;
    private boolean reading = true;
    private volatile boolean expired;

    Guard(Thread thread) {
      this.thread = thread;
    }

    synchronized void expire() {
      if (reading) {
        expired = true;
        thread.interrupt();
      }
    }

    void disarm() {
      synchronized (this) {
        reading = false;
      }
      ScheduledFuture<?> t = timer;
      if (t != null) {
        t.cancel(false);
      }
      if (expired) {
        Thread.interrupted(); // clear the flag: the connection is answered (or gone), the thread lives on
      }
    }
  }
}
