package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small HTTP client for the tests: raw bodies in, parsed JSON out. */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  /** The Authorization header to send; null: a root token. */
  private final String authorization;

  Api(URI base) {
    this(base, null);
  }

  private Api(URI base, String authorization) {
    String b = base.toString();
    this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    this.authorization = authorization;
  }

  /** The same API called with {@code authorization} ("Bearer …", or "" for none) instead of a root token. */
  Api as(String authorization) {
    return new Api(URI.create(base), authorization);
  }

  record Res(int status, String body, HttpHeaders headers) {
    JsonNode json() {
      try {
        return body.isEmpty() ? JSON.missingNode() : JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    String code() {
      return json().path("error").path("code").asText();
    }

    List<String> names() {
      return names("name");
    }

    List<String> names(String field) {
      List<String> out = new ArrayList<>();
      json().path("items").forEach(n -> out.add(n.path(field).asText()));
      return out;
    }

    /** Asserts the status and that the body is the documented error JSON with this code. */
    Res isError(int expectedStatus, String expectedCode) {
      assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
      JsonNode error = json().path("error");
      assertThat(error.path("code").asText()).as("code of %s", body).isEqualTo(expectedCode);
      assertThat(error.path("status").asInt()).isEqualTo(expectedStatus);
      assertThat(error.path("message").asText()).isNotBlank();
      assertThat(error.path("requestId").asText()).isNotBlank()
          .isEqualTo(headers.firstValue("X-Request-Id").orElse(null));
      assertThat(body).doesNotContain("Exception").doesNotContain("\tat ");
      return this;
    }

    Res is(int expectedStatus) {
      assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
      return this;
    }
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Res send(String method, String path, String tenant, String body, Map<String, String> headers) {
    // an explicit Authorization header wins over this API's own (none added then), as before
    boolean explicit = headers.keySet().stream().anyMatch("Authorization"::equalsIgnoreCase);
    boolean cachedRoot = authorization == null && !explicit;
    String auth = explicit ? null : cachedRoot ? TestAuth.rootBearer(URI.create(base)) : authorization;
    Res r = send(method, path, tenant, body, headers, auth);
    if (r.status() == 401 && cachedRoot) {
      // The root token is cached per base URL: a server started on a port an earlier test server of this JVM used
      // signs with its own key and refuses the earlier server's token. Fetch one from this server and send again.
      java.util.Optional<String> fresh = TestAuth.refreshRootBearer(URI.create(base), auth);
      if (fresh.isPresent()) {
        r = send(method, path, tenant, body, headers, fresh.get());
      }
    }
    return r;
  }

  private Res send(String method, String path, String tenant, String body, Map<String, String> headers,
      String auth) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (tenant != null) {
      b.header("X-Pangolin-Tenant", tenant);
    }
    if (body != null && headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
      b.header("Content-Type", "application/json");
    }
    if (auth != null && !auth.isEmpty()) {
      b.header("Authorization", auth);
    }
    headers.forEach((k, v) -> {
      if (v != null) {
        b.header(k, v);
      }
    });
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Res(r.statusCode(), r.body() == null ? "" : r.body(), r.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Res get(String path, String tenant) {
    return send("GET", path, tenant, null, Map.of());
  }

  Res head(String path, String tenant) {
    return send("HEAD", path, tenant, null, Map.of());
  }

  Res delete(String path, String tenant) {
    return send("DELETE", path, tenant, null, Map.of());
  }

  Res post(String path, String tenant, String body) {
    return send("POST", path, tenant, body, Map.of());
  }

  Res post(String path, String tenant, Map<String, ?> body) {
    return post(path, tenant, json(body));
  }

  Res patch(String path, String tenant, String body) {
    return send("PATCH", path, tenant, body, Map.of());
  }

  Res patch(String path, String tenant, Map<String, ?> body) {
    return patch(path, tenant, json(body));
  }
}
