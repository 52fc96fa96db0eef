package io.pangolin.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code pangolin-admin} run as a process against the packaged server run as a process (memory store): logging in,
 * tenants, service users (secret shown once, rotation, disabling), catalogs, namespaces, assets, paging, table and
 * JSON output, shell completion.
 */
class AdminCliIT extends CliTestBase {
  @Test
  void rootLogsInWithClientCredentials_andManagesTenants() {
    Cli.Result created = ok(root, "tenants", "create", "acme", "-p", "tier=gold");
    assertThat(created.out()).containsPattern("(?m)^name\\s+acme$").containsPattern("(?m)^properties\\s+tier=gold$");

    Cli.Result table = ok(root, "tenants", "list");
    assertThat(table.out().lines().findFirst()).hasValueSatisfying(h -> assertThat(h).startsWith("NAME"));
    assertThat(table.out()).containsPattern("(?m)^acme\\s+tier=gold\\s+");

    JsonNode json = ok(root, "tenants", "get", "acme", "-o", "json").json();
    assertThat(json.path("name").asText()).isEqualTo("acme");
    assertThat(json.path("properties").path("tier").asText()).isEqualTo("gold");

    JsonNode updated = ok(root, "tenants", "update", "acme", "--set", "owner=ops", "--unset", "tier", "--output",
        "json").json();
    assertThat(updated.path("properties").path("owner").asText()).isEqualTo("ops");
    assertThat(updated.path("properties").has("tier")).isFalse();

    ok(root, "tenants", "delete", "acme");
    assertThat(root.run("tenants", "get", "acme").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void serviceUser_secretShownOnce_thenLogsIn_andBuildsACatalog() {
    ok(root, "tenants", "create", "globex");
    JsonNode su = ok(root, "service-users", "create", "etl", "--role", "tenant-admin", "--tenant", "globex", "-o",
        "json").json();
    String id = su.path("clientId").asText();
    String secret = su.path("clientSecret").asText();
    assertThat(secret).isNotBlank();

    Cli.Result shown = ok(root, "service-users", "get", "etl", "--tenant", "globex");
    assertThat(shown.out()).contains(id).doesNotContain(secret);
    assertThat(ok(root, "service-users", "list", "--tenant", "globex", "-o", "json").out()).doesNotContain(secret);

    // flags instead of the environment; no --tenant: the service user's own tenant
    Cli etl = noCredentials;
    String[] login = {"--client-id", id, "--client-secret", secret};
    assertThat(ok(etl, concat(login, "whoami", "-o", "json")).json().path("tenant").asText()).isEqualTo("globex");
    ok(etl, concat(login, "warehouses", "create", "lake", "--storage-root", "file://" + home.resolve("globex-lake")));
    ok(etl, concat(login, "catalogs", "create", "production", "--warehouse", "lake", "-p", "team=data"));
    ok(etl, concat(login, "namespaces", "create", "-c", "production", "sales"));
    ok(etl, concat(login, "namespaces", "create", "-c", "production", "sales.emea", "-p", "owner=emea"));
    ok(etl, concat(login, "namespaces", "create", "-c", "production", "sales.apac"));

    Cli.Result catalogs = ok(etl, concat(login, "catalogs", "list"));
    assertThat(catalogs.out()).containsPattern("(?m)^production\\s+lake\\s+team=data\\s+");

    JsonNode children = ok(etl, concat(login, "namespaces", "list", "-c", "production", "--parent", "sales", "-o",
        "json")).json();
    assertThat(names(children.path("items"))).containsExactlyInAnyOrder("sales.emea", "sales.apac");

    // rotate: the old secret stops working, the new one works
    JsonNode rotated = ok(root, "service-users", "rotate", "etl", "--tenant", "globex", "-o", "json").json();
    assertThat(rotated.path("clientSecret").asText()).isNotBlank().isNotEqualTo(secret);
    Cli.Result old = etl.run(concat(login, "catalogs", "list"));
    assertThat(old.exitCode()).as("%s", old).isEqualTo(ExitCodes.AUTH);
    assertThat(old.err() + old.out()).doesNotContain(secret);
    ok(etl, "--client-id", id, "--client-secret", rotated.path("clientSecret").asText(), "catalogs", "list");

    // disable: its logins are refused; delete
    ok(root, "service-users", "disable", "etl", "--tenant", "globex");
    assertThat(etl.run("--client-id", id, "--client-secret", rotated.path("clientSecret").asText(), "catalogs",
        "list").exitCode()).isEqualTo(ExitCodes.AUTH);
    ok(root, "service-users", "delete", "etl", "--tenant", "globex");
  }

  @Test
  void tableOutput_isAligned_andJsonIsTheServersAnswer() {
    Cli ops = tenantWith("initech", "tenant-admin");
    ok(ops, "catalogs", "create", "c", "--warehouse", "lake");
    ok(ops, "namespaces", "create", "-c", "c", "a");
    ok(ops, "namespaces", "create", "-c", "c", "a.much_longer_name");
    ok(ops, "assets", "create", "-c", "c", "-n", "a", "t", "--kind", "ICEBERG_TABLE");
    ok(ops, "assets", "create", "-c", "c", "-n", "a", "a_model_with_a_long_name", "--kind", "ML_MODEL",
        "--location", "file://" + home.resolve("initech-lake/models/m"));

    List<String> lines = ok(ops, "assets", "list", "-c", "c", "-n", "a").out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("NAMESPACE").contains("NAME", "KIND", "LOCATION", "ID");
    int kindColumn = lines.get(0).indexOf("KIND");
    assertThat(lines.subList(1, 3)).allSatisfy(l -> assertThat(l.substring(kindColumn)).matches(
        "(ICEBERG_TABLE|ML_MODEL) .*"));

    JsonNode json = ok(ops, "assets", "list", "-c", "c", "-n", "a", "-o", "json").json();
    assertThat(json.has("nextPageToken")).isTrue();
    assertThat(names(json.path("items"))).containsExactlyInAnyOrder("t", "a_model_with_a_long_name");

    // one page at a time
    JsonNode page = ok(ops, "assets", "list", "-c", "c", "-n", "a", "--page-size", "1", "-o", "json").json();
    assertThat(page.path("items")).hasSize(1);
    assertThat(page.path("nextPageToken").asText()).isNotBlank();

    // rename, get, search, delete
    ok(ops, "assets", "rename", "-c", "c", "-n", "a", "t", "--to-namespace", "a.much_longer_name", "--to-name",
        "orders");
    assertThat(ok(ops, "assets", "get", "-c", "c", "-n", "a.much_longer_name", "orders", "-o", "json").json()
        .path("kind").asText()).isEqualTo("ICEBERG_TABLE");
    assertThat(names(ok(ops, "search", "orders", "-o", "json").json().path("items"))).containsExactly("orders");
    ok(ops, "assets", "delete", "-c", "c", "-n", "a.much_longer_name", "orders");
    assertThat(ops.run("assets", "get", "-c", "c", "-n", "a.much_longer_name", "orders").exitCode())
        .isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void completionScript_isGenerated() {
    Cli.Result r = ok(noCredentials, "generate-completion");
    assertThat(r.out()).contains("pangolin-admin", "complete -F", "optimize-catalog", "service-users",
        "--retention-days");
    Cli.Result help = ok(noCredentials, "--help");
    assertThat(help.out()).contains("Exit codes:", "optimize-catalog");
  }
}
