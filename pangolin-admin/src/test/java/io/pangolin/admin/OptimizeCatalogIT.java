package io.pangolin.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code pangolin-admin optimize-catalog} as a process against the packaged server: two Iceberg tables written by
 * Iceberg's own REST client (4 and 2 snapshots, each adding one data file), a table registered without metadata and a
 * model (both skipped); a dry run changes nothing, then the real run expires every snapshot but the current one of
 * each table and deletes the manifest lists no snapshot reaches any more.
 *
 * <p>The snapshots are a few milliseconds old; {@code --as-of} (the reference "now" of the cutoff) 100 days ahead
 * makes them older than {@code --retention-days 30} without waiting or touching a clock.
 */
class OptimizeCatalogIT extends CliTestBase {
  private static Cli ops;
  private static RESTCatalog iceberg;

  @BeforeAll
  static void tables() throws IOException {
    ops = tenantWith("acme", "tenant-admin");
    ok(ops, "catalogs", "create", "production", "--warehouse", "lake");
    JsonNode su = ok(root, "service-users", "create", "engine", "--role", "tenant-writer", "--tenant", "acme", "-o",
        "json").json();
    iceberg = IcebergTables.client(server.uri(), "acme", "production", su);
    iceberg.createNamespace(Namespace.of("sales"));
    iceberg.createNamespace(Namespace.of("sales", "emea"));
    IcebergTables.write(iceberg, TableIdentifier.of("sales", "orders"), 4);
    IcebergTables.write(iceberg, TableIdentifier.of(Namespace.of("sales", "emea"), "events"), 2);
    ok(ops, "assets", "create", "-c", "production", "-n", "sales", "unborn", "--kind", "ICEBERG_TABLE");
    ok(ops, "assets", "create", "-c", "production", "-n", "sales", "churn", "--kind", "ML_MODEL", "--location",
        "file://" + home.resolve("acme-lake/models/churn"));
  }

  @AfterAll
  static void close() throws IOException {
    if (iceberg != null) {
      iceberg.close();
    }
  }

  private static int snapshots(TableIdentifier id) {
    List<Object> all = new ArrayList<>();
    iceberg.loadTable(id).snapshots().forEach(all::add);
    return all.size();
  }

  @Test
  void dryRunReportsButChangesNothing_thenTheRunExpiresOldSnapshots() {
    String asOf = Instant.now().plus(Duration.ofDays(100)).toString();
    TableIdentifier orders = TableIdentifier.of("sales", "orders");
    TableIdentifier events = TableIdentifier.of(Namespace.of("sales", "emea"), "events");

    JsonNode dry = ok(ops, "optimize-catalog", "--catalog", "production", "--remove-old-snapshots",
        "--retention-days", "30", "--as-of", asOf, "--dry-run", "-o", "json").json();
    assertThat(dry.path("dryRun").asBoolean()).isTrue();
    assertThat(dry.path("totals").path("tables").asInt()).isEqualTo(2);
    assertThat(dry.path("totals").path("snapshotsExpired").asInt()).isEqualTo(3 + 1);
    assertThat(dry.has("failures")).isFalse();
    assertThat(snapshots(orders)).isEqualTo(4);
    assertThat(snapshots(events)).isEqualTo(2);
    List<String> wouldGo = new ArrayList<>();
    dry.path("tables").forEach(t -> t.path("filesRemoved").forEach(f -> wouldGo.add(f.asText())));
    assertThat(wouldGo).isNotEmpty().allSatisfy(f -> assertThat(Files.exists(IcebergTables.path(f))).as(f).isTrue());

    // one namespace subtree, table output, progress bar forced onto stderr
    Cli.Result emea = ops.run("optimize-catalog", "--catalog", "production", "--namespace", "sales.emea",
        "--remove-old-snapshots", "--retention-days", "30", "--as-of", asOf, "--dry-run", "--progress");
    assertThat(emea.exitCode()).as("%s", emea).isZero();
    assertThat(emea.out()).contains("dry run", "1 Iceberg table").containsPattern("(?m)^sales\\.emea\\s+events\\s+1\\s+1\\s+")
        .containsPattern("(?m)^TOTAL\\s+1 tables\\s+1\\s+");
    assertThat(emea.out()).doesNotContain("orders");
    assertThat(emea.err()).contains("optimize production", "1/1");

    // no bar unless forced or stderr is a terminal
    Cli.Result quiet = ops.run("optimize-catalog", "--catalog", "production", "--remove-old-snapshots",
        "--retention-days", "30", "--as-of", asOf, "--dry-run");
    assertThat(quiet.err()).isEmpty();
    // stderr a terminal (as bin/pangolin-admin reports it): the bar, unless --no-progress
    List<String> tty = List.of("-D" + Progress.STDERR_TTY + "=true");
    assertThat(ops.run(tty, "optimize-catalog", "--catalog", "production", "--remove-old-snapshots",
        "--retention-days", "30", "--as-of", asOf, "--dry-run").err()).contains("optimize production", "2/2");
    assertThat(ops.run(tty, "optimize-catalog", "--catalog", "production", "--remove-old-snapshots",
        "--retention-days", "30", "--as-of", asOf, "--dry-run", "--no-progress").err()).isEmpty();

    JsonNode run = ok(ops, "optimize-catalog", "--catalog", "production", "--remove-old-snapshots",
        "--retention-days", "30", "--as-of", asOf, "-o", "json").json();
    assertThat(run.path("dryRun").asBoolean()).isFalse();
    assertThat(run.path("totals").path("snapshotsExpired").asInt()).isEqualTo(4);
    assertThat(run.path("totals").path("filesRemoved").asInt()).isEqualTo(wouldGo.size());
    assertThat(snapshots(orders)).isEqualTo(1);
    assertThat(snapshots(events)).isEqualTo(1);
    assertThat(wouldGo).allSatisfy(f -> assertThat(Files.exists(IcebergTables.path(f))).as(f).isFalse());
    // the data files are all still reachable from the current snapshots
    iceberg.loadTable(orders).currentSnapshot().addedDataFiles(iceberg.loadTable(orders).io())
        .forEach(f -> assertThat(Files.exists(IcebergTables.path(f.location()))).isTrue());

    // nothing left to expire
    JsonNode again = ok(ops, "optimize-catalog", "--catalog", "production", "--remove-old-snapshots",
        "--retention-days", "30", "--as-of", asOf, "-o", "json").json();
    assertThat(again.path("totals").path("snapshotsExpired").asInt()).isZero();
  }

  @Test
  void aTableTheCallerMayNotMaintain_failsAlone_withExitCode8() {
    JsonNode reader = ok(root, "service-users", "create", "reader", "--role", "tenant-user", "--tenant", "acme",
        "-o", "json").json();
    Cli.Result r = noCredentials.with(Map.of("PANGOLIN_CLIENT_ID", reader.path("clientId").asText(),
        "PANGOLIN_CLIENT_SECRET", reader.path("clientSecret").asText())).run("optimize-catalog", "--catalog",
        "production", "--remove-old-snapshots", "--retention-days", "30", "--dry-run", "-o", "json");
    // a tenant-user lists the tables but may not maintain them: every table is reported as failed, none stops the run
    assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.PARTIAL);
    assertThat(r.json().path("failures")).hasSize(2).allSatisfy(f -> assertThat(f.path("status").asInt()).isEqualTo(
        403));
    assertThat(r.json().path("totals").path("tables").asInt()).isZero();
    assertThat(r.err()).contains("2 of 2 tables failed");
  }

  @Test
  void unknownCatalog_isNotFound_andBadOptionsAreUsageErrors() {
    assertThat(ops.run("optimize-catalog", "--catalog", "nope", "--remove-old-snapshots", "--retention-days", "30")
        .exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(ops.run("optimize-catalog", "--catalog", "production", "--remove-old-snapshots").exitCode())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(ops.run("optimize-catalog", "--catalog", "production", "--remove-old-snapshots", "--retention-days",
        "30", "--as-of", "yesterday").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(ops.run("optimize-catalog", "--catalog", "production", "--older-than-days", "3",
        "--remove-old-snapshots", "--retention-days", "30").exitCode()).isEqualTo(ExitCodes.USAGE);
  }
}
