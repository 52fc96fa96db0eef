package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Rate limits: two packaged server instances share their limits through a redis-server of this test's own; a third
 * instance without Redis counts its own. Limits are set per minute, so the counts are exact on a slow machine too
 * (each test's counted requests take well under a second).
 */
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class RateLimitIT {
  private static final Duration BOUND = Duration.ofSeconds(90);
  private static final int PER_PRINCIPAL = 6;
  private static final int PER_ADDRESS_AUTH = 4;

  private RedisServerProcess redis;
  private ServerProcess a;
  private ServerProcess b;
  private ServerProcess solo;
  private final String tenant = "rl-" + ProcessHandle.current().pid();
  private final String database = "pangolin_rl_it_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

  private Map<String, String> settings(boolean shared) {
    Map<String, String> s = new HashMap<>();
    s.put("pangolin.rate-limit.interval-s", "60");
    s.put("pangolin.rate-limit.management.per-principal", Integer.toString(PER_PRINCIPAL));
    s.put("pangolin.rate-limit.iceberg.per-principal", Integer.toString(PER_PRINCIPAL));
    s.put("pangolin.rate-limit.auth.per-address", Integer.toString(PER_ADDRESS_AUTH));
    // root is a principal like any other: the fixture makes few root calls, and each test uses its own principal
    if (shared) {
      s.put("pangolin.rate-limit.redis-address", redis.address());
      s.put("pangolin.store.type", "postgres");
      s.put("pangolin.store.postgres.url", "jdbc:postgresql://127.0.0.1:5432/" + database);
      s.put("pangolin.store.postgres.user", "postgres");
      s.put("pangolin.store.postgres.maintenance-interval-s", "0");
    }
    return s;
  }

  @BeforeAll
  void start() throws Exception {
    Path work = Files.createTempDirectory("pangolin-rl");
    redis = new RedisServerProcess(ServerProcess.freePort(), work.resolve("redis"));
    redis.start();
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + database);
    }
    a = ServerProcess.start("rl-a", settings(true), work);
    b = ServerProcess.start("rl-b", settings(true), work);
    solo = ServerProcess.start("rl-solo", settings(false), work);
    a.awaitReady(BOUND);
    b.awaitReady(BOUND);
    solo.awaitReady(BOUND);
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {a, b, solo, redis}) {
      if (c != null) {
        c.close();
      }
    }
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  /** A fresh service principal of a fresh tenant on {@code server}: client id and secret (2 root calls). */
  private String[] principal(ServerProcess server, String name) {
    String t = tenant + "-" + name;
    Api root = new Api(server.uri()).as(TestAuth.rootBearer(server.uri()));
    root.post("/api/v1/tenants", null, Map.of("name", t)).is(201);
    JsonNode c = root.post("/api/v1/service-users", t, Map.of("name", name, "roles", List.of("tenant-user")))
        .is(201).json();
    return new String[] {c.path("clientId").asText(), c.path("clientSecret").asText()};
  }

  /** The principal's API on {@code server}, with a token that server issued (1 token request). */
  private static Api as(ServerProcess server, String[] credentials) {
    return new Api(server.uri()).as("Bearer " + TestAuth.token(server.uri(), credentials[0], credentials[1]));
  }

  @Test
  @Order(1)
  void perPrincipal_isSharedAcrossInstancesThroughRedis() {
    String[] credentials = principal(a, "shared");
    Api onA = as(a, credentials);
    Api onB = as(b, credentials); // the same principal (one store), a token of the other instance
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < PER_PRINCIPAL * 2; i++) {
      statuses.add((i % 2 == 0 ? onA : onB).get("/api/v1/catalogs", null).status());
    }
    // both instances count against one budget: exactly PER_PRINCIPAL requests pass, on either instance
    assertThat(statuses.stream().filter(s -> s == 200).count()).as(statuses.toString()).isEqualTo(PER_PRINCIPAL);
    assertThat(statuses.stream().filter(s -> s == 429).count()).as(statuses.toString()).isEqualTo(PER_PRINCIPAL);
    Api.Res refused = onB.get("/api/v1/catalogs", null);
    refused.isError(429, "RATE_LIMITED");
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");
    Api.Res iceberg = onA.get("/v1/config", null);
    // the Iceberg family has a budget of its own (400: no warehouse named; what matters is that it is not a 429)
    assertThat(iceberg.status()).as(iceberg.body()).isEqualTo(400);
  }

  @Test
  @Order(2)
  void perPrincipal_onTheIcebergApi_answersInTheIcebergErrorModel() {
    Api p = as(solo, principal(solo, "ice"));
    int ok = 0;
    Api.Res last = null;
    for (int i = 0; i < PER_PRINCIPAL + 2; i++) {
      last = p.get("/v1/config", null); // 400 (no warehouse named) until the limit; every request counts
      ok += last.status() == 400 ? 1 : 0;
    }
    assertThat(ok).isEqualTo(PER_PRINCIPAL);
    assertThat(last.status()).isEqualTo(429);
    JsonNode error = last.json().path("error");
    assertThat(error.path("code").asInt()).isEqualTo(429);
    assertThat(error.path("type").asText()).isEqualTo("TooManyRequestsException");
    assertThat(error.path("message").asText()).contains("too many requests");
    assertThat(last.headers().firstValue("Retry-After")).hasValue("60");
  }

  @Test
  @Order(3) // last: it spends what is left of 127.0.0.1's token-endpoint budget on the shared instances
  void perAddress_onTheTokenEndpoint_limitsGuessingWithoutCheckingCredentials() {
    // the earlier tests already fetched tokens from 127.0.0.1 on `a` and `b` (one budget, shared through Redis), so
    // at most PER_ADDRESS_AUTH of these attempts are even checked, and at least twice that many are refused
    ServerProcess s = b;
    int ok = 0;
    int refused = 0;
    for (int i = 0; i < PER_ADDRESS_AUTH * 3; i++) {
      Api.Res r = new Api(s.uri()).as("").send("POST", "/v1/oauth/tokens", null,
          "grant_type=client_credentials&client_id=nobody&client_secret=wrong-" + i,
          Map.of("Content-Type", "application/x-www-form-urlencoded"));
      if (r.status() == 429) {
        refused++;
        assertThat(r.json().path("error").path("type").asText()).isEqualTo("TooManyRequestsException");
      } else {
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        ok++;
      }
    }
    assertThat(ok).isLessThanOrEqualTo(PER_ADDRESS_AUTH);
    assertThat(refused).isGreaterThanOrEqualTo(PER_ADDRESS_AUTH * 2);
  }
}
