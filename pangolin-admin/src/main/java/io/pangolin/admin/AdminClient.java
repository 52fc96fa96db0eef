package io.pangolin.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The management API over HTTP: JSON in and out, the bearer token (given, or fetched once by OAuth2 client credentials
 * from {@code POST /v1/oauth/tokens}), the tenant header for root. Error answers become {@link AdminException.ApiError}
 * with the server's message; an unreachable server becomes exit code {@link ExitCodes#SERVER}.
 *
 * <p>Read-your-writes across server instances: the last {@value #CONSISTENCY} token a server answered (on a
 * successful write) is sent on every later request of the same client, so a read after a write sees it even when a
 * load balancer sends it to another instance whose replica lags.
 */
final class AdminClient {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CONSISTENCY = "X-Pangolin-Consistency";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final Settings settings;
  private final Duration timeout;
  private final HttpClient http;
  private String token;
  private String consistency;

  AdminClient(Settings settings, Duration timeout) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  /** A path segment, percent-encoded (a {@code /} inside a name becomes {@code %2F}). */
  static String seg(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A query string of the non-null values ({@code ""} when there are none). */
  static String query(Map<String, ?> params) {
    StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
    params.forEach((k, v) -> {
      if (v instanceof Iterable<?> many) {
        many.forEach(one -> q.add(seg(k) + "=" + seg(String.valueOf(one))));
      } else if (v != null) {
        q.add(seg(k) + "=" + seg(String.valueOf(v)));
      }
    });
    return q.toString();
  }

  /** An ordered parameter map; null values are left out by {@link #query}. */
  static Map<String, Object> params(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  JsonNode get(String pathAndQuery) {
    return send("GET", pathAndQuery, null);
  }

  JsonNode post(String path, JsonNode body) {
    return send("POST", path, body);
  }

  JsonNode patch(String path, JsonNode body) {
    return send("PATCH", path, body);
  }

  JsonNode delete(String path) {
    return send("DELETE", path, null);
  }

  /** Sends one request; the parsed JSON answer (an empty object for 204). */
  private JsonNode send(String method, String pathAndQuery, JsonNode body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.url() + pathAndQuery)).timeout(timeout)
        .header("Accept", "application/json");
    bearer().ifPresent(t -> b.header("Authorization", "Bearer " + t));
    settings.tenant().ifPresent(t -> b.header("X-Pangolin-Tenant", t));
    if (consistency != null) {
      b.header(CONSISTENCY, consistency);
    }
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(write(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r = exchange(b.build());
    if (r.statusCode() >= 400) {
      throw apiError(r);
    }
    r.headers().firstValue(CONSISTENCY).ifPresent(t -> consistency = t);
    if (r.body() == null || r.body().isBlank()) {
      return object();
    }
    try {
      return JSON.readTree(r.body());
    } catch (JsonProcessingException e) {
      throw new AdminException(ExitCodes.SERVER, "the server answered " + r.statusCode() + " with a body that is not "
          + "JSON");
    }
  }

  /** The token to send: the given one, else one fetched by client credentials, else none (the server says 401). */
  private Optional<String> bearer() {
    if (settings.token().isPresent()) {
      return settings.token();
    }
    if (settings.clientId().isEmpty()) {
      return Optional.empty();
    }
    if (token == null) {
      token = fetchToken(settings.clientId().get(), settings.clientSecret().orElseThrow());
    }
    return Optional.of(token);
  }

  private String fetchToken(String clientId, String clientSecret) {
    String form = "grant_type=client_credentials&client_id=" + seg(clientId) + "&client_secret=" + seg(clientSecret)
        + "&scope=catalog";
    HttpResponse<String> r = exchange(HttpRequest.newBuilder(URI.create(settings.url() + "/v1/oauth/tokens"))
        .timeout(timeout).header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(form)).build());
    JsonNode n = parseQuietly(r.body());
    if (r.statusCode() == 200 && n.path("access_token").isTextual()) {
      return n.path("access_token").asText();
    }
    // OAuth2 error body: {"error": "invalid_client", "error_description": "..."}; never repeats the secret
    String why = n.path("error_description").asText(n.path("error").asText("HTTP " + r.statusCode()));
    int code = r.statusCode() >= 500 ? ExitCodes.SERVER : ExitCodes.AUTH;
    throw new AdminException(code, "login with client credentials of '" + clientId + "' failed: " + why
        + " (HTTP " + r.statusCode() + ")");
  }

  private HttpResponse<String> exchange(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw new AdminException(ExitCodes.SERVER, "no answer from " + settings.url() + " within " + timeout.toSeconds()
          + " s", e);
    } catch (ConnectException e) {
      throw new AdminException(ExitCodes.SERVER, "cannot connect to " + settings.url() + " (is the server running?)",
          e);
    } catch (IOException e) {
      throw new AdminException(ExitCodes.SERVER, "request to " + settings.url() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdminException(ExitCodes.SERVER, "interrupted", e);
    }
  }

  /** The management error model {@code {"error":{"code","message","status","requestId"}}}, or a plain status. */
  private AdminException.ApiError apiError(HttpResponse<String> r) {
    JsonNode e = parseQuietly(r.body()).path("error");
    String message = e.path("message").asText("");
    if (message.isEmpty()) {
      message = "request failed";
    }
    if (r.statusCode() == 401 && settings.token().isEmpty() && settings.clientId().isEmpty()) {
      message = message + " (no credentials given: use --token, or --client-id and --client-secret, or their "
          + "environment variables or config file keys)";
    }
    String requestId = e.path("requestId").asText(r.headers().firstValue("X-Request-Id").orElse(""));
    return new AdminException.ApiError(r.statusCode(), e.path("code").asText(""), message, requestId);
  }

  private static JsonNode parseQuietly(String body) {
    try {
      JsonNode n = body == null || body.isBlank() ? null : JSON.readTree(body);
      return n == null ? object() : n;
    } catch (JsonProcessingException e) {
      return object();
    }
  }

  static String write(JsonNode body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
