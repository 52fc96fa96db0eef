package io.pangolin.admin;

import static io.pangolin.admin.AdminClient.seg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code optimize-catalog}: table maintenance of every Iceberg table of a catalog (or of a namespace subtree), run by
 * the server table by table ({@code POST …/assets/{t}/maintenance}) so that the operator sees progress, one failing
 * table does not stop the others, and the summed report lists every table.
 */
@Command(name = "optimize-catalog", description = {
    "Expire old snapshots and remove orphan files of every Iceberg table of a catalog (or of --namespace and the "
        + "namespaces below it).",
    "The server does the work per table (Iceberg's ExpireSnapshots semantics: branch and tag heads are kept; files "
        + "no snapshot reaches any more are deleted). A progress bar is drawn on stderr when it is a terminal.",
    "Example: pangolin-admin optimize-catalog --catalog production --remove-old-snapshots --retention-days 30"})
final class OptimizeCatalogCommand extends ApiCommand {
  @Option(names = {"-c", "--catalog"}, required = true, paramLabel = "CATALOG")
  String catalog;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
      description = "Only the tables of this namespace and the namespaces below it.")
  String namespace;

  @Option(names = "--remove-old-snapshots", description = "Expire snapshots older than --retention-days.")
  boolean removeOldSnapshots;

  @Option(names = "--retention-days", paramLabel = "DAYS", description = "Age after which a snapshot expires.")
  Integer retentionDays;

  @Option(names = "--retain-last", paramLabel = "K", description = "Always keep the K newest snapshots (server "
      + "default 1).")
  Integer retainLast;

  @Option(names = "--remove-orphan-files", description = "Delete files under the table location that no metadata "
      + "references.")
  boolean removeOrphanFiles;

  @Option(names = "--older-than-days", paramLabel = "DAYS", description = "Only orphan files older than this "
      + "(server default 3), so that files of a commit in flight are never taken.")
  Integer orphanOlderThanDays;

  @Option(names = "--clean-metadata-files", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Delete old metadata files per the table's properties (default: yes).")
  boolean cleanMetadataFiles;

  @Option(names = "--dry-run", description = "Report what would be removed; change nothing.")
  boolean dryRun;

  @Option(names = "--as-of", paramLabel = "INSTANT", description = "The 'now' of the age cutoffs, ISO-8601 "
      + "(default: the server's clock).")
  String asOf;

  @Option(names = "--progress", negatable = true, description = "Force (--progress) or suppress (--no-progress) the "
      + "progress bar; default: only when stderr is a terminal.")
  Boolean progress;

  @Override
  void run() {
    ObjectNode body = body();
    List<JsonNode> tables = tables();
    ArrayNode reported = AdminClient.JSON.createArrayNode();
    ArrayNode failures = AdminClient.JSON.createArrayNode();
    long snapshots = 0;
    long files = 0;
    long bytes = 0;
    String effectiveAsOf = asOf;
    try (Progress bar = Progress.start(showProgress() && !tables.isEmpty(), "optimize " + catalog, tables.size(), err(),
        root().env())) {
      for (JsonNode t : tables) {
        String ns = t.path("namespace").asText();
        String name = t.path("name").asText();
        bar.message(ns + "." + name);
        try {
          JsonNode r = client().post(tablePath(ns, name) + "/maintenance", body);
          r.path("tables").forEach(reported::add);
          snapshots += r.path("totals").path("snapshotsExpired").asLong();
          files += r.path("totals").path("filesRemoved").asLong();
          bytes += r.path("totals").path("bytesRemoved").asLong();
          if (effectiveAsOf == null && r.path("asOf").isTextual()) {
            effectiveAsOf = r.path("asOf").asText();
          }
        } catch (AdminException.ApiError e) {
          if (e.status() == 401) {
            throw e;
          }
          failures.addObject().put("catalog", catalog).put("namespace", ns).put("name", name)
              .put("status", e.status()).put("error", e.getMessage());
        }
        bar.step();
      }
    }
    ObjectNode report = AdminClient.object().put("dryRun", dryRun).put("asOf", effectiveAsOf);
    report.set("tables", reported);
    report.putObject("totals").put("tables", reported.size()).put("snapshotsExpired", snapshots)
        .put("filesRemoved", files).put("bytesRemoved", bytes);
    if (!failures.isEmpty()) {
      report.set("failures", failures);
    }
    print(report, tables.size());
    if (!failures.isEmpty()) {
      throw new AdminException(ExitCodes.PARTIAL, failures.size() + " of " + tables.size() + " tables failed; "
          + "first: " + failures.get(0).path("namespace").asText() + "." + failures.get(0).path("name").asText()
          + ": " + failures.get(0).path("error").asText());
    }
  }

  /** The maintenance request, checked before anything is sent. */
  ObjectNode body() {
    if (!removeOldSnapshots && !removeOrphanFiles) {
      throw usage("nothing to do: give --remove-old-snapshots and/or --remove-orphan-files");
    }
    if (removeOldSnapshots && retentionDays == null) {
      throw usage("--remove-old-snapshots needs --retention-days");
    }
    if (!removeOldSnapshots && (retentionDays != null || retainLast != null)) {
      throw usage("--retention-days and --retain-last go with --remove-old-snapshots");
    }
    if (!removeOrphanFiles && orphanOlderThanDays != null) {
      throw usage("--older-than-days goes with --remove-orphan-files");
    }
    if ((retentionDays != null && retentionDays < 0) || (orphanOlderThanDays != null && orphanOlderThanDays < 0)
        || (retainLast != null && retainLast < 1)) {
      throw usage("days must be 0 or more, and --retain-last 1 or more");
    }
    ObjectNode b = AdminClient.object().put("removeOldSnapshots", removeOldSnapshots);
    if (retentionDays != null) {
      b.put("retentionDays", retentionDays);
    }
    if (retainLast != null) {
      b.put("retainLast", retainLast);
    }
    b.put("removeOrphanFiles", removeOrphanFiles);
    if (orphanOlderThanDays != null) {
      b.put("orphanOlderThanDays", orphanOlderThanDays);
    }
    b.put("cleanMetadataFiles", cleanMetadataFiles).put("dryRun", dryRun);
    if (asOf != null) {
      try {
        b.put("asOf", Instant.parse(asOf).toString());
      } catch (DateTimeParseException e) {
        throw usage("--as-of must be an ISO-8601 instant such as 2026-12-05T10:00:00Z");
      }
    }
    return b;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** The Iceberg tables of the catalog or of the namespace subtree, namespace by namespace (breadth first). */
  private List<JsonNode> tables() {
    String base = "/api/v1/catalogs/" + seg(catalog) + "/namespaces";
    Deque<String> todo = new ArrayDeque<>();
    List<JsonNode> tables = new ArrayList<>();
    if (namespace != null) {
      todo.add(namespace);
    } else {
      list(base, AdminClient.params(), null).path("items").forEach(n -> todo.add(n.path("name").asText()));
    }
    while (!todo.isEmpty()) {
      String ns = todo.poll();
      // a table registered without metadata yet has nothing to maintain (the server would refuse it)
      list(base + "/" + seg(ns) + "/assets", AdminClient.params("kind", "ICEBERG_TABLE"), null).path("items")
          .forEach(t -> {
            if (t.path("metadataLocation").isTextual()) {
              tables.add(t);
            }
          });
      list(base, AdminClient.params("parent", ns), null).path("items").forEach(n -> todo.add(n.path("name")
          .asText()));
    }
    return tables;
  }

  private String tablePath(String ns, String name) {
    return "/api/v1/catalogs/" + seg(catalog) + "/namespaces/" + seg(ns) + "/assets/" + seg(name);
  }

  private boolean showProgress() {
    if (progress != null) {
      return progress;
    }
    return Progress.stderrIsTerminal();
  }

  private void print(ObjectNode report, int found) {
    Output out = out();
    if (out.json()) {
      out.printJson(report);
      return;
    }
    out.note((dryRun ? "dry run (nothing deleted): " : "") + "catalog " + catalog
        + (namespace == null ? "" : ", namespace " + namespace) + ": " + found + " Iceberg table"
        + (found == 1 ? "" : "s") + (report.path("asOf").isTextual() ? ", as of " + report.path("asOf").asText()
        : ""));
    List<List<String>> rows = new ArrayList<>();
    report.path("tables").forEach(t -> rows.add(List.of(Output.cell(t.path("namespace")),
        Output.cell(t.path("name")), String.valueOf(t.path("snapshotsExpired").size()),
        Output.cell(t.path("snapshotsKept")), String.valueOf(filesOf(t)), Output.cell(t.path("bytesRemoved")))));
    JsonNode totals = report.path("totals");
    rows.add(List.of("TOTAL", totals.path("tables").asText() + " tables", totals.path("snapshotsExpired").asText(),
        "", totals.path("filesRemoved").asText(), totals.path("bytesRemoved").asText()));
    out.table(List.of("NAMESPACE", "TABLE", "SNAPSHOTS_EXPIRED", "SNAPSHOTS_KEPT",
        dryRun ? "FILES_TO_REMOVE" : "FILES_REMOVED", dryRun ? "BYTES_TO_REMOVE" : "BYTES_REMOVED"), rows);
    report.path("failures").forEach(f -> out.note("FAILED " + Output.cell(f.path("namespace")) + "."
        + Output.cell(f.path("name")) + ": " + Output.cell(f.path("error"))));
  }

  /** Files removed from one table's report: the listed paths, else the per-kind counts. */
  private static long filesOf(JsonNode t) {
    if (t.path("filesRemoved").isArray()) {
      return t.path("filesRemoved").size();
    }
    return t.path("dataFilesRemoved").asLong() + t.path("manifestFilesRemoved").asLong()
        + t.path("manifestListsRemoved").asLong() + t.path("metadataFilesRemoved").asLong()
        + t.path("orphanFilesRemoved").asLong();
  }
}
