package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import io.pangolin.server.Api.Res;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The management API end to end over HTTP, against the real engine and the in-memory store, in one Helidon
 * container. Every test works in its own tenant(s), so the tests do not depend on each other's data.
 */
@HelidonTest
@AddConfig(key = "pangolin.limits.max-namespace-depth", value = "3")
@AddConfig(key = "pangolin.limits.max-tables-per-namespace", value = "3")
@AddConfig(key = "pangolin.limits.max-users-per-tenant", value = "2")
class ManagementApiTest {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final String TENANTS = "/api/v1/tenants";
  private static final String WAREHOUSES = "/api/v1/warehouses";
  private static final String CATALOGS = "/api/v1/catalogs";
  private static final String USERS = "/api/v1/users";
  private static final String NS = CATALOGS + "/prod/namespaces";
  private static final String ASSETS = NS + "/sales/assets";
  private static final String LONG_NAME = "n".repeat(10_000);

  @Inject
  WebTarget target;

  private Api api;

  @BeforeEach
  void client() {
    api = new Api(target.getUri());
  }

  /** A fresh tenant with warehouse {@code lake}, catalog {@code prod} and namespace {@code sales}. */
  private String seed() {
    String t = newTenant();
    api.post(WAREHOUSES, t, Map.of("name", "lake", "storageRoot", "file:///tmp/pangolin-test/" + t)).is(201);
    api.post(CATALOGS, t, Map.of("name", "prod", "warehouse", "lake")).is(201);
    api.post(NS, t, Map.of("name", "sales")).is(201);
    return t;
  }

  private String newTenant() {
    String t = "t" + SEQ.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 100_000, 36);
    api.post(TENANTS, null, Map.of("name", t)).is(201);
    return t;
  }

  // ---------------------------------------------------------------------------------------------------- walkthrough

  @Test
  void walkthrough_everyRoute_createsListsUpdatesSearchesAuditsAndDeletes() {
    // tenant administration
    String t = "walk-" + SEQ.incrementAndGet();
    Res created = api.post(TENANTS, null, Map.of("name", t, "properties", Map.of("tier", "gold"))).is(201);
    assertThat(created.json().path("name").asText()).isEqualTo(t);
    assertThat(created.headers().firstValue("Location").orElseThrow()).endsWith(TENANTS + "/" + t);
    assertThat(Instant.parse(created.json().path("createdAt").asText())).isNotNull();
    assertThat(api.get(TENANTS + "/" + t, null).is(200).json().path("properties").path("tier").asText())
        .isEqualTo("gold");
    assertThat(api.get(TENANTS + "?pageSize=1000", null).is(200).names()).contains(t);
    JsonNode patchedTenant = api.patch(TENANTS + "/" + t, null,
        Map.of("updates", Map.of("region", "eu"), "removals", List.of("tier"))).is(200).json();
    assertThat(patchedTenant.path("properties").has("tier")).isFalse();
    assertThat(patchedTenant.path("properties").path("region").asText()).isEqualTo("eu");

    // warehouse
    JsonNode wh = api.post(WAREHOUSES, t, Map.of("name", "lake", "storageRoot", "file:///tmp/pangolin-walk",
        "storageProperties", Map.of("region", "eu-west-1"))).is(201).json();
    assertThat(wh.path("storageRoot").asText()).isEqualTo("file:///tmp/pangolin-walk");
    assertThat(api.get(WAREHOUSES, t).is(200).names()).containsExactly("lake");
    assertThat(api.get(WAREHOUSES + "/lake", t).is(200).json().path("storageProperties").path("region").asText())
        .isEqualTo("eu-west-1");
    JsonNode whPatched = api.patch(WAREHOUSES + "/lake", t,
        Map.of("updates", Map.of("endpoint", "http://minio:9000"), "removals", List.of("region"))).is(200).json();
    assertThat(whPatched.path("storageProperties").path("endpoint").asText()).isEqualTo("http://minio:9000");
    assertThat(whPatched.path("storageProperties").has("region")).isFalse();

    // catalog
    api.post(CATALOGS, t, Map.of("name", "prod", "warehouse", "lake", "properties", Map.of("owner", "data")))
        .is(201);
    assertThat(api.get(CATALOGS, t).is(200).names()).containsExactly("prod");
    assertThat(api.get(CATALOGS + "/prod", t).is(200).json().path("warehouse").asText()).isEqualTo("lake");
    assertThat(api.patch(CATALOGS + "/prod", t, Map.of("updates", Map.of("env", "production"))).is(200).json()
        .path("properties").path("env").asText()).isEqualTo("production");

    // nested namespaces a → a.b
    api.post(NS, t, Map.of("name", "a")).is(201);
    JsonNode ab = api.post(NS, t, Map.of("name", "a.b", "properties", Map.of("owner", "x"))).is(201).json();
    assertThat(ab.path("name").asText()).isEqualTo("a.b");
    assertThat(ab.path("levels")).hasSize(2);
    api.post(NS, t, Map.of("name", "z")).is(201);
    assertThat(api.get(NS, t).is(200).names()).containsExactly("a", "z");
    assertThat(api.get(NS + "?parent=a", t).is(200).names()).containsExactly("a.b");
    assertThat(api.get(NS + "?parent=a.b", t).is(200).names()).isEmpty();
    assertThat(api.get(NS + "/a.b", t).is(200).json().path("properties").path("owner").asText()).isEqualTo("x");
    api.head(NS + "/a.b", t).is(204);
    api.head(NS + "/a.nope", t).is(404);
    JsonNode nsPatch = api.patch(NS + "/a.b", t,
        Map.of("updates", Map.of("k", "v"), "removals", List.of("owner", "absent"))).is(200).json();
    assertThat(nsPatch.path("updated").toString()).isEqualTo("[\"k\"]");
    assertThat(nsPatch.path("removed").toString()).isEqualTo("[\"owner\"]");
    assertThat(nsPatch.path("missing").toString()).isEqualTo("[\"absent\"]");
    assertThat(nsPatch.path("namespace").path("properties").path("k").asText()).isEqualTo("v");

    // assets of several kinds
    String ab2 = NS + "/a.b/assets";
    JsonNode table = api.post(ab2, t, Map.of("name", "orders", "kind", "ICEBERG_TABLE",
        "metadataLocation", "file:///tmp/pangolin-walk/orders/metadata/v1.metadata.json",
        "properties", Map.of("format", "parquet"))).is(201).json();
    assertThat(table.path("kind").asText()).isEqualTo("ICEBERG_TABLE");
    assertThat(table.path("namespace").asText()).isEqualTo("a.b");
    assertThat(table.path("location").asText()).startsWith("file:///tmp/pangolin-walk/");
    assertThat(table.path("metadataLocation").asText()).endsWith("v1.metadata.json");
    api.post(ab2, t, Map.of("name", "raw_csv", "kind", "csv", "location", "file:///tmp/pangolin-walk/raw/csv"))
        .is(201);
    JsonNode model = api.post(ab2, t, Map.of("name", "churn", "kind", "ML_MODEL",
        "properties", Map.of("framework", "xgboost"))).is(201).json();
    assertThat(model.path("metadataLocation").isNull()).isTrue();
    assertThat(api.get(ab2, t).is(200).names()).containsExactly("churn", "orders", "raw_csv");
    assertThat(api.get(ab2 + "?kind=iceberg_table", t).is(200).names()).containsExactly("orders");
    assertThat(api.get(ab2 + "/orders", t).is(200).json().path("id").asText()).isEqualTo(table.path("id").asText());
    api.head(ab2 + "/orders", t).is(204);
    api.head(ab2 + "/nope", t).is(404);
    assertThat(api.patch(ab2 + "/orders", t, Map.of("updates", Map.of("owner", "sales"), "removals",
        List.of("format"))).is(200).json().path("properties").toString()).isEqualTo("{\"owner\":\"sales\"}");

    // rename into another namespace keeps the identity
    JsonNode renamed = api.post(ab2 + "/orders/rename", t, Map.of("namespace", "a", "name", "orders_v2")).is(200)
        .json();
    assertThat(renamed.path("id").asText()).isEqualTo(table.path("id").asText());
    assertThat(renamed.path("namespace").asText()).isEqualTo("a");
    api.get(ab2 + "/orders", t).isError(404, "NOT_FOUND");
    api.get(NS + "/a/assets/orders_v2", t).is(200);

    // search
    assertThat(api.get("/api/v1/search?q=ORDERS", t).is(200).names()).containsExactly("orders_v2");
    assertThat(api.get("/api/v1/search?kind=ml_model", t).is(200).names()).containsExactly("churn");
    assertThat(api.get("/api/v1/search?catalog=prod&property=framework=xgboost", t).is(200).names())
        .containsExactly("churn");
    assertThat(api.get("/api/v1/search?property=owner", t).is(200).names()).containsExactly("orders_v2");
    assertThat(api.get("/api/v1/search?catalog=other", t).is(200).names()).isEmpty();

    // users
    api.post(USERS, t, Map.of("name", "alice", "email", "alice@example.com")).is(201);
    assertThat(api.get(USERS, t).is(200).names()).containsExactly("alice");
    assertThat(api.patch(USERS + "/alice", t, Map.of("email", "a@example.org", "updates", Map.of("team", "bi")))
        .is(200).json().path("email").asText()).isEqualTo("a@example.org");
    assertThat(api.get(USERS + "/alice", t).is(200).json().path("properties").path("team").asText())
        .isEqualTo("bi");

    // audit: the acting principal is recorded, filters and count agree
    JsonNode bob = api.post("/api/v1/service-users", t, Map.of("name", "bob", "roles", List.of("tenant-writer")))
        .is(201).json();
    assertThat(bob.path("clientSecret").asText()).hasSizeGreaterThan(30);
    String bobToken = TestAuth.token(target.getUri(), bob.path("clientId").asText(), bob.path("clientSecret").asText());
    api.send("POST", NS, t, Api.json(Map.of("name", "audited")), Map.of("Authorization", "Bearer " + bobToken,
        "X-Request-Id", "req-audit-1")).is(201);
    assertThat(api.get("/api/v1/audit?actor=bob&action=auth.authenticate", t).is(200).json().path("items"))
        .hasSize(1);
    JsonNode bobs = api.get("/api/v1/audit?actor=bob&action=namespace.create", t).is(200).json().path("items");
    assertThat(bobs).hasSize(1);
    assertThat(bobs.get(0).path("action").asText()).isEqualTo("namespace.create");
    assertThat(bobs.get(0).path("requestId").asText()).isEqualTo("req-audit-1");
    assertThat(bobs.get(0).path("result").asText()).isEqualTo("SUCCESS");
    long all = api.get("/api/v1/audit/count", t).is(200).json().path("count").asLong();
    assertThat(all).isGreaterThanOrEqualTo(15);
    assertThat(api.get("/api/v1/audit?pageSize=1000", t).is(200).json().path("items")).hasSize((int) all);
    assertThat(api.get("/api/v1/audit/count?resourceType=asset&result=success", t).is(200).json().path("count")
        .asLong()).isGreaterThanOrEqualTo(5);
    assertThat(api.get("/api/v1/audit/count?from=2999-01-01T00:00:00Z", t).is(200).json().path("count").asLong())
        .isZero();
    assertThat(api.get("/api/v1/audit/count?to=2000-01-01T00:00:00Z", t).is(200).json().path("count").asLong())
        .isZero();

    // deletes, children first; a non-empty parent is a conflict
    api.delete(NS + "/a.b", t).isError(409, "CONFLICT");
    api.delete(ab2 + "/churn", t).is(204);
    api.delete(ab2 + "/raw_csv", t).is(204);
    api.delete(NS + "/a/assets/orders_v2", t).is(204);
    api.delete(NS + "/a.b", t).is(204);
    api.get(NS + "/a.b", t).isError(404, "NOT_FOUND");
    for (String ns : List.of("a", "z", "audited")) {
      api.delete(NS + "/" + ns, t).is(204);
    }
    api.delete(CATALOGS + "/prod", t).is(204);
    api.get(CATALOGS + "/prod", t).isError(404, "NOT_FOUND");
    api.delete(WAREHOUSES + "/lake", t).is(204);
    api.delete(USERS + "/alice", t).is(204);
    api.get(USERS + "/alice", t).isError(404, "NOT_FOUND");
    api.delete(TENANTS + "/" + t, null).is(204);
    api.get(TENANTS + "/" + t, null).isError(404, "NOT_FOUND");
    api.get(WAREHOUSES, t).isError(404, "NOT_FOUND");
  }

  @Test
  void paging_walksEveryItemOnceThroughNextPageTokens() {
    String t = newTenant();
    for (int i = 0; i < 5; i++) {
      api.post(WAREHOUSES, t, Map.of("name", "w" + i, "storageRoot", "s3://bucket/w" + i)).is(201);
    }
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      Res page = api.get(WAREHOUSES + "?pageSize=2" + (token == null ? "" : "&pageToken=" + token), t).is(200);
      seen.addAll(page.names());
      JsonNode next = page.json().path("nextPageToken");
      assertThat(page.json().has("nextPageToken")).isTrue();
      token = next.isNull() ? null : next.asText();
      pages++;
    } while (token != null && pages < 10);
    assertThat(seen).containsExactly("w0", "w1", "w2", "w3", "w4");
    assertThat(pages).isBetween(3, 4);
  }

  // ---------------------------------------------------------------------------------------------------- bad input

  @Test
  void badPaging_onEveryListRoute_is400() {
    String t = seed();
    List<String> lists = List.of(WAREHOUSES, CATALOGS, NS, ASSETS, USERS, "/api/v1/audit", "/api/v1/search");
    for (String path : lists) {
      for (String q : List.of("pageSize=0", "pageSize=1001", "pageSize=abc", "pageSize=-1", "pageToken=garbage!",
          "pageToken=" + "x".repeat(3000))) {
        api.get(path + "?" + q, t).isError(400, "VALIDATION_FAILED");
      }
    }
    api.get(TENANTS + "?pageSize=0", null).isError(400, "VALIDATION_FAILED");
    api.get(TENANTS + "?pageToken=nonsense", null).isError(400, "VALIDATION_FAILED");
  }

  @Test
  void pageToken_ofAnotherListing_isRejected() {
    String t = seed();
    api.post(NS, t, Map.of("name", "b")).is(201);
    String token = api.get(NS + "?pageSize=1", t).is(200).json().path("nextPageToken").asText();
    assertThat(token).isNotBlank();
    api.get(CATALOGS + "?pageToken=" + token, t).isError(400, "VALIDATION_FAILED");
  }

  @Test
  void malformedBodies_onEveryWriteRoute_are400AndWriteNothing() {
    String t = seed();
    api.post(ASSETS, t, Map.of("name", "orders", "kind", "ICEBERG_TABLE")).is(201);
    Map<String, String> routes = new LinkedHashMap<>();
    routes.put("POST " + TENANTS, null);
    routes.put("PATCH " + TENANTS + "/" + t, null);
    routes.put("POST " + WAREHOUSES, t);
    routes.put("PATCH " + WAREHOUSES + "/lake", t);
    routes.put("POST " + CATALOGS, t);
    routes.put("PATCH " + CATALOGS + "/prod", t);
    routes.put("POST " + NS, t);
    routes.put("PATCH " + NS + "/sales", t);
    routes.put("POST " + ASSETS, t);
    routes.put("PATCH " + ASSETS + "/orders", t);
    routes.put("POST " + ASSETS + "/orders/rename", t);
    routes.put("POST " + USERS, t);
    List<String> bodies = List.of("", "{", "{\"name\": }", "[]", "\"text\"", "null", "42", "{} trailing",
        "{\"name\":\"a\",\"name\":\"b\"}", "{\"unknownField\": 1}", "{\"updates\": \"notAMap\"}",
        "{\"updates\": {\"k\": 1}}", "{\"removals\": \"k\"}", "{\"removals\": [1]}", "{\"name\": 5}",
        "{\"name\": [\"a\"]}", "{\"name\": null}", "{\"properties\": {\"k\": null}}", "{\"updates\": {\"k\": null}}",
        "{\"name\": true}");
    for (var route : routes.entrySet()) {
      String[] mp = route.getKey().split(" ", 2);
      for (String body : bodies) {
        Res r = api.send(mp[0], mp[1], route.getValue(), body, Map.of());
        assertThat(r.status()).as("%s with %s -> %s", route.getKey(), body, r.body()).isEqualTo(400);
        r.isError(400, "VALIDATION_FAILED");
      }
    }
    // a helpful message for the common mistakes
    assertThat(api.post(WAREHOUSES, t, "{\"name\":\"w\",\"storageRoot\":\"s3://b/w\",\"bogus\":1}")
        .isError(400, "VALIDATION_FAILED").json().path("error").path("message").asText())
        .contains("unknown field 'bogus'");
    assertThat(api.post(CATALOGS, t, "{\"name\":\"c\"}").json().path("error").path("message").asText())
        .contains("'warehouse' is required");
    assertThat(api.post(CATALOGS, t, "{\"name\":1,\"warehouse\":\"lake\"}").json().path("error").path("message")
        .asText()).contains("'name'");
    assertThat(api.post(CATALOGS, t, "{\"name\":").json().path("error").path("message").asText())
        .startsWith("malformed JSON");
    // nothing was written
    assertThat(api.get(WAREHOUSES, t).names()).containsExactly("lake");
    assertThat(api.get(CATALOGS, t).names()).containsExactly("prod");
    assertThat(api.get(NS, t).names()).containsExactly("sales");
    assertThat(api.get(ASSETS, t).names()).containsExactly("orders");
    assertThat(api.get(USERS, t).names()).isEmpty();
    assertThat(api.get(CATALOGS + "/prod", t).json().path("properties").size()).isZero();
    assertThat(api.get(ASSETS + "/orders", t).json().path("properties").size()).isZero();
    assertThat(api.get(TENANTS + "/" + t, null).json().path("properties").size()).isZero();
  }

  @Test
  void invalidNames_onEveryCreateRoute_are400AndWriteNothing() {
    String t = seed();
    List<String> badNames = List.of("", "a/b", "..", "../etc", "a\u0000b", "a\nb", "tab\there", "x\u007f",
        LONG_NAME, " ", "a b");
    for (String bad : badNames) {
      api.post(TENANTS, null, Map.of("name", bad)).isError(400, "VALIDATION_FAILED");
      api.post(WAREHOUSES, t, Map.of("name", bad, "storageRoot", "s3://bucket/x")).isError(400, "VALIDATION_FAILED");
      api.post(CATALOGS, t, Map.of("name", bad, "warehouse", "lake")).isError(400, "VALIDATION_FAILED");
      if (!bad.equals("a/b")) {
        // namespace levels and asset names may contain '/' (as the Iceberg spec allows): NamesWithSlashTest
        api.post(NS, t, Map.of("name", bad)).isError(400, "VALIDATION_FAILED");
        api.post(ASSETS, t, Map.of("name", bad, "kind", "PARQUET")).isError(400, "VALIDATION_FAILED");
      }
      api.post(USERS, t, Map.of("name", bad)).isError(400, "VALIDATION_FAILED");
    }
    // namespace levels: empty level, dots at the edges
    for (String bad : List.of("a..b", ".a", "a.", "sales.", "sales..x")) {
      api.post(NS, t, Map.of("name", bad)).isError(400, "VALIDATION_FAILED");
    }
    // bad storage roots and asset locations
    for (String root : List.of("relative/path", "s3://bucket/../escape", "", "file:///x?y=1")) {
      api.post(WAREHOUSES, t, Map.of("name", "w2", "storageRoot", root)).isError(400, "VALIDATION_FAILED");
    }
    api.post(ASSETS, t, Map.of("name", "x", "kind", "NOT_A_KIND")).isError(400, "VALIDATION_FAILED");
    // the messages never echo a 10 000-character name back
    assertThat(api.post(CATALOGS, t, Map.of("name", LONG_NAME, "warehouse", "lake")).body().length())
        .isLessThan(1_000);
    // bad names in paths are a 4xx as well
    api.get(WAREHOUSES + "/a%00b", t).isError(400, "VALIDATION_FAILED");
    api.get(WAREHOUSES + "/%2E%2E", t).isError(400, "VALIDATION_FAILED");
    api.get(CATALOGS + "/prod/namespaces/a..b", t).isError(400, "VALIDATION_FAILED");
    api.get(ASSETS + "/a%2E%2E", t).isError(400, "VALIDATION_FAILED");
    api.get(ASSETS + "/a%2Fb", t).isError(404, "NOT_FOUND");
    // nothing was written
    assertThat(api.get(WAREHOUSES, t).names()).containsExactly("lake");
    assertThat(api.get(CATALOGS, t).names()).containsExactly("prod");
    assertThat(api.get(NS, t).names()).containsExactly("sales");
    assertThat(api.get(ASSETS, t).names()).isEmpty();
    assertThat(api.get(USERS, t).names()).isEmpty();
    assertThat(api.get(TENANTS + "?pageSize=1000", null).names()).noneMatch(n -> n.contains("/") || n.isBlank()
        || n.contains(".."));
  }

  @Test
  void namespaceDeeperThanTheConfiguredLimit_is400AndNotCreated() {
    String t = seed();
    api.post(NS, t, Map.of("name", "sales.emea")).is(201);
    api.post(NS, t, Map.of("name", "sales.emea.daily")).is(201);
    Res tooDeep = api.post(NS, t, Map.of("name", "sales.emea.daily.raw")).isError(400, "VALIDATION_FAILED");
    assertThat(tooDeep.json().path("error").path("message").asText()).contains("limit is 3");
    assertThat(api.get(NS + "?parent=sales.emea.daily", t).is(200).names()).isEmpty();
    // a missing parent is a 404
    api.post(NS, t, Map.of("name", "nope.child")).isError(404, "NOT_FOUND");
    assertThat(api.get(NS, t).names()).containsExactly("sales");
  }

  @Test
  void quotaExceeded_is422AndNothingIsWritten() {
    String t = seed();
    for (String name : List.of("a1", "a2", "a3")) {
      api.post(ASSETS, t, Map.of("name", name, "kind", "PARQUET")).is(201);
    }
    api.post(ASSETS, t, Map.of("name", "a4", "kind", "PARQUET")).isError(422, "QUOTA_EXCEEDED");
    assertThat(api.get(ASSETS, t).names()).containsExactly("a1", "a2", "a3");
    api.get(ASSETS + "/a4", t).isError(404, "NOT_FOUND");

    api.post(USERS, t, Map.of("name", "u1")).is(201);
    api.post(USERS, t, Map.of("name", "u2")).is(201);
    api.post(USERS, t, Map.of("name", "u3")).isError(422, "QUOTA_EXCEEDED");
    assertThat(api.get(USERS, t).names()).containsExactly("u1", "u2");
    // the failure is audited
    assertThat(api.get("/api/v1/audit/count?result=FAILURE", t).is(200).json().path("count").asLong())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void duplicates_are409AlreadyExists() {
    String t = seed();
    api.post(TENANTS, null, Map.of("name", t)).isError(409, "ALREADY_EXISTS");
    api.post(WAREHOUSES, t, Map.of("name", "lake", "storageRoot", "s3://other/x")).isError(409, "ALREADY_EXISTS");
    api.post(CATALOGS, t, Map.of("name", "prod", "warehouse", "lake")).isError(409, "ALREADY_EXISTS");
    api.post(NS, t, Map.of("name", "sales")).isError(409, "ALREADY_EXISTS");
    api.post(ASSETS, t, Map.of("name", "x", "kind", "PARQUET")).is(201);
    api.post(ASSETS, t, Map.of("name", "x", "kind", "CSV")).isError(409, "ALREADY_EXISTS");
    assertThat(api.get(ASSETS + "/x", t).json().path("kind").asText()).isEqualTo("PARQUET");
    // deleting what is still in use is a conflict
    api.delete(WAREHOUSES + "/lake", t).isError(409, "CONFLICT");
    api.delete(CATALOGS + "/prod", t).isError(409, "CONFLICT");
    api.delete(TENANTS + "/" + t, null).isError(409, "CONFLICT");
  }

  @Test
  void tenantHeader_missingIs400_unknownIs404_onEveryTenantScopedRoute() {
    String t = seed();
    List<String> gets = List.of(WAREHOUSES, WAREHOUSES + "/lake", CATALOGS, CATALOGS + "/prod", NS, NS + "/sales",
        ASSETS, USERS, "/api/v1/audit", "/api/v1/audit/count", "/api/v1/search");
    for (String path : gets) {
      api.get(path, null).isError(400, "VALIDATION_FAILED");
      api.get(path, "no-such-tenant").isError(404, "NOT_FOUND");
    }
    api.post(WAREHOUSES, null, Map.of("name", "w", "storageRoot", "s3://b/w")).isError(400, "VALIDATION_FAILED");
    api.post(CATALOGS, "no-such-tenant", Map.of("name", "c", "warehouse", "lake")).isError(404, "NOT_FOUND");
    api.head(NS + "/sales", "no-such-tenant").is(404);
    assertThat(api.get(WAREHOUSES, t).names()).containsExactly("lake");
    assertThat(api.get(CATALOGS, t).names()).containsExactly("prod");
  }

  @Test
  void twoTenantsWithIdenticalNames_neverSeeEachOthersData() {
    String a = newTenant();
    String b = newTenant();
    for (String t : List.of(a, b)) {
      api.post(WAREHOUSES, t, Map.of("name", "lake", "storageRoot", "s3://" + t + "/lake",
          "storageProperties", Map.of("owner", t))).is(201);
      api.post(CATALOGS, t, Map.of("name", "prod", "warehouse", "lake", "properties", Map.of("owner", t))).is(201);
      api.post(NS, t, Map.of("name", "sales", "properties", Map.of("owner", t))).is(201);
      api.post(ASSETS, t, Map.of("name", "orders", "kind", "ICEBERG_TABLE", "properties", Map.of("owner", t)))
          .is(201);
      api.post(USERS, t, Map.of("name", "alice", "email", t + "@example.com")).is(201);
    }
    api.post(ASSETS, a, Map.of("name", "only_in_a", "kind", "PARQUET")).is(201);
    for (String t : List.of(a, b)) {
      assertThat(api.get(WAREHOUSES + "/lake", t).json().path("storageRoot").asText()).isEqualTo("s3://" + t
          + "/lake");
      assertThat(api.get(CATALOGS + "/prod", t).json().path("properties").path("owner").asText()).isEqualTo(t);
      assertThat(api.get(NS + "/sales", t).json().path("properties").path("owner").asText()).isEqualTo(t);
      assertThat(api.get(ASSETS + "/orders", t).json().path("properties").path("owner").asText()).isEqualTo(t);
      assertThat(api.get(USERS + "/alice", t).json().path("email").asText()).isEqualTo(t + "@example.com");
      assertThat(api.get("/api/v1/search?property=owner=" + (t.equals(a) ? b : a), t).is(200).names()).isEmpty();
      assertThat(api.get("/api/v1/audit?pageSize=1000", t).json().path("items").toString())
          .doesNotContain(t.equals(a) ? b : a);
    }
    assertThat(api.get(ASSETS, a).names()).containsExactly("only_in_a", "orders");
    assertThat(api.get(ASSETS, b).names()).containsExactly("orders");
    api.get(ASSETS + "/only_in_a", b).isError(404, "NOT_FOUND");
    assertThat(api.get("/api/v1/search?q=only", b).names()).isEmpty();
    // a delete in one tenant leaves the other alone
    api.delete(ASSETS + "/orders", a).is(204);
    api.get(ASSETS + "/orders", a).isError(404, "NOT_FOUND");
    api.get(ASSETS + "/orders", b).is(200);
    // a page token of one tenant is useless in the other
    api.post(NS, a, Map.of("name", "x")).is(201);
    String token = api.get(NS + "?pageSize=1", a).json().path("nextPageToken").asText();
    Res foreign = api.get(NS + "?pageSize=1&pageToken=" + token, b);
    assertThat(foreign.status()).isIn(200, 400);
    assertThat(foreign.body()).doesNotContain("\"x\"");
  }

  @Test
  void storageSecrets_areMaskedInEveryWarehouseResponse() {
    String t = newTenant();
    Map<String, String> props = Map.of("s3.access-key-id", "AKIAEXAMPLE", "s3.secret-access-key", "s3cr3tValue",
        "client.session-token", "tok3nValue", "db.password", "pa55word", "region", "eu-west-1");
    String created = api.post(WAREHOUSES, t, Map.of("name", "lake", "storageRoot", "s3://b/lake",
        "storageProperties", props)).is(201).body();
    String got = api.get(WAREHOUSES + "/lake", t).is(200).body();
    String listed = api.get(WAREHOUSES, t).is(200).body();
    String patched = api.patch(WAREHOUSES + "/lake", t, Map.of("updates", Map.of("oauth.token", "n3wT0ken")))
        .is(200).body();
    for (String body : List.of(created, got, listed, patched)) {
      assertThat(body).doesNotContain("AKIAEXAMPLE", "s3cr3tValue", "tok3nValue", "pa55word", "n3wT0ken")
          .contains("\"region\":\"eu-west-1\"").contains("****");
    }
    // a failing request with a secret in its body does not echo it either
    String failed = api.post(WAREHOUSES, t, Map.of("name", "bad/name", "storageRoot", "s3://b/x",
        "storageProperties", Map.of("secret", "v3ryS3cret"))).isError(400, "VALIDATION_FAILED").body();
    assertThat(failed).doesNotContain("v3ryS3cret");
    String wrongType = api.post(WAREHOUSES, t, "{\"name\":\"w\",\"storageRoot\":\"s3://b/x\","
        + "\"storageProperties\":{\"secret\":12345678}}").isError(400, "VALIDATION_FAILED").body();
    assertThat(wrongType).doesNotContain("12345678");
  }

  // ------------------------------------------------------------------------------------------------- HTTP errors

  @Test
  void httpLevelErrors_useTheSameJsonErrorBody() {
    String t = seed();
    api.get("/api/v1/nothing-here", t).isError(404, "NOT_FOUND");
    api.get("/no/such/route", null).isError(404, "NOT_FOUND");
    Res notAllowed = api.send("PUT", TENANTS, null, "{}", Map.of()).isError(405, "METHOD_NOT_ALLOWED");
    assertThat(notAllowed.headers().firstValue("Allow")).isPresent();
    api.send("POST", CATALOGS, t, "name=x", Map.of("Content-Type", "text/plain"))
        .isError(415, "UNSUPPORTED_MEDIA_TYPE");
    api.send("GET", CATALOGS, t, null, Map.of("Accept", "text/html")).isError(406, "NOT_ACCEPTABLE");
    api.get("/api/v1/audit?from=yesterday", t).isError(400, "VALIDATION_FAILED");
    api.get("/api/v1/audit?result=MAYBE", t).isError(400, "VALIDATION_FAILED");
    api.get("/api/v1/search?kind=SPREADSHEET", t).isError(400, "VALIDATION_FAILED");
    api.get(ASSETS + "?kind=SPREADSHEET", t).isError(400, "VALIDATION_FAILED");
    api.get("/api/v1/search?property==v", t).isError(400, "VALIDATION_FAILED");
  }

  @Test
  void requestId_isTakenFromTheHeaderOrGenerated_andEchoed() {
    Res given = api.send("GET", TENANTS + "/does-not-exist", null, null, Map.of("X-Request-Id", "abc-123"))
        .isError(404, "NOT_FOUND");
    assertThat(given.headers().firstValue("X-Request-Id")).contains("abc-123");
    assertThat(given.json().path("error").path("requestId").asText()).isEqualTo("abc-123");
    Res generated = api.get(TENANTS, null).is(200);
    assertThat(generated.headers().firstValue("X-Request-Id").orElseThrow()).hasSize(36);
    Res insane = api.send("GET", TENANTS, null, null, Map.of("X-Request-Id", "x".repeat(500))).is(200);
    assertThat(insane.headers().firstValue("X-Request-Id").orElseThrow()).hasSize(36);
  }

  // ------------------------------------------------------------------------------------------------ observability

  @Test
  void readiness_isUp_andReportsTheStore() {
    Res ready = api.get("/health/ready", null).is(200);
    assertThat(ready.json().path("status").asText()).isEqualTo("UP");
    assertThat(ready.body()).contains("pangolin-store");
    assertThat(api.get("/health/live", null).is(200).json().path("status").asText()).isEqualTo("UP");
  }

  @Test
  void metrics_exposeRouteTemplateAndStoreCallTimers() {
    String t = seed();
    api.get(CATALOGS + "/prod", t).is(200);
    api.get(CATALOGS + "/missing", t).is(404);
    Res metrics = api.send("GET", "/metrics", null, null, Map.of("Accept", "text/plain")).is(200);
    assertThat(metrics.body())
        .contains("pangolin_http_request_seconds_count{method=\"GET\",mp_scope=\"application\","
            + "route=\"/api/v1/catalogs/{catalog}\",status=\"200\"")
        .contains("route=\"/api/v1/catalogs/{catalog}\",status=\"404\"")
        .contains("pangolin_http_request_seconds_bucket")
        .contains("pangolin_store_call_seconds_count{mp_scope=\"application\",operation=\"getCatalog\","
            + "outcome=\"success\"")
        .doesNotContain("route=\"/api/v1/catalogs/prod\"");
  }

  @Test
  void openApi_documentsTheManagementRoutes() {
    Res doc = api.send("GET", "/openapi", null, null, Map.of("Accept", "application/yaml")).is(200);
    assertThat(doc.body()).contains("/api/v1/catalogs:", "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets",
        "/api/v1/tenants", "/api/v1/audit/count", "/api/v1/search");
  }

  // ------------------------------------------------------------------------------------------- storage isolation

  @Test
  void storage_anotherTenantsRootInAnySpelling_is409_andForeignSchemes400_nothingWritten() {
    String a = seed();
    String b = newTenant();
    String aRoot = "file:///tmp/pangolin-test/" + a;
    List<String> spellings = List.of(aRoot, aRoot + "/", "FILE:///tmp/pangolin-test/" + a, "file:/tmp/pangolin-test/"
        + a, "file://localhost/tmp/pangolin-test/" + a, "file:///tmp//pangolin-test/" + a + "//inside",
        "file:///tmp/pangolin-test/%" + Integer.toHexString(a.charAt(0)) + a.substring(1), "file:///tmp/pangolin-test");
    for (String root : spellings) {
      Res r = api.post(WAREHOUSES, b, Map.of("name", "steal", "storageRoot", root)).isError(409, "CONFLICT");
      // the caller's own input may be quoted back; the other tenant and its root never are
      assertThat(r.body()).as(root).doesNotContain("tenant").doesNotContain("'lake'");
      if (!root.contains(a.substring(1))) {
        assertThat(r.body()).as(root).doesNotContain(a);
      }
    }
    // file:///tmp is the local storage root itself: nobody may claim all of it
    for (String root : List.of("file:///etc", "http://169.254.169.254/", "gopher://x", "ftp://h/x", "jar:file:/x!/",
        "file:///tmp", "file:/tmp/")) {
      api.post(WAREHOUSES, b, Map.of("name", "bad", "storageRoot", root)).isError(400, "VALIDATION_FAILED");
    }
    assertThat(api.get(WAREHOUSES, b).names()).isEmpty();
    // B's own warehouse beside A's, then an asset whose metadata pointer names A's file
    api.post(WAREHOUSES, b, Map.of("name", "lake", "storageRoot", "file:///tmp/pangolin-test/" + b)).is(201);
    api.post(CATALOGS, b, Map.of("name", "prod", "warehouse", "lake")).is(201);
    api.post(NS, b, Map.of("name", "sales")).is(201);
    for (String foreign : List.of(aRoot + "/orders/metadata/v1.metadata.json", "http://169.254.169.254/latest")) {
      api.post(ASSETS, b, Map.of("name", "stolen", "kind", "ICEBERG_TABLE", "metadataLocation", foreign))
          .isError(400, "VALIDATION_FAILED");
      api.post(ASSETS, b, Map.of("name", "stolen", "kind", "PARQUET", "location", foreign))
          .isError(400, "VALIDATION_FAILED");
    }
    assertThat(api.get(ASSETS, b).names()).isEmpty();
    // a root freed by a delete can be taken
    api.delete(CATALOGS + "/prod/namespaces/sales", b).is(204);
    api.delete(CATALOGS + "/prod", b).is(204);
    api.delete(WAREHOUSES + "/lake", b).is(204);
    api.post(WAREHOUSES, a, Map.of("name", "second", "storageRoot", "file:///tmp/pangolin-test/" + b)).is(201);
  }
}
