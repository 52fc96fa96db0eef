package io.pangolin.benchmarks;

import java.io.IOException;

/**
 * Seeds the dataset every Pangolin scenario reads, through the public APIs only: tenant {@code bench}, warehouse
 * {@code lake} on a {@code file:} root, catalogs {@code prod} + {@code catalogs - 1} more (for list-catalogs),
 * namespaces {@code sales} and {@code created} (Iceberg REST), and tables {@code t0 … t<tables-1>} in {@code sales},
 * created through Iceberg's createTable (so each has real metadata JSON in the warehouse).
 */
final class Seeder {
  private final HttpConnection http;
  private final String authority;
  private final Headers headers;

  Seeder(ServerProcess server, Headers headers) {
    this.http = new HttpConnection(ServerProcess.HOST, server.port());
    this.authority = server.authority();
    this.headers = headers;
  }

  void seed(String storageRoot, int catalogs, int tables) throws IOException {
    try (http) {
      post("/api/v1/tenants", headers.plain(), "{\"name\":\"" + Scenario.TENANT + "\"}", 201);
      post("/api/v1/warehouses", headers.management(),
          "{\"name\":\"lake\",\"storageRoot\":\"" + storageRoot + "\"}", 201);
      post("/api/v1/catalogs", headers.management(), "{\"name\":\"" + Scenario.CATALOG + "\",\"warehouse\":\"lake\"}",
          201);
      for (int i = 1; i < catalogs; i++) {
        post("/api/v1/catalogs", headers.management(), "{\"name\":\"cat" + i + "\",\"warehouse\":\"lake\"}", 201);
      }
      String namespaces = "/v1/" + Scenario.PREFIX + "/namespaces";
      for (String ns : new String[] {Scenario.NAMESPACE, Scenario.CREATED_NAMESPACE}) {
        post(namespaces, headers.plain(), "{\"namespace\":[\"" + ns + "\"]}", 200);
      }
      for (int i = 0; i < tables; i++) {
        post(namespaces + "/" + Scenario.NAMESPACE + "/tables", headers.plain(), Scenario.createTableBody("t" + i),
            200);
      }
    }
  }

  private void post(String path, String headerLines, String json, int expected) throws IOException {
    HttpConnection.Response r = http.send(HttpConnection.request("POST", authority, path, headerLines, json), expected);
    if (r.status() != expected) {
      throw new IllegalStateException("seeding: POST " + path + " answered " + r.status() + " (expected " + expected
          + "): " + LoadGenerator.abbreviate(r.body()));
    }
  }
}
