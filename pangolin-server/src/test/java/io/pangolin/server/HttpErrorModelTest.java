package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import io.pangolin.api.RequestContext;
import io.pangolin.core.Pangolin;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * JAX-RS-level HTTP errors in the model of each API: 404 (unknown route), 405, 406 and 415 answer the Iceberg
 * {@code ErrorModel} under {@code /v1} and the management shape elsewhere; the Iceberg routes refuse a body that is
 * not JSON (the token endpoint stays form-encoded); management error messages name no Java classes.
 */
@HelidonTest
class HttpErrorModelTest {
  private static final AtomicInteger SEQ = new AtomicInteger();

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
    tenant = "errmodel-" + SEQ.incrementAndGet();
    RequestContext admin = RequestContext.of(tenant, "test-admin");
    pangolin.tenants().create(admin, tenant, Map.of());
    pangolin.warehouses().create(admin, "lake", "file://" + Files.createTempDirectory("pangolin-errmodel"), Map.of());
    pangolin.catalogs().create(admin, "prod", "lake", Map.of());
    v1 = "/v1/" + tenant + ".prod";
  }

  @Test
  void unknownRoute_is404InEachModel() {
    iceberg(api.get("/v1/no/such/route/at/all", null), 404, "NotFoundException");
    iceberg(api.get(v1 + "/namespaces/a/tables/b/nothing", null), 404, "NotFoundException");
    api.get("/api/v1/no-such-route", tenant).isError(404, "NOT_FOUND");
  }

  @Test
  void wrongMethod_is405WithAllow_inEachModel() {
    Api.Res r = api.send("PUT", "/v1/config?warehouse=" + tenant + ".prod", null, "{}", Map.of());
    iceberg(r, 405, "MethodNotAllowedException");
    assertThat(r.headers().firstValue("Allow")).isPresent();
    Api.Res m = api.send("PUT", "/api/v1/tenants", null, "{}", Map.of()).isError(405, "METHOD_NOT_ALLOWED");
    assertThat(m.headers().firstValue("Allow")).isPresent();
  }

  @Test
  void unacceptableAccept_is406InEachModel() {
    iceberg(api.send("GET", v1 + "/namespaces", null, null, Map.of("Accept", "text/html")), 406,
        "NotAcceptableException");
    api.send("GET", "/api/v1/tenants", null, null, Map.of("Accept", "text/html")).isError(406, "NOT_ACCEPTABLE");
  }

  @Test
  void nonJsonBody_is415InEachModel_andNothingIsCreated() {
    for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/xml"}) {
      Api.Res r = api.send("POST", v1 + "/namespaces", null, "{\"namespace\":[\"plain\"]}",
          Map.of("Content-Type", type));
      iceberg(r, 415, "UnsupportedMediaTypeException");
      assertThat(r.json().path("error").path("message").asText()).contains("application/json");
      api.send("POST", "/api/v1/catalogs/prod/namespaces", tenant, "{\"name\":\"plain\"}",
          Map.of("Content-Type", type)).isError(415, "UNSUPPORTED_MEDIA_TYPE");
    }
    iceberg(api.get(v1 + "/namespaces/plain", null), 404, "NoSuchNamespaceException");
    api.get("/api/v1/catalogs/prod/namespaces/plain", tenant).isError(404, "NOT_FOUND");
    // JSON with parameters, or a +json type, is JSON
    assertThat(api.send("POST", v1 + "/namespaces", null, "{\"namespace\":[\"withcharset\"]}",
        Map.of("Content-Type", "application/json; charset=UTF-8")).status()).isEqualTo(200);
    assertThat(api.send("POST", v1 + "/namespaces", null, "{\"namespace\":[\"plusjson\"]}",
        Map.of("Content-Type", "application/vnd.iceberg+json")).status()).isEqualTo(200);
  }

  @Test
  void tokenEndpoint_staysFormEncoded() {
    String form = "grant_type=client_credentials&client_id=" + TestAuth.ROOT_ID + "&client_secret="
        + TestAuth.ROOT_SECRET;
    Api.Res r = api.send("POST", "/v1/oauth/tokens", null, form,
        Map.of("Content-Type", "application/x-www-form-urlencoded", "Authorization", ""));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().path("access_token").asText()).isNotBlank();
  }

  @Test
  void managementMessages_nameNoJavaClasses() {
    String[] bodies = {"{\"name\":1}", "{\"name\":{\"a\":1}}", "{\"name\":[\"a\"]}", "{\"name\":\"t\",\"properties\":[1]}",
        "{\"name\":\"t\",\"properties\":{\"a\":{\"b\":1}}}", "{\"name\":\"t\",\"properties\":{\"a\":1.5}}", "[]", "1",
        "\"x\"", "{\"name\":\"t\",}", "{\"name\":\"t\",\"tier\":5}", "{\"name\":\"t\",\"unknown\":1}", "{",
        "{\"name\":\"t\"}{}"};
    for (String body : bodies) {
      Api.Res r = api.post("/api/v1/tenants", null, body).isError(400, "VALIDATION_FAILED");
      String message = r.json().path("error").path("message").asText();
      assertThat(message).as(body).doesNotContainPattern("java\\.|jakarta\\.|CoercionConfig|LinkedHashMap|"
          + "io\\.pangolin|Requests\\$|JsonToken|\\bclass\\b");
    }
  }

  private static void iceberg(Api.Res r, int status, String type) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    JsonNode error = r.json().path("error");
    assertThat(error.path("code").asInt()).as(r.body()).isEqualTo(status);
    assertThat(error.path("type").asText()).as(r.body()).isEqualTo(type);
    assertThat(error.path("message").asText()).isNotBlank();
    assertThat(error.has("requestId")).as("Iceberg ErrorModel, not the management shape").isFalse();
  }
}
