package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Grants over HTTP: custom roles, grants on catalog, namespace and asset scopes, filtered listings and search, denied
 * reads answering like missing objects, delegation of grant management without escalation, revocation taking effect
 * at once, grants not outliving their object, and the same rules through the Iceberg API.
 */
@HelidonTest
class GrantsTest {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final String SCHEMA = "{\"type\":\"struct\",\"schema-id\":0,\"fields\":[{\"id\":1,\"name\":\"id\","
      + "\"required\":true,\"type\":\"long\"}]}";

  @Inject
  WebTarget target;

  private URI base;
  private Api root;
  private String t;
  private String v1;

  @BeforeEach
  void seed() throws Exception {
    base = target.getUri();
    root = new Api(base);
    t = "grants-" + SEQ.incrementAndGet() + "-" + ProcessHandle.current().pid();
    v1 = "/v1/" + t + ".prod";
    root.post("/api/v1/tenants", null, Map.of("name", t)).is(201);
    String dir = Files.createTempDirectory("pangolin-grants").toUri().toString();
    root.post("/api/v1/warehouses", t, Map.of("name", "lake", "storageRoot", dir)).is(201);
    root.post("/api/v1/catalogs", t, Map.of("name", "prod", "warehouse", "lake")).is(201);
    root.post("/api/v1/catalogs", t, Map.of("name", "finance", "warehouse", "lake")).is(201);
    for (String ns : List.of("sales", "sales.emea", "hr")) {
      root.post("/api/v1/catalogs/prod/namespaces", t, Map.of("name", ns)).is(201);
    }
    for (String table : List.of("sales/orders", "sales.emea/leads", "hr/salaries")) {
      String[] p = table.split("/");
      String ns = p[0].replace(".", "%1F");
      root.post(v1 + "/namespaces/" + ns + "/tables", null, "{\"name\":\"" + p[1] + "\",\"schema\":" + SCHEMA + "}")
          .is(200);
    }
    for (String role : List.of("analysts", "leads")) {
      root.post("/api/v1/roles", t, Map.of("name", role, "description", "the " + role)).is(201);
    }
  }

  private Api principal(String name, String... roles) {
    JsonNode c = root.post("/api/v1/service-users", t, Map.of("name", name, "roles", List.of(roles))).is(201).json();
    return root.as("Bearer " + TestAuth.token(base, c.path("clientId").asText(), c.path("clientSecret").asText()));
  }

  private String clientId(String name) {
    return root.get("/api/v1/service-users/" + name, t).is(200).json().path("clientId").asText();
  }

  private JsonNode grant(Api as, String scope, String kind, String grantee, String... privileges) {
    return as.post("/api/v1/grants", t, Map.of("scope", scope, "grantee", Map.of("kind", kind, "name", grantee),
        "privileges", List.of(privileges))).is(201).json();
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(field == null ? n.asText() : n.path(field).asText()));
    return out;
  }

  private String commitBody() {
    return "{\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"k\":\"v\"}}]}";
  }

  @Test
  void aGrantOnANamespace_showsItsSubtreeOnly_andHidesTheRest() {
    grant(root, "namespace:prod:sales", "role", "analysts", "list", "read");
    Api alice = principal("alice", "analysts");

    assertThat(alice.get("/api/v1/catalogs", null).is(200).names()).containsExactly("prod");
    assertThat(alice.get(v1 + "/namespaces", null).is(200).json().path("namespaces").toString())
        .isEqualTo("[[\"sales\"]]");
    assertThat(alice.get("/api/v1/catalogs/prod/namespaces?parent=sales", null).is(200).names())
        .containsExactly("sales.emea");
    assertThat(alice.get(v1 + "/namespaces/sales%1Femea/tables/leads", null).status()).isEqualTo(200);
    assertThat(alice.get(v1 + "/namespaces/sales/tables/orders", null).status()).isEqualTo(200);
    assertThat(alice.get("/api/v1/search?q=e", null).is(200).names())
        .containsExactlyInAnyOrder("orders", "leads");

    // what alice may not see answers exactly like what does not exist
    Api.Res hidden = alice.get(v1 + "/namespaces/hr/tables/salaries", null);
    Api.Res missing = alice.get(v1 + "/namespaces/hr/tables/nothing-here", null);
    assertThat(hidden.status()).isEqualTo(404).isEqualTo(missing.status());
    assertThat(hidden.json().path("error").path("type").asText())
        .isEqualTo(missing.json().path("error").path("type").asText());
    assertThat(hidden.body()).doesNotContain("metadata-location");
    alice.get("/api/v1/catalogs/finance", null).isError(404, "NOT_FOUND");
    alice.get("/api/v1/catalogs/prod/namespaces/hr", null).isError(404, "NOT_FOUND");
    assertThat(alice.get(v1 + "/namespaces/hr/tables", null).status()).isEqualTo(404);

    // read is not write
    assertThat(alice.post(v1 + "/namespaces/sales/tables/orders", null, commitBody()).status()).isEqualTo(403);
    assertThat(alice.post(v1 + "/namespaces/sales/tables", null, "{\"name\":\"x\",\"schema\":" + SCHEMA + "}")
        .status()).isEqualTo(403);
    alice.get("/api/v1/warehouses", null).isError(403, "FORBIDDEN");
  }

  @Test
  void aGrantToOnePrincipal_onOneTable_takesEffectAtOnce_andItsRevocationToo() {
    Api bob = principal("bob", "analysts");
    assertThat(bob.get(v1 + "/namespaces/sales/tables/orders", null).status()).isEqualTo(404);

    String id = grant(root, "asset:prod:sales:orders", "principal", clientId("bob"), "read", "write")
        .path("id").asText();
    assertThat(bob.get(v1 + "/namespaces/sales/tables/orders", null).status()).isEqualTo(200);
    assertThat(bob.post(v1 + "/namespaces/sales/tables/orders", null, commitBody()).status()).isEqualTo(200);
    assertThat(bob.get(v1 + "/namespaces/sales/tables", null).is(200).json().path("identifiers"))
        .extracting(n -> n.path("name").asText()).containsExactly("orders");
    JsonNode effective = bob.get("/api/v1/grants/effective?scope=asset:prod:sales:orders", null).is(200).json();
    assertThat(texts(effective.path("privileges"), null)).containsExactlyInAnyOrder("read", "write");
    assertThat(texts(bob.get("/api/v1/grants", null).is(200).json().path("items"), "id")).containsExactly(id);

    root.delete("/api/v1/grants/" + id, t).is(204);
    assertThat(bob.get(v1 + "/namespaces/sales/tables/orders", null).status()).isEqualTo(404);
    assertThat(bob.post(v1 + "/namespaces/sales/tables/orders", null, commitBody()).status()).isEqualTo(404);
  }

  @Test
  void grantManagement_canBeDelegated_butNobodyGrantsWhatTheyDoNotHold() {
    grant(root, "catalog:prod", "role", "leads", "list", "read", "manage-grants");
    Api lead = principal("lead", "leads");
    Api analyst = principal("ann", "analysts");

    grant(lead, "namespace:prod:sales", "role", "analysts", "read");
    assertThat(analyst.get(v1 + "/namespaces/sales/tables/orders", null).status()).isEqualTo(200);
    Api.Res escalation = lead.post("/api/v1/grants", t, Map.of("scope", "catalog:prod", "grantee",
        Map.of("kind", "role", "name", "analysts"), "privileges", List.of("write")));
    escalation.isError(403, "FORBIDDEN");
    assertThat(escalation.body()).contains("write");
    lead.post("/api/v1/grants", t, Map.of("scope", "catalog:finance", "grantee",
        Map.of("kind", "role", "name", "analysts"), "privileges", List.of("read"))).isError(404, "NOT_FOUND");
    lead.post("/api/v1/grants", t, Map.of("scope", "catalog:prod", "grantee",
        Map.of("kind", "role", "name", "no-such-role"), "privileges", List.of("read"))).isError(404, "NOT_FOUND");
    lead.post("/api/v1/grants", t, Map.of("scope", "asset:prod:sales:nothing", "grantee",
        Map.of("kind", "role", "name", "analysts"), "privileges", List.of("read"))).isError(404, "NOT_FOUND");
    // managing roles stays with tenant administrators
    lead.post("/api/v1/roles", t, Map.of("name", "mine")).isError(403, "FORBIDDEN");
    // every grant change and every refused attempt is audited, with the caller's address
    JsonNode grantEvents = root.get("/api/v1/audit?action=grant.create", t).is(200).json().path("items");
    assertThat(grantEvents.size()).isGreaterThanOrEqualTo(3);
    grantEvents.forEach(e -> assertThat(e.path("details").path("source").asText()).isEqualTo("127.0.0.1"));
    assertThat(root.get("/api/v1/audit?action=grant.create&result=FAILURE", t).is(200).json().path("items"))
        .isNotEmpty();
  }

  @Test
  void badGrantRequests_are400_andChangeNothing() {
    int before = root.get("/api/v1/grants", t).is(200).json().path("items").size();
    for (Map<String, Object> body : List.<Map<String, Object>>of(
        Map.of("scope", "catalog", "grantee", Map.of("kind", "role", "name", "analysts"), "privileges",
            List.of("read")),
        Map.of("scope", "catalog:prod", "grantee", Map.of("kind", "team", "name", "analysts"), "privileges",
            List.of("read")),
        Map.of("scope", "catalog:prod", "grantee", Map.of("kind", "role", "name", "analysts"), "privileges",
            List.of("fly")),
        Map.of("scope", "catalog:prod", "grantee", Map.of("kind", "role", "name", "analysts"), "privileges",
            List.of()),
        Map.of("scope", "catalog:prod", "grantee", Map.of("kind", "role", "name", "root"), "privileges",
            List.of("read")))) {
      root.post("/api/v1/grants", t, body).isError(400, "VALIDATION_FAILED");
    }
    root.post("/api/v1/roles", t, Map.of("name", "tenant-admin")).isError(409, "ALREADY_EXISTS");
    root.post("/api/v1/service-users", t, Map.of("name", "x", "roles", List.of("no-such-role")))
        .isError(400, "VALIDATION_FAILED");
    assertThat(root.get("/api/v1/grants", t).is(200).json().path("items").size()).isEqualTo(before);
  }

  @Test
  void grantsDoNotOutliveTheirObject_andADeletedRoleIsTakenFromItsPrincipals() {
    Api carl = principal("carl", "analysts");
    grant(root, "asset:prod:hr:salaries", "role", "analysts", "read");
    assertThat(carl.get(v1 + "/namespaces/hr/tables/salaries", null).status()).isEqualTo(200);
    root.delete(v1 + "/namespaces/hr/tables/salaries", null).is(204);
    root.post(v1 + "/namespaces/hr/tables", null, "{\"name\":\"salaries\",\"schema\":" + SCHEMA + "}").is(200);
    assertThat(carl.get(v1 + "/namespaces/hr/tables/salaries", null).status()).isEqualTo(404);
    assertThat(root.get("/api/v1/grants", t).is(200).json().path("items").size()).isZero();

    grant(root, "catalog:prod", "role", "analysts", "list");
    root.delete("/api/v1/roles/analysts", t).is(204);
    assertThat(root.get("/api/v1/service-users/carl", t).is(200).json().path("roles")).isEmpty();
    assertThat(root.get("/api/v1/grants", t).is(200).json().path("items").size()).isZero();
    // roles are assigned and replaced through the service user
    root.post("/api/v1/roles", t, Map.of("name", "analysts")).is(201);
    assertThat(texts(root.patch("/api/v1/service-users/carl", t, Map.of("roles", List.of("analysts", "tenant-user")))
        .is(200).json().path("roles"), null)).containsExactly("analysts", "tenant-user");
  }

  @Test
  void icebergClient_withAReadOnlyGrant_loadsAndScans_butCannotCommit() throws Exception {
    grant(root, "namespace:prod:sales", "role", "analysts", "list", "read");
    JsonNode c = root.post("/api/v1/service-users", t, Map.of("name", "engine", "roles", List.of("analysts")))
        .is(201).json();
    org.apache.iceberg.catalog.TableIdentifier id = org.apache.iceberg.catalog.TableIdentifier.of("sales", "orders");
    // a metadata-only append by root, so that the scan has a file to plan
    try (org.apache.iceberg.rest.RESTCatalog admin = client(TestAuth.ROOT_ID + ":" + TestAuth.ROOT_SECRET);
        org.apache.iceberg.rest.RESTCatalog reader = client(c.path("clientId").asText() + ":"
            + c.path("clientSecret").asText())) {
      org.apache.iceberg.Table written = admin.loadTable(id);
      written.newAppend().appendFile(org.apache.iceberg.DataFiles.builder(written.spec())
          .withPath(written.location() + "/data/f-1.parquet").withFileSizeInBytes(1024).withRecordCount(3)
          .withFormat(org.apache.iceberg.FileFormat.PARQUET).build()).commit();

      org.apache.iceberg.Table table = reader.loadTable(id);
      List<String> planned = new ArrayList<>();
      try (var tasks = table.newScan().planFiles()) {
        tasks.forEach(task -> planned.add(task.file().location()));
      }
      assertThat(planned).containsExactly(written.location() + "/data/f-1.parquet");
      assertThat(reader.listTables(org.apache.iceberg.catalog.Namespace.of("sales"))).containsExactly(id);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> table.updateProperties().set("k", "v").commit())
          .isInstanceOf(org.apache.iceberg.exceptions.ForbiddenException.class);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> reader.loadTable(
          org.apache.iceberg.catalog.TableIdentifier.of("hr", "salaries")))
          .isInstanceOf(org.apache.iceberg.exceptions.NoSuchTableException.class);
    }
  }

  private org.apache.iceberg.rest.RESTCatalog client(String credential) {
    org.apache.iceberg.rest.RESTCatalog catalog = new org.apache.iceberg.rest.RESTCatalog();
    java.util.Map<String, String> props = new java.util.HashMap<>(Map.of("uri", base.toString(), "warehouse",
        t + ".prod", "io-impl", io.pangolin.iceberg.LocalFileIO.class.getName(), "credential", credential,
        "scope", "catalog"));
    if (credential.startsWith(TestAuth.ROOT_ID + ":")) {
      props.put("header.X-Pangolin-Tenant", t);
    }
    catalog.initialize("grants-" + SEQ.incrementAndGet(), props);
    return catalog;
  }
}
