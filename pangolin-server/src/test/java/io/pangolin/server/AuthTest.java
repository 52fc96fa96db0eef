package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import io.pangolin.iceberg.LocalFileIO;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Authentication and authorization over HTTP: tokens at the OAuth2 endpoint (client credentials, token exchange,
 * HTTP Basic), bearer tokens on every route, the tenant decided by the principal, roles, service users, the real
 * Iceberg client with {@code credential}.
 */
@HelidonTest
class AuthTest {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final String FORM = "application/x-www-form-urlencoded";

  @Inject
  WebTarget target;

  private Api root;
  private URI base;
  private String tenant;

  record Client(String id, String secret) {
    String bearer(URI base) {
      return "Bearer " + TestAuth.token(base, id, secret);
    }
  }

  @BeforeEach
  void seed() throws Exception {
    base = target.getUri();
    root = new Api(base);
    tenant = "auth-" + SEQ.incrementAndGet() + "-" + ProcessHandle.current().pid();
    root.post("/api/v1/tenants", null, Map.of("name", tenant)).is(201);
    String dir = Files.createTempDirectory("pangolin-auth").toUri().toString();
    root.post("/api/v1/warehouses", tenant, Map.of("name", "lake", "storageRoot", dir)).is(201);
    root.post("/api/v1/catalogs", tenant, Map.of("name", "prod", "warehouse", "lake")).is(201);
    root.post("/api/v1/catalogs/prod/namespaces", tenant, Map.of("name", "sales")).is(201);
  }

  private Client serviceUser(String t, String name, String... roles) {
    JsonNode c = root.post("/api/v1/service-users", t, Map.of("name", name, "roles", List.of(roles))).is(201).json();
    return new Client(c.path("clientId").asText(), c.path("clientSecret").asText());
  }

  private Api.Res tokenRequest(String form, Map<String, String> headers) {
    Map<String, String> h = new HashMap<>(headers);
    h.put("Content-Type", FORM);
    h.putIfAbsent("Authorization", "");
    return root.send("POST", "/v1/oauth/tokens", null, form, h);
  }

  private static String form(Map<String, String> fields) {
    StringBuilder b = new StringBuilder();
    fields.forEach((k, v) -> b.append(b.isEmpty() ? "" : "&").append(k).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return b.toString();
  }

  private static String basic(String id, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void withoutAValidToken_everyRouteIs401_inTheErrorModelOfItsApi() throws Exception {
    ECKey foreign = new ECKeyGenerator(Curve.P_256).keyID("foreign").generate();
    SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("foreign").build(),
        new JWTClaimsSet.Builder().issuer("pangolin").audience("pangolin").subject(TestAuth.ROOT_ID)
            .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
    forged.sign(new ECDSASigner(foreign));
    String unsigned = new PlainJWT(new JWTClaimsSet.Builder().issuer("pangolin").audience("pangolin")
        .subject(TestAuth.ROOT_ID).expirationTime(Date.from(Instant.now().plusSeconds(600))).build()).serialize();
    String root = TestAuth.rootToken(base);
    String tampered = root.substring(0, root.lastIndexOf('.') + 1) + "AAAA" + root.substring(root.lastIndexOf('.') + 5);
    for (String auth : List.of("", "Bearer", "Bearer not-a-jwt", "Basic dGVzdDp0ZXN0", "Bearer " + forged.serialize(),
        "Bearer " + unsigned, "Bearer " + tampered)) {
      Api anonymous = this.root.as(auth);
      Api.Res management = anonymous.get("/api/v1/catalogs", tenant);
      assertThat(management.status()).as(auth).isEqualTo(401);
      assertThat(management.json().path("error").path("code").asText()).isEqualTo("UNAUTHENTICATED");
      assertThat(management.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"pangolin\"");
      Api.Res iceberg = anonymous.get("/v1/" + tenant + ".prod/namespaces", null);
      assertThat(iceberg.status()).as(auth).isEqualTo(401);
      assertThat(iceberg.json().path("error").path("type").asText()).isEqualTo("NotAuthorizedException");
      assertThat(iceberg.json().path("error").path("code").asInt()).isEqualTo(401);
      assertThat(anonymous.get("/api/v1/tenants", null).status()).isEqualTo(401);
      assertThat(anonymous.post("/api/v1/tenants", null, Map.of("name", "x" + SEQ.incrementAndGet())).status())
          .isEqualTo(401);
    }
    assertThat(this.root.as("").get("/api/v1/auth/jwks", null).is(200).json().path("keys").get(0).has("d"))
        .as("the JWK set never shows a private key").isFalse();
  }

  @Test
  void clientCredentials_inTheFormOrWithBasic_giveABearerToken_wrongSecretIs401InvalidClient() {
    Client c = serviceUser(tenant, "etl", "tenant-writer");

    JsonNode t = tokenRequest(form(Map.of("grant_type", "client_credentials", "client_id", c.id(),
        "client_secret", c.secret(), "scope", "catalog")), Map.of()).is(200).json();
    assertThat(t.path("token_type").asText()).isEqualTo("bearer");
    assertThat(t.path("expires_in").isIntegralNumber()).isTrue();
    assertThat(t.path("expires_in").asLong()).isPositive();
    assertThat(t.path("access_token").asText().split("\\.")).hasSize(3);
    assertThat(t.path("issued_token_type").asText()).isEqualTo("urn:ietf:params:oauth:token-type:access_token");
    root.as("Bearer " + t.path("access_token").asText()).get("/api/v1/catalogs", null).is(200);

    tokenRequest("grant_type=client_credentials", Map.of("Authorization", basic(c.id(), c.secret()))).is(200);

    Api.Res wrong = tokenRequest(form(Map.of("grant_type", "client_credentials", "client_id", c.id(),
        "client_secret", c.secret() + "x")), Map.of());
    assertThat(wrong.status()).isEqualTo(401);
    // authentications are audited with the principal and the address they came from (never the secret)
    JsonNode failed = root.get("/api/v1/audit?action=auth.authenticate&result=FAILURE", tenant).is(200).json()
        .path("items").get(0);
    assertThat(failed.path("resourceId").asText()).isEqualTo(c.id());
    assertThat(failed.path("details").path("source").asText()).isEqualTo("127.0.0.1");
    assertThat(failed.toString()).doesNotContain(c.secret());
    assertThat(wrong.json().path("error").asText()).isEqualTo("invalid_client");
    assertThat(wrong.body()).doesNotContain(c.secret());
    Api.Res unknown = tokenRequest(form(Map.of("grant_type", "client_credentials", "client_id", "nobody",
        "client_secret", "whatever")), Map.of());
    assertThat(unknown.json().path("error").asText()).isEqualTo("invalid_client");
    assertThat(tokenRequest("grant_type=client_credentials&client_id=a&client_id=b&client_secret=x", Map.of())
        .json().path("error").asText()).isEqualTo("invalid_request");
    assertThat(root.send("POST", "/v1/oauth/tokens", null, "{\"grant_type\":\"client_credentials\"}",
        Map.of("Authorization", "")).json().path("error").asText()).isEqualTo("invalid_request");
  }

  @Test
  void tokenExchange_refreshesAValidToken_andFallsBackToBasicClientCredentials() {
    Client c = serviceUser(tenant, "spark", "tenant-writer");
    String first = TestAuth.token(base, c.id(), c.secret());
    String exchange = "urn:ietf:params:oauth:grant-type:token-exchange";

    JsonNode refreshed = tokenRequest(form(Map.of("grant_type", exchange, "subject_token", first,
        "subject_token_type", "urn:ietf:params:oauth:token-type:access_token", "scope", "catalog")),
        Map.of("Authorization", "Bearer " + first)).is(200).json();
    assertThat(refreshed.path("access_token").asText()).isNotEqualTo(first);
    root.as("Bearer " + refreshed.path("access_token").asText()).get("/api/v1/catalogs", null).is(200);

    // the 1.10 client's fallback: the same exchange grant with HTTP Basic client credentials
    tokenRequest(form(Map.of("grant_type", exchange, "subject_token", "expired-or-garbage",
        "subject_token_type", "urn:ietf:params:oauth:token-type:access_token")),
        Map.of("Authorization", basic(c.id(), c.secret()))).is(200);
    Api.Res noFallback = tokenRequest(form(Map.of("grant_type", exchange, "subject_token", "garbage")), Map.of());
    assertThat(noFallback.status()).isEqualTo(400);
    assertThat(noFallback.json().path("error").asText()).isEqualTo("invalid_grant");
  }

  @Test
  void theTenantIsThePrincipals_otherTenantsAreRefusedTheSameWayWhetherTheyExistOrNot() {
    String other = "auth-other-" + SEQ.incrementAndGet() + "-" + ProcessHandle.current().pid();
    root.post("/api/v1/tenants", null, Map.of("name", other)).is(201);
    Api admin = root.as(serviceUser(tenant, "admin", "tenant-admin").bearer(base));

    assertThat(admin.get("/api/v1/catalogs", null).is(200).names()).containsExactly("prod");
    assertThat(admin.get("/api/v1/catalogs", tenant).is(200).names()).containsExactly("prod");
    for (String foreign : List.of(other, "no-such-tenant-" + SEQ.incrementAndGet())) {
      Api.Res header = admin.get("/api/v1/catalogs", foreign);
      assertThat(header.status()).as(foreign).isEqualTo(403);
      assertThat(header.json().path("error").path("code").asText()).isEqualTo("FORBIDDEN");
      Api.Res iceberg = admin.get("/v1/" + foreign + ".prod/namespaces", null);
      assertThat(iceberg.status()).isEqualTo(403);
      assertThat(iceberg.json().path("error").path("type").asText()).isEqualTo("ForbiddenException");
      assertThat(admin.get("/api/v1/tenants/" + foreign, null).status()).isEqualTo(403);
      assertThat(admin.get("/v1/config?warehouse=" + foreign + ".prod", null).status()).isEqualTo(403);
    }
    assertThat(admin.get("/api/v1/tenants", null).status()).isEqualTo(403);
    assertThat(admin.post("/api/v1/tenants", null, Map.of("name", "x" + SEQ.incrementAndGet())).status())
        .isEqualTo(403);
    assertThat(admin.delete("/api/v1/tenants/" + other, null).status()).isEqualTo(403);
    assertThat(admin.get("/api/v1/tenants/" + tenant, null).is(200).json().path("name").asText()).isEqualTo(tenant);
    root.get("/api/v1/tenants/" + other, null).is(200);
  }

  @Test
  void roles_userReads_writerChangesContent_adminManagesTheTenant() {
    Api user = root.as(serviceUser(tenant, "reader", "tenant-user").bearer(base));
    Api writer = root.as(serviceUser(tenant, "writer", "tenant-writer").bearer(base));
    Api admin = root.as(serviceUser(tenant, "owner", "tenant-admin").bearer(base));
    String ns = "/api/v1/catalogs/prod/namespaces";

    user.get(ns, null).is(200);
    user.get("/v1/" + tenant + ".prod/namespaces", null).is(200);
    assertThat(user.post(ns, null, Map.of("name", "nope")).status()).isEqualTo(403);
    assertThat(user.post("/v1/" + tenant + ".prod/namespaces", null, "{\"namespace\":[\"nope\"]}").status())
        .isEqualTo(403);
    assertThat(user.get("/api/v1/audit", null).status()).isEqualTo(403);
    assertThat(user.get("/api/v1/service-users", null).status()).isEqualTo(403);

    writer.post(ns, null, Map.of("name", "written")).is(201);
    assertThat(writer.post("/api/v1/warehouses", null, Map.of("name", "w2", "storageRoot", "s3://b/w2")).status())
        .isEqualTo(403);
    assertThat(writer.post("/api/v1/service-users", null, Map.of("name", "x", "roles", List.of("tenant-admin")))
        .status()).isEqualTo(403);

    admin.post("/api/v1/catalogs", null, Map.of("name", "second", "warehouse", "lake")).is(201);
    admin.get("/api/v1/audit/count", null).is(200);
    JsonNode denied = admin.get("/api/v1/audit?action=namespace.create&result=FAILURE", null).is(200).json();
    assertThat(denied.path("items").get(0).path("actor").asText()).isEqualTo("reader");
    assertThat(denied.path("items").get(0).path("details").path("code").asText()).isEqualTo("FORBIDDEN");
    assertThat(user.get(ns, null).is(200).names()).contains("written", "sales");
  }

  @Test
  void serviceUsers_showTheirSecretOnce_rotateAndDisableTakeEffectAtOnce() {
    Client c = serviceUser(tenant, "rotating", "tenant-user");
    Api as = root.as(c.bearer(base));
    as.get("/api/v1/catalogs", null).is(200);

    JsonNode listed = root.get("/api/v1/service-users", tenant).is(200).json();
    assertThat(listed.toString()).doesNotContain(c.secret()).doesNotContain("clientSecret");
    assertThat(root.get("/api/v1/service-users/rotating", tenant).is(200).json().has("clientSecret")).isFalse();

    JsonNode rotated = root.post("/api/v1/service-users/rotating/rotate", tenant, "").is(200).json();
    assertThat(rotated.path("clientSecret").asText()).isNotEqualTo(c.secret());
    assertThat(tokenRequest(form(Map.of("grant_type", "client_credentials", "client_id", c.id(),
        "client_secret", c.secret())), Map.of()).status()).isEqualTo(401);
    Client renewed = new Client(c.id(), rotated.path("clientSecret").asText());
    renewed.bearer(base);

    root.patch("/api/v1/service-users/rotating", tenant, Map.of("enabled", false)).is(200);
    assertThat(as.get("/api/v1/catalogs", null).status()).isEqualTo(401);
    assertThat(tokenRequest(form(Map.of("grant_type", "client_credentials", "client_id", renewed.id(),
        "client_secret", renewed.secret())), Map.of()).status()).isEqualTo(401);
    root.patch("/api/v1/service-users/rotating", tenant, Map.of("enabled", true)).is(200);
    root.delete("/api/v1/service-users/rotating", tenant).is(204);
    assertThat(root.get("/api/v1/service-users/rotating", tenant).status()).isEqualTo(404);
    assertThat(root.post("/api/v1/service-users", tenant, Map.of("name", "bad", "roles", List.of("root")))
        .status()).isEqualTo(400);
  }

  @Test
  void humanUsers_logInWithAPassword() {
    root.post("/api/v1/users", tenant, Map.of("name", "alice")).is(201);
    root.send("PUT", "/api/v1/users/alice/password", tenant, Api.json(Map.of("password", "correct horse battery",
        "roles", List.of("tenant-writer"))), Map.of()).is(204);
    assertThat(root.send("PUT", "/api/v1/users/alice/password", tenant, Api.json(Map.of("password", "short")),
        Map.of()).status()).isEqualTo(400);

    Api.Res wrong = root.as("").post("/api/v1/auth/login", null, Map.of("tenant", tenant, "username", "alice",
        "password", "wrong password!"));
    assertThat(wrong.status()).isEqualTo(401);
    JsonNode ok = root.as("").post("/api/v1/auth/login", null, Map.of("tenant", tenant, "username", "alice",
        "password", "correct horse battery")).is(200).json();
    Api alice = root.as("Bearer " + ok.path("access_token").asText());
    JsonNode me = alice.get("/api/v1/auth/whoami", null).is(200).json();
    assertThat(me.path("kind").asText()).isEqualTo("USER");
    assertThat(me.path("tenant").asText()).isEqualTo(tenant);
    alice.post("/api/v1/catalogs/prod/namespaces", null, Map.of("name", "by_alice")).is(201);
  }

  @Test
  void icebergClient_withCredential_readOnlyPrincipalLoadsButCannotCommit() throws Exception {
    Client writer = serviceUser(tenant, "engine", "tenant-writer");
    Client reader = serviceUser(tenant, "analyst", "tenant-user");
    TableIdentifier id = TableIdentifier.of("sales", "events");
    try (RESTCatalog w = client(writer); RESTCatalog r = client(reader)) {
      w.createTable(id, new Schema(Types.NestedField.required(1, "id", Types.LongType.get())));
      Table t = r.loadTable(id);
      assertThat(t.schema().findField("id")).isNotNull();
      assertThat(r.listTables(Namespace.of("sales"))).contains(id);
      assertThatThrownBy(() -> t.updateProperties().set("k", "v").commit()).isInstanceOf(ForbiddenException.class);
      assertThatThrownBy(() -> r.createNamespace(Namespace.of("x"))).isInstanceOf(ForbiddenException.class);
      w.loadTable(id).updateProperties().set("k", "v").commit();
      assertThat(r.loadTable(id).properties()).containsEntry("k", "v");
    }
    RESTCatalog bad = new RESTCatalog();
    assertThatThrownBy(() -> bad.initialize("bad", Map.of(CatalogProperties.URI, base.toString(), "warehouse",
        tenant + ".prod", "credential", writer.id() + ":wrong"))).isInstanceOf(NotAuthorizedException.class);
  }

  private RESTCatalog client(Client c) {
    RESTCatalog catalog = new RESTCatalog();
    catalog.initialize("pangolin-" + c.id(), Map.of(CatalogProperties.URI, base.toString(), "warehouse",
        tenant + ".prod", CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName(), "credential",
        c.id() + ":" + c.secret(), "scope", "catalog"));
    return catalog;
  }
}
