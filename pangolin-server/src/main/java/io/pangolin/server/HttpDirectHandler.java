package io.pangolin.server;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers the failures Helidon finds before (or outside of) routing — a malformed request line, bad percent-encoding,
 * a request line or header block over the limits, a non-numeric {@code Content-Length}, a body over
 * {@code server.max-payload-size}, an unsupported HTTP version — with a JSON body in the error model of the API the
 * path belongs to ({@link HttpErrors}), instead of Helidon's empty plain responses. The status is Helidon's, except
 * that an oversize header block is 431 (Helidon says 400). The message is ours, per status: Helidon's own messages
 * may quote the request. Every such response closes the connection.
 */
final class HttpDirectHandler implements DirectHandler {
  private static final Logger LOG = Logger.getLogger(HttpDirectHandler.class.getName());

  private final long maxPayloadSize;

  HttpDirectHandler(long maxPayloadSize) {
    this.maxPayloadSize = maxPayloadSize;
  }

  @Override
  public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
      ServerResponseHeaders responseHeaders, String message) {
    int status = defaultStatus == null ? eventType.defaultStatus().code() : defaultStatus.code();
    String helidon = message == null ? "" : message.toLowerCase(Locale.ROOT);
    if (status == 400 && helidon.contains("header size exceeded")) {
      status = 431;
    }
    boolean version = status == 505;
    if (version) {
      // Helidon refuses HTTP/1.0 with 505, which RFC 9110 keeps for an unsupported *major* version; the request is
      // one this server does not take, so it is the client's error: 400, and no 5xx for any input
      status = 400;
    }
    String path = path(request);
    String requestId = HttpErrors.requestId(request == null ? null
        : request.headers().first(HeaderNames.create(RequestIdFilter.HEADER)).orElse(null));
    String text = switch (status) {
      case 400 -> version ? "HTTP version not supported: use HTTP/1.1" : "malformed HTTP request: " + reason(helidon);
      case 413 -> maxPayloadSize > 0
          ? "request body larger than the limit of " + maxPayloadSize + " bytes (server.max-payload-size)"
          : HttpErrors.message(413);
      case 414 -> "request line too long (server.protocols.http_1_1.max-prologue-length)";
      case 431 -> "request headers too large (server.protocols.http_1_1.max-headers-size)";
      default -> HttpErrors.message(status);
    };
    if (status >= 500) {
      LOG.log(Level.WARNING, "request " + requestId + " failed before routing: " + message);
      text = "internal error; see the server log for request " + requestId;
    }
    ServerResponseHeaders headers = responseHeaders == null ? ServerResponseHeaders.create() : responseHeaders;
    headers.set(HeaderValues.CONTENT_TYPE_JSON);
    headers.set(HeaderNames.create(RequestIdFilter.HEADER), requestId);
    headers.set(HeaderValues.CONNECTION_CLOSE);
    return TransportResponse.builder()
        .headers(headers)
        .status(status == 431 ? Status.create(431, "Request Header Fields Too Large") : Status.create(status))
        .entity(HttpErrors.body(path, status, text, requestId))
        .keepAlive(false)
        .build();
  }

  /** The request path, or "" when the request line could not be parsed. */
  private static String path(TransportRequest request) {
    try {
      return request == null || request.path() == null ? "" : request.path();
    } catch (RuntimeException e) {
      return "";
    }
  }

  /** What was wrong, in words of our own (Helidon's messages can carry request bytes). */
  private static String reason(String helidon) {
    if (helidon.contains("content length")) {
      return "invalid Content-Length";
    }
    if (helidon.contains("chunk")) {
      return "invalid chunked encoding";
    }
    if (helidon.contains("host")) {
      return "invalid or missing Host header";
    }
    if (helidon.contains("header")) {
      return "invalid header";
    }
    if (helidon.contains("path") || helidon.contains("uri") || helidon.contains("query")
        || helidon.contains("fragment") || helidon.contains("escape") || helidon.contains("encod")) {
      return "invalid request target (path, query or percent-encoding)";
    }
    if (helidon.contains("protocol") || helidon.contains("prologue")) {
      return "invalid request line";
    }
    return "rejected by the HTTP parser";
  }
}
