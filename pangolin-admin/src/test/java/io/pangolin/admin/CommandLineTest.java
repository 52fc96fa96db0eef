package io.pangolin.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command model and the exit codes decided before any request is sent (no server needed). */
class CommandLineTest {
  @TempDir
  Path home;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = PangolinAdmin.commandLine(Map.of("PANGOLIN_URL", "http://127.0.0.1:9"), home);
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  @Test
  void everyCommandOfTheIssueIsThere() {
    CommandLine cl = PangolinAdmin.commandLine(Map.of(), home);
    assertThat(cl.getSubcommands()).containsKeys("whoami", "tenants", "warehouses", "catalogs", "namespaces",
        "assets", "users", "service-users", "roles", "grants", "audit", "placement", "usage", "growth", "forecast",
        "search", "optimize-catalog", "generate-completion");
    assertThat(cl.getSubcommands().get("tenants").getSubcommands()).containsKeys("list", "get", "create", "update",
        "delete", "export", "import");
    assertThat(cl.getSubcommands().get("service-users").getSubcommands()).containsKeys("create", "rotate", "enable",
        "disable", "set-roles", "delete");
    assertThat(cl.getSubcommands().get("audit").getSubcommands()).containsKeys("query", "count", "archive");
    assertThat(cl.getSubcommands().get("catalogs").getSubcommands()).containsKey("summary");
  }

  @Test
  void usageErrors_exitWith1_atEveryLevel() {
    assertThat(run("nope")).isEqualTo(ExitCodes.USAGE);
    assertThat(run("tenants", "create")).isEqualTo(ExitCodes.USAGE);
    assertThat(run("assets", "list", "-c", "c")).isEqualTo(ExitCodes.USAGE);
    assertThat(run("grants", "create", "--scope", "tenant", "--role", "r", "--principal", "p", "--privilege",
        "read")).isEqualTo(ExitCodes.USAGE);
    assertThat(run("growth", "--days", "many")).isEqualTo(ExitCodes.USAGE);
    assertThat(run("-o", "yaml", "tenants", "list")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("yaml");
  }

  @Test
  void optimizeCatalog_checksItsOptionsBeforeSendingAnything() {
    // the URL points at the discard port: a request would end with exit code 6, not 1
    assertThat(run("optimize-catalog", "--catalog", "c")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("nothing to do");
    assertThat(run("optimize-catalog", "--catalog", "c", "--remove-old-snapshots")).isEqualTo(ExitCodes.USAGE);
    assertThat(run("optimize-catalog", "--catalog", "c", "--retention-days", "3", "--remove-orphan-files"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(run("optimize-catalog", "--catalog", "c", "--remove-old-snapshots", "--retention-days", "30",
        "--as-of", "2026-13-01")).isEqualTo(ExitCodes.USAGE);
    assertThat(run("optimize-catalog", "--catalog", "c", "--remove-old-snapshots", "--retention-days", "30",
        "--retain-last", "0")).isEqualTo(ExitCodes.USAGE);
    assertThat(run("optimize-catalog", "--catalog", "c", "--remove-old-snapshots", "--retention-days", "30"))
        .isEqualTo(ExitCodes.SERVER);
  }

  @Test
  void exitCodes_ofHttpStatuses() {
    assertThat(ExitCodes.forStatus(404)).isEqualTo(2);
    assertThat(ExitCodes.forStatus(409)).isEqualTo(3);
    assertThat(ExitCodes.forStatus(401)).isEqualTo(4);
    assertThat(ExitCodes.forStatus(403)).isEqualTo(4);
    assertThat(ExitCodes.forStatus(400)).isEqualTo(5);
    assertThat(ExitCodes.forStatus(422)).isEqualTo(5);
    assertThat(ExitCodes.forStatus(503)).isEqualTo(6);
    assertThat(ExitCodes.forStatus(500)).isEqualTo(6);
  }

  @Test
  void pathSegmentsAndQueries_areEncoded() {
    assertThat(AdminClient.seg("new/db.x y")).isEqualTo("new%2Fdb.x%20y");
    assertThat(AdminClient.query(AdminClient.params("a", null, "b", "x=y", "c", 3))).isEqualTo("?b=x%3Dy&c=3");
    assertThat(AdminClient.query(AdminClient.params("a", null))).isEmpty();
  }
}
