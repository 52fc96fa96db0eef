package io.pangolin.benchmarks;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One kind of request, repeated by every connection of the load generator.
 *
 * @param name           the scenario's name on the command line and in the report
 * @param expectedStatus the only status that counts as a success; every other one is an error
 * @param requests       the next request to send (pre-encoded bytes), given a run-wide sequence number (unique
 *                       names, property values) and the calling connection's random source
 */
record Scenario(String name, int expectedStatus, Requests requests) {
  interface Requests {
    byte[] next(long sequence, SplittableRandom random);
  }

  static final String BARE = "bare";
  static final String TENANT = "bench";
  static final String CATALOG = "prod";
  static final String PREFIX = TENANT + "." + CATALOG;
  static final String NAMESPACE = "sales";
  /** create-table creates its tables here, so that the set of tables read by get-table / list-tables stays fixed. */
  static final String CREATED_NAMESPACE = "created";
  /** Every Pangolin scenario, in the order they run: reads first, writes last (writes change what reads see). */
  static final List<String> PANGOLIN = List.of("list-catalogs", "list-namespaces", "list-tables", "get-table",
      "search", "create-table", "commit");
  /** The scenarios that change nothing: the JVM warm-up of a fresh server mixes them. */
  static final List<String> READS = PANGOLIN.subList(0, 5);

  /** A small two-column Iceberg schema (Iceberg REST CreateTableRequest). */
  static String createTableBody(String name) {
    return "{\"name\":\"" + name + "\",\"schema\":{\"type\":\"struct\",\"schema-id\":0,\"fields\":["
        + "{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\"},"
        + "{\"id\":2,\"name\":\"data\",\"required\":false,\"type\":\"string\"}]}}";
  }

  static Scenario bare(String authority) {
    byte[] get = HttpConnection.request("GET", authority, "/bare", "", null);
    return new Scenario(BARE, 200, (n, r) -> get);
  }

  /** The Pangolin scenario {@code name} against a server seeded by {@link Seeder} with {@code tables} tables. */
  static Scenario pangolin(String name, String authority, Headers headers, int tables) {
    String iceberg = "/v1/" + PREFIX + "/namespaces";
    String table = iceberg + "/" + NAMESPACE + "/tables/t";
    return switch (name) {
      case "list-catalogs" -> fixed(name, HttpConnection.request("GET", authority, "/api/v1/catalogs",
          headers.management(), null));
      case "list-namespaces" -> fixed(name, HttpConnection.request("GET", authority, iceberg, headers.plain(), null));
      case "list-tables" -> fixed(name, HttpConnection.request("GET", authority, iceberg + "/" + NAMESPACE + "/tables",
          headers.plain(), null));
      case "search" -> fixed(name, HttpConnection.request("GET", authority, "/api/v1/search?q=t1",
          headers.management(), null));
      // Iceberg loadTable of a random seeded table
      case "get-table" -> new Scenario(name, 200, (n, r) -> HttpConnection.request("GET", authority,
          table + r.nextInt(tables), headers.plain(), null));
      // a new table per request, in its own namespace
      case "create-table" -> new Scenario(name, 200, (n, r) -> HttpConnection.request("POST", authority,
          iceberg + "/" + CREATED_NAMESPACE + "/tables", headers.plain(), createTableBody("c" + n)));
      // Iceberg commit without requirements (so never a 409): one property changed on a random seeded table
      case "commit" -> new Scenario(name, 200, (n, r) -> HttpConnection.request("POST", authority,
          table + r.nextInt(tables), headers.plain(),
          "{\"requirements\":[],\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"k\":\"" + n + "\"}}]}"));
      default -> throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + BARE + ", "
          + String.join(", ", PANGOLIN));
    };
  }

  /** Requests of the given scenarios in random turn (all expecting 200): the JVM warm-up of a fresh server. */
  static Scenario mix(String name, List<Scenario> scenarios) {
    for (Scenario s : scenarios) {
      if (s.expectedStatus() != 200) {
        throw new IllegalArgumentException(s.name() + " does not expect 200");
      }
    }
    return new Scenario(name, 200, (n, r) -> scenarios.get(r.nextInt(scenarios.size())).requests().next(n, r));
  }

  private static Scenario fixed(String name, byte[] request) {
    return new Scenario(name, 200, (n, r) -> request);
  }
}
