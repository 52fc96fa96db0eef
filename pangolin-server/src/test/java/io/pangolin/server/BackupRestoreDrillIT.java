package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pangolin.iceberg.LocalFileIO;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The backup and restore drill of docs/operations.md, on the packaged server and PostgreSQL: a deployment populated
 * through the APIs (tenant, warehouse, catalog, nested namespaces, an Iceberg table with commits made by Iceberg's
 * own client, a generic asset, users, a service user, a custom role and a grant), {@code pg_dump -Fc} of its
 * database while it runs, {@code pg_restore} into a fresh database, a second server on the restored database, and
 * everything compared through the APIs — listings, the table's metadata pointer and snapshots, audit counts, the
 * service user's credentials — then the restored deployment takes a new Iceberg commit. The time each step took is
 * logged (recorded in docs/operations.md), never asserted.
 */
class BackupRestoreDrillIT {
  private static final Logger LOG = Logger.getLogger(BackupRestoreDrillIT.class.getName());
  private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  private static final String TENANT = "drill";
  private static final String SECRET = "drill-secret-value-0123456789";
  private static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "category", Types.StringType.get()));

  private final String suffix = Long.toString(ProcessHandle.current().pid()) + "_" + (System.nanoTime() % 100_000);
  private final String sourceDb = "pangolin_drill_src_" + suffix;
  private final String restoredDb = "pangolin_drill_dst_" + suffix;
  private final String importedDb = "pangolin_drill_imp_" + suffix;
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private Path work;

  private static void exec(String sql) {
    try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432 is required: " + e.getMessage(), e);
    }
  }

  /** The client binaries of the server's major version (Debian layout), else those on the PATH. */
  private static String pgTool(String name) throws SQLException {
    try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version_num")) {
      rs.next();
      int major = Integer.parseInt(rs.getString(1)) / 10_000;
      Path debian = Path.of("/usr/lib/postgresql/" + major + "/bin/" + name);
      return Files.isExecutable(debian) ? debian.toString() : name;
    }
  }

  private static void run(Path log, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    assertThat(p.exitValue()).as("%s failed:%n%s", String.join(" ", command), Files.readString(log)).isZero();
  }

  private ServerProcess server(String name, String database) throws IOException {
    ServerProcess s = ServerProcess.start(name, Map.of(
        "pangolin.store.type", "postgres",
        "pangolin.store.postgres.url", "jdbc:postgresql://127.0.0.1:5432/" + database,
        "pangolin.store.postgres.user", "postgres",
        "pangolin.store.postgres.maintenance-interval-s", "0"), work.resolve("logs"));
    toClose.add(s);
    s.awaitReady(Duration.ofSeconds(120));
    return s;
  }

  private RESTCatalog iceberg(ServerProcess server, String credential) {
    return iceberg(server, credential, TENANT);
  }

  private RESTCatalog iceberg(ServerProcess server, String credential, String tenant) {
    Map<String, String> props = new HashMap<>();
    props.put(CatalogProperties.URI, server.uri().toString());
    props.put(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
    props.put("warehouse", tenant + ".prod");
    props.put("credential", credential);
    props.put("scope", "catalog");
    RESTCatalog c = new RESTCatalog();
    c.initialize("drill", props);
    toClose.add(c);
    return c;
  }

  private static void append(Table table) {
    DataFile file = DataFiles.builder(table.spec())
        .withPath(table.location() + "/data/" + UUID.randomUUID() + ".parquet")
        .withFileSizeInBytes(1024).withRecordCount(10).build();
    table.newAppend().appendFile(file).commit();
  }

  /** What the drill compares: everything an operator would look at, read through the APIs. */
  private static Map<String, Object> state(Api api, RESTCatalog iceberg) {
    Map<String, Object> s = catalogState(api, iceberg, TENANT);
    s.put("warehouses", strip(api.get("/api/v1/warehouses", TENANT).is(200).json().path("items")));
    s.put("service-users", strip(api.get("/api/v1/service-users", TENANT).is(200).json().path("items")));
    for (String type : List.of("warehouse", "catalog", "namespace", "asset", "user", "grant", "role")) {
      s.put("audit " + type, api.get("/api/v1/audit/count?resourceType=" + type, TENANT).is(200).json()
          .path("count").asLong());
    }
    return s;
  }

  /** What a tenant export carries: the catalog data, users, roles and grants, and the Iceberg table's state. */
  private static Map<String, Object> catalogState(Api api, RESTCatalog iceberg, String tenant) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("tenant", api.get("/api/v1/tenants/" + tenant, null).is(200).json().path("properties"));
    s.put("catalogs", strip(api.get("/api/v1/catalogs", tenant).is(200).json().path("items")));
    for (String parent : List.of("", "?parent=sales")) {
      s.put("namespaces" + parent, strip(api.get("/api/v1/catalogs/prod/namespaces" + parent, tenant).is(200)
          .json().path("items")));
    }
    for (String ns : List.of("sales", "sales.emea")) {
      s.put("assets " + ns, strip(api.get("/api/v1/catalogs/prod/namespaces/" + ns + "/assets", tenant).is(200)
          .json().path("items")));
    }
    s.put("users", strip(api.get("/api/v1/users", tenant).is(200).json().path("items")));
    s.put("roles", strip(api.get("/api/v1/roles", tenant).is(200).json().path("items")));
    s.put("grants", strip(api.get("/api/v1/grants", tenant).is(200).json().path("items")));
    Table orders = iceberg.loadTable(TableIdentifier.of(Namespace.of("sales", "emea"), "orders"));
    s.put("orders snapshot", orders.currentSnapshot().snapshotId());
    List<Long> snapshots = new ArrayList<>();
    orders.snapshots().forEach(x -> snapshots.add(x.snapshotId()));
    s.put("orders snapshots", snapshots);
    s.put("orders location", orders.location());
    s.put("orders files", orders.currentSnapshot().summary().get("total-data-files"));
    return s;
  }

  private static Map<String, String> withoutVersions(Map<String, Object> state) {
    Map<String, String> out = new LinkedHashMap<>();
    state.forEach((k, v) -> out.put(k, String.valueOf(v).replaceAll("\"version\":\\d+", "\"version\":_")));
    return out;
  }

  /** Listing items as they are (ids, versions, timestamps, metadata locations included). */
  private static String strip(JsonNode items) {
    return items.toString();
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    exec("DROP DATABASE IF EXISTS " + sourceDb + " WITH (FORCE)");
    exec("DROP DATABASE IF EXISTS " + restoredDb + " WITH (FORCE)");
    exec("DROP DATABASE IF EXISTS " + importedDb + " WITH (FORCE)");
    if (work != null) {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void pgDumpAndRestore_ofAPopulatedDeployment_keepsEverything_andTheRestoredServerServesAndCommits()
      throws Exception {
    work = Files.createTempDirectory("pangolin-drill");
    Path lake = Files.createDirectories(work.resolve("lake"));
    exec("CREATE DATABASE " + sourceDb);
    ServerProcess source = server("source", sourceDb);
    Api api = new Api(source.uri());

    // populate through the APIs
    api.post("/api/v1/tenants", null, Map.of("name", TENANT, "properties", Map.of("tier", "gold"))).is(201);
    api.post("/api/v1/warehouses", TENANT, Map.of("name", "lake", "storageRoot", lake.toUri().toString(),
        "storageProperties", Map.of("client.region", "eu-west-1", "s3.secret-access-key", SECRET))).is(201);
    api.post("/api/v1/catalogs", TENANT, Map.of("name", "prod", "warehouse", "lake")).is(201);
    api.post("/api/v1/catalogs/prod/namespaces", TENANT, Map.of("name", "sales")).is(201);
    api.post("/api/v1/catalogs/prod/namespaces", TENANT, Map.of("name", "sales.emea",
        "properties", Map.of("owner", "emea-team"))).is(201);
    api.post("/api/v1/catalogs/prod/namespaces/sales/assets", TENANT, Map.of("name", "churn", "kind", "ML_MODEL",
        "location", lake.resolve("models/churn").toUri().toString())).is(201);
    api.post("/api/v1/users", TENANT, Map.of("name", "carol", "email", "carol@example.com")).is(201);
    JsonNode alice = api.post("/api/v1/service-users", TENANT, Map.of("name", "alice",
        "roles", List.of("tenant-writer"))).is(201).json();
    String aliceCredential = alice.path("clientId").asText() + ":" + alice.path("clientSecret").asText();
    api.post("/api/v1/roles", TENANT, Map.of("name", "analysts")).is(201);
    api.post("/api/v1/grants", TENANT, Map.of("scope", "namespace:prod:sales",
        "grantee", Map.of("kind", "role", "name", "analysts"), "privileges", List.of("list", "read"))).is(201);
    RESTCatalog sourceIceberg = iceberg(source, TestAuth.BOOTSTRAP);
    Table orders = sourceIceberg.buildTable(TableIdentifier.of(Namespace.of("sales", "emea"), "orders"), SCHEMA)
        .withPartitionSpec(PartitionSpec.unpartitioned()).withProperty("owner", "bi").create();
    for (int i = 0; i < 3; i++) {
      append(orders);
    }
    Map<String, Object> before = state(api, sourceIceberg);
    assertThat(before.get("orders snapshots")).asList().hasSize(3);
    assertThat(before.get("users").toString()).contains("carol");
    assertThat(before.get("service-users").toString()).contains("alice");
    assertThat(before.get("grants").toString()).contains("analysts");
    assertThat(before.get("assets sales.emea").toString()).contains("orders").contains("metadata.json");
    assertThat((Long) before.get("audit asset")).isPositive();

    // back up while the source serves, restore into a fresh database
    Path dump = work.resolve("pangolin.dump");
    Path log = work.resolve("pg.log");
    long t0 = System.nanoTime();
    run(log, pgTool("pg_dump"), "-h", "127.0.0.1", "-U", "postgres", "-Fc", "-f", dump.toString(), sourceDb);
    long t1 = System.nanoTime();
    exec("CREATE DATABASE " + restoredDb);
    run(log, pgTool("pg_restore"), "-h", "127.0.0.1", "-U", "postgres", "--no-owner", "--exit-on-error",
        "-d", restoredDb, dump.toString());
    long t2 = System.nanoTime();
    ServerProcess restored = server("restored", restoredDb);
    long t3 = System.nanoTime();
    LOG.info(String.format("backup drill: pg_dump %d ms (%d KiB), pg_restore %d ms, restored server ready %d ms,"
        + " total %d ms", (t1 - t0) / 1_000_000, Files.size(dump) / 1024, (t2 - t1) / 1_000_000,
        (t3 - t2) / 1_000_000, (t3 - t0) / 1_000_000));

    // the same deployment, read through the restored server
    Api restoredApi = new Api(restored.uri());
    RESTCatalog restoredIceberg = iceberg(restored, TestAuth.BOOTSTRAP);
    assertThat(state(restoredApi, restoredIceberg)).isEqualTo(before);
    // credentials came along: the service user signs in on the restored server and writes
    RESTCatalog asAlice = iceberg(restored, aliceCredential);
    Table again = asAlice.loadTable(TableIdentifier.of(Namespace.of("sales", "emea"), "orders"));
    assertThat(again.currentSnapshot().snapshotId()).isEqualTo(before.get("orders snapshot"));
    append(again);
    assertThat(restoredIceberg.loadTable(TableIdentifier.of(Namespace.of("sales", "emea"), "orders")).snapshots())
        .hasSize(4);
    // and the source is untouched by what the restored deployment did
    assertThat(sourceIceberg.loadTable(TableIdentifier.of(Namespace.of("sales", "emea"), "orders")).snapshots())
        .hasSize(3);
    assertThat(new String(Files.readAllBytes(log), StandardCharsets.UTF_8)).doesNotContain("ERROR");

    // tenant export from the source, import into a third, empty deployment
    Api.Res exported = api.get("/api/v1/tenants/" + TENANT + "/export", null).is(200);
    assertThat(exported.body()).doesNotContain(SECRET).contains("eu-west-1").contains("s3.secret-access-key");
    exec("CREATE DATABASE " + importedDb);
    ServerProcess third = server("imported", importedDb);
    Api thirdApi = new Api(third.uri());
    long t4 = System.nanoTime();
    JsonNode imported = thirdApi.post("/api/v1/tenants/import", null, exported.body()).is(201).json();
    LOG.info(String.format("tenant export/import drill: export %d KiB, import %d ms", exported.body().length() / 1024,
        (System.nanoTime() - t4) / 1_000_000));
    assertThat(imported.path("tenant").asText()).isEqualTo(TENANT);
    assertThat(imported.path("assets").asInt()).isEqualTo(2);
    assertThat(imported.path("namespaces").asInt()).isEqualTo(2);
    assertThat(imported.path("grants").asInt()).isEqualTo(1);
    assertThat(imported.path("secretPropertiesToSet").toString()).contains("lake:s3.secret-access-key");
    Map<String, Object> sourceNow = catalogState(api, iceberg(source, TestAuth.BOOTSTRAP), TENANT);
    Map<String, Object> importedState = catalogState(thirdApi, iceberg(third, TestAuth.BOOTSTRAP), TENANT);
    // the same data; versions (of optimistic concurrency) start again at 1 in the importing store
    assertThat(withoutVersions(importedState)).isEqualTo(withoutVersions(sourceNow));
    assertThat(importedState.get("assets sales.emea").toString()).contains("\"version\":1");
    JsonNode wh = thirdApi.get("/api/v1/warehouses/lake", TENANT).is(200).json().path("storageProperties");
    assertThat(wh.path("client.region").asText()).isEqualTo("eu-west-1");
    assertThat(wh.has("s3.secret-access-key")).as("secrets are not carried").isFalse();
    // the imported deployment commits to the same table
    append(iceberg(third, TestAuth.BOOTSTRAP).loadTable(TableIdentifier.of(Namespace.of("sales", "emea"), "orders")));
    // refused imports change nothing: the tenant exists (409), its storage is another tenant's (409), malformed (400)
    assertThat(thirdApi.post("/api/v1/tenants/import", null, exported.body()).is(409).code())
        .isEqualTo("ALREADY_EXISTS");
    assertThat(exported.body()).contains("\"name\":null,");
    String renamed = exported.body().replace("\"name\":null,", "\"name\":\"drill-copy\",");
    assertThat(thirdApi.post("/api/v1/tenants/import", null, renamed).is(409).code()).isEqualTo("CONFLICT");
    thirdApi.get("/api/v1/tenants/drill-copy", null).is(404);
    String malformed = exported.body().replace("\"ICEBERG_TABLE\"", "\"NO_SUCH_KIND\"")
        .replace("\"name\":null,", "\"name\":\"drill-bad\",");
    thirdApi.post("/api/v1/tenants/import", null, malformed).is(400);
    thirdApi.get("/api/v1/tenants/drill-bad", null).is(404);
    assertThat(thirdApi.get("/api/v1/tenants", null).is(200).names()).containsExactly(TENANT);
  }
}
