package io.pangolin.admin;

import static io.pangolin.admin.Output.col;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code usage}, {@code growth}, {@code forecast}: capacity planning. */
final class UsageCommands {
  @Command(name = "usage", description = {"Per tenant: catalogs, namespaces, tables, views, users, data files and "
      + "bytes (GET /api/v1/usage).", "Root sees every tenant, or the one of --tenant; others their own."})
  static final class Usage extends ApiCommand {
    @Override
    void run() {
      JsonNode answer = client().get("/api/v1/usage"
          + AdminClient.query(AdminClient.params("tenant", root().settings().tenant().orElse(null))));
      out().list(answer, answer.path("tenants"), java.util.List.of(col("TENANT", "tenant"),
          col("CATALOGS", "catalogs"), col("NAMESPACES", "namespaces"), col("TABLES", "tables"),
          col("VIEWS", "views"), col("USERS", "users"), col("DATA_FILES", "dataFiles"),
          col("DATA_BYTES", "dataBytes")));
    }
  }

  @Command(name = "growth", description = "New tables per day and cumulative, over the last N days "
      + "(GET /api/v1/usage/growth).")
  static final class Growth extends ApiCommand {
    @Option(names = "--days", paramLabel = "N", defaultValue = "30", description = "Days (default ${DEFAULT-VALUE}).")
    int days;

    @Override
    void run() {
      JsonNode answer = client().get("/api/v1/usage/growth" + AdminClient.query(AdminClient.params("days", days)));
      out().list(answer, answer.path("series"), java.util.List.of(col("DATE", "date"),
          col("NEW_TABLES", "newTables"), col("CUMULATIVE_TABLES", "cumulativeTables")));
    }
  }

  @Command(name = "forecast", description = "Projected tables, data bytes and users per month, from the observed "
      + "growth (GET /api/v1/usage/forecast); the method is printed with it.")
  static final class Forecast extends ApiCommand {
    @Option(names = "--months", paramLabel = "N", defaultValue = "6",
        description = "Months ahead, e.g. 6 or 12 (default ${DEFAULT-VALUE}).")
    int months;

    @Override
    void run() {
      JsonNode answer = client().get("/api/v1/usage/forecast"
          + AdminClient.query(AdminClient.params("months", months)));
      out().note("method: " + answer.path("method").asText());
      out().list(answer, answer.path("points"), java.util.List.of(col("MONTH", "month"), col("TABLES", "tables"),
          col("DATA_BYTES", "dataBytes"), col("USERS", "users")));
    }
  }

  private UsageCommands() {}
}
