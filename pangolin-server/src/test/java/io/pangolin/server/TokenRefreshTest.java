package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import io.pangolin.iceberg.LocalFileIO;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * With tokens that live 3 s, the real Iceberg client keeps working past several lifetimes: it refreshes by RFC 8693
 * token exchange (what the 1.10 client does by default), and the first token is refused once it has expired.
 */
@HelidonTest
class TokenRefreshTest {
  // before the container starts (class initialisation precedes the extension's beforeAll)
  static {
    System.setProperty("pangolin.auth.token-ttl-s", "3");
  }

  @Inject
  WebTarget target;

  @AfterAll
  static void cleanUp() {
    System.clearProperty("pangolin.auth.token-ttl-s");
  }

  @Test
  void theIcebergClient_refreshesItsTokenByExchange_andAnExpiredTokenIsRefused() throws Exception {
    URI base = target.getUri();
    Api root = new Api(base);
    String tenant = "refresh-" + ProcessHandle.current().pid();
    root.post("/api/v1/tenants", null, Map.of("name", tenant)).is(201);
    String dir = Files.createTempDirectory("pangolin-refresh").toUri().toString();
    root.post("/api/v1/warehouses", tenant, Map.of("name", "lake", "storageRoot", dir)).is(201);
    root.post("/api/v1/catalogs", tenant, Map.of("name", "prod", "warehouse", "lake")).is(201);
    root.post("/api/v1/catalogs/prod/namespaces", tenant, Map.of("name", "sales")).is(201);
    var c = root.post("/api/v1/service-users", tenant, Map.of("name", "engine", "roles", List.of("tenant-writer")))
        .is(201).json();
    String id = c.path("clientId").asText();
    String secret = c.path("clientSecret").asText();
    String firstToken = TestAuth.token(base, id, secret);

    RESTCatalog catalog = new RESTCatalog();
    catalog.initialize("refreshing", Map.of(CatalogProperties.URI, base.toString(), "warehouse", tenant + ".prod",
        CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName(), "credential", id + ":" + secret,
        "scope", "catalog"));
    try (catalog) {
      TableIdentifier t = TableIdentifier.of("sales", "events");
      catalog.createTable(t, new Schema(Types.NestedField.required(1, "id", Types.LongType.get())));
      long deadline = System.nanoTime() + 10_000_000_000L; // past the first token's expiry plus the 5 s clock skew
      int round = 0;
      while (System.nanoTime() < deadline) {
        catalog.loadTable(t).updateProperties().set("round", Integer.toString(round++)).commit();
        Thread.sleep(500);
      }
      assertThat(catalog.loadTable(t).properties()).containsEntry("round", Integer.toString(round - 1));
    }
    Api.Res expired = root.as("Bearer " + firstToken).get("/api/v1/catalogs", null);
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.json().path("error").path("message").asText()).contains("expired");
  }
}
