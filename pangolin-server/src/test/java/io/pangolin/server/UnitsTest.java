package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.ErrorCode;
import io.pangolin.api.PageRequest;
import io.pangolin.api.ValidationException;
import io.pangolin.core.Limits;
import io.pangolin.server.Requests.CreateAsset;
import io.pangolin.server.Requests.CreateTenant;
import io.pangolin.server.Requests.UpdateProperties;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

/** The server's parsing and mapping pieces without a container. */
class UnitsTest {

  private static <T> T read(String json, Class<T> type) {
    return Json.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), type);
  }

  @Test
  void json_readsAWellFormedRequest() {
    CreateTenant t = read("{\"name\":\"acme\",\"properties\":{\"a\":\"1\"}}", CreateTenant.class);
    assertThat(t).isEqualTo(new CreateTenant("acme", Map.of("a", "1")));
    assertThat(read("{\"name\":\"acme\"}", CreateTenant.class).properties()).isEmpty();
    UpdateProperties u = read("{\"removals\":[\"a\",\"a\"]}", UpdateProperties.class);
    assertThat(u.removalSet()).containsExactly("a");
    assertThat(u.updates()).isEmpty();
  }

  @Test
  void json_refusesCoercionOfScalars() {
    for (String body : List.of("{\"name\":1}", "{\"name\":1.5}", "{\"name\":true}", "{\"name\":{}}",
        "{\"name\":[\"x\"]}", "{\"name\":\"a\",\"properties\":{\"k\":2}}", "{\"name\":\"a\",\"properties\":[]}")) {
      assertThatThrownBy(() -> read(body, CreateTenant.class)).as(body).isInstanceOf(ValidationException.class)
          .hasMessageContaining("field '");
    }
  }

  @Test
  void json_messagesNameTheProblemButNeverTheValue() {
    assertThatThrownBy(() -> read("{\"name\":\"a\",\"extra\":\"hunter2\"}", CreateTenant.class))
        .hasMessageContaining("unknown field 'extra'").hasMessageContaining("[name, properties, server, tier]")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> read("{\"name\":\"a\",\"properties\":{\"password\":98765}}", CreateTenant.class))
        .hasMessageContaining("properties.password").hasMessageNotContaining("98765");
    assertThatThrownBy(() -> read("", CreateTenant.class)).hasMessageContaining("request body is required");
    assertThatThrownBy(() -> read("{\"properties\":{}}", CreateTenant.class))
        .hasMessage("field 'name' is required");
    assertThatThrownBy(() -> read("{\"name\":\"a\"", CreateTenant.class)).hasMessageStartingWith("malformed JSON");
    assertThatThrownBy(() -> read("{\"name\":\"a\",\"name\":\"b\"}", CreateTenant.class))
        .hasMessageContaining("Duplicate field");
    assertThatThrownBy(() -> read("{\"name\":\"x\",\"kind\":\"PARQUET\",\"properties\":{\"k\":null}}",
        CreateAsset.class)).hasMessageContaining("must not contain null values");
  }

  @Test
  void secrets_lookLikeCredentials() {
    for (String key : List.of("s3.secret-access-key", "s3.access-key-id", "client.session-token", "password",
        "db.PASSWORD", "adls.sas-token.account", "gcs.oauth2.token", "azure.account-key", "some_secret_value",
        "private-key", "api_key", "key")) {
      assertThat(Secrets.isSecret(key)).as(key).isTrue();
    }
    for (String key : List.of("region", "endpoint", "s3.path-style-access", "owner", "format", "keyspace")) {
      assertThat(Secrets.isSecret(key)).as(key).isFalse();
    }
    assertThat(Secrets.mask(Map.of("b.password", "x", "a", "y"))).containsExactly(Map.entry("a", "y"),
        Map.entry("b.password", Secrets.MASK));
  }

  @Test
  void params_parsePagingKindsAndInstants() {
    assertThat(Params.page(null, null)).isEqualTo(PageRequest.first());
    assertThat(Params.page("7", "")).isEqualTo(PageRequest.first(7));
    assertThat(Params.page(" 3 ", "tok").token()).contains("tok");
    assertThatThrownBy(() -> Params.page("x", null)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> Params.page("0", null)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> Params.page("2147483648", null)).isInstanceOf(ValidationException.class);
    assertThat(Params.assetKind("iceberg_view", "kind").name()).isEqualTo("ICEBERG_VIEW");
    assertThatThrownBy(() -> Params.assetKind("table", "kind")).hasMessageContaining("ICEBERG_TABLE");
    assertThat(Params.instant("2026-01-01T00:00:00Z", "from")).isPresent();
    assertThatThrownBy(() -> Params.instant("2026-01-01", "from")).hasMessageContaining("'from'");
    assertThat(Params.auditResult("failure")).isPresent();
  }

  @Test
  void errorCodes_mapToOneStatusEach() {
    assertThat(ErrorCode.NOT_FOUND.httpStatus()).isEqualTo(404);
    assertThat(ErrorCode.ALREADY_EXISTS.httpStatus()).isEqualTo(409);
    assertThat(ErrorCode.CONFLICT.httpStatus()).isEqualTo(409);
    assertThat(ErrorCode.VALIDATION_FAILED.httpStatus()).isEqualTo(400);
    assertThat(ErrorCode.QUOTA_EXCEEDED.httpStatus()).isEqualTo(422);
    assertThat(ErrorCode.FORBIDDEN.httpStatus()).isEqualTo(403);
    assertThat(ErrorCode.UNAUTHENTICATED.httpStatus()).isEqualTo(401);
    assertThat(ErrorCode.UNAVAILABLE.httpStatus()).isEqualTo(503);
  }

  @Test
  void unexpectedFailures_are500WithAGenericMessageAndNoDetails() {
    ApiExceptionMapper mapper = new ApiExceptionMapper();
    jakarta.ws.rs.core.Response r = mapper.toResponse(new IllegalStateException("db password is hunter2"));
    assertThat(r.getStatus()).isEqualTo(500);
    Views.ErrorDetail error = ((Views.ErrorView) r.getEntity()).error();
    assertThat(error.code()).isEqualTo("INTERNAL_ERROR");
    assertThat(error.message()).doesNotContain("hunter2").doesNotContain("IllegalState");
    assertThat(error.requestId()).isNotBlank();
    assertThat(mapper.toResponse(new jakarta.ws.rs.InternalServerErrorException("boom")).getStatus())
        .isEqualTo(500);
    // a Pangolin failure wrapped by the JAX-RS runtime is still mapped by its code
    jakarta.ws.rs.core.Response wrapped = mapper.toResponse(
        new jakarta.ws.rs.ProcessingException(new ValidationException("bad input")));
    assertThat(wrapped.getStatus()).isEqualTo(400);
    assertThat(((Views.ErrorView) wrapped.getEntity()).error().message()).isEqualTo("bad input");
  }

  @Test
  void routeTemplate_joinsClassAndMethodPaths() throws Exception {
    assertThat(HttpMetricsFilter.template(AssetResource.class, AssetResource.class.getMethod("rename", String.class,
        String.class, String.class, Requests.RenameAsset.class, jakarta.ws.rs.container.ContainerRequestContext.class)))
        .isEqualTo("/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets/{asset}/rename");
    assertThat(HttpMetricsFilter.template(TenantResource.class, TenantResource.class.getMethod("list", String.class,
        String.class, jakarta.ws.rs.container.ContainerRequestContext.class))).isEqualTo("/api/v1/tenants");
  }

  @Test
  void settings_bindStoreTypeProviderKeysAndLimits() {
    PangolinSettings defaults = PangolinSettings.from(config(Map.of()));
    assertThat(defaults.storeType()).isEqualTo("memory");
    assertThat(defaults.limits()).isEqualTo(Limits.defaults());

    PangolinSettings s = PangolinSettings.from(config(Map.of(
        "pangolin.store.type", "postgres",
        "pangolin.store.postgres.url", "jdbc:postgresql://db/pangolin",
        "pangolin.store.postgres.pool.max-size", "7",
        "pangolin.store.memory.ignored", "x",
        "pangolin.limits.max-namespace-depth", "6",
        "pangolin.limits.max-catalogs", "10",
        "pangolin.limits.max-users-per-tenant", "3")));
    assertThat(s.storeType()).isEqualTo("postgres");
    assertThat(s.storeConfig().get("url")).contains("jdbc:postgresql://db/pangolin");
    assertThat(s.storeConfig().section("pool").getInt("max-size", 1)).isEqualTo(7);
    assertThat(s.storeConfig().get("ignored")).isEmpty();
    assertThat(s.limits()).isEqualTo(new Limits(6, 100_000, 10, 100_000, 3));

    PangolinSettings bounds = PangolinSettings.from(config(Map.of(
        "pangolin.limits.max-properties", "50",
        "pangolin.limits.max-property-key-length", "40",
        "pangolin.limits.max-property-value-length", "1000",
        "pangolin.limits.max-list-size", "20")));
    assertThat(bounds.limits()).isEqualTo(Limits.defaults().withMaxProperties(50).withMaxPropertyKeyLength(40)
        .withMaxPropertyValueLength(1000).withMaxListSize(20));
  }

  @Test
  void settings_bindLocalStorageRoots_defaultingToTheTempDirectory() {
    assertThat(PangolinSettings.from(config(Map.of())).localStorageRoots())
        .containsExactly(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")).normalize());
    assertThat(PangolinSettings.from(config(Map.of("pangolin.storage.local-roots", " /data/a , /data/b/../c,")))
        .localStorageRoots()).containsExactly(java.nio.file.Path.of("/data/a"), java.nio.file.Path.of("/data/c"));
    assertThat(PangolinSettings.from(config(Map.of("pangolin.storage.local-roots", "none"))).localStorageRoots())
        .isEmpty();
    assertThatThrownBy(() -> PangolinSettings.from(config(Map.of("pangolin.storage.local-roots", "relative/dir"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Config config(Map<String, String> values) {
    ConfigSource source = new ConfigSource() {
      @Override
      public java.util.Set<String> getPropertyNames() {
        return values.keySet();
      }

      @Override
      public String getValue(String name) {
        return values.get(name);
      }

      @Override
      public String getName() {
        return "test";
      }
    };
    return ConfigProviderResolver.instance().getBuilder().addDiscoveredConverters()
        .withSources(source).build();
  }
}
