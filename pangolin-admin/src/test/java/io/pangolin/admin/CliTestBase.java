package io.pangolin.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** One packaged server per test class and the CLI logged in as its root (or not logged in). */
abstract class CliTestBase {
  static ServerProcess server;
  static Cli root;
  static Cli noCredentials;

  @TempDir
  static Path home;

  @BeforeAll
  static void start() throws IOException {
    server = ServerProcess.start("cli-" + System.nanoTime(), Map.of());
    noCredentials = new Cli(Map.of("PANGOLIN_URL", server.uri().toString()), home);
    root = noCredentials.with(Map.of("PANGOLIN_CLIENT_ID", ServerProcess.ROOT_ID,
        "PANGOLIN_CLIENT_SECRET", ServerProcess.ROOT_SECRET));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static Cli.Result ok(Cli cli, String... args) {
    Cli.Result r = cli.run(args);
    assertThat(r.exitCode()).as("%s", r).isZero();
    return r;
  }

  /** A tenant with a warehouse and a service user of {@code role}; the CLI logged in as that service user. */
  static Cli tenantWith(String tenant, String role) {
    ok(root, "tenants", "create", tenant);
    ok(root, "warehouses", "create", "lake", "--tenant", tenant, "--storage-root",
        "file://" + home.resolve(tenant + "-lake"));
    JsonNode su = ok(root, "service-users", "create", "ops", "--role", role, "--tenant", tenant, "-o", "json").json();
    return noCredentials.with(Map.of("PANGOLIN_CLIENT_ID", su.path("clientId").asText(),
        "PANGOLIN_CLIENT_SECRET", su.path("clientSecret").asText()));
  }

  static List<String> names(JsonNode items) {
    return StreamSupport.stream(items.spliterator(), false).map(n -> n.path("name").asText()).toList();
  }

  static String[] concat(String[] first, String... rest) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(rest));
    return all.toArray(String[]::new);
  }
}
