package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import io.pangolin.api.AssetKind;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NewAsset;
import io.pangolin.api.RequestContext;
import io.pangolin.core.Pangolin;
import io.pangolin.iceberg.LocalFileIO;
import io.pangolin.spi.ProviderConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Catalog summary, usage, growth and forecast of a populated deployment on PostgreSQL, with known numbers. The
 * Iceberg table with data is written through the Iceberg client over HTTP today; the tables and users of past days
 * are created through a second engine over the same database whose clock the test sets (the engine's injectable
 * clock, {@code Pangolin.builder().clock}) — creation timestamps cannot be set through the API.
 */
@HelidonTest
class CapacityReportsTest {
  private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  private static final String DB = "pangolin_capacity_it_" + ProcessHandle.current().pid();
  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/" + DB;
  private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

  static {
    exec("DROP DATABASE IF EXISTS " + DB);
    exec("CREATE DATABASE " + DB);
    System.setProperty("pangolin.store.type", "postgres");
    System.setProperty("pangolin.store.postgres.url", URL);
    System.setProperty("pangolin.store.postgres.user", "postgres");
  }

  private static void exec(String sql) {
    try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432 is required: " + e.getMessage(), e);
    }
  }

  @AfterAll
  static void cleanUp() {
    exec("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
    System.clearProperty("pangolin.store.type");
    System.clearProperty("pangolin.store.postgres.url");
    System.clearProperty("pangolin.store.postgres.user");
  }

  /** A clock the test moves. */
  static final class SetClock extends Clock {
    volatile Instant now = Instant.now();

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Inject
  WebTarget target;

  private URI base;
  private Api api;

  @BeforeEach
  void setUp() {
    base = target.getUri();
    api = new Api(base);
  }

  private static DataFile writeParquet(Table table, long... ids) throws IOException {
    GenericRecord record = GenericRecord.create(table.schema());
    String path = table.locationProvider().newDataLocation("part-" + UUID.randomUUID() + ".parquet");
    DataWriter<Record> writer = Parquet.writeData(table.io().newOutputFile(path)).schema(table.schema())
        .createWriterFunc(GenericParquetWriter::create).withSpec(PartitionSpec.unpartitioned()).build();
    try (writer) {
      for (long id : ids) {
        writer.write(record.copy(Map.of("id", id)));
      }
    }
    return writer.toDataFile();
  }

  /** Least squares by the textbook formula, evaluated at {@code x}, never below {@code now}. */
  private static long fit(double[] ys, double x, long now) {
    int n = ys.length;
    double mx = (n - 1) / 2.0;
    double my = 0;
    for (double y : ys) {
      my += y / n;
    }
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      sxy += (i - mx) * (ys[i] - my);
      sxx += (i - mx) * (i - mx);
    }
    double slope = sxx == 0 ? 0 : sxy / sxx;
    return Math.max(now, Math.round(my + slope * (x - mx)));
  }

  @Test
  void summaryUsageGrowthAndForecast_ofAPopulatedDeployment_haveTheKnownNumbers() throws Exception {
    String a = "cap-a-" + ProcessHandle.current().pid();
    String b = "cap-b-" + ProcessHandle.current().pid();
    Path dir = Files.createTempDirectory("pangolin-capacity");
    for (String t : List.of(a, b)) {
      api.post("/api/v1/tenants", null, Map.of("name", t)).is(201);
      api.post("/api/v1/warehouses", t, Map.of("name", "lake", "storageRoot", dir.resolve(t).toUri().toString()))
          .is(201);
      api.post("/api/v1/catalogs", t, Map.of("name", "prod", "warehouse", "lake")).is(201);
    }
    api.post("/api/v1/catalogs", a, Map.of("name", "dev", "warehouse", "lake")).is(201);

    // the past: a second engine over the same database, its clock set to each creation day (noon UTC)
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    SetClock clock = new SetClock();
    try (Pangolin seeder = Pangolin.builder()
        .store("postgres", ProviderConfig.of(Map.of("url", URL, "user", "postgres")))
        .localStorageRoots(List.of(Path.of(System.getProperty("java.io.tmpdir"))))
        .clock(clock).build()) {
      RequestContext ca = RequestContext.of(a, "seeder");
      RequestContext cb = RequestContext.of(b, "seeder");
      clock.now = today.minusDays(10).atTime(12, 0).toInstant(ZoneOffset.UTC);
      seeder.namespaces().create(ca, "prod", NamespaceName.of("sales"), Map.of());
      seeder.namespaces().create(ca, "dev", NamespaceName.of("raw"), Map.of());
      seeder.assets().create(ca, "prod", NamespaceName.of("sales"), table("t0"));
      seeder.users().create(ca, "ann", Optional.empty(), Map.of());
      clock.now = today.minusDays(3).atTime(12, 0).toInstant(ZoneOffset.UTC);
      seeder.assets().create(ca, "prod", NamespaceName.of("sales"), table("t1"));
      seeder.assets().create(ca, "prod", NamespaceName.of("sales"), table("t2"));
      seeder.assets().create(ca, "dev", NamespaceName.of("raw"), table("r1"));
      clock.now = today.minusDays(2).atTime(12, 0).toInstant(ZoneOffset.UTC);
      seeder.namespaces().create(cb, "prod", NamespaceName.of("ops"), Map.of());
      seeder.assets().create(cb, "prod", NamespaceName.of("ops"), table("b1"));
      clock.now = today.minusDays(1).atTime(12, 0).toInstant(ZoneOffset.UTC);
      seeder.assets().create(ca, "prod", NamespaceName.of("sales"), table("t3"));
      seeder.users().create(ca, "bob", Optional.empty(), Map.of());
    }
    // today: an Iceberg table with two data files written by the Iceberg client, a view, an ML model
    long bytes;
    try (RESTCatalog c = client(a)) {
      Table events = c.buildTable(TableIdentifier.of(Namespace.of("sales"), "events"), SCHEMA).create();
      DataFile d1 = writeParquet(events, 1, 2, 3);
      DataFile d2 = writeParquet(events, 4);
      events.newAppend().appendFile(d1).commit();
      events.newAppend().appendFile(d2).commit();
      bytes = Files.size(Path.of(URI.create(d1.location()))) + Files.size(Path.of(URI.create(d2.location())));
    }
    api.post("/api/v1/catalogs/prod/namespaces/sales/assets", a, Map.of("name", "v1", "kind", "ICEBERG_VIEW"))
        .is(201);
    api.post("/api/v1/catalogs/prod/namespaces/sales/assets", a, Map.of("name", "churn", "kind", "ML_MODEL"))
        .is(201);

    // catalog summary of prod: sales; t0..t3 and events; the view; the model; events' two files
    JsonNode s = api.get("/api/v1/catalogs/prod/summary", a).is(200).json();
    assertThat(s.path("catalog").asText()).isEqualTo("prod");
    assertThat(s.path("namespaces").asLong()).isEqualTo(1);
    assertThat(s.path("tables").asLong()).isEqualTo(5);
    assertThat(s.path("views").asLong()).isEqualTo(1);
    assertThat(s.path("otherAssets").asLong()).isEqualTo(1);
    assertThat(s.path("totalDataFiles").asLong()).isEqualTo(2);
    assertThat(s.path("totalDataBytes").asLong()).isEqualTo(bytes);
    // cached for the TTL (60 s): a new asset is not seen yet, the answer is the same computation
    api.post("/api/v1/catalogs/prod/namespaces/sales/assets", a, Map.of("name", "t9", "kind", "ICEBERG_TABLE"))
        .is(201);
    JsonNode cached = api.get("/api/v1/catalogs/prod/summary", a).is(200).json();
    assertThat(cached).isEqualTo(s);
    api.delete("/api/v1/catalogs/prod/namespaces/sales/assets/t9", a).is(204);
    assertThat(api.get("/api/v1/catalogs/nope/summary", a).code()).isEqualTo("NOT_FOUND");

    // usage: root sees every tenant
    JsonNode all = api.get("/api/v1/usage", null).is(200).json().path("tenants");
    Map<String, JsonNode> byTenant = new HashMap<>();
    all.forEach(n -> byTenant.put(n.path("tenant").asText(), n));
    assertThat(byTenant.keySet()).containsExactlyInAnyOrder(a, b);
    JsonNode ua = byTenant.get(a);
    assertThat(List.of(ua.path("catalogs").asLong(), ua.path("namespaces").asLong(), ua.path("tables").asLong(),
        ua.path("views").asLong(), ua.path("users").asLong(), ua.path("dataFiles").asLong()))
        .containsExactly(2L, 2L, 6L, 1L, 2L, 2L);
    assertThat(ua.path("dataBytes").asLong()).isEqualTo(bytes);
    JsonNode ub = byTenant.get(b);
    assertThat(List.of(ub.path("catalogs").asLong(), ub.path("namespaces").asLong(), ub.path("tables").asLong(),
        ub.path("views").asLong(), ub.path("users").asLong(), ub.path("dataFiles").asLong(),
        ub.path("dataBytes").asLong())).containsExactly(1L, 1L, 1L, 0L, 0L, 0L, 0L);
    assertThat(api.get("/api/v1/usage?tenant=" + b, null).is(200).json().path("tenants")).hasSize(1);
    // a tenant's own principal sees its own tenant only
    Api user = api.as(bearer(a, "reader", "tenant-user"));
    JsonNode own = user.get("/api/v1/usage", null).is(200).json().path("tenants");
    assertThat(own).hasSize(1);
    assertThat(own.get(0)).isEqualTo(ua);
    assertThat(user.get("/api/v1/usage?tenant=" + b, null).status()).isEqualTo(403);

    // growth over 5 days: t0 before the window; t1, t2, r1 three days ago; t3 yesterday; events today
    JsonNode g = api.get("/api/v1/usage/growth?days=5", a).is(200).json();
    assertThat(g.path("days").asInt()).isEqualTo(5);
    List<String> rows = new ArrayList<>();
    g.path("series").forEach(n -> rows.add(n.path("date").asText() + " " + n.path("newTables").asLong() + " "
        + n.path("cumulativeTables").asLong()));
    assertThat(rows).containsExactly(today.minusDays(4) + " 0 1", today.minusDays(3) + " 3 4",
        today.minusDays(2) + " 0 4", today.minusDays(1) + " 1 5", today + " 1 6");
    assertThat(user.get("/api/v1/usage/growth", null).is(200).json().path("series")).hasSize(30);

    // forecast: the observed window is today-10 … today (eleven days)
    double[] tables = {1, 1, 1, 1, 1, 1, 1, 4, 4, 5, 6};
    double[] users = {1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2};
    double[] data = new double[11];
    data[10] = bytes;
    JsonNode f = api.get("/api/v1/usage/forecast?months=2", a).is(200).json();
    assertThat(f.path("months").asInt()).isEqualTo(2);
    assertThat(f.path("method").asText()).startsWith("least-squares linear fit");
    assertThat(f.path("points")).hasSize(2);
    for (int m = 0; m < 2; m++) {
      YearMonth month = YearMonth.from(today).plusMonths(m + 1);
      double x = ChronoUnit.DAYS.between(today.minusDays(10), month.atEndOfMonth());
      JsonNode p = f.path("points").get(m);
      assertThat(p.path("month").asText()).isEqualTo(month.toString());
      assertThat(p.path("tables").asLong()).isEqualTo(fit(tables, x, 6));
      assertThat(p.path("users").asLong()).isEqualTo(fit(users, x, 2));
      assertThat(p.path("dataBytes").asLong()).isEqualTo(fit(data, x, bytes));
    }
    assertThat(p(f, 1, "tables")).isGreaterThan(p(f, 0, "tables"));

    // bad parameters: 400
    for (String bad : List.of("/api/v1/usage/growth?days=0", "/api/v1/usage/growth?days=x",
        "/api/v1/usage/growth?days=99999", "/api/v1/usage/forecast?months=0", "/api/v1/usage/forecast?months=1.5")) {
      assertThat(api.get(bad, a).code()).as(bad).isEqualTo("VALIDATION_FAILED");
    }
    assertThat(api.get("/api/v1/usage/growth", null).status()).isEqualTo(400); // root names no tenant
    assertThat(api.get("/api/v1/usage?tenant=nope", null).code()).isEqualTo("NOT_FOUND");
  }

  private static long p(JsonNode forecast, int i, String field) {
    return forecast.path("points").get(i).path(field).asLong();
  }

  private static NewAsset table(String name) {
    return new NewAsset(name, AssetKind.ICEBERG_TABLE, Optional.empty(), Map.of(), Optional.empty());
  }

  private String bearer(String tenant, String name, String role) {
    JsonNode c = api.post("/api/v1/service-users", tenant, Map.of("name", name, "roles", List.of(role))).is(201)
        .json();
    return "Bearer " + TestAuth.token(base, c.path("clientId").asText(), c.path("clientSecret").asText());
  }

  private RESTCatalog client(String tenant) {
    String u = base.toString();
    Map<String, String> props = new HashMap<>();
    props.put(CatalogProperties.URI, u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    props.put("warehouse", tenant + ".prod");
    props.put(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
    RESTCatalog catalog = new RESTCatalog();
    catalog.initialize("pangolin", TestAuth.rootClient(props));
    return catalog;
  }
}
