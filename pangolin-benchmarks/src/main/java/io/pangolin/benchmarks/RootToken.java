package io.pangolin.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's identity on servers that authenticate: every Pangolin server JVM is started with
 * {@code pangolin.auth.bootstrap-credentials} (servers without authentication ignore the key), and a root token is
 * fetched by OAuth2 client credentials. The token lives an hour by default, longer than a benchmark run.
 */
final class RootToken {
  static final String CLIENT_ID = "bench-root";
  static final String SECRET = "bench-root-secret-0123456789";
  static final String BOOTSTRAP = CLIENT_ID + ":" + SECRET;
  private static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

  private RootToken() {}

  /** A root token of the server at {@code authority}, or empty if it issues none (a server without authentication). */
  static Optional<String> fetch(String authority) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + authority + "/v1/oauth/tokens"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + CLIENT_ID
            + "&client_secret=" + SECRET)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      return Optional.empty();
    }
    Matcher m = TOKEN.matcher(r.body());
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
