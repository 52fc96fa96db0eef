package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import io.pangolin.api.RequestContext;
import io.pangolin.core.Pangolin;
import io.pangolin.iceberg.LocalFileIO;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Names containing {@code /} on both APIs (percent-encoded as {@code %2F}; Iceberg namespace levels separated by
 * {@code %1F}, management namespaces dotted), hostile names refused, one set of limits for property maps and request
 * lists on both APIs, and unknown top-level fields (refused by the management API, ignored within a bound by the
 * Iceberg API).
 */
@HelidonTest
class NamesAndLimitsTest {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final String SCHEMA = "{\"type\":\"struct\",\"schema-id\":0,\"fields\":["
      + "{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\"}]}";

  @Inject
  WebTarget target;

  @Inject
  Pangolin pangolin;

  private Api api;
  private String tenant;
  private String v1;

  @BeforeEach
  void seed() throws IOException {
    api = new Api(target.getUri());
    tenant = "names-" + SEQ.incrementAndGet();
    RequestContext admin = RequestContext.of(tenant, "test-admin");
    pangolin.tenants().create(admin, tenant, Map.of());
    pangolin.warehouses().create(admin, "lake", "file://" + Files.createTempDirectory("pangolin-names"), Map.of());
    pangolin.catalogs().create(admin, "prod", "lake", Map.of());
    v1 = "/v1/" + tenant + ".prod";
    api.post(v1 + "/namespaces", null, "{\"namespace\":[\"sales\"]}").is(200);
    api.post(v1 + "/namespaces/sales/tables", null, "{\"name\":\"orders\",\"schema\":" + SCHEMA + "}").is(200);
  }

  private static void isIcebergError(Api.Res r, int status) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    JsonNode error = r.json().path("error");
    assertThat(error.path("code").asInt()).as(r.body()).isEqualTo(status);
    assertThat(error.path("type").asText()).isNotBlank();
    assertThat(error.path("message").asText()).isNotBlank().hasSizeLessThan(400);
  }

  private String metadataLocation(String table) {
    return api.get(v1 + "/namespaces/sales/tables/" + table, null).is(200).json().path("metadata-location").asText();
  }

  private static Map<String, String> props(int n, int valueLength) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < n; i++) {
      m.put("k" + i, "v".repeat(valueLength));
    }
    return m;
  }

  // ---- names with '/' ------------------------------------------------------------------------------------

  @Test
  void namesWithSlash_workOnTheIcebergApi_percentEncoded() {
    api.post(v1 + "/namespaces", null, "{\"namespace\":[\"new/db\"]}").is(200);
    api.post(v1 + "/namespaces", null, "{\"namespace\":[\"new/db\",\"in/ner\"]}").is(200);
    assertThat(api.get(v1 + "/namespaces/new%2Fdb", null).is(200).json().path("namespace").toString())
        .isEqualTo("[\"new/db\"]");
    assertThat(api.get(v1 + "/namespaces?parent=new%2Fdb", null).is(200).json().path("namespaces").toString())
        .isEqualTo("[[\"new/db\",\"in/ner\"]]");
    String nested = v1 + "/namespaces/new%2Fdb%1Fin%2Fner";
    JsonNode created = api.post(nested + "/tables", null, "{\"name\":\"tab/le\",\"schema\":" + SCHEMA + "}")
        .is(200).json();
    // a '/' in a name never adds a path segment to the location
    assertThat(created.path("metadata").path("location").asText()).contains("/new_db/in_ner/tab_le-");
    api.head(nested + "/tables/tab%2Fle", null).is(204);
    assertThat(api.get(nested + "/tables", null).json().path("identifiers").toString())
        .isEqualTo("[{\"namespace\":[\"new/db\",\"in/ner\"],\"name\":\"tab/le\"}]");
    api.post(v1 + "/tables/rename", null, "{\"source\":{\"namespace\":[\"new/db\",\"in/ner\"],\"name\":\"tab/le\"},"
        + "\"destination\":{\"namespace\":[\"sales\"],\"name\":\"mo/ved\"}}").is(204);
    api.get(v1 + "/namespaces/sales/tables/mo%2Fved", null).is(200);
    api.post(nested + "/views", null, "{\"name\":\"vi/ew\",\"schema\":" + SCHEMA + ",\"view-version\":{"
        + "\"version-id\":1,\"timestamp-ms\":1,\"schema-id\":0,\"summary\":{},\"default-namespace\":[\"sales\"],"
        + "\"representations\":[{\"type\":\"sql\",\"sql\":\"select 1\",\"dialect\":\"spark\"}]},"
        + "\"properties\":{}}").is(200);
    api.get(nested + "/views/vi%2Few", null).is(200);
    api.delete(nested + "/views/vi%2Few", null).is(204);
    api.delete(v1 + "/namespaces/sales/tables/mo%2Fved", null).is(204);

    // the management API addresses the same objects: dotted namespaces, '/' percent-encoded
    JsonNode ns = api.get("/api/v1/catalogs/prod/namespaces/new%2Fdb.in%2Fner", tenant).is(200).json();
    assertThat(ns.path("name").asText()).isEqualTo("new/db.in/ner");
    assertThat(api.get("/api/v1/catalogs/prod/namespaces?parent=new%2Fdb", tenant).names())
        .containsExactly("new/db.in/ner");
  }

  @Test
  void namesWithSlash_workOnTheManagementApi_andTheIcebergClientSeesThem() {
    Api.Res created = api.post("/api/v1/catalogs/prod/namespaces", tenant, "{\"name\":\"m/n\"}").is(201);
    assertThat(created.headers().firstValue("Location").orElseThrow()).endsWith("/namespaces/m%2Fn");
    api.post("/api/v1/catalogs/prod/namespaces/m%2Fn/assets", tenant, "{\"name\":\"a/b\",\"kind\":\"PARQUET\"}")
        .is(201);
    assertThat(api.get("/api/v1/catalogs/prod/namespaces/m%2Fn/assets/a%2Fb", tenant).is(200).json().path("name")
        .asText()).isEqualTo("a/b");

    Map<String, String> props = new HashMap<>();
    String uri = target.getUri().toString();
    props.put(CatalogProperties.URI, uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri);
    props.put(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
    props.put("warehouse", tenant + ".prod");
    try (RESTCatalog catalog = new RESTCatalog()) {
      catalog.initialize("names", TestAuth.rootClient(props));
      assertThat(catalog.namespaceExists(Namespace.of("m/n"))).isTrue();
      TableIdentifier ident = TableIdentifier.of(Namespace.of("m/n"), "tab/le");
      catalog.createTable(ident, new Schema(Types.NestedField.required(1, "id", Types.LongType.get())));
      assertThat(catalog.loadTable(ident).name()).endsWith("tab/le");
      assertThat(catalog.listTables(Namespace.of("m/n"))).containsExactly(ident);
      assertThat(catalog.dropTable(ident)).isTrue();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void hostileNames_areRefusedWith400_onBothApis() {
    String overlong = "x".repeat(300);
    for (String level : List.of("%00", "a%01b", "a%0Ab", "%2Flead", "a.b", overlong, "a%7Fb")) {
      isIcebergError(api.get(v1 + "/namespaces/" + level, null), 400);
    }
    isIcebergError(api.get(v1 + "/namespaces/sales%1F%1Fx", null), 400);
    isIcebergError(api.get(v1 + "/namespaces/sales/tables/" + overlong, null), 400);
    isIcebergError(api.get(v1 + "/namespaces/sales/tables/a%2F..%2Fb", null), 400);
    isIcebergError(api.get(v1 + "/namespaces/sales/tables/%2Fx", null), 400);
    for (String body : List.of("{\"namespace\":[\"\"]}", "{\"namespace\":[\"a\\u0000b\"]}",
        "{\"namespace\":[\"" + overlong + "\"]}", "{\"namespace\":[\"/x\"]}", "{\"namespace\":[]}")) {
      isIcebergError(api.post(v1 + "/namespaces", null, body), 400);
    }
    for (String name : List.of("", "a\\u0000b", "a\\tb", overlong + overlong, "..", "/x")) {
      isIcebergError(api.post(v1 + "/namespaces/sales/tables", null, "{\"name\":\"" + name + "\",\"schema\":"
          + SCHEMA + "}"), 400);
    }
    api.get("/api/v1/catalogs/prod/namespaces/a%01b", tenant).isError(400, "VALIDATION_FAILED");
    api.get("/api/v1/catalogs/prod/namespaces/sales/assets/%2Fx", tenant).isError(400, "VALIDATION_FAILED");
    api.post("/api/v1/catalogs/prod/namespaces", tenant, "{\"name\":\"" + overlong + "\"}")
        .isError(400, "VALIDATION_FAILED");
    // nothing was created
    assertThat(api.get(v1 + "/namespaces", null).json().path("namespaces").toString()).isEqualTo("[[\"sales\"]]");
    assertThat(api.get(v1 + "/namespaces/sales/tables", null).json().path("identifiers")).hasSize(1);
  }

  // ---- one set of limits ---------------------------------------------------------------------------------

  @Test
  void propertyLimits_areTheSameOnBothApis_andAFailedWriteChangesNothing() {
    Map<String, Object> tooMany = Map.of("namespace", List.of("n1"), "properties", props(1_001, 1));
    Map<String, Object> tooLong = Map.of("namespace", List.of("n2"), "properties", Map.of("k", "v".repeat(65_537)));
    isIcebergError(api.post(v1 + "/namespaces", null, Api.json(tooMany)), 400);
    isIcebergError(api.post(v1 + "/namespaces", null, Api.json(tooLong)), 400);
    api.post("/api/v1/catalogs/prod/namespaces", tenant, Api.json(Map.of("name", "n1",
        "properties", props(1_001, 1)))).isError(400, "VALIDATION_FAILED");
    api.post("/api/v1/catalogs/prod/namespaces", tenant, Api.json(Map.of("name", "n2",
        "properties", Map.of("k", "v".repeat(65_537))))).isError(400, "VALIDATION_FAILED");
    api.head(v1 + "/namespaces/n1", null).is(404);
    api.head(v1 + "/namespaces/n2", null).is(404);

    // Iceberg table properties: at create, at commit, through growth
    isIcebergError(api.post(v1 + "/namespaces/sales/tables", null, Api.json(Map.of("name", "big",
        "schema", Api.JSON.valueToTree(jsonOf(SCHEMA)), "properties", props(1_001, 1)))), 400);
    isIcebergError(api.post(v1 + "/namespaces/sales/tables", null, Api.json(Map.of("name", "big",
        "schema", Api.JSON.valueToTree(jsonOf(SCHEMA)), "properties", Map.of("k", "v".repeat(1_000_000))))), 400);
    api.head(v1 + "/namespaces/sales/tables/big", null).is(404);
    String before = metadataLocation("orders");
    api.post(v1 + "/namespaces/sales/tables/orders", null, Api.json(Map.of("updates", List.of(Map.of(
        "action", "set-properties", "updates", props(900, 1)))))).is(200);
    String at900 = metadataLocation("orders");
    assertThat(at900).isNotEqualTo(before);
    Map<String, String> more = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      more.put("more" + i, "x");
    }
    isIcebergError(api.post(v1 + "/namespaces/sales/tables/orders", null, Api.json(Map.of("updates",
        List.of(Map.of("action", "set-properties", "updates", more))))), 400);
    isIcebergError(api.post(v1 + "/namespaces/sales/tables/orders", null, Api.json(Map.of("updates",
        List.of(Map.of("action", "set-properties", "updates", Map.of("k", "v".repeat(65_537))))))), 400);
    assertThat(metadataLocation("orders")).isEqualTo(at900);

    // Iceberg namespace property updates grow within the same bound
    api.post(v1 + "/namespaces/sales/properties", null, Api.json(Map.of("updates", props(900, 1)))).is(200);
    isIcebergError(api.post(v1 + "/namespaces/sales/properties", null, Api.json(Map.of("updates", more))), 400);
    assertThat(api.get(v1 + "/namespaces/sales", null).json().path("properties").size())
        .isEqualTo(901); // 900 and the reported location
  }

  @Test
  void listLimits_areTheSameOnBothApis() {
    List<Map<String, Object>> updates = new java.util.ArrayList<>();
    for (int i = 0; i < 1_001; i++) {
      updates.add(Map.of("action", "remove-properties", "removals", List.of("k" + i)));
    }
    String before = metadataLocation("orders");
    isIcebergError(api.post(v1 + "/namespaces/sales/tables/orders", null, Api.json(Map.of("updates", updates))), 400);
    isIcebergError(api.post(v1 + "/transactions/commit", null, Api.json(Map.of("table-changes", List.of(Map.of(
        "identifier", Map.of("namespace", List.of("sales"), "name", "orders"), "updates", updates))))), 400);
    assertThat(metadataLocation("orders")).isEqualTo(before);
    List<String> removals = new java.util.ArrayList<>();
    for (int i = 0; i < 1_001; i++) {
      removals.add("k" + i);
    }
    isIcebergError(api.post(v1 + "/namespaces/sales/properties", null, Api.json(Map.of("removals", removals))), 400);
    api.patch("/api/v1/catalogs/prod/namespaces/sales", tenant, Api.json(Map.of("removals", removals)))
        .isError(400, "VALIDATION_FAILED");
    // within the bound both are fine
    api.patch("/api/v1/catalogs/prod/namespaces/sales", tenant, Api.json(Map.of("removals", removals.subList(0,
        1_000)))).is(200);
  }

  // ---- unknown top-level fields -------------------------------------------------------------------------

  @Test
  void unknownTopLevelFields_refusedByManagement_ignoredWithinABoundByIceberg() {
    api.post("/api/v1/catalogs/prod/namespaces", tenant, "{\"name\":\"u1\",\"extra\":1}")
        .isError(400, "VALIDATION_FAILED");

    // a newer client's extra field is ignored (Iceberg's forward compatibility) …
    String before = metadataLocation("orders");
    ObjectNode commit = (ObjectNode) jsonOf("{\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"a\":\"1\"}}],"
        + "\"future-field\":{\"x\":1}}");
    api.post(v1 + "/namespaces/sales/tables/orders", null, commit.toString()).is(200);
    String after = metadataLocation("orders");
    assertThat(after).isNotEqualTo(before);
    api.post(v1 + "/namespaces", null, "{\"namespace\":[\"u2\"],\"hint\":\"x\"}").is(200);

    // … but not without bound: a large unknown field, or many, are 400 and change nothing
    commit.put("future-field", "x".repeat(100_000));
    isIcebergError(api.post(v1 + "/namespaces/sales/tables/orders", null, commit.toString()), 400);
    ObjectNode many = (ObjectNode) jsonOf("{\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"b\":\"1\"}}]}");
    for (int i = 0; i < 17; i++) {
      many.put("f" + i, i);
    }
    isIcebergError(api.post(v1 + "/namespaces/sales/tables/orders", null, many.toString()), 400);
    ObjectNode create = (ObjectNode) jsonOf("{\"name\":\"u3\",\"schema\":" + SCHEMA + "}");
    ArrayNode junk = create.putArray("junk");
    for (int i = 0; i < 5_000; i++) {
      junk.add("0123456789");
    }
    isIcebergError(api.post(v1 + "/namespaces/sales/tables", null, create.toString()), 400);
    assertThat(metadataLocation("orders")).isEqualTo(after);
    api.head(v1 + "/namespaces/sales/tables/u3", null).is(404);
  }

  private static JsonNode jsonOf(String s) {
    try {
      return Api.JSON.readTree(s);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
