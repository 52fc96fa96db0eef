package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pangolin.iceberg.LocalFileIO;
import io.pangolin.store.postgres.PostgresTestServer;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.view.View;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation over HTTP with the tenancy strategy on PostgreSQL: three tenants, one on each tier (shared schema,
 * schema of its own, database of its own), get identical warehouse, catalog, namespace, asset, user, Iceberg table
 * and view names; then every management route and every Iceberg REST route is called as each tenant, and each must
 * see exactly its own data, and its changes must leave the others untouched. Subclasses choose how the server reaches
 * PostgreSQL (directly, or through PgBouncer in transaction mode).
 */
abstract class TenancyIsolationChecks {
  static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "note", Types.StringType.get()));
  static final String TENANTS = "/api/v1/tenants";
  static final String NS = "/api/v1/catalogs/prod/namespaces";

  @Inject
  WebTarget target;

  Api api;
  private String uri;

  /** Database, place prefix and warehouse root of one test class; set up before the container starts. */
  record Setup(String database, String prefix, Path root) {
    static Setup create() {
      String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
      try {
        Setup s = new Setup("pangolin_srv_tenancy_" + id, "srv" + id + "_",
            Files.createTempDirectory("pangolin-tenancy-isolation"));
        exec("CREATE DATABASE " + s.database());
        return s;
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The server's configuration: PostgreSQL at {@code storeUrl}, hybrid by default. */
    void configure(String storeUrl, Map<String, String> more) {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("pangolin.store.type", "postgres");
      p.put("pangolin.store.postgres.url", storeUrl);
      p.put("pangolin.store.postgres.user", PostgresTestServer.USER);
      p.put("pangolin.store.postgres.maintenance-interval-s", "0");
      p.put("pangolin.tenancy.type", "hybrid");
      p.put("pangolin.tenancy.place-prefix", prefix);
      p.put("pangolin.tenancy.placement-ttl-ms", "200");
      p.put("pangolin.tenancy.write-grace-ms", "200");
      p.put("pangolin.tenancy.dedicated.pool-size", "2");
      p.putAll(more);
      p.forEach(System::setProperty);
      KEYS.addAll(p.keySet());
    }

    void drop() {
      try (Connection c = PostgresTestServer.admin(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + prefix + "%'")) {
        List<String> dbs = new ArrayList<>();
        while (rs.next()) {
          dbs.add(rs.getString(1));
        }
        for (String db : dbs) {
          exec("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
        exec("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static final List<String> KEYS = new ArrayList<>();

  static void clearProperties() {
    KEYS.forEach(System::clearProperty);
    KEYS.clear();
  }

  static void exec(String sql) {
    try (Connection c = PostgresTestServer.admin(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  abstract Setup setup();

  @BeforeEach
  void client() {
    api = new Api(target.getUri());
    String u = target.getUri().toString();
    uri = u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  /** Creates the same world in a tenant on {@code tier}: every name equal, every value naming the tenant. */
  private void world(String t, String tier) {
    api.post(TENANTS, null, Map.of("name", t, "tier", tier, "properties", Map.of("owner", t))).is(201);
    api.post("/api/v1/warehouses", t, Map.of("name", "lake", "storageRoot",
        "file://" + setup().root().resolve(t), "storageProperties", Map.of("owner", t))).is(201);
    api.post("/api/v1/catalogs", t, Map.of("name", "prod", "warehouse", "lake", "properties", Map.of("owner", t)))
        .is(201);
    api.post(NS, t, Map.of("name", "sales", "properties", Map.of("owner", t))).is(201);
    api.post(NS, t, Map.of("name", "sales.emea", "properties", Map.of("owner", t))).is(201);
    api.post(NS + "/sales/assets", t, Map.of("name", "orders", "kind", "ICEBERG_TABLE", "metadataLocation",
        "file://" + setup().root().resolve(t) + "/orders/metadata/v1.metadata.json", "properties",
        Map.of("owner", t))).is(201);
    api.post(NS + "/sales/assets", t, Map.of("name", "churn", "kind", "ML_MODEL", "properties",
        Map.of("owner", t, "total-files-size", "1000"))).is(201);
    api.post("/api/v1/users", t, Map.of("name", "alice", "email", "alice@" + t + ".example")).is(201);
  }

  private RESTCatalog iceberg(String t) {
    Map<String, String> props = new HashMap<>();
    props.put(CatalogProperties.URI, uri);
    props.put(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
    props.put("warehouse", "prod");
    props.put("header.X-Pangolin-Tenant", t);
    RESTCatalog c = new RESTCatalog();
    c.initialize("pangolin-" + t, TestAuth.rootClient(props));
    return c;
  }

  /** Every management route of {@code t} shows exactly its own world, with these assets in {@code sales}. */
  private void assertOwnWorld(String t, List<String> salesAssets, List<String> salesChildren) {
    assertThat(api.get(TENANTS + "/" + t, null).is(200).json().path("properties").path("owner").asText())
        .isEqualTo(t);
    assertThat(api.get("/api/v1/warehouses", t).is(200).names()).containsExactly("lake");
    assertThat(api.get("/api/v1/warehouses/lake", t).is(200).json().path("storageRoot").asText()).endsWith("/" + t);
    assertThat(api.get("/api/v1/catalogs", t).is(200).names()).containsExactly("prod");
    assertThat(owner(api.get("/api/v1/catalogs/prod", t).is(200).json())).isEqualTo(t);
    assertThat(api.get(NS, t).is(200).names()).contains("sales");
    assertThat(api.get(NS + "?parent=sales", t).is(200).names()).containsExactlyElementsOf(salesChildren);
    assertThat(owner(api.get(NS + "/sales.emea", t).is(200).json())).isEqualTo(t);
    api.head(NS + "/sales", t).is(204);
    JsonNode assets = api.get(NS + "/sales/assets", t).is(200).json().path("items");
    List<String> names = new ArrayList<>();
    assets.forEach(a -> {
      names.add(a.path("name").asText());
      if (List.of("orders", "churn").contains(a.path("name").asText())) { // Iceberg keeps its own in metadata
        assertThat(owner(a)).as("owner of %s", a.path("name").asText()).isEqualTo(t);
      }
    });
    assertThat(names).containsExactlyInAnyOrderElementsOf(salesAssets);
    assertThat(owner(api.get(NS + "/sales/assets/orders", t).is(200).json())).isEqualTo(t);
    api.head(NS + "/sales/assets/churn", t).is(204);
    assertThat(api.get("/api/v1/search?q=orders", t).is(200).json().path("items")).allMatch(a -> owner(a).equals(t));
    assertThat(api.get("/api/v1/users", t).is(200).names()).containsExactly("alice");
    assertThat(api.get("/api/v1/users/alice", t).is(200).json().path("email").asText())
        .isEqualTo("alice@" + t + ".example");
    // each tenant's log holds its own creation of each entity once, never a neighbour's
    for (String action : List.of("warehouse.create", "catalog.create", "user.create")) {
      assertThat(api.get("/api/v1/audit?action=" + action, t).is(200).json().path("items")).as("%s of %s", action, t)
          .hasSize(1);
    }
    assertThat(api.get("/api/v1/audit?action=namespace.create", t).is(200).json().path("items"))
        .hasSize(1 + salesChildren.size());
    assertThat(api.get(TENANTS + "/" + t + "/usage", null).is(200).json().path("assets").asLong())
        .isEqualTo(salesAssets.size());
  }

  private static String owner(JsonNode entity) {
    return entity.path("properties").path("owner").asText();
  }

  @Test
  void tenantsOnEveryTier_withEqualNames_seeAndChangeOnlyTheirOwnData_overEveryRoute() throws Exception {
    String id = setup().prefix().replace("_", "");
    Map<String, String> tenants = new LinkedHashMap<>();
    tenants.put("shared", "iso-s-" + id);
    tenants.put("hybrid", "iso-h-" + id);
    tenants.put("dedicated", "iso-d-" + id);
    tenants.forEach((tier, t) -> world(t, tier));

    for (Map.Entry<String, String> e : tenants.entrySet()) {
      JsonNode placement = api.get(TENANTS + "/" + e.getValue() + "/placement", null).is(200).json();
      assertThat(placement.path("tier").asText()).isEqualTo(e.getKey());
      assertOwnWorld(e.getValue(), List.of("churn", "orders"), List.of("sales.emea"));
    }
    assertThat(api.get(TENANTS + "?pageSize=1000", null).is(200).names()).containsAll(tenants.values())
        .noneMatch(n -> n.startsWith("~"));
    api.post(TENANTS, null, Map.of("name", "iso-bad-" + id, "tier", "platinum")).isError(400, "VALIDATION_FAILED");

    // Iceberg REST: the same namespace, table and view in every tenant
    Map<String, RESTCatalog> clients = new LinkedHashMap<>();
    tenants.values().forEach(t -> clients.put(t, iceberg(t)));
    try {
      TableIdentifier events = TableIdentifier.of("sales", "events");
      TableIdentifier view = TableIdentifier.of("sales", "recent");
      clients.forEach((t, c) -> {
        c.createNamespace(Namespace.of("sales", "apac"), new HashMap<>(Map.of("owner", t))); // Iceberg: no Map.of
        Table table = c.buildTable(events, SCHEMA).withProperty("owner", t).create();
        table.updateProperties().set("committed-by", t).commit();
        View v = c.buildView(view).withSchema(SCHEMA).withDefaultNamespace(Namespace.of("sales"))
            .withQuery("spark", "SELECT * FROM sales.events -- " + t).withProperty("owner", t).create();
        assertThat(v.properties()).containsEntry("owner", t);
      });
      clients.forEach((t, c) -> {
        assertThat(c.listNamespaces(Namespace.of("sales"))).containsExactlyInAnyOrder(Namespace.of("sales", "emea"),
            Namespace.of("sales", "apac"));
        assertThat(c.loadNamespaceMetadata(Namespace.of("sales", "apac"))).containsEntry("owner", t);
        assertThat(c.listTables(Namespace.of("sales"))).containsExactlyInAnyOrder(events,
            TableIdentifier.of("sales", "orders"));
        Table loaded = c.loadTable(events);
        assertThat(loaded.properties()).containsEntry("owner", t).containsEntry("committed-by", t);
        assertThat(loaded.location()).contains("/" + t + "/");
        assertThat(c.listViews(Namespace.of("sales"))).containsExactly(view);
        assertThat(c.loadView(view).sqlFor("spark").sql()).endsWith("-- " + t);
      });

      // changes in one tenant leave the equally named things of the others alone
      String first = tenants.get("shared");
      RESTCatalog c1 = clients.get(first);
      c1.renameTable(events, TableIdentifier.of("sales", "events_v2"));
      c1.dropView(view);
      c1.dropNamespace(Namespace.of("sales", "apac"));
      api.patch(NS + "/sales/assets/churn", first, Map.of("updates", Map.of("changed", "yes"))).is(200);
      api.delete("/api/v1/users/alice", first).is(204);
      for (String t : tenants.values()) {
        if (t.equals(first)) {
          continue;
        }
        RESTCatalog c = clients.get(t);
        assertThat(c.tableExists(events)).isTrue();
        assertThat(c.tableExists(TableIdentifier.of("sales", "events_v2"))).isFalse();
        assertThat(c.viewExists(view)).isTrue();
        assertThat(c.namespaceExists(Namespace.of("sales", "apac"))).isTrue();
        assertThat(api.get(NS + "/sales/assets/churn", t).is(200).json().path("properties").has("changed")).isFalse();
        api.get("/api/v1/users/alice", t).is(200);
        assertOwnWorld(t, List.of("churn", "events", "orders", "recent"), List.of("sales.apac", "sales.emea"));
      }

      // moving the shared tenant to a schema of its own over the management API changes nothing it sees
      JsonNode moved = api.post(TENANTS + "/" + first + "/placement", null, Map.of("tier", "hybrid")).is(200).json();
      assertThat(moved.path("tier").asText()).isEqualTo("hybrid");
      assertThat(api.get(NS + "/sales/assets", first).is(200).names()).containsExactly("churn", "events_v2",
          "orders");
      assertThat(c1.loadTable(TableIdentifier.of("sales", "events_v2")).properties()).containsEntry("owner", first);
      JsonNode moves = api.get("/api/v1/audit?action=tenant.move", first).is(200).json().path("items");
      assertThat(moves).hasSize(1);
      assertThat(moves.get(0).path("actor").asText()).as("the move is audited with the caller as actor")
          .isEqualTo(TestAuth.ROOT_ID);
    } finally {
      for (RESTCatalog c : clients.values()) {
        c.close();
      }
    }
    afterTraffic();
  }

  /** Checks a subclass makes once all the traffic has gone through. */
  void afterTraffic() throws Exception {}
}
