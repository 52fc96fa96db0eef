package io.pangolin.admin;

import static io.pangolin.admin.Output.col;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code audit …}: the audit log of a tenant, live or archived, and its archival. */
@Command(name = "audit", description = "Audit log: query, count, archive.",
    subcommands = {AuditCommands.Query.class, AuditCommands.Count.class, AuditCommands.Archive.class})
final class AuditCommands {
  /** The filters of {@code GET /api/v1/audit} and {@code /audit/count}. */
  static final class Filters {
    @Option(names = "--actor", paramLabel = "NAME")
    String actor;

    @Option(names = "--action", paramLabel = "ACTION", description = "e.g. asset.create.")
    String action;

    @Option(names = "--resource-type", paramLabel = "TYPE", description = "e.g. asset, catalog.")
    String resourceType;

    @Option(names = "--resource-name", paramLabel = "NAME")
    String resourceName;

    @Option(names = "--result", paramLabel = "RESULT", description = "SUCCESS or FAILURE.")
    String result;

    @Option(names = "--from", paramLabel = "INSTANT", description = "From this instant (inclusive), ISO-8601.")
    String from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "Up to this instant, ISO-8601.")
    String to;

    @Option(names = "--archived", description = "Query the archived events instead of the live log.")
    boolean archived;

    Map<String, Object> params() {
      return AdminClient.params("actor", actor, "action", action, "resourceType", resourceType, "resourceName",
          resourceName, "result", result, "from", from, "to", to, "archived", archived ? "true" : null);
    }
  }

  @Command(name = "query", description = "List audit events matching the filters.")
  static final class Query extends ApiCommand {
    @Mixin
    Filters filters;

    @Mixin
    Paging paging;

    @Override
    void run() {
      printList(list("/api/v1/audit", filters.params(), paging), col("TIME", "timestamp"), col("ACTOR", "actor"),
          col("ACTION", "action"), col("RESOURCE_TYPE", "resourceType"), col("RESOURCE", "resourceName"),
          col("RESULT", "result"), col("REQUEST_ID", "requestId"));
    }
  }

  @Command(name = "count", description = "Count audit events matching the filters.")
  static final class Count extends ApiCommand {
    @Mixin
    Filters filters;

    @Override
    void run() {
      out().object(client().get("/api/v1/audit/count" + AdminClient.query(filters.params())));
    }
  }

  @Command(name = "archive", description = "Move audit events older than N days to the archive "
      + "(POST /api/v1/audit/archive); they stay queryable with 'audit query --archived'.")
  static final class Archive extends ApiCommand {
    @Option(names = "--older-than-days", required = true, paramLabel = "DAYS")
    int olderThanDays;

    @Override
    void run() {
      out().object(client().post("/api/v1/audit/archive", AdminClient.object().put("olderThanDays", olderThanDays)));
    }
  }

  private AuditCommands() {}
}
