package io.pangolin.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Base of every command that calls the server: the client, the output, paging. */
@Command
abstract class ApiCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public final Integer call() {
    run();
    return ExitCodes.OK;
  }

  /** Does the command's work; failures are {@link AdminException}s (or picocli's ParameterException). */
  abstract void run();

  PangolinAdmin root() {
    return (PangolinAdmin) spec.root().userObject();
  }

  AdminClient client() {
    return root().client();
  }

  Output out() {
    return new Output(root().output, spec.commandLine().getOut());
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** A JSON array of strings. */
  static ArrayNode strings(List<String> values) {
    ArrayNode a = AdminClient.JSON.createArrayNode();
    values.forEach(a::add);
    return a;
  }

  /** A JSON object of string values. */
  static ObjectNode stringMap(Map<String, String> values) {
    ObjectNode o = AdminClient.object();
    values.forEach(o::put);
    return o;
  }

  /** Paging options of the list commands; without them every page is fetched. */
  static final class Paging {
    @Option(names = "--page-size", paramLabel = "N", description = "Fetch one page of at most N items.")
    Integer pageSize;

    @Option(names = "--page-token", paramLabel = "TOKEN", description = "Fetch the page after TOKEN "
        + "(the nextPageToken of the previous page).")
    String pageToken;
  }

  /**
   * {@code GET path?params} of a paged list ({@code {"items":[…],"nextPageToken":…}}): one page if paging options are
   * given, else every page, merged into one answer of the same shape.
   */
  JsonNode list(String path, Map<String, Object> params, Paging paging) {
    if (paging != null && (paging.pageSize != null || paging.pageToken != null)) {
      params.put("pageSize", paging.pageSize);
      params.put("pageToken", paging.pageToken);
      return client().get(path + AdminClient.query(params));
    }
    ArrayNode all = AdminClient.JSON.createArrayNode();
    Set<String> seen = new HashSet<>();
    String token = null;
    do {
      params.put("pageToken", token);
      JsonNode page = client().get(path + AdminClient.query(params));
      page.path("items").forEach(all::add);
      JsonNode next = page.path("nextPageToken");
      token = next.isTextual() && !next.asText().isEmpty() && seen.add(next.asText()) ? next.asText() : null;
    } while (token != null);
    ObjectNode merged = AdminClient.object();
    merged.set("items", all);
    merged.putNull("nextPageToken");
    return merged;
  }

  /** {@code --set k=v} / {@code --unset k} of the update commands, as {@code {"updates":{…},"removals":[…]}}. */
  static final class PropertyChanges {
    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set a property (repeatable).")
    Map<String, String> set = new java.util.LinkedHashMap<>();

    @Option(names = "--unset", paramLabel = "KEY", description = "Remove a property (repeatable).")
    List<String> unset = new java.util.ArrayList<>();

    ObjectNode body() {
      ObjectNode b = AdminClient.object();
      b.set("updates", stringMap(set));
      b.set("removals", strings(unset));
      return b;
    }
  }

  /** Prints a list answer's {@code items} with these columns. */
  void printList(JsonNode answer, Output.Column... columns) {
    out().list(answer, answer.path("items"), List.of(columns));
  }
}
