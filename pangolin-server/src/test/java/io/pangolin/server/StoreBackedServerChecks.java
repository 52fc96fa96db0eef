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
