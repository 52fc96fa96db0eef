package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * Tokens of an external OpenID Connect issuer: the test serves the issuer's JWK set itself on 127.0.0.1 and signs
 * tokens with its RSA key; the packaged server is configured with that issuer, audience and a role mapping. A valid
 * token acts in its tenant with the mapped roles; a token of a wrong issuer or audience, an expired one, an unsigned
 * one ({@code alg=none}), a badly signed one, one with an unknown key id or without a tenant is refused with 401.
 */
@TestInstance(Lifecycle.PER_CLASS)
class OidcIT {
  private static final String ISSUER = "https://idp.test.invalid/realms/lake";
  private static final String AUDIENCE = "pangolin-api";
  private static final Duration BOUND = Duration.ofSeconds(90);

  private HttpServer idp;
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private RSAKey key;
  private ServerProcess server;
  private Api root;
  private final String tenant = "oidc-" + ProcessHandle.current().pid();

  @BeforeAll
  void start() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("idp-key-1").generate();
    String jwks = new JWKSet(key.toPublicJWK()).toString();
    idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    idp.createContext("/jwks", exchange -> {
      jwksFetches.incrementAndGet();
      byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    idp.start();
    Path work = Files.createTempDirectory("pangolin-oidc");
    Map<String, String> props = new HashMap<>();
    props.put("pangolin.auth.oidc.issuer", ISSUER);
    props.put("pangolin.auth.oidc.jwks-uri", "http://127.0.0.1:" + idp.getAddress().getPort() + "/jwks");
    props.put("pangolin.auth.oidc.audience", AUDIENCE);
    props.put("pangolin.auth.oidc.tenant-claim", "lake_tenant");
    props.put("pangolin.auth.oidc.roles-claim", "groups");
    props.put("pangolin.auth.oidc.role-mapping", "analysts=tenant-user,engineers=tenant-writer");
    server = ServerProcess.start("oidc", props, work);
    server.awaitReady(BOUND);
    root = new Api(server.uri()).as(TestAuth.rootBearer(server.uri()));
    root.post("/api/v1/tenants", null, Map.of("name", tenant)).is(201);
    String dir = Files.createTempDirectory("pangolin-oidc-lake").toUri().toString();
    root.post("/api/v1/warehouses", tenant, Map.of("name", "lake", "storageRoot", dir)).is(201);
    root.post("/api/v1/catalogs", tenant, Map.of("name", "prod", "warehouse", "lake")).is(201);
    root.post("/api/v1/catalogs/prod/namespaces", tenant, Map.of("name", "sales")).is(201);
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (idp != null) {
      idp.stop(0);
    }
  }

  private JWTClaimsSet.Builder claims(String subject, List<String> groups) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(subject)
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
        .claim("preferred_username", subject + "@example.com").claim("lake_tenant", tenant).claim("groups", groups);
  }

  private static String sign(RSAKey with, String kid, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT)
        .build(), claims);
    jwt.sign(new RSASSASigner(with));
    return jwt.serialize();
  }

  private String sign(JWTClaimsSet claims) throws Exception {
    return sign(key, key.getKeyID(), claims);
  }

  private Api as(String token) {
    return new Api(server.uri()).as("Bearer " + token);
  }

  @Test
  void validToken_actsInItsTenantWithTheMappedRoles() throws Exception {
    Api analyst = as(sign(claims("ann", List.of("analysts", "unrelated-group")).build()));
    JsonNode me = analyst.get("/api/v1/auth/whoami", null).is(200).json();
    assertThat(me.path("id").asText()).isEqualTo("oidc:ann");
    assertThat(me.path("name").asText()).isEqualTo("ann@example.com");
    assertThat(me.path("tenant").asText()).isEqualTo(tenant);
    assertThat(me.path("roles")).extracting(JsonNode::asText).containsExactly("tenant-user");
    assertThat(analyst.get("/api/v1/catalogs", null).is(200).names()).containsExactly("prod");
    analyst.post("/api/v1/catalogs/prod/namespaces", null, Map.of("name", "by_analyst")).isError(403, "FORBIDDEN");
    root.get("/api/v1/catalogs/prod/namespaces/by_analyst", tenant).isError(404, "NOT_FOUND");

    Api engineer = as(sign(claims("eve", List.of("engineers")).build()));
    engineer.post("/api/v1/catalogs/prod/namespaces", null, Map.of("name", "by_engineer")).is(201);
    // a principal of an external issuer acts in its own tenant only
    engineer.get("/api/v1/catalogs", "some-other-tenant").isError(403, "FORBIDDEN");
  }

  @Test
  void validToken_worksWithTheIcebergClientAsAStaticToken() throws Exception {
    String token = sign(claims("ian", List.of("analysts")).build());
    try (RESTCatalog catalog = new RESTCatalog()) {
      catalog.initialize("oidc", Map.of("uri", server.uri().toString(), "warehouse", "prod",
          "header.X-Pangolin-Tenant", tenant, "token", token));
      assertThat(catalog.listNamespaces()).contains(Namespace.of("sales"));
    }
  }

  @Test
  void invalidTokens_areRefusedWith401() throws Exception {
    Instant now = Instant.now();
    RSAKey stranger = new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
    Map<String, String> bad = new HashMap<>();
    bad.put("wrong issuer", sign(claims("a", List.of("analysts")).issuer("https://evil.invalid/").build()));
    bad.put("wrong audience", sign(claims("a", List.of("analysts")).audience("someone-else").build()));
    bad.put("expired", sign(claims("a", List.of("analysts")).issueTime(Date.from(now.minusSeconds(7200)))
        .expirationTime(Date.from(now.minusSeconds(3600))).build()));
    bad.put("alg=none", new PlainJWT(claims("a", List.of("analysts")).build()).serialize());
    bad.put("bad signature", sign(stranger, key.getKeyID(), claims("a", List.of("analysts")).build()));
    bad.put("unknown key id", sign(stranger, "idp-key-unknown", claims("a", List.of("analysts")).build()));
    bad.put("no tenant", sign(claims("a", List.of("analysts")).claim("lake_tenant", null).build()));
    bad.put("no expiry", sign(claims("a", List.of("analysts")).expirationTime(null).build()));
    for (Map.Entry<String, String> e : bad.entrySet()) {
      Api.Res r = as(e.getValue()).get("/api/v1/catalogs", null);
      assertThat(r.status()).as(e.getKey() + ": " + r.body()).isEqualTo(401);
      r.isError(401, "UNAUTHENTICATED");
      Api.Res iceberg = as(e.getValue()).get("/v1/" + tenant + ".prod/namespaces", null);
      assertThat(iceberg.status()).as(e.getKey() + " (Iceberg): " + iceberg.body()).isEqualTo(401);
      assertThat(iceberg.json().path("error").path("code").asInt()).isEqualTo(401);
    }
    assertThat(jwksFetches.get()).as("the JWK set was fetched from the issuer").isPositive();
  }
}
