package io.pangolin.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code pangolin-admin} as a process against the packaged server: the exit codes scripts rely on, where connection
 * settings come from (flags, environment, config file), and the access commands (users, roles, grants, audit).
 */
class AdminCliExitCodesIT extends CliTestBase {
  @Test
  void exitCodes_forNotFoundConflictAuthValidationUsageAndUnreachable() throws IOException {
    Cli ops = tenantWith("umbrella", "tenant-admin");
    ok(ops, "catalogs", "create", "c", "--warehouse", "lake");

    Cli.Result notFound = ops.run("catalogs", "get", "nope");
    assertThat(notFound.exitCode()).as("%s", notFound).isEqualTo(2);
    assertThat(notFound.err()).contains("error:", "nope", "404");
    assertThat(notFound.out()).isEmpty();

    Cli.Result conflict = ops.run("catalogs", "create", "c", "--warehouse", "lake");
    assertThat(conflict.exitCode()).as("%s", conflict).isEqualTo(3);
    assertThat(conflict.err()).contains("409");

    Cli.Result noLogin = noCredentials.run("catalogs", "list");
    assertThat(noLogin.exitCode()).as("%s", noLogin).isEqualTo(4);
    assertThat(noLogin.err()).contains("401", "--client-id");

    Cli.Result wrongSecret = noCredentials.run("--client-id", ServerProcess.ROOT_ID, "--client-secret",
        "not-the-secret-42", "tenants", "list");
    assertThat(wrongSecret.exitCode()).as("%s", wrongSecret).isEqualTo(4);
    assertThat(wrongSecret.err() + wrongSecret.out()).doesNotContain("not-the-secret-42");

    Cli.Result badToken = noCredentials.run("--token", "garbage", "tenants", "list");
    assertThat(badToken.exitCode()).isEqualTo(4);

    // a tenant-user may read but not create catalogs: 403
    JsonNode reader = ok(root, "service-users", "create", "reader", "--role", "tenant-user", "--tenant", "umbrella",
        "-o", "json").json();
    Cli.Result forbidden = noCredentials.with(Map.of("PANGOLIN_CLIENT_ID", reader.path("clientId").asText(),
        "PANGOLIN_CLIENT_SECRET", reader.path("clientSecret").asText())).run("catalogs", "create", "x",
        "--warehouse", "lake");
    assertThat(forbidden.exitCode()).as("%s", forbidden).isIn(4, 2);

    Cli.Result invalid = ops.run("namespaces", "create", "-c", "c", "a.b.c.d.e");
    assertThat(invalid.exitCode()).as("%s", invalid).isEqualTo(5);
    assertThat(invalid.err()).contains("limit");

    Cli.Result usage = ops.run("catalogs", "create", "c2");
    assertThat(usage.exitCode()).as("%s", usage).isEqualTo(1);
    assertThat(usage.err()).contains("--warehouse");
    assertThat(ops.run("no-such-command").exitCode()).isEqualTo(1);
    assertThat(ops.run("optimize-catalog", "--catalog", "c").exitCode()).isEqualTo(1);

    Cli.Result unreachable = ops.run("--url", "http://127.0.0.1:" + ServerProcess.freePort(), "catalogs", "list");
    assertThat(unreachable.exitCode()).as("%s", unreachable).isEqualTo(6);
    assertThat(unreachable.err()).contains("cannot connect");

    Cli.Result noConfig = ops.run("--config", home.resolve("missing.properties").toString(), "catalogs", "list");
    assertThat(noConfig.exitCode()).isEqualTo(7);
    assertThat(Files.exists(home.resolve("missing.properties"))).isFalse();
  }

  @Test
  void configFile_suppliesUrlAndCredentials_flagsOverrideIt() throws IOException {
    Path otherHome = Files.createDirectories(home.resolve("operator-home"));
    Files.createDirectories(otherHome.resolve(".pangolin"));
    Files.writeString(otherHome.resolve(".pangolin/admin.properties"), "url=" + server.uri() + "\nclient-id="
        + ServerProcess.ROOT_ID + "\nclient-secret=" + ServerProcess.ROOT_SECRET + "\n");
    Cli fromFile = new Cli(Map.of(), otherHome);
    ok(fromFile, "tenants", "create", "from-file");
    assertThat(ok(fromFile, "tenants", "list").out()).contains("from-file");

    Path token = home.resolve("token.properties");
    Files.writeString(token, "url=" + server.uri() + "\ntoken=not-a-valid-token\n");
    assertThat(new Cli(Map.of(), home).run("--config", token.toString(), "tenants", "list").exitCode())
        .isEqualTo(ExitCodes.AUTH);

    // a flag wins over the environment, which wins over the file
    Path dead = home.resolve("dead.properties");
    String nobody = "http://127.0.0.1:" + ServerProcess.freePort();
    Files.writeString(dead, "url=" + nobody + "\nclient-id=" + ServerProcess.ROOT_ID + "\nclient-secret="
        + ServerProcess.ROOT_SECRET + "\n");
    Cli withDead = new Cli(Map.of(), home);
    assertThat(withDead.run("--config", dead.toString(), "tenants", "list").exitCode()).isEqualTo(ExitCodes.SERVER);
    ok(withDead, "--config", dead.toString(), "--url", server.uri().toString(), "tenants", "get", "from-file");
    ok(withDead.with(Map.of("PANGOLIN_URL", server.uri().toString())), "--config", dead.toString(), "tenants",
        "get", "from-file");
    assertThat(withDead.with(Map.of("PANGOLIN_URL", server.uri().toString())).run("--config", dead.toString(),
        "--url", nobody, "tenants", "list").exitCode()).isEqualTo(ExitCodes.SERVER);
  }

  @Test
  void usersRolesGrantsAndAudit() {
    Cli ops = tenantWith("hooli", "tenant-admin");
    ok(ops, "catalogs", "create", "c", "--warehouse", "lake");
    ok(ops, "users", "create", "alice", "--email", "alice@example.com");
    assertThat(ok(ops, "users", "list").out()).containsPattern("(?m)^alice\\s+alice@example.com");
    ok(ops, "roles", "create", "analyst", "--description", "reads everything");
    assertThat(ok(ops, "roles", "list").out()).containsPattern("(?m)^analyst\\s+reads everything");

    JsonNode grant = ok(ops, "grants", "create", "--scope", "catalog:c", "--role", "analyst", "--privilege", "read",
        "--privilege", "list", "-o", "json").json();
    assertThat(grant.path("privileges")).hasSize(2);
    assertThat(ok(ops, "grants", "list").out()).contains(grant.path("id").asText(), "catalog:c", "analyst");
    ok(ops, "grants", "revoke", grant.path("id").asText());
    assertThat(ok(ops, "grants", "list", "-o", "json").json().path("items")).isEmpty();

    JsonNode events = ok(ops, "audit", "query", "--resource-type", "catalog", "-o", "json").json();
    assertThat(events.path("items")).anySatisfy(e -> assertThat(e.path("action").asText()).isEqualTo(
        "catalog.create"));
    assertThat(ok(ops, "audit", "query", "--resource-type", "catalog").out())
        .containsPattern("(?m)^\\S+\\s+ops\\s+catalog.create\\s+catalog\\s+");
    assertThat(ok(ops, "audit", "count", "--action", "user.create", "-o", "json").json().path("count").asLong())
        .isEqualTo(1);
  }
}
