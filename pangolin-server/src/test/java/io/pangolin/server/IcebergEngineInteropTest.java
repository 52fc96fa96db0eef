package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import io.pangolin.api.RequestContext;
import io.pangolin.core.Pangolin;
import io.pangolin.iceberg.LocalFileIO;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What engines do that Iceberg's own test client does not: Trino's {@code CREATE TABLE} (it derives the table
 * location from the namespace's {@code location} property, stage-creates there, refuses a non-empty location, then
 * commits with {@code assert-create}), and metrics reports sent while a staged create is still open.
 */
@HelidonTest
class IcebergEngineInteropTest {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final String SCHEMA = "{\"type\":\"struct\",\"schema-id\":0,\"fields\":["
      + "{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\"},"
      + "{\"id\":2,\"name\":\"category\",\"required\":false,\"type\":\"string\"}]}";

  @Inject
  WebTarget target;

  @Inject
  Pangolin pangolin;

  @Inject
  MetricRegistry registry;

  private Api api;
  private String tenant;
  private String v1;
  private Path warehouse;

  @BeforeEach
  void seed() throws IOException {
    api = new Api(target.getUri());
    tenant = "interop-" + SEQ.incrementAndGet();
    warehouse = Files.createTempDirectory("pangolin-interop");
    RequestContext admin = RequestContext.of(tenant, "test-admin");
    pangolin.tenants().create(admin, tenant, Map.of());
    // the root written file:/// on purpose: locations are compared in canonical form
    pangolin.warehouses().create(admin, "lake", "file://" + warehouse, Map.of());
    pangolin.catalogs().create(admin, "prod", "lake", Map.of());
    v1 = "/v1/" + tenant + ".prod";
  }

  private static JsonNode json(String s) {
    try {
      return Api.JSON.readTree(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path path(String fileLocation) {
    return Path.of(URI.create(fileLocation.replaceFirst("^file:/+", "file:///")));
  }

  /** True if nothing exists at {@code location}, or it is an empty directory (Trino's {@code listFiles} check). */
  private static boolean isEmptyLocation(String location) throws IOException {
    Path p = path(location);
    if (!Files.exists(p)) {
      return true;
    }
    try (Stream<Path> files = Files.walk(p)) {
      return files.noneMatch(Files::isRegularFile);
    }
  }

  private double reports(String type) {
    return registry.getCounters((id, m) -> id.getName().equals(IcebergRestResource.REPORTS_METRIC)
            && type.equals(id.getTags().get("type"))).values().stream().mapToLong(c -> c.getCount()).sum();
  }

  /**
   * The REST calls of Trino 476's {@code CREATE TABLE trino_ns.orders (id bigint, category varchar)} in a schema
   * created without a location ({@code TrinoRestCatalog.defaultTableLocation} and {@code newCreateTableTransaction},
   * then {@code IcebergMetadata.beginCreateTable}'s emptiness check and the transaction commit).
   */
  @Test
  void trinoCreateTable_inANamespaceWithoutLocation_derivesAnEmptyLocationAndCommits() throws IOException {
    // CREATE SCHEMA trino_ns (no location property)
    api.post(v1 + "/namespaces", null, "{\"namespace\":[\"trino_ns\"],\"properties\":{}}").is(200);

    // 1. loadNamespaceMetadata: Trino takes "location" and appends <table>-<uuid without dashes>
    JsonNode ns = api.get(v1 + "/namespaces/trino_ns", null).is(200).json();
    String nsLocation = ns.path("properties").path("location").asText();
    assertThat(nsLocation).as(ns.toString()).isNotEmpty();
    assertThat(nsLocation).startsWith("file://" + warehouse + "/");
    // the same answer every time (a pure function of catalog and namespace), and nothing is there yet
    assertThat(api.get(v1 + "/namespaces/trino_ns", null).json().path("properties").path("location").asText())
        .isEqualTo(nsLocation);
    String location = nsLocation + "/orders-" + UUID.randomUUID().toString().replace("-", "");

    // 2. newCreateTableTransaction with a location: stage-create
    ObjectNode create = (ObjectNode) json("{\"name\":\"orders\",\"schema\":" + SCHEMA
        + ",\"partition-spec\":{\"spec-id\":0,\"fields\":[]},\"write-order\":{\"order-id\":0,\"fields\":[]},"
        + "\"properties\":{\"format-version\":\"2\",\"write.format.default\":\"PARQUET\"},\"stage-create\":true}");
    create.put("location", location);
    JsonNode staged = api.post(v1 + "/namespaces/trino_ns/tables", null, create.toString()).is(200).json();
    assertThat(staged.path("metadata").path("location").asText()).isEqualTo(location);
    assertThat(staged.path("metadata-location").isMissingNode() || staged.path("metadata-location").isNull())
        .as(staged.toString()).isTrue();
    api.head(v1 + "/namespaces/trino_ns/tables/orders", null).is(404);

    // 3. IcebergMetadata.beginCreateTable: "Cannot create a table on a non-empty location" unless this holds
    assertThat(isEmptyLocation(location)).isTrue();

    // 4. the transaction commit: assert-create and the staged metadata as updates
    JsonNode metadata = staged.path("metadata");
    ObjectNode commit = Api.JSON.createObjectNode();
    commit.putObject("identifier").put("name", "orders").putArray("namespace").add("trino_ns");
    commit.putArray("requirements").addObject().put("type", "assert-create");
    ArrayNode updates = commit.putArray("updates");
    updates.addObject().put("action", "assign-uuid").put("uuid", metadata.path("table-uuid").asText());
    updates.addObject().put("action", "upgrade-format-version").put("format-version", 2);
    updates.addObject().put("action", "add-schema").put("last-column-id", 2).set("schema", json(SCHEMA));
    updates.addObject().put("action", "set-current-schema").put("schema-id", -1);
    updates.addObject().put("action", "add-spec").set("spec", json("{\"spec-id\":0,\"fields\":[]}"));
    updates.addObject().put("action", "set-default-spec").put("spec-id", -1);
    updates.addObject().put("action", "add-sort-order").set("sort-order", json("{\"order-id\":0,\"fields\":[]}"));
    updates.addObject().put("action", "set-default-sort-order").put("sort-order-id", -1);
    updates.addObject().put("action", "set-location").put("location", location);
    updates.addObject().put("action", "set-properties").set("updates",
        json("{\"format-version\":\"2\",\"write.format.default\":\"PARQUET\"}"));
    JsonNode committed = api.post(v1 + "/namespaces/trino_ns/tables/orders", null, commit.toString()).is(200).json();
    assertThat(committed.path("metadata").path("location").asText()).isEqualTo(location);
    assertThat(committed.path("metadata-location").asText()).startsWith(location + "/metadata/");

    JsonNode loaded = api.get(v1 + "/namespaces/trino_ns/tables/orders", null).is(200).json();
    assertThat(loaded.path("metadata").path("location").asText()).isEqualTo(location);
    assertThat(loaded.path("metadata").path("table-uuid").asText()).isEqualTo(metadata.path("table-uuid").asText());
  }

  /** The same flow through Iceberg's own client, as {@code TrinoRestCatalog} drives it, with a CTAS-style append. */
  @Test
  void trinoCreateTableAsSelect_throughTheIcebergClient_reportsMetricsDuringTheStagedCreate() throws IOException {
    Map<String, String> props = new HashMap<>();
    String uri = target.getUri().toString();
    props.put(CatalogProperties.URI, uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri);
    props.put(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
    props.put("warehouse", tenant + ".prod");
    try (RESTCatalog catalog = new RESTCatalog()) {
      catalog.initialize("trino", TestAuth.rootClient(props));
      catalog.createNamespace(Namespace.of("trino_ns"));
      String nsLocation = catalog.loadNamespaceMetadata(Namespace.of("trino_ns")).get("location");
      assertThat(nsLocation).isNotNull();
      String location = nsLocation + "/ctas-" + UUID.randomUUID().toString().replace("-", "");
      Schema schema = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
      TableIdentifier ident = TableIdentifier.of("trino_ns", "ctas");

      Transaction txn = catalog.buildTable(ident, schema).withPartitionSpec(PartitionSpec.unpartitioned())
          .withLocation(location).withProperties(Map.of("format-version", "2")).createTransaction();
      assertThat(isEmptyLocation(txn.table().location())).isTrue();
      double before = reports("commit-report");
      // the engine writes its data, appends it inside the transaction; the client reports the commit right away
      txn.newAppend().appendFile(DataFiles.builder(PartitionSpec.unpartitioned())
          .withPath(location + "/data/00000-0.parquet").withFileSizeInBytes(100).withRecordCount(3).build())
          .commit();
      assertThat(reports("commit-report")).isGreaterThan(before);
      assertThat(catalog.tableExists(ident)).isFalse();
      txn.commitTransaction();

      Table table = catalog.loadTable(ident);
      assertThat(table.location()).isEqualTo(location);
      assertThat(table.currentSnapshot().summary()).containsEntry("added-records", "3");
    }
  }

  @Test
  void metricsReports_forAStagedCreate_are204_malformedOnes400_unknownNamespaces404() {
    api.post(v1 + "/namespaces", null, "{\"namespace\":[\"sales\"]}").is(200);
    api.post(v1 + "/namespaces/sales/tables", null, "{\"name\":\"staged\",\"schema\":" + SCHEMA
        + ",\"stage-create\":true}").is(200);
    String commitReport = "{\"report-type\":\"commit-report\",\"table-name\":\"prod.sales.staged\","
        + "\"snapshot-id\":1,\"sequence-number\":1,\"operation\":\"append\",\"metrics\":{}}";
    String scanReport = "{\"report-type\":\"scan-report\",\"table-name\":\"prod.sales.staged\",\"snapshot-id\":1,"
        + "\"filter\":true,\"schema-id\":0,\"projected-field-ids\":[1],\"projected-field-names\":[\"id\"],"
        + "\"metrics\":{}}";
    double before = reports("commit-report");
    api.post(v1 + "/namespaces/sales/tables/staged/metrics", null, commitReport).is(204);
    api.post(v1 + "/namespaces/sales/tables/staged/metrics", null, scanReport).is(204);
    assertThat(reports("commit-report")).isEqualTo(before + 1);
    // the report did not create anything
    api.head(v1 + "/namespaces/sales/tables/staged", null).is(404);

    // a report type of a newer client: accepted and counted as unknown, as Iceberg's own parser reads it
    api.post(v1 + "/namespaces/sales/tables/staged/metrics", null, "{\"report-type\":\"future-report\"}").is(204);
    assertThat(reports("unknown")).isPositive();
    for (String bad : new String[] {"{}", "{\"report-type\":\"scan-report\"}", "{\"report-type\":7}",
        "{\"report-type\":\"commit-report\",\"table-name\":\"t\"}", "[]", "not json",
        "{\"report-type\":\"commit-report\",\"table-name\":\"t\",\"snapshot-id\":\"x\",\"sequence-number\":1,"
            + "\"operation\":\"append\",\"metrics\":{}}"}) {
      Api.Res r = api.post(v1 + "/namespaces/sales/tables/staged/metrics", null, bad);
      assertThat(r.status()).as(bad + " → " + r.body()).isEqualTo(400);
      assertThat(r.json().path("error").path("type").asText()).isEqualTo("BadRequestException");
    }
    Api.Res missing = api.post(v1 + "/namespaces/nope/tables/staged/metrics", null, commitReport);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().path("error").path("type").asText()).isEqualTo("NoSuchNamespaceException");
    Api.Res badName = api.post(v1 + "/namespaces/sales/tables/a%00b/metrics", null, commitReport);
    assertThat(badName.status()).as(badName.body()).isEqualTo(400);
  }

  @Test
  void namespaceLocation_setByTheUser_isReported_mustLieInsideTheRoot_andHoldsTables() throws IOException {
    String custom = "file:" + warehouse + "//custom/ns/";
    api.post(v1 + "/namespaces", null, Api.json(Map.of("namespace", new String[] {"own"},
        "properties", Map.of("location", custom)))).is(200);
    String canonical = "file://" + warehouse + "/custom/ns";
    assertThat(api.get(v1 + "/namespaces/own", null).json().path("properties").path("location").asText())
        .isEqualTo(canonical);
    JsonNode created = api.post(v1 + "/namespaces/own/tables", null, "{\"name\":\"t\",\"schema\":" + SCHEMA + "}")
        .is(200).json();
    assertThat(created.path("metadata").path("location").asText()).startsWith(canonical + "/t-");
    assertThat(created.path("metadata-location").asText()).startsWith(canonical + "/t-");

    Path outside = Files.createTempDirectory("pangolin-outside");
    for (String bad : new String[] {"file://" + outside, "file://" + warehouse, "file://" + warehouse + "/../x",
        "http://example.com/x"}) {
      Api.Res r = api.post(v1 + "/namespaces", null, Api.json(Map.of("namespace", new String[] {"bad"},
          "properties", Map.of("location", bad))));
      assertThat(r.status()).as(bad + " → " + r.body()).isEqualTo(400);
      Api.Res u = api.post(v1 + "/namespaces/own/properties", null, Api.json(Map.of("updates",
          Map.of("location", bad))));
      assertThat(u.status()).as(bad + " → " + u.body()).isEqualTo(400);
    }
    api.head(v1 + "/namespaces/bad", null).is(404);
    assertThat(api.get(v1 + "/namespaces/own", null).json().path("properties").path("location").asText())
        .isEqualTo(canonical);
    // the management API stores (and shows) the user's location; the default is not stored
    assertThat(api.get("/api/v1/catalogs/prod/namespaces/own", tenant).json().path("properties").path("location")
        .asText()).isEqualTo(canonical);
    // removing it brings the default back
    api.post(v1 + "/namespaces/own/properties", null, "{\"removals\":[\"location\"]}").is(200);
    String fallback = api.get(v1 + "/namespaces/own", null).json().path("properties").path("location").asText();
    assertThat(fallback).startsWith("file://" + warehouse + "/").endsWith("/own").isNotEqualTo(canonical);
  }
}
