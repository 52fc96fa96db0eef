package io.pangolin.iceberg;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pangolin.core.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.CreateViewRequest;
import org.apache.iceberg.rest.requests.FetchScanTasksRequest;
import org.apache.iceberg.rest.requests.PlanTableScanRequest;
import org.apache.iceberg.rest.requests.RegisterTableRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.ReportMetricsRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;

/**
 * Unknown top-level fields of Iceberg request bodies: ignored, but bounded. The Iceberg REST spec evolves by adding
 * optional fields, and Iceberg's own server (and its client's parsers) ignore fields they do not know, so a client
 * newer than 1.10 keeps working against this server. What is ignored is bounded, so a body cannot carry megabytes
 * of content that is accepted and thrown away: at most {@value #MAX_FIELDS} unknown top-level fields of together at
 * most {@value #MAX_CHARS} characters of JSON; beyond that the request is 400. (The management API, which has no such
 * evolution to allow for, refuses every unknown field.)
 */
final class UnknownFields {
  static final int MAX_FIELDS = 16;
  static final int MAX_CHARS = 16 * 1024;

  /** The top-level fields of each request of the 1.10 spec. */
  private static final Map<Class<?>, Set<String>> KNOWN = Map.ofEntries(
      Map.entry(CreateNamespaceRequest.class, Set.of("namespace", "properties")),
      Map.entry(UpdateNamespacePropertiesRequest.class, Set.of("removals", "updates")),
      Map.entry(CreateTableRequest.class, Set.of("name", "location", "schema", "partition-spec", "write-order",
          "stage-create", "properties")),
      Map.entry(RegisterTableRequest.class, Set.of("name", "metadata-location", "overwrite")),
      Map.entry(UpdateTableRequest.class, Set.of("identifier", "requirements", "updates")),
      Map.entry(CommitTransactionRequest.class, Set.of("table-changes")),
      Map.entry(RenameTableRequest.class, Set.of("source", "destination")),
      Map.entry(CreateViewRequest.class, Set.of("name", "location", "schema", "view-version", "properties")),
      // a report's own fields sit next to report-type (scan and commit reports)
      Map.entry(ReportMetricsRequest.class, Set.of("report-type", "table-name", "snapshot-id", "filter", "schema-id",
          "projected-field-ids", "projected-field-names", "metrics", "metadata", "sequence-number", "operation")),
      Map.entry(PlanTableScanRequest.class, Set.of("snapshot-id", "select", "filter", "case-sensitive",
          "use-snapshot-schema", "start-snapshot-id", "end-snapshot-id", "stats-fields", "min-rows-requested")),
      Map.entry(FetchScanTasksRequest.class, Set.of("plan-task")));

  private UnknownFields() {}

  /**
   * Removes the unknown top-level fields of {@code body} (a request of {@code type}).
   *
   * @throws BadRequestException more unknown content than is ignored
   */
  static void strip(ObjectNode body, Class<?> type) {
    Set<String> known = KNOWN.get(type);
    if (known == null) {
      return;
    }
    List<String> unknown = new ArrayList<>();
    body.fieldNames().forEachRemaining(name -> {
      if (!known.contains(name)) {
        unknown.add(name);
      }
    });
    if (unknown.isEmpty()) {
      return;
    }
    if (unknown.size() > MAX_FIELDS) {
      throw new BadRequestException("Invalid request: %s unknown top-level fields; at most %s are ignored",
          unknown.size(), MAX_FIELDS);
    }
    long chars = 0;
    for (String name : unknown) {
      chars += name.length() + body.get(name).toString().length();
      if (chars > MAX_CHARS) {
        throw new BadRequestException("Invalid request: unknown top-level field '%s' is too large; at most %s "
            + "characters of unknown fields are ignored", Names.shorten(name), MAX_CHARS);
      }
    }
    body.remove(unknown);
  }
}
