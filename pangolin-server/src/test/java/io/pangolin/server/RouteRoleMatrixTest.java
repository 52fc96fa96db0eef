package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.client.WebTarget;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every route of both APIs × every kind of caller: no credentials, a bad token, an administrator of another tenant,
 * a principal of the tenant whose (custom) role has no grant, one whose custom role is granted list, read, create,
 * write and delete on catalog {@code prod}, a tenant user, a tenant writer, a tenant administrator, root. The table
 * below says what each route needs; a caller without it gets 401 (no valid token) or 403 — or 404 where it may not
 * even know that the object exists —, a caller with it anything but 401/403/5xx. A route added to the server without
 * a row here fails {@link #everyRouteOfTheServer_isInTheMatrix()}.
 */
@HelidonTest
class RouteRoleMatrixTest {
  /** What a route needs. */
  enum Need {
    PUBLIC,
    /** Any authenticated principal. */
    ANY,
    /** A principal of the tenant; what it lists is filtered (empty for one without grants). */
    MEMBER,
    /** Read catalog content of catalog prod (a built-in role, or a grant). */
    READ,
    /** Read tenant infrastructure (warehouses, users, the tenant): a built-in role. */
    TENANT_READ,
    /** Change catalog content of catalog prod (tenant-writer, or a grant). */
    WRITE,
    MANAGE,
    ROOT
  }

  /** Who calls. */
  enum Persona { NONE, BAD_TOKEN, OTHER_TENANT_ADMIN, NO_GRANT, GRANTED, TENANT_USER, TENANT_WRITER, TENANT_ADMIN, ROOT }

  record Route(String method, String template, String path, String body, Need need) {
    String key() {
      return method + " " + template;
    }
  }

  private static final String SCHEMA = "{\"type\":\"struct\",\"schema-id\":0,\"fields\":[{\"id\":1,\"name\":\"id\","
      + "\"required\":true,\"type\":\"long\"}]}";

  @Inject
  WebTarget target;

  private static boolean allowed(Persona p, Need need) {
    return switch (need) {
      case PUBLIC -> true;
      case ANY -> p.ordinal() >= Persona.OTHER_TENANT_ADMIN.ordinal();
      case MEMBER -> p.ordinal() >= Persona.NO_GRANT.ordinal();
      case READ -> p.ordinal() >= Persona.GRANTED.ordinal();
      case TENANT_READ -> p.ordinal() >= Persona.TENANT_USER.ordinal();
      case WRITE -> p == Persona.GRANTED || p.ordinal() >= Persona.TENANT_WRITER.ordinal();
      case MANAGE -> p.ordinal() >= Persona.TENANT_ADMIN.ordinal();
      case ROOT -> p == Persona.ROOT;
    };
  }

  private static String view(String name) {
    return "{\"name\":\"" + name + "\",\"schema\":" + SCHEMA + ",\"view-version\":{\"version-id\":1,\"timestamp-ms\":1,"
        + "\"schema-id\":0,\"summary\":{},\"default-namespace\":[\"sales\"],\"representations\":[{\"type\":\"sql\","
        + "\"sql\":\"select 1\",\"dialect\":\"spark\"}]},\"properties\":{}}";
  }

  /** The matrix rows, in an order where every route still finds what it addresses (reads, writes, deletes). */
  private static List<Route> routes(String t, String metadataLocation, String grantId) {
    String v1 = "/v1/" + t + ".prod";
    String tbl = v1 + "/namespaces/sales/tables";
    String vw = v1 + "/namespaces/sales/views";
    String ns = "/api/v1/catalogs/prod/namespaces";
    String as = ns + "/sales/assets";
    List<Route> r = new ArrayList<>();
    // public and any authenticated principal
    r.add(new Route("POST", "/v1/oauth/tokens", "/v1/oauth/tokens", "grant_type=client_credentials&client_id=x"
        + "&client_secret=y", Need.PUBLIC));
    r.add(new Route("POST", "/api/v1/auth/login", "/api/v1/auth/login",
        "{\"tenant\":\"" + t + "\",\"username\":\"nobody\",\"password\":\"wrong-password\"}", Need.PUBLIC));
    r.add(new Route("GET", "/api/v1/auth/jwks", "/api/v1/auth/jwks", null, Need.PUBLIC));
    r.add(new Route("GET", "/api/v1/auth/whoami", "/api/v1/auth/whoami", null, Need.ANY));
    // reads
    r.add(new Route("GET", "/v1/config", "/v1/config?warehouse=" + t + ".prod", null, Need.READ));
    r.add(new Route("GET", "/v1/{prefix}/namespaces", v1 + "/namespaces", null, Need.READ));
    r.add(new Route("GET", "/v1/{prefix}/namespaces/{namespace}", v1 + "/namespaces/sales", null, Need.READ));
    r.add(new Route("HEAD", "/v1/{prefix}/namespaces/{namespace}", v1 + "/namespaces/sales", null, Need.READ));
    r.add(new Route("GET", "/v1/{prefix}/namespaces/{namespace}/tables", tbl, null, Need.READ));
    r.add(new Route("GET", "/v1/{prefix}/namespaces/{namespace}/tables/{table}", tbl + "/t1", null, Need.READ));
    r.add(new Route("HEAD", "/v1/{prefix}/namespaces/{namespace}/tables/{table}", tbl + "/t1", null, Need.READ));
    r.add(new Route("GET", "/v1/{prefix}/namespaces/{namespace}/tables/{table}/credentials", tbl + "/t1/credentials",
        null, Need.READ));
    r.add(new Route("POST", "/v1/{prefix}/namespaces/{namespace}/tables/{table}/metrics", tbl + "/t1/metrics",
        "{\"report-type\":\"commit-report\",\"table-name\":\"prod.sales.t1\",\"snapshot-id\":1,"
            + "\"sequence-number\":1,\"operation\":\"append\",\"metrics\":{}}", Need.READ));
    r.add(new Route("POST", "/v1/{prefix}/namespaces/{namespace}/tables/{table}/plan", tbl + "/t1/plan", "{}",
        Need.READ));
    r.add(new Route("GET", "/v1/{prefix}/namespaces/{namespace}/tables/{table}/plan/{plan-id}",
        tbl + "/t1/plan/p-1", null, Need.READ));
    r.add(new Route("DELETE", "/v1/{prefix}/namespaces/{namespace}/tables/{table}/plan/{plan-id}",
        tbl + "/t1/plan/p-1", null, Need.READ));
    r.add(new Route("POST", "/v1/{prefix}/namespaces/{namespace}/tables/{table}/tasks", tbl + "/t1/tasks",
        "{\"plan-task\":\"x\"}", Need.READ));
    r.add(new Route("GET", "/v1/{prefix}/namespaces/{namespace}/views", vw, null, Need.READ));
    r.add(new Route("GET", "/v1/{prefix}/namespaces/{namespace}/views/{view}", vw + "/v1", null, Need.READ));
    r.add(new Route("HEAD", "/v1/{prefix}/namespaces/{namespace}/views/{view}", vw + "/v1", null, Need.READ));
    r.add(new Route("GET", "/api/v1/catalogs", "/api/v1/catalogs", null, Need.MEMBER));
    r.add(new Route("GET", "/api/v1/catalogs/{catalog}", "/api/v1/catalogs/prod", null, Need.READ));
    r.add(new Route("GET", "/api/v1/warehouses", "/api/v1/warehouses", null, Need.TENANT_READ));
    r.add(new Route("GET", "/api/v1/warehouses/{name}", "/api/v1/warehouses/lake", null, Need.TENANT_READ));
    r.add(new Route("GET", "/api/v1/catalogs/{catalog}/namespaces", ns, null, Need.READ));
    r.add(new Route("GET", "/api/v1/catalogs/{catalog}/namespaces/{namespace}", ns + "/sales", null, Need.READ));
    r.add(new Route("HEAD", "/api/v1/catalogs/{catalog}/namespaces/{namespace}", ns + "/sales", null, Need.READ));
    r.add(new Route("GET", "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets", as, null, Need.READ));
    r.add(new Route("GET", "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets/{asset}", as + "/t1", null,
        Need.READ));
    r.add(new Route("HEAD", "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets/{asset}", as + "/t1", null,
        Need.READ));
    r.add(new Route("GET", "/api/v1/users", "/api/v1/users", null, Need.TENANT_READ));
    r.add(new Route("GET", "/api/v1/users/{name}", "/api/v1/users/alice", null, Need.TENANT_READ));
    r.add(new Route("GET", "/api/v1/search", "/api/v1/search?q=t", null, Need.MEMBER));
    r.add(new Route("GET", "/api/v1/tenants/{tenant}", "/api/v1/tenants/" + t, null, Need.TENANT_READ));
    r.add(new Route("GET", "/api/v1/tenants/{tenant}/placement", "/api/v1/tenants/" + t + "/placement", null,
        Need.TENANT_READ));
    r.add(new Route("GET", "/api/v1/tenants/{tenant}/usage", "/api/v1/tenants/" + t + "/usage", null, Need.TENANT_READ));
    r.add(new Route("GET", "/api/v1/catalogs/{catalog}/summary", "/api/v1/catalogs/prod/summary", null, Need.READ));
    r.add(new Route("GET", "/api/v1/usage", "/api/v1/usage?tenant=" + t, null, Need.TENANT_READ));
    r.add(new Route("GET", "/api/v1/usage/growth", "/api/v1/usage/growth?days=7", null, Need.TENANT_READ));
    r.add(new Route("GET", "/api/v1/usage/forecast", "/api/v1/usage/forecast?months=6", null, Need.TENANT_READ));
    r.add(new Route("GET", "/api/v1/audit", "/api/v1/audit", null, Need.MANAGE));
    r.add(new Route("GET", "/api/v1/audit/count", "/api/v1/audit/count", null, Need.MANAGE));
    r.add(new Route("GET", "/api/v1/service-users", "/api/v1/service-users", null, Need.MANAGE));
    r.add(new Route("GET", "/api/v1/service-users/{name}", "/api/v1/service-users/svc", null, Need.MANAGE));
    r.add(new Route("GET", "/api/v1/tenants", "/api/v1/tenants", null, Need.ROOT));
    r.add(new Route("GET", "/api/v1/tenants/{tenant}/export", "/api/v1/tenants/" + t + "/export", null, Need.ROOT));
    r.add(new Route("GET", "/api/v1/roles", "/api/v1/roles", null, Need.TENANT_READ));
    r.add(new Route("GET", "/api/v1/grants", "/api/v1/grants", null, Need.MEMBER));
    r.add(new Route("GET", "/api/v1/grants/effective", "/api/v1/grants/effective?scope=catalog:prod", null,
        Need.MEMBER));
    // creates and changes
    r.add(new Route("POST", "/v1/{prefix}/namespaces", v1 + "/namespaces", "{\"namespace\":[\"made\"]}", Need.WRITE));
    r.add(new Route("POST", "/v1/{prefix}/namespaces/{namespace}/properties", v1 + "/namespaces/sales/properties",
        "{\"updates\":{\"k\":\"v\"}}", Need.WRITE));
    r.add(new Route("POST", "/v1/{prefix}/namespaces/{namespace}/tables", tbl, "{\"name\":\"c1\",\"schema\":" + SCHEMA
        + "}", Need.WRITE));
    r.add(new Route("POST", "/v1/{prefix}/namespaces/{namespace}/register", v1 + "/namespaces/sales/register",
        "{\"name\":\"reg1\",\"metadata-location\":\"" + metadataLocation + "\"}", Need.WRITE));
    r.add(new Route("POST", "/v1/{prefix}/namespaces/{namespace}/tables/{table}", tbl + "/t1",
        "{\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"m\":\"1\"}}]}", Need.WRITE));
    r.add(new Route("POST", "/v1/{prefix}/transactions/commit", v1 + "/transactions/commit",
        "{\"table-changes\":[{\"identifier\":{\"namespace\":[\"sales\"],\"name\":\"t1\"},\"requirements\":[],"
            + "\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"x\":\"1\"}}]}]}", Need.WRITE));
    r.add(new Route("POST", "/v1/{prefix}/tables/rename", v1 + "/tables/rename",
        "{\"source\":{\"namespace\":[\"sales\"],\"name\":\"r1\"},\"destination\":{\"namespace\":[\"sales\"],"
            + "\"name\":\"r2\"}}", Need.WRITE));
    r.add(new Route("POST", "/v1/{prefix}/namespaces/{namespace}/views", vw, view("cv1"), Need.WRITE));
    r.add(new Route("POST", "/v1/{prefix}/namespaces/{namespace}/views/{view}", vw + "/v1",
        "{\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"k\":\"v\"}}]}", Need.WRITE));
    r.add(new Route("POST", "/v1/{prefix}/views/rename", v1 + "/views/rename",
        "{\"source\":{\"namespace\":[\"sales\"],\"name\":\"rv1\"},\"destination\":{\"namespace\":[\"sales\"],"
            + "\"name\":\"rv2\"}}", Need.WRITE));
    r.add(new Route("POST", "/api/v1/catalogs/{catalog}/namespaces", ns, "{\"name\":\"sales\"}", Need.WRITE));
    r.add(new Route("PATCH", "/api/v1/catalogs/{catalog}/namespaces/{namespace}", ns + "/sales",
        "{\"updates\":{\"k\":\"v\"}}", Need.WRITE));
    r.add(new Route("POST", "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets", as,
        "{\"name\":\"t1\",\"kind\":\"ML_MODEL\"}", Need.WRITE));
    r.add(new Route("PATCH", "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets/{asset}", as + "/t1",
        "{\"updates\":{\"k\":\"v\"}}", Need.WRITE));
    r.add(new Route("POST", "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets/{asset}/rename",
        as + "/ra1/rename", "{\"namespace\":\"sales\",\"name\":\"ra2\"}", Need.WRITE));
    r.add(new Route("POST", "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets/{asset}/maintenance",
        as + "/t1/maintenance", "{\"retentionDays\":30}", Need.WRITE));
    r.add(new Route("POST", "/api/v1/catalogs/{catalog}/maintenance", "/api/v1/catalogs/prod/maintenance",
        "{\"namespace\":\"sales\",\"dryRun\":true}", Need.WRITE));
    r.add(new Route("POST", "/api/v1/audit/archive", "/api/v1/audit/archive", "{\"olderThanDays\":90}", Need.MANAGE));
    r.add(new Route("POST", "/api/v1/catalogs", "/api/v1/catalogs", "{\"name\":\"prod\",\"warehouse\":\"lake\"}",
        Need.MANAGE));
    r.add(new Route("PATCH", "/api/v1/catalogs/{catalog}", "/api/v1/catalogs/prod", "{\"updates\":{\"k\":\"v\"}}",
        Need.MANAGE));
    r.add(new Route("POST", "/api/v1/warehouses", "/api/v1/warehouses",
        "{\"name\":\"lake\",\"storageRoot\":\"s3://matrix-bucket/lake\"}", Need.MANAGE));
    r.add(new Route("PATCH", "/api/v1/warehouses/{name}", "/api/v1/warehouses/lake", "{\"updates\":{\"k\":\"v\"}}",
        Need.MANAGE));
    r.add(new Route("POST", "/api/v1/users", "/api/v1/users", "{\"name\":\"alice\"}", Need.MANAGE));
    r.add(new Route("PATCH", "/api/v1/users/{name}", "/api/v1/users/alice", "{\"email\":\"a@example.org\"}",
        Need.MANAGE));
    r.add(new Route("PUT", "/api/v1/users/{name}/password", "/api/v1/users/alice/password",
        "{\"password\":\"a long enough password\"}", Need.MANAGE));
    r.add(new Route("POST", "/api/v1/service-users", "/api/v1/service-users",
        "{\"name\":\"svc\",\"roles\":[\"tenant-user\"]}", Need.MANAGE));
    r.add(new Route("POST", "/api/v1/service-users/{name}/rotate", "/api/v1/service-users/svc/rotate", null,
        Need.MANAGE));
    r.add(new Route("PATCH", "/api/v1/service-users/{name}", "/api/v1/service-users/svc", "{\"enabled\":true}",
        Need.MANAGE));
    r.add(new Route("POST", "/api/v1/roles", "/api/v1/roles", "{\"name\":\"analysts\"}", Need.MANAGE));
    r.add(new Route("POST", "/api/v1/grants", "/api/v1/grants", "{\"scope\":\"catalog:prod\",\"grantee\":"
        + "{\"kind\":\"role\",\"name\":\"grole\"},\"privileges\":[\"read\"]}", Need.MANAGE));
    r.add(new Route("POST", "/api/v1/tenants", "/api/v1/tenants", "{\"name\":\"" + t + "\"}", Need.ROOT));
    r.add(new Route("PATCH", "/api/v1/tenants/{tenant}", "/api/v1/tenants/" + t, "{\"updates\":{\"k\":\"v\"}}",
        Need.ROOT));
    r.add(new Route("POST", "/api/v1/tenants/{tenant}/placement", "/api/v1/tenants/" + t + "/placement",
        "{\"tier\":\"shared\"}", Need.ROOT));
    r.add(new Route("POST", "/api/v1/tenants/import", "/api/v1/tenants/import", "{\"format\":1,\"tenant\":{\"name\":\""
        + t + "-imported\",\"properties\":{},\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":"
        + "\"2026-01-01T00:00:00Z\",\"version\":1}}", Need.ROOT));
    // deletes, each of something of its own
    r.add(new Route("DELETE", "/v1/{prefix}/namespaces/{namespace}/tables/{table}", tbl + "/d1", null, Need.WRITE));
    r.add(new Route("DELETE", "/v1/{prefix}/namespaces/{namespace}/views/{view}", vw + "/dv1", null, Need.WRITE));
    r.add(new Route("DELETE", "/v1/{prefix}/namespaces/{namespace}", v1 + "/namespaces/dns", null, Need.WRITE));
    r.add(new Route("DELETE", "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets/{asset}", as + "/dasset",
        null, Need.WRITE));
    r.add(new Route("DELETE", "/api/v1/catalogs/{catalog}/namespaces/{namespace}", ns + "/dns2", null, Need.WRITE));
    r.add(new Route("DELETE", "/api/v1/catalogs/{catalog}", "/api/v1/catalogs/dcat", null, Need.MANAGE));
    r.add(new Route("DELETE", "/api/v1/warehouses/{name}", "/api/v1/warehouses/dwh", null, Need.MANAGE));
    r.add(new Route("DELETE", "/api/v1/users/{name}", "/api/v1/users/dusr", null, Need.MANAGE));
    r.add(new Route("DELETE", "/api/v1/service-users/{name}", "/api/v1/service-users/dsu", null, Need.MANAGE));
    r.add(new Route("DELETE", "/api/v1/grants/{id}", "/api/v1/grants/" + grantId, null, Need.MANAGE));
    r.add(new Route("DELETE", "/api/v1/roles/{name}", "/api/v1/roles/drole", null, Need.MANAGE));
    r.add(new Route("DELETE", "/api/v1/tenants/{tenant}", "/api/v1/tenants/" + t + "-del", null, Need.ROOT));
    return r;
  }

  @Test
  void everyRouteAndPersona_getsWhatTheMatrixSays() throws Exception {
    URI base = target.getUri();
    Api root = new Api(base);
    String t = "matrix-" + ProcessHandle.current().pid();
    String other = t + "-other";
    String grantId = seed(root, t);
    root.post("/api/v1/tenants", null, Map.of("name", other)).is(201);
    root.post("/api/v1/tenants", null, Map.of("name", t + "-del")).is(201);
    JsonNode loaded = root.get("/v1/" + t + ".prod/namespaces/sales/tables/t1", null).is(200).json();
    String metadataLocation = loaded.path("metadata-location").asText();
    String tableUuid = loaded.path("metadata").path("table-uuid").asText();
    assertThat(tableUuid).isNotBlank();

    Map<Persona, Api> callers = new LinkedHashMap<>();
    callers.put(Persona.NONE, root.as(""));
    callers.put(Persona.BAD_TOKEN, root.as("Bearer eyJhbGciOiJFUzI1NiJ9.e30.AAAA"));
    callers.put(Persona.OTHER_TENANT_ADMIN, root.as(bearer(root, base, other, "admin", "tenant-admin")));
    callers.put(Persona.NO_GRANT, root.as(bearer(root, base, t, "visitor", "visitors")));
    callers.put(Persona.GRANTED, root.as(bearer(root, base, t, "crew", "prod-crew")));
    callers.put(Persona.TENANT_USER, root.as(bearer(root, base, t, "user", "tenant-user")));
    callers.put(Persona.TENANT_WRITER, root.as(bearer(root, base, t, "writer", "tenant-writer")));
    callers.put(Persona.TENANT_ADMIN, root.as(bearer(root, base, t, "admin", "tenant-admin")));
    callers.put(Persona.ROOT, root);

    List<String> failures = new ArrayList<>();
    for (Route route : routes(t, metadataLocation, grantId)) {
      Map<Persona, Integer> seen = new LinkedHashMap<>();
      // callers without the need first, so that a route that changes something is denied before it is allowed
      List<Persona> order = new ArrayList<>(callers.keySet());
      order.sort((a, b) -> Boolean.compare(allowed(a, route.need()), allowed(b, route.need())));
      for (Persona p : order) {
        Map<String, String> headers = new HashMap<>();
        if (route.path().equals("/v1/oauth/tokens")) {
          headers.put("Content-Type", "application/x-www-form-urlencoded");
        }
        Api.Res res = callers.get(p).send(route.method(), route.path(), route.path().startsWith("/api/v1/tenants")
            || route.path().startsWith("/api/v1/auth") || route.path().startsWith("/v1/") ? null : t, route.body(),
            headers);
        seen.put(p, res.status());
        boolean ok = allowed(p, route.need());
        Set<Integer> expectedDenial = p == Persona.NONE || p == Persona.BAD_TOKEN ? Set.of(401)
            // who may not see catalog prod at all is told that what it addresses there does not exist
            : p == Persona.NO_GRANT ? Set.of(403, 404) : Set.of(403);
        if (route.need() == Need.PUBLIC) {
          continue;
        }
        if (ok && (res.status() == 401 || res.status() == 403 || res.status() >= 500)) {
          failures.add(route.key() + " as " + p + ": expected access, got " + res.status() + " " + res.body());
        } else if (!ok && !expectedDenial.contains(res.status())) {
          failures.add(route.key() + " as " + p + ": expected " + expectedDenial + ", got " + res.status() + " "
              + res.body());
        }
        if (ok && p == Persona.NO_GRANT && route.method().equals("GET") && res.status() == 200) {
          // a principal without grants lists nothing of the tenant's catalogs
          assertThat(res.body()).as(route.key()).doesNotContain("\"prod\"").doesNotContain("\"t1\"");
        }
        if (!ok && res.status() == 403) {
          assertThat(res.body()).as(route.key() + " " + p).doesNotContain("metadata-location");
        }
        if (p == Persona.OTHER_TENANT_ADMIN || p == Persona.NO_GRANT) {
          // the tenant's names, ids and locations used by a principal of another tenant (or one without grants)
          // never bring back the tenant's data
          assertThat(res.body()).as(route.key() + " " + p).doesNotContain(marker(t)).doesNotContain(tableUuid);
        }
      }
      if (route.need() == Need.PUBLIC) {
        assertThat(new TreeSet<>(seen.values())).as(route.key() + " answers alike with or without a token: " + seen)
            .hasSize(1);
      }
    }
    assertThat(failures).isEmpty();
  }

  /** A route added without a matrix row fails here. */
  @Test
  void everyRouteOfTheServer_isInTheMatrix() {
    Set<String> inMatrix = routes("t", "file:///x", "g").stream().map(Route::key).collect(Collectors.toSet());
    Set<String> served = new TreeSet<>();
    for (JavaClass jc : new ClassFileImporter().importPackages("io.pangolin.server")) {
      if (!jc.isAnnotatedWith(Path.class) || jc.getName().contains("$")) {
        continue;
      }
      Class<?> c = jc.reflect();
      String classPath = c.getAnnotation(Path.class).value();
      for (Method m : c.getDeclaredMethods()) {
        String verb = m.isAnnotationPresent(GET.class) ? "GET" : m.isAnnotationPresent(POST.class) ? "POST"
            : m.isAnnotationPresent(PUT.class) ? "PUT" : m.isAnnotationPresent(PATCH.class) ? "PATCH"
            : m.isAnnotationPresent(DELETE.class) ? "DELETE" : m.isAnnotationPresent(HEAD.class) ? "HEAD" : null;
        if (verb == null) {
          continue;
        }
        String sub = m.isAnnotationPresent(Path.class) ? m.getAnnotation(Path.class).value() : "";
        String full = (classPath.endsWith("/") ? classPath.substring(0, classPath.length() - 1) : classPath)
            + (sub.isEmpty() ? "" : "/" + sub);
        served.add(verb + " " + full);
      }
    }
    assertThat(served).hasSizeGreaterThan(60);
    assertThat(inMatrix).containsAll(served);
  }

  private static String bearer(Api root, URI base, String tenant, String name, String role) {
    JsonNode c = root.post("/api/v1/service-users", tenant, Map.of("name", name, "roles", List.of(role))).is(201)
        .json();
    return "Bearer " + TestAuth.token(base, c.path("clientId").asText(), c.path("clientSecret").asText());
  }

  /** A value only the matrix tenant's data carries (a property of its namespace sales). */
  private static String marker(String t) {
    return "secret-marker-of-" + t;
  }

  /** The tenant of the matrix with everything its routes address; returns the id of a grant to revoke. */
  private static String seed(Api root, String t) throws Exception {
    root.post("/api/v1/tenants", null, Map.of("name", t)).is(201);
    String dir = Files.createTempDirectory("pangolin-matrix").toUri().toString();
    root.post("/api/v1/warehouses", t, Map.of("name", "lake", "storageRoot", dir)).is(201);
    root.post("/api/v1/warehouses", t, Map.of("name", "dwh", "storageRoot", "s3://matrix-" + t + "/dwh")).is(201);
    root.post("/api/v1/catalogs", t, Map.of("name", "prod", "warehouse", "lake")).is(201);
    root.post("/api/v1/catalogs", t, Map.of("name", "dcat", "warehouse", "lake")).is(201);
    String v1 = "/v1/" + t + ".prod";
    for (String ns : List.of("sales", "dns")) {
      root.post(v1 + "/namespaces", null, "{\"namespace\":[\"" + ns + "\"]}").is(200);
    }
    root.post("/api/v1/catalogs/prod/namespaces", t, Map.of("name", "dns2")).is(201);
    root.patch("/api/v1/catalogs/prod/namespaces/sales", t, Map.of("updates", Map.of("marker", marker(t)))).is(200);
    for (String table : List.of("t1", "d1", "r1")) {
      root.post(v1 + "/namespaces/sales/tables", null, "{\"name\":\"" + table + "\",\"schema\":" + SCHEMA + "}")
          .is(200);
    }
    for (String v : List.of("v1", "dv1", "rv1")) {
      root.post(v1 + "/namespaces/sales/views", null, view(v)).is(200);
    }
    for (String a : List.of("ra1", "dasset")) {
      root.post("/api/v1/catalogs/prod/namespaces/sales/assets", t, Map.of("name", a, "kind", "ML_MODEL")).is(201);
    }
    root.post("/api/v1/users", t, Map.of("name", "alice")).is(201);
    root.post("/api/v1/users", t, Map.of("name", "dusr")).is(201);
    for (String s : List.of("svc", "dsu")) {
      root.post("/api/v1/service-users", t, Map.of("name", s, "roles", List.of("tenant-user"))).is(201);
    }
    for (String role : List.of("visitors", "prod-crew", "drole", "grole")) {
      root.post("/api/v1/roles", t, Map.of("name", role)).is(201);
    }
    root.post("/api/v1/grants", t, Map.of("scope", "catalog:prod", "grantee", Map.of("kind", "role", "name",
        "prod-crew"), "privileges", List.of("list", "read", "create", "write", "delete"))).is(201);
    return root.post("/api/v1/grants", t, Map.of("scope", "catalog:prod", "grantee", Map.of("kind", "role", "name",
        "drole"), "privileges", List.of("read"))).is(201).json().path("id").asText();
  }
}
