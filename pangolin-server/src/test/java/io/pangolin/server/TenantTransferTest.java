package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tenant export and import over HTTP on the in-memory store: a round trip (export, delete the tenant, import),
 * no secret in the document, and refused imports — existing tenant, storage held by another tenant, malformed
 * documents — that change nothing. (Export into another PostgreSQL deployment: BackupRestoreDrillIT.)
 */
@HelidonTest
class TenantTransferTest {
  private static final String SECRET = "transfer-secret-0123456789";

  @Inject
  WebTarget target;

  private Api api;

  @BeforeEach
  void client() {
    api = new Api(target.getUri());
  }

  private String seed(String t) throws Exception {
    String root = Files.createTempDirectory("pangolin-transfer").toUri().toString();
    api.post("/api/v1/tenants", null, Map.of("name", t, "properties", Map.of("tier", "gold"))).is(201);
    api.post("/api/v1/warehouses", t, Map.of("name", "lake", "storageRoot", root,
        "storageProperties", Map.of("client.region", "eu-west-1", "s3.secret-access-key", SECRET))).is(201);
    api.post("/api/v1/catalogs", t, Map.of("name", "prod", "warehouse", "lake")).is(201);
    api.post("/api/v1/catalogs/prod/namespaces", t, Map.of("name", "sales")).is(201);
    api.post("/api/v1/catalogs/prod/namespaces", t, Map.of("name", "sales.emea")).is(201);
    api.post("/api/v1/catalogs/prod/namespaces/sales.emea/assets", t, Map.of("name", "orders",
        "kind", "ICEBERG_TABLE", "properties", Map.of("format", "parquet"))).is(201);
    api.post("/api/v1/users", t, Map.of("name", "carol")).is(201);
    api.post("/api/v1/roles", t, Map.of("name", "analysts")).is(201);
    api.post("/api/v1/grants", t, Map.of("scope", "namespace:prod:sales", "grantee",
        Map.of("kind", "role", "name", "analysts"), "privileges", List.of("list", "read"))).is(201);
    return root;
  }

  private String listings(String t) {
    return String.join("\n",
        api.get("/api/v1/catalogs", t).is(200).json().path("items").toString(),
        api.get("/api/v1/catalogs/prod/namespaces?parent=sales", t).is(200).json().path("items").toString(),
        api.get("/api/v1/catalogs/prod/namespaces/sales.emea/assets", t).is(200).json().path("items").toString(),
        api.get("/api/v1/users", t).is(200).json().path("items").toString(),
        api.get("/api/v1/roles", t).is(200).json().path("items").toString(),
        api.get("/api/v1/grants", t).is(200).json().path("items").toString())
        .replaceAll("\"version\":\\d+", "\"version\":_");
  }

  @Test
  void exportDeleteImport_bringsTheTenantBack_withoutItsSecrets() throws Exception {
    String t = "transfer-a";
    seed(t);
    String before = listings(t);
    Api.Res exported = api.get("/api/v1/tenants/" + t + "/export", null).is(200);
    assertThat(exported.body()).doesNotContain(SECRET).contains("\"secretPropertiesOmitted\":[\"s3.secret-access-key\"]");

    api.delete("/api/v1/catalogs/prod/namespaces/sales.emea/assets/orders", t).is(204);
    api.delete("/api/v1/catalogs/prod/namespaces/sales.emea", t).is(204);
    api.delete("/api/v1/catalogs/prod/namespaces/sales", t).is(204);
    api.delete("/api/v1/catalogs/prod", t).is(204);
    api.delete("/api/v1/warehouses/lake", t).is(204);
    api.delete("/api/v1/tenants/" + t, null).is(204);

    Api.Res imported = api.post("/api/v1/tenants/import", null, exported.body()).is(201);
    assertThat(imported.headers().firstValue("Location").orElseThrow()).endsWith("/api/v1/tenants/" + t);
    JsonNode summary = imported.json();
    assertThat(summary.path("assets").asInt()).isEqualTo(1);
    assertThat(summary.path("namespaces").asInt()).isEqualTo(2);
    assertThat(summary.path("grants").asInt()).isEqualTo(1);
    assertThat(summary.path("secretPropertiesToSet").toString()).isEqualTo("[\"lake:s3.secret-access-key\"]");
    assertThat(listings(t)).isEqualTo(before);
    assertThat(api.get("/api/v1/tenants/" + t, null).is(200).json().path("properties").path("tier").asText())
        .isEqualTo("gold");
    JsonNode storage = api.get("/api/v1/warehouses/lake", t).is(200).json().path("storageProperties");
    assertThat(storage.path("client.region").asText()).isEqualTo("eu-west-1");
    assertThat(storage.has("s3.secret-access-key")).isFalse();
    assertThat(api.get("/api/v1/audit/count?action=tenant.import", t).is(200).json().path("count").asLong())
        .isEqualTo(1);
  }

  @Test
  void refusedImports_changeNothing() throws Exception {
    String t = "transfer-b";
    String root = seed(t);
    String doc = api.get("/api/v1/tenants/" + t + "/export", null).is(200).body();
    assertThat(doc).contains("\"location\":\"" + root);

    assertThat(api.post("/api/v1/tenants/import", null, doc).is(409).code()).isEqualTo("ALREADY_EXISTS");
    // another name on the same deployment: the storage is transfer-b's
    String copy = doc.replace("\"name\":null,", "\"name\":\"transfer-copy\",");
    assertThat(api.post("/api/v1/tenants/import", null, copy).is(409).code()).isEqualTo("CONFLICT");
    api.get("/api/v1/tenants/transfer-copy", null).is(404);

    for (String bad : List.of(
        doc.replace("\"format\":1", "\"format\":2"),
        doc.replace("\"name\":null,", "\"name\":\"transfer-bad\",\"colour\":\"blue\","),
        doc.replace("\"name\":null,", "\"name\":\"transfer-bad\",").replace("\"ICEBERG_TABLE\"", "\"NOPE\""),
        doc.replace("\"name\":null,", "\"name\":\"transfer-bad\",").replaceFirst("\"createdAt\":\"[^\"]+\"",
            "\"createdAt\":\"yesterday\""),
        doc.replace("\"name\":null,", "\"name\":\"Transfer Bad\","),
        // an asset pointing outside its warehouse: storage belongs to one tenant
        doc.replace("\"name\":null,", "\"name\":\"transfer-bad\",").replace("\"location\":\"" + root,
            "\"location\":\"" + root.replace("pangolin-transfer", "pangolin-elsewhere")),
        "{\"format\":1}",
        "{\"format\":1,\"name\":\"transfer-bad\",\"tenant\":{\"name\":\"x\"}}")) {
      Api.Res r = api.post("/api/v1/tenants/import", null, bad).is(400);
      assertThat(r.code()).isEqualTo("VALIDATION_FAILED");
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("java.");
    }
    api.get("/api/v1/tenants/transfer-bad", null).is(404);
    assertThat(api.get("/api/v1/tenants?pageSize=1000", null).is(200).names()).doesNotContain("transfer-copy",
        "transfer-bad", "Transfer Bad");
  }
}
