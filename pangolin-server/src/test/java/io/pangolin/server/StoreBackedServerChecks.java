package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every store must give through the server when selected by configuration alone: a full management flow,
 * readiness from the store, and data that is really in that store (checked by the subclass).
 */
abstract class StoreBackedServerChecks {
  @Inject
  WebTarget target;

  /** The store-specific evidence that {@code tenant} was persisted in the configured backend. */
  abstract boolean persistedInBackend(String tenant);

  /** Whether the store issues consistency tokens (PostgreSQL: yes; MongoDB: no). */
  abstract boolean issuesConsistencyTokens();

  @Test
  void consistencyToken_onEverySuccessfulWriteOfBothApis_andBadTokensAre400InEachModel() {
    Api api = new Api(target.getUri());
    String t = "c" + UUID.randomUUID().toString().substring(0, 8);
    Api.Res tenant = api.post("/api/v1/tenants", null, Map.of("name", t)).is(201);
    api.post("/api/v1/warehouses", t, Map.of("name", "lake", "storageRoot",
        "file:///tmp/pangolin-store-test/" + t)).is(201);
    api.post("/api/v1/catalogs", t, Map.of("name", "prod", "warehouse", "lake")).is(201);
    Api.Res icebergWrite = api.post("/v1/" + t + ".prod/namespaces", null, "{\"namespace\":[\"sales\"]}").is(200);
    Api.Res read = api.get("/api/v1/catalogs/prod/namespaces", t).is(200);
    String header = ConsistencyFilter.HEADER;
    assertThat(read.headers().firstValue(header)).as("a read issues no token").isEmpty();
    if (!issuesConsistencyTokens()) {
      assertThat(tenant.headers().firstValue(header)).isEmpty();
      assertThat(icebergWrite.headers().firstValue(header)).isEmpty();
    } else {
      String first = tenant.headers().firstValue(header).orElseThrow();
      String second = icebergWrite.headers().firstValue(header).orElseThrow();
      assertThat(first).matches("[0-9A-F]+/[0-9A-F]+");
      assertThat(io.pangolin.spi.ReadConsistency.parse(second).orElseThrow())
          .isGreaterThan(io.pangolin.spi.ReadConsistency.parse(first).orElseThrow());
      assertThat(api.send("GET", "/v1/" + t + ".prod/namespaces", null, null, Map.of(header, second)).is(200)
          .body()).contains("sales");
    }
    // a token is accepted on every store (without replicas it changes nothing)
    api.send("GET", "/api/v1/catalogs/prod/namespaces", t, null, Map.of(header, "0/1")).is(200);
    for (String bad : new String[] {"latest", "1/2/3", "123456789/0", "-1/0", ""}) {
      api.send("POST", "/api/v1/catalogs/prod/namespaces", t, Api.json(Map.of("name", "no" + bad.length())),
          Map.of(header, bad)).isError(400, "BAD_REQUEST");
      Api.Res r = api.send("POST", "/v1/" + t + ".prod/namespaces", null, "{\"namespace\":[\"nothing\"]}",
          Map.of(header, bad));
      assertThat(r.status()).as(r.body()).isEqualTo(400);
      assertThat(r.json().path("error").path("type").asText()).isEqualTo("BadRequestException");
      assertThat(r.json().path("error").path("code").asInt()).isEqualTo(400);
    }
    assertThat(api.get("/api/v1/catalogs/prod/namespaces", t).is(200).names())
        .as("a refused request wrote nothing").containsExactly("sales");
  }

  @Test
  void managementFlow_worksOnTheConfiguredStore() {
    Api api = new Api(target.getUri());
    String t = "s" + UUID.randomUUID().toString().substring(0, 8);
    api.post("/api/v1/tenants", null, Map.of("name", t)).is(201);
    api.post("/api/v1/warehouses", t, Map.of("name", "lake", "storageRoot",
        "file:///tmp/pangolin-store-test/" + t)).is(201);
    api.post("/api/v1/catalogs", t, Map.of("name", "prod", "warehouse", "lake")).is(201);
    api.post("/api/v1/catalogs/prod/namespaces", t, Map.of("name", "sales")).is(201);
    api.post("/api/v1/catalogs/prod/namespaces", t, Map.of("name", "sales.emea")).is(201);
    api.post("/api/v1/catalogs/prod/namespaces/sales.emea/assets", t,
        Map.of("name", "orders", "kind", "ICEBERG_TABLE")).is(201);
    assertThat(api.get("/api/v1/catalogs/prod/namespaces?parent=sales", t).is(200).names())
        .containsExactly("sales.emea");
    assertThat(api.get("/api/v1/search?q=ord", t).is(200).names()).containsExactly("orders");
    api.post("/api/v1/catalogs/prod/namespaces", t, Map.of("name", "sales")).isError(409, "ALREADY_EXISTS");
    api.delete("/api/v1/catalogs/prod/namespaces/sales.emea", t).isError(409, "CONFLICT");
    assertThat(api.get("/api/v1/audit/count?action=namespace.create", t).is(200).json().path("count").asLong())
        .isEqualTo(3);
    assertThat(persistedInBackend(t)).isTrue();
  }

  @Test
  void readiness_reflectsTheConfiguredStore() {
    Api api = new Api(target.getUri());
    var ready = api.get("/health/ready", null).is(200).json();
    assertThat(ready.path("status").asText()).isEqualTo("UP");
  }
}
