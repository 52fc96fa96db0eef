package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import io.pangolin.api.RequestContext;
import io.pangolin.core.Pangolin;
import io.pangolin.iceberg.IcebergJson;
import io.pangolin.iceberg.LocalFileIO;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.PlanStatus;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.responses.PlanTableScanResponse;
import org.apache.iceberg.rest.responses.PlanTableScanResponseParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Iceberg REST protocol at the HTTP level, for what the Java client never sends: malformed requests (always
 * 400 with the spec's ErrorModel, never 500), parameters, the deprecated token endpoint, credentials and server-side
 * scan planning (which the 1.10 client does not use yet).
 */
@HelidonTest
class IcebergRestProtocolTest {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final String SCHEMA = "{\"type\":\"struct\",\"schema-id\":0,\"fields\":["
      + "{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\"},"
      + "{\"id\":2,\"name\":\"category\",\"required\":false,\"type\":\"string\"}]}";

  @Inject
  WebTarget target;

  @Inject
  Pangolin pangolin;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String base;
  private String tenant;
  private String v1;

  record Res(int status, String body) {
    JsonNode json() {
      try {
        return IcebergJson.mapper().readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    Res isStatus(int expected) {
      assertThat(status).as(body).isEqualTo(expected);
      return this;
    }

    /** Asserts the spec's ErrorModel: {"error": {"message", "type", "code"}} with the status as code. */
    Res isError(int status, String type) {
      assertThat(this.status).as(body).isEqualTo(status);
      JsonNode error = json().path("error");
      assertThat(error.path("code").asInt()).as(body).isEqualTo(status);
      assertThat(error.path("type").asText()).as(body).isEqualTo(type);
      assertThat(error.path("message").asText()).isNotBlank();
      return this;
    }
  }

  @BeforeEach
  void seed() throws IOException {
    String u = target.getUri().toString();
    base = u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    tenant = "proto-" + SEQ.incrementAndGet();
    RequestContext admin = RequestContext.of(tenant, "test-admin");
    Path dir = Files.createTempDirectory("pangolin-proto");
    pangolin.tenants().create(admin, tenant, Map.of());
    pangolin.warehouses().create(admin, "lake", "file://" + dir, Map.of());
    pangolin.catalogs().create(admin, "prod", "lake", Map.of());
    v1 = "/v1/" + tenant + ".prod";
    send("POST", v1 + "/namespaces", "{\"namespace\":[\"sales\"]}").isStatus(200);
    send("POST", v1 + "/namespaces/sales/tables", "{\"name\":\"orders\",\"schema\":" + SCHEMA + "}").isStatus(200);
  }

  private Res send(String method, String path, String body) {
    return send(method, path, body, Map.of());
  }

  private Res send(String method, String path, String body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
      b.header("Content-Type", "application/json");
    }
    if (headers.keySet().stream().noneMatch("Authorization"::equalsIgnoreCase)) {
      b.header("Authorization", TestAuth.rootBearer(URI.create(base)));
    }
    headers.forEach((k, v) -> {
      if (v != null) {
        b.header(k, v);
      }
    });
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Res(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      POST | /namespaces                       | not json
      POST | /namespaces                       | {"namespace":"sales"}
      POST | /namespaces                       | {"namespace":["a"],"properties":{"k":1}}
      POST | /namespaces                       | {"properties":{}}
      POST | /namespaces                       | {"namespace":["a"]} trailing
      POST | /namespaces                       | []
      POST | /namespaces/sales/tables          | {"name":"t"}
      POST | /namespaces/sales/tables          | {"name":"t","schema":{"type":"struct","fields":[{"id":"x"}]}}
      POST | /namespaces/sales/tables          | {"name":"t","schema":{"type":"struct","fields":[]},"stage-create":"yes"}
      POST | /namespaces/sales/tables/orders   | {"updates":[{"action":"no-such-update"}]}
      POST | /namespaces/sales/tables/orders   | {"updates":[{"action":"set-current-schema","schema-id":"one"}]}
      POST | /namespaces/sales/tables/orders   | {"updates":[{"action":"set-properties"}]}
      POST | /namespaces/sales/tables/orders   | {"requirements":[{"type":"assert-nothing"}],"updates":[]}
      POST | /namespaces/sales/tables/orders   | {"updates":[{"action":"set-current-schema","schema-id":42}]}
      POST | /namespaces/sales/properties      | {"updates":{"a":"1"},"removals":["a"]}
      POST | /namespaces/sales/properties      | {"updates":["a"]}
      POST | /namespaces/sales/register        | {"name":"r"}
      POST | /namespaces/sales/views           | {"name":"v","schema":{"type":"struct","fields":[]}}
      POST | /tables/rename                    | {"source":{"namespace":["sales"],"name":"orders"}}
      POST | /tables/rename                    | {"source":"sales.orders","destination":"sales.x"}
      POST | /transactions/commit              | {"table-changes":[]}
      POST | /transactions/commit              | {"table-changes":[{"updates":[]}]}
      POST | /namespaces/sales/tables/orders/metrics | {"report-type":"scan-report"}
      POST | /namespaces/sales/tables/orders/plan    | {"snapshot-id":"latest"}
      GET  | /namespaces?pageSize=abc          |
      GET  | /namespaces?pageSize=0            |
      GET  | /namespaces/sales/tables/orders?snapshots=some |
      DELETE | /namespaces/sales/tables/orders?purgeRequested=maybe |
      """)
  void malformedRequests_areAnswered400WithTheErrorModel(String method, String path, String body) {
    Res r = send(method, v1 + path, body == null ? null : body);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().path("error").path("code").asInt()).isEqualTo(400);
    assertThat(r.json().path("error").path("type").asText()).isNotBlank();
    assertThat(r.json().path("error").path("message").asText()).isNotBlank();
  }

  @Test
  void errors_carryTheTypesTheClientsMapToExceptions() {
    send("GET", v1 + "/namespaces/nope", null).isError(404, "NoSuchNamespaceException");
    send("GET", v1 + "/namespaces/sales/tables/nope", null).isError(404, "NoSuchTableException");
    send("GET", v1 + "/namespaces/sales/views/nope", null).isError(404, "NoSuchViewException");
    send("POST", v1 + "/namespaces", "{\"namespace\":[\"sales\"]}").isError(409, "AlreadyExistsException");
    send("DELETE", v1 + "/namespaces/sales", null).isError(409, "NamespaceNotEmptyException");
    send("POST", v1 + "/namespaces/sales/tables/orders", "{\"requirements\":[{\"type\":\"assert-current-schema-id\","
        + "\"current-schema-id\":7}],\"updates\":[]}").isError(409, "CommitFailedException");
    send("GET", "/v1/" + tenant + ".nocatalog/namespaces", null).isError(404, "NotFoundException");
    send("GET", "/v1/notenant.prod/namespaces", null).isError(404, "NotFoundException");
    send("GET", "/v1/nodot/namespaces", null).isError(400, "BadRequestException");
    send("GET", v1 + "/namespaces", null, Map.of("X-Pangolin-Tenant", "someone-else"))
        .isError(403, "ForbiddenException");
    assertThat(send("HEAD", v1 + "/namespaces/sales/tables/nope", null).status()).isEqualTo(404);
    assertThat(send("HEAD", v1 + "/namespaces/sales/tables/orders", null).status()).isEqualTo(204);
    assertThat(send("HEAD", v1 + "/namespaces/sales%1Fmissing", null).status()).isEqualTo(404);
  }

  @Test
  void config_needsAWarehouse_andTheTokenEndpointIssuesNoTokens() {
    send("GET", "/v1/config", null).isError(400, "BadRequestException");
    Res config = send("GET", "/v1/config?warehouse=" + tenant + ".prod", null);
    assertThat(config.status()).isEqualTo(200);
    assertThat(config.json().path("overrides").path("prefix").asText()).isEqualTo(tenant + ".prod");
    assertThat(config.json().path("endpoints").toString()).contains("POST /v1/{prefix}/transactions/commit",
        "POST /v1/{prefix}/namespaces/{namespace}/views", "POST /v1/{prefix}/namespaces/{namespace}/tables/{table}/plan");
    Map<String, String> form = Map.of("Content-Type", "application/x-www-form-urlencoded", "Authorization", "");
    Res noCredentials = send("POST", "/v1/oauth/tokens", "grant_type=client_credentials", form);
    assertThat(noCredentials.status()).isEqualTo(400);
    assertThat(noCredentials.json().path("error").asText()).isEqualTo("invalid_request");
    Res unknownGrant = send("POST", "/v1/oauth/tokens", "grant_type=password&username=a&password=b", form);
    assertThat(unknownGrant.json().path("error").asText()).isEqualTo("unsupported_grant_type");
  }

  @Test
  void serverSideScanPlanning_completesSynchronously_andCredentialsAreEmpty() throws IOException {
    // no snapshot id: the current snapshot, here none yet, so a completed plan without tasks
    Res empty = send("POST", v1 + "/namespaces/sales/tables/orders/plan", "{}");
    assertThat(empty.status()).as(empty.body()).isEqualTo(200);
    assertThat(empty.json().path("plan-status").asText()).isEqualTo("completed");
    assertThat(empty.json().path("file-scan-tasks").size()).isZero();
    Map<String, String> props = Map.of(CatalogProperties.URI, base, "warehouse", tenant + ".prod",
        CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
    RESTCatalog client = new RESTCatalog();
    client.initialize("pangolin", TestAuth.rootClient(props));
    try (client) {
      Table t = client.loadTable(TableIdentifier.of("sales", "orders"));
      t.newAppend().appendFile(DataFiles.builder(t.spec()).withPath(t.location() + "/data/a.parquet")
          .withFileSizeInBytes(10).withRecordCount(1).build()).commit();
      long snapshot = t.currentSnapshot().snapshotId();
      Res plan = send("POST", v1 + "/namespaces/sales/tables/orders/plan", "{\"snapshot-id\":" + snapshot
          + ",\"filter\":{\"type\":\"not-null\",\"term\":\"id\"},\"select\":[\"id\"]}");
      assertThat(plan.status()).as(plan.body()).isEqualTo(200);
      PlanTableScanResponse response = PlanTableScanResponseParser.fromJson(plan.json(), t.specs(), true);
      assertThat(response.planStatus()).isEqualTo(PlanStatus.COMPLETED);
      assertThat(response.fileScanTasks()).singleElement()
          .satisfies(task -> assertThat(task.file().location()).endsWith("/data/a.parquet"));
    }
    send("GET", v1 + "/namespaces/sales/tables/orders/plan/p-1", null).isError(404, "NoSuchPlanIdException");
    send("DELETE", v1 + "/namespaces/sales/tables/orders/plan/p-1", null).isError(404, "NoSuchPlanIdException");
    send("POST", v1 + "/namespaces/sales/tables/orders/tasks", "{\"plan-task\":\"t-1\"}")
        .isError(404, "NoSuchPlanTaskException");
    send("POST", v1 + "/namespaces/sales/tables/nope/plan", "{\"snapshot-id\":1}")
        .isError(404, "NoSuchTableException");
    // a file: warehouse has nothing to vend: a clear 400, not an empty list (vending: StorageDelegationTest)
    send("GET", v1 + "/namespaces/sales/tables/orders/credentials", null).isError(400, "BadRequestException");
  }

  private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET()
        .header("Authorization", TestAuth.rootBearer(URI.create(base)));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void loadTableAndView_carryAnETag_andIfNoneMatchAnswers304UntilTheNextCommit() throws Exception {
    String table = v1 + "/namespaces/sales/tables/orders";
    HttpResponse<String> first = get(table, Map.of());
    assertThat(first.statusCode()).isEqualTo(200);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).startsWith("\"").endsWith("\"");

    HttpResponse<String> unchanged = get(table, Map.of("If-None-Match", etag));
    assertThat(unchanged.statusCode()).isEqualTo(304);
    assertThat(unchanged.body()).isEmpty();
    assertThat(unchanged.headers().firstValue("ETag")).contains(etag);
    assertThat(get(table, Map.of("If-None-Match", "\"other\", W/" + etag)).statusCode()).isEqualTo(304);
    assertThat(get(table + "?snapshots=refs", Map.of("If-None-Match", etag)).statusCode()).isEqualTo(200);

    Res committed = send("POST", table, "{\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"k\":\"v\"}}]}");
    assertThat(committed.status()).as(committed.body()).isEqualTo(200);
    HttpResponse<String> changed = get(table, Map.of("If-None-Match", etag));
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
    assertThat(IcebergJson.mapper().readTree(changed.body()).path("metadata").path("properties").path("k").asText())
        .isEqualTo("v");
    assertThat(get(v1 + "/namespaces/sales/tables/nope", Map.of("If-None-Match", "*")).statusCode()).isEqualTo(404);

    send("POST", v1 + "/namespaces/sales/views", "{\"name\":\"v\",\"schema\":" + SCHEMA + ",\"view-version\":{"
        + "\"version-id\":1,\"timestamp-ms\":1,\"schema-id\":0,\"summary\":{},\"default-namespace\":[\"sales\"],"
        + "\"representations\":[{\"type\":\"sql\",\"sql\":\"select 1\",\"dialect\":\"spark\"}]},"
        + "\"properties\":{}}").isStatus(200);
    HttpResponse<String> view = get(v1 + "/namespaces/sales/views/v", Map.of());
    assertThat(view.statusCode()).as(view.body()).isEqualTo(200);
    String viewTag = view.headers().firstValue("ETag").orElseThrow();
    assertThat(get(v1 + "/namespaces/sales/views/v", Map.of("If-None-Match", viewTag)).statusCode()).isEqualTo(304);
  }

  @Test
  void storage_anotherTenantsFilesAndForeignSchemes_areRefused400_missingOrDirectoryMetadataFast404()
      throws IOException {
    String aMetadata = send("GET", v1 + "/namespaces/sales/tables/orders", null).isStatus(200).json()
        .path("metadata-location").asText();
    String aLocation = send("GET", v1 + "/namespaces/sales/tables/orders", null).json().path("metadata")
        .path("location").asText();
    String other = "proto-" + SEQ.incrementAndGet();
    RequestContext admin = RequestContext.of(other, "test-admin");
    Path dir = Files.createTempDirectory("pangolin-proto-b");
    pangolin.tenants().create(admin, other, Map.of());
    pangolin.warehouses().create(admin, "lake", "file://" + dir, Map.of());
    pangolin.catalogs().create(admin, "prod", "lake", Map.of());
    String b = "/v1/" + other + ".prod";
    send("POST", b + "/namespaces", "{\"namespace\":[\"sales\"]}").isStatus(200);

    send("POST", b + "/namespaces/sales/register", "{\"name\":\"stolen\",\"metadata-location\":\"" + aMetadata
        + "\"}").isError(400, "BadRequestException");
    send("POST", b + "/namespaces/sales/tables", "{\"name\":\"stolen\",\"schema\":" + SCHEMA
        + ",\"location\":\"" + aLocation + "/inner\"}").isError(400, "BadRequestException");
    for (String foreign : new String[] {"file:///etc", "http://169.254.169.254/latest", "gopher://x/y"}) {
      send("POST", b + "/namespaces/sales/register", "{\"name\":\"stolen\",\"metadata-location\":\"" + foreign
          + "\"}").isError(400, "BadRequestException");
    }
    Path directory = Files.createDirectories(dir.resolve("d.metadata.json"));
    for (Path p : new Path[] {directory, dir.resolve("missing.metadata.json")}) {
      long start = System.nanoTime();
      send("POST", b + "/namespaces/sales/register", "{\"name\":\"stolen\",\"metadata-location\":\"file://" + p
          + "\"}").isError(404, "NotFoundException");
      assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(3_000);
    }
    send("HEAD", b + "/namespaces/sales/tables/stolen", null).isStatus(404);
    assertThat(Files.exists(Path.of(URI.create(aMetadata)))).isTrue();
  }

  // ---- hostile commits: an error means nothing changed, and the failure is audited once -------------------

  private long auditFailures() {
    return pangolin.audit().count(RequestContext.of(tenant, "test-admin"), new io.pangolin.api.AuditQuery(
        java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
        java.util.Optional.of(io.pangolin.api.AuditResult.FAILURE), java.util.Optional.empty(),
        java.util.Optional.empty()));
  }

  private JsonNode table(String name) {
    return send("GET", v1 + "/namespaces/sales/tables/" + name, null).isStatus(200).json();
  }

  /** Asserts the ErrorModel and that the message names no Java class. */
  private static void assertCleanError(Res r, int status) {
    JsonNode error = r.json().path("error");
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(error.path("code").asInt()).isEqualTo(status);
    assertThat(error.path("type").asText()).isNotBlank();
    assertThat(error.path("message").asText()).isNotBlank()
        .doesNotContainPattern("\\b(java|javax|org|com|io)\\.[a-z]").doesNotContain("Exception");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      400 | {"updates":[{"action":"assign-uuid","uuid":"11111111-1111-1111-1111-111111111111"}]}
      400 | {"updates":[{"action":"set-default-spec","spec-id":99}]}
      400 | {"updates":[{"action":"set-default-sort-order","sort-order-id":99}]}
      400 | {"updates":[{"action":"set-current-schema","schema-id":99}]}
      400 | {"updates":[{"action":"upgrade-format-version","format-version":1}]}
      400 | {"updates":[{"action":"remove-partition-specs","spec-ids":[0]}]}
      400 | {"updates":[{"action":"set-snapshot-ref","ref-name":"main","type":"branch","snapshot-id":12345}]}
      400 | {"updates":[{"action":"add-view-version","view-version":{"version-id":1,"timestamp-ms":1,"schema-id":0,"summary":{},"default-namespace":["sales"],"representations":[]}}]}
      400 | {"updates":[{"action":"set-location","location":"file:///etc"}]}
      400 | {"updates":[{"action":"no-such-update"}]}
      400 | not json
      409 | {"requirements":[{"type":"assert-current-schema-id","current-schema-id":7}],"updates":[{"action":"set-properties","updates":{"k":"v"}}]}
      409 | {"requirements":[{"type":"assert-create"}],"updates":[]}
      400 | {"requirements":[{"type":"assert-view-uuid","uuid":"11111111-1111-1111-1111-111111111111"}],"updates":[]}
      """)
  void hostileCommit_isA4xx_changesNothing_andIsAuditedOnce(int status, String body) {
    JsonNode before = table("orders");
    long failures = auditFailures();
    assertCleanError(send("POST", v1 + "/namespaces/sales/tables/orders", body), status);
    JsonNode after = table("orders");
    assertThat(after.path("metadata-location").asText()).isEqualTo(before.path("metadata-location").asText());
    assertThat(after.path("metadata").path("table-uuid").asText())
        .isEqualTo(before.path("metadata").path("table-uuid").asText());
    assertThat(auditFailures()).isEqualTo(failures + 1);
    io.pangolin.api.AuditEvent event = pangolin.audit().query(RequestContext.of(tenant, "test-admin"),
        io.pangolin.api.AuditQuery.ALL, io.pangolin.api.PageRequest.first(1)).items().get(0);
    assertThat(event.action()).isEqualTo("asset.commit");
    assertThat(event.resourceName()).isEqualTo("prod.sales.orders");
    assertThat(event.details().get("code")).isEqualTo(status == 409 ? "CONFLICT" : "VALIDATION_FAILED");
  }

  @Test
  void everyFailedIcebergWrite_isAuditedExactlyOnce() {
    send("POST", v1 + "/namespaces/sales/views", "{\"name\":\"v\",\"schema\":" + SCHEMA + ",\"view-version\":{"
        + "\"version-id\":1,\"timestamp-ms\":1,\"schema-id\":0,\"summary\":{},\"default-namespace\":[\"sales\"],"
        + "\"representations\":[{\"type\":\"sql\",\"sql\":\"select 1\",\"dialect\":\"spark\"}]},"
        + "\"properties\":{}}").isStatus(200);
    String[][] attempts = {
        {"POST", "/namespaces", "{\"namespace\":[\"sales\"]}", "409"},
        {"POST", "/namespaces", "{\"namespace\":", "400"},
        {"DELETE", "/namespaces/sales", null, "409"},
        {"DELETE", "/namespaces/nope", null, "404"},
        {"POST", "/namespaces/nope/properties", "{\"updates\":{\"a\":\"1\"}}", "404"},
        {"POST", "/namespaces/sales/tables", "{\"name\":\"orders\",\"schema\":" + SCHEMA + "}", "409"},
        {"POST", "/namespaces/sales/tables", "{\"name\":\"x\",\"schema\":" + SCHEMA
            + ",\"location\":\"file:///etc/x\"}", "400"},
        {"POST", "/namespaces/sales/register", "{\"name\":\"r\",\"metadata-location\":\"file:///etc/m.json\"}",
            "400"},
        {"POST", "/namespaces/sales/tables/nope", "{\"updates\":[]}", "404"},
        {"DELETE", "/namespaces/sales/tables/nope", null, "404"},
        {"POST", "/tables/rename", "{\"source\":{\"namespace\":[\"sales\"],\"name\":\"nope\"},"
            + "\"destination\":{\"namespace\":[\"sales\"],\"name\":\"x\"}}", "404"},
        {"POST", "/tables/rename", "{\"source\":{\"namespace\":[\"sales\"],\"name\":\"orders\"},"
            + "\"destination\":{\"namespace\":[\"sales\"],\"name\":\"v\"}}", "409"},
        {"POST", "/transactions/commit", "{\"table-changes\":[{\"identifier\":{\"namespace\":[\"sales\"],"
            + "\"name\":\"orders\"},\"updates\":[{\"action\":\"set-default-spec\",\"spec-id\":9}]}]}", "400"},
        {"POST", "/namespaces/sales/views", "{\"name\":\"w\",\"schema\":" + SCHEMA + ",\"view-version\":{"
            + "\"version-id\":1,\"timestamp-ms\":1,\"schema-id\":0,\"summary\":{},\"default-namespace\":[\"sales\"],"
            + "\"representations\":[{\"type\":\"substrait\",\"plan\":\"x\"}]},\"properties\":{}}", "400"},
        {"POST", "/namespaces/sales/views/v", "{\"updates\":[{\"action\":\"add-view-version\",\"view-version\":{"
            + "\"version-id\":2,\"timestamp-ms\":2,\"schema-id\":0,\"summary\":{},\"default-namespace\":[\"sales\"],"
            + "\"representations\":[{\"type\":\"substrait\"}]}}]}", "400"},
        {"DELETE", "/namespaces/sales/views/nope", null, "404"},
        {"POST", "/views/rename", "{\"source\":{\"namespace\":[\"sales\"],\"name\":\"nope\"},"
            + "\"destination\":{\"namespace\":[\"sales\"],\"name\":\"x\"}}", "404"}};
    for (String[] a : attempts) {
      long failures = auditFailures();
      assertCleanError(send(a[0], v1 + a[1], a[2]), Integer.parseInt(a[3]));
      assertThat(auditFailures()).as(a[0] + " " + a[1] + " " + a[2]).isEqualTo(failures + 1);
    }
    // reads are not audited, failed or not
    long failures = auditFailures();
    send("GET", v1 + "/namespaces/sales/tables/nope", null).isError(404, "NoSuchTableException");
    assertThat(auditFailures()).isEqualTo(failures);
  }

  @Test
  void aReadersCommit_isRefused403BeforeAnyFileIsWritten_andAudited() throws IOException {
    io.pangolin.api.ServiceCredentials reader = pangolin.principals().create(RequestContext.of(tenant, "test-admin"),
        "reader", java.util.Set.of(io.pangolin.api.Roles.TENANT_USER), java.util.Optional.empty());
    String token = TestAuth.token(URI.create(base), reader.principal().clientId(), reader.clientSecret());
    String location = table("orders").path("metadata").path("location").asText();
    long files;
    try (var s = Files.walk(Path.of(URI.create(location)))) {
      files = s.count();
    }
    long failures = auditFailures();
    assertCleanError(send("POST", v1 + "/namespaces/sales/tables/orders",
        "{\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"k\":\"v\"}}]}",
        Map.of("Authorization", "Bearer " + token)), 403);
    try (var s = Files.walk(Path.of(URI.create(location)))) {
      assertThat(s.count()).isEqualTo(files);
    }
    assertThat(auditFailures()).isEqualTo(failures + 1);
  }

  @Test
  void anIcebergTableWithoutMetadata_isA404ForEveryIcebergCall_andStaysInTheManagementApi() {
    Api.Res created = new Api(URI.create(base)).post(
        "/api/v1/catalogs/prod/namespaces/sales/assets", tenant, Map.of("name", "bare", "kind", "ICEBERG_TABLE"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String t = v1 + "/namespaces/sales/tables/bare";
    for (String[] call : new String[][] {{"GET", t, null}, {"POST", t, "{\"updates\":[]}"}, {"DELETE", t, null},
        {"GET", t + "/credentials", null}, {"POST", t + "/plan", "{}"},
        {"POST", v1 + "/tables/rename", "{\"source\":{\"namespace\":[\"sales\"],\"name\":\"bare\"},"
            + "\"destination\":{\"namespace\":[\"sales\"],\"name\":\"x\"}}"}}) {
      Res r = send(call[0], call[1], call[2]);
      assertCleanError(r, 404);
      assertThat(r.json().path("error").path("type").asText()).isEqualTo("NoSuchTableException");
      assertThat(r.json().path("error").path("message").asText()).contains("without Iceberg metadata");
    }
    assertThat(send("HEAD", t, null).status()).isEqualTo(404);
    assertThat(send("GET", v1 + "/namespaces/sales/tables", null).json().path("identifiers").toString())
        .doesNotContain("bare");
    send("POST", v1 + "/namespaces/sales/tables", "{\"name\":\"bare\",\"schema\":" + SCHEMA + "}")
        .isError(409, "AlreadyExistsException");
  }
}
