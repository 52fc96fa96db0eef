package io.pangolin.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The capacity-planning, audit-archive and tenant export/import commands as processes against the packaged server,
 * over a tenant with known numbers: one catalog, two namespaces, three Iceberg tables (1, 2 and 3 snapshots of one
 * 64-byte data file each) written by Iceberg's REST client today.
 *
 * <p>These routes come with issue 15's server work (ISSUE15-CONTRACT.md): usage, growth, forecast, catalog summary
 * and audit archive from the maintenance branch, export/import from the operations branch.
 */
class AdminOperationsIT extends CliTestBase {
  private static Cli admin;
  private static RESTCatalog iceberg;

  @BeforeAll
  static void tenant() throws IOException {
    admin = tenantWith("stats", "tenant-admin");
    ok(admin, "catalogs", "create", "production", "--warehouse", "lake");
    JsonNode engine = ok(root, "service-users", "create", "engine", "--role", "tenant-writer", "--tenant", "stats",
        "-o", "json").json();
    iceberg = IcebergTables.client(server.uri(), "stats", "production", engine);
    iceberg.createNamespace(Namespace.of("sales"));
    iceberg.createNamespace(Namespace.of("sales", "emea"));
    IcebergTables.write(iceberg, TableIdentifier.of("sales", "a"), 1);
    IcebergTables.write(iceberg, TableIdentifier.of("sales", "b"), 2);
    IcebergTables.write(iceberg, TableIdentifier.of(Namespace.of("sales", "emea"), "c"), 3);
  }

  @AfterAll
  static void close() throws IOException {
    if (iceberg != null) {
      iceberg.close();
    }
  }

  @Test
  void usage_perTenant_forRootAndForTheTenantItself() {
    JsonNode mine = ok(admin, "usage", "-o", "json").json();
    assertThat(mine.path("tenants")).hasSize(1);
    JsonNode u = mine.path("tenants").get(0);
    assertThat(u.path("tenant").asText()).isEqualTo("stats");
    assertThat(u.path("catalogs").asLong()).isEqualTo(1);
    assertThat(u.path("namespaces").asLong()).isEqualTo(2);
    assertThat(u.path("tables").asLong()).isEqualTo(3);
    assertThat(u.path("views").asLong()).isZero();
    // each table's current snapshot summary counts its data files: 1 + 2 + 3 files of 64 bytes
    assertThat(u.path("dataFiles").asLong()).isEqualTo(6);
    assertThat(u.path("dataBytes").asLong()).isEqualTo(6 * 64);

    JsonNode forRoot = ok(root, "usage", "--tenant", "stats", "-o", "json").json();
    assertThat(forRoot.path("tenants")).hasSize(1);
    assertThat(forRoot.path("tenants").get(0).path("tables").asLong()).isEqualTo(3);
    assertThat(ok(root, "usage").out()).startsWith("TENANT").containsPattern("(?m)^stats\\s+1\\s+2\\s+3\\s+0\\s+");
  }

  @Test
  void growthAndForecast() {
    JsonNode growth = ok(admin, "growth", "--days", "30", "-o", "json").json();
    assertThat(growth.path("days").asInt()).isEqualTo(30);
    JsonNode last = growth.path("series").get(growth.path("series").size() - 1);
    assertThat(last.path("cumulativeTables").asLong()).isEqualTo(3);
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    long createdToday = 0;
    for (JsonNode day : growth.path("series")) {
      if (day.path("date").asText().equals(today)) {
        createdToday += day.path("newTables").asLong();
      }
    }
    assertThat(createdToday).isEqualTo(3);
    assertThat(ok(admin, "growth", "--days", "7").out()).startsWith("DATE").contains(today);

    JsonNode forecast = ok(admin, "forecast", "--months", "6", "-o", "json").json();
    assertThat(forecast.path("months").asInt()).isEqualTo(6);
    assertThat(forecast.path("method").asText()).isNotBlank();
    assertThat(forecast.path("points")).hasSize(6);
    Cli.Result table = ok(admin, "forecast", "--months", "12");
    assertThat(table.out()).startsWith("method: ").contains("MONTH", "TABLES", "DATA_BYTES", "USERS");
    assertThat(table.out().lines().filter(l -> l.matches("\\d{4}-\\d{2}\\s.*")).count()).isEqualTo(12);
  }

  @Test
  void catalogSummary() {
    JsonNode s = ok(admin, "catalogs", "summary", "production", "-o", "json").json();
    assertThat(s.path("catalog").asText()).isEqualTo("production");
    assertThat(s.path("namespaces").asLong()).isEqualTo(2);
    assertThat(s.path("tables").asLong()).isEqualTo(3);
    assertThat(s.path("totalDataFiles").asLong()).isEqualTo(6);
    assertThat(s.path("totalDataBytes").asLong()).isEqualTo(6 * 64);
    assertThat(admin.run("catalogs", "summary", "nope").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  /**
   * The events of this run are minutes old and the server archives whole days (1..36500), so nothing moves here; the
   * moving itself is the server's AuditArchiveTest (with a set clock). What the CLI must get right: the request, the
   * report, the archive queries, and the server's refusal of 0 days as a validation error.
   */
  @Test
  void auditArchive_reportsWhatMoved_andTheArchiveIsQueryable() {
    long live = ok(admin, "audit", "count", "-o", "json").json().path("count").asLong();
    assertThat(live).isPositive();
    JsonNode report = ok(admin, "audit", "archive", "--older-than-days", "90", "-o", "json").json();
    assertThat(report.path("archived").asLong()).isZero();
    assertThat(report.path("before").asText()).isNotBlank();
    assertThat(ok(admin, "audit", "archive", "--older-than-days", "1").out()).containsPattern("(?m)^archived\\s+0$");
    assertThat(ok(admin, "audit", "query", "--archived", "-o", "json").json().path("items")).isEmpty();
    assertThat(ok(admin, "audit", "count", "--archived", "-o", "json").json().path("count").asLong()).isZero();
    assertThat(ok(admin, "audit", "query", "--action", "catalog.create", "-o", "json").json().path("items"))
        .hasSize(1);

    Cli.Result zero = admin.run("audit", "archive", "--older-than-days", "0");
    assertThat(zero.exitCode()).as("%s", zero).isEqualTo(ExitCodes.VALIDATION);
    assertThat(admin.run("audit", "archive").exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void tenantExport_toAPrivateFile_thenImportIntoAnotherDeployment() throws IOException {
    Path file = home.resolve("stats-export.json");
    ok(root, "tenants", "export", "stats", "--file", file.toString());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Files.readString(file)).contains("production", "emea");
    assertThat(root.run("tenants", "export", "stats", "--file", file.toString()).exitCode())
        .isEqualTo(ExitCodes.LOCAL_IO);
    assertThat(ok(root, "tenants", "export", "stats").json().toString()).contains("production");
    assertThat(admin.run("tenants", "export", "stats").exitCode()).isEqualTo(ExitCodes.AUTH);
    // on the same deployment the warehouse's storage root is still held by the exported tenant
    Cli.Result here = root.run("tenants", "import", "--file", file.toString(), "--name", "stats-copy");
    assertThat(here.exitCode()).as("%s", here).isEqualTo(ExitCodes.CONFLICT);
    assertThat(root.run("tenants", "get", "stats-copy").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);

    try (ServerProcess other = ServerProcess.start("import-" + System.nanoTime(), Map.of())) {
      Cli there = root.with(Map.of("PANGOLIN_URL", other.uri().toString()));
      ok(there, "tenants", "import", "--file", file.toString());
      assertThat(ok(there, "catalogs", "list", "--tenant", "stats").out()).containsPattern("(?m)^production\\s+");
      JsonNode emea = ok(there, "assets", "list", "-c", "production", "-n", "sales.emea", "--tenant", "stats", "-o",
          "json").json();
      assertThat(names(emea.path("items"))).containsExactly("c");
      Cli.Result again = there.run("tenants", "import", "--file", file.toString());
      assertThat(again.exitCode()).as("%s", again).isEqualTo(ExitCodes.CONFLICT);
    }
    assertThat(root.run("tenants", "import", "--file", home.resolve("none.json").toString()).exitCode())
        .isEqualTo(ExitCodes.LOCAL_IO);
  }
}
