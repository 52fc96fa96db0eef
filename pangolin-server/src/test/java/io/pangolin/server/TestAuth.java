package io.pangolin.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Credentials of the tests: the root principal every test server bootstraps (surefire sets
 * {@code pangolin.auth.bootstrap-credentials}; {@link ServerProcess} passes it to server JVMs), and tokens fetched
 * through the real token endpoint.
 */
final class TestAuth {
  static final String ROOT_ID = "test-root";
  static final String ROOT_SECRET = "test-root-secret-0123456789";
  static final String BOOTSTRAP = ROOT_ID + ":" + ROOT_SECRET;
  private static final Map<String, String> ROOT_TOKENS = new ConcurrentHashMap<>();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestAuth() {}

  /** A root token for the server at {@code base} (fetched once per server). */
  static String rootToken(URI base) {
    return ROOT_TOKENS.computeIfAbsent(base.toString(), b -> token(base, ROOT_ID, ROOT_SECRET));
  }

  /**
   * Replaces the cached root token of {@code base} when it is still {@code refused} (a server now on the port of an
   * earlier one signs with another key); empty when this server issues no root token either.
   */
  static java.util.Optional<String> refreshRootBearer(URI base, String refused) {
    try {
      String token = ROOT_TOKENS.compute(base.toString(),
          (b, cached) -> cached != null && !refused.equals("Bearer " + cached) ? cached
              : token(base, ROOT_ID, ROOT_SECRET));
      return java.util.Optional.of("Bearer " + token);
    } catch (RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  /** {@code Authorization} header value with a root token. */
  static String rootBearer(URI base) {
    return "Bearer " + rootToken(base);
  }

  /** A token by client credentials. */
  static String token(URI base, String clientId, String secret) {
    String b = base.toString().endsWith("/") ? base.toString() : base + "/";
    String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
        + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8) + "&scope=catalog";
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(b + "v1/oauth/tokens"))
          .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("token request failed: " + r.statusCode() + " " + r.body());
      }
      JsonNode n = JSON.readTree(r.body());
      return n.path("access_token").asText();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Iceberg REST client properties that authenticate as root with client credentials. */
  static Map<String, String> rootClient(Map<String, String> props) {
    Map<String, String> all = new HashMap<>(props);
    all.put("credential", BOOTSTRAP);
    all.put("scope", "catalog");
    return all;
  }
}
