package io.pangolin.admin;

import static io.pangolin.admin.AdminClient.seg;
import static io.pangolin.admin.Output.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code service-users …}: machine principals that log in with client credentials. The client secret is shown once,
 * by {@code create} and {@code rotate} (the server returns it only then); nothing else prints a secret.
 */
@Command(name = "service-users", description = "Service users (client credentials): list, get, create, rotate, "
    + "enable, disable, set-roles, delete.",
    subcommands = {ServiceUserCommands.List.class, ServiceUserCommands.Get.class, ServiceUserCommands.Create.class,
        ServiceUserCommands.Rotate.class, ServiceUserCommands.Enable.class, ServiceUserCommands.Disable.class,
        ServiceUserCommands.SetRoles.class, ServiceUserCommands.Delete.class})
final class ServiceUserCommands {
  static final Output.Column[] COLUMNS = {col("NAME", "name"), col("CLIENT_ID", "clientId"), col("ROLES", "roles"),
      col("ENABLED", "enabled"), col("EXPIRES", "expiresAt")};

  static final String PATH = "/api/v1/service-users";

  /** Prints new credentials, with a reminder on stderr that the secret is not shown again. */
  static void printCredentials(ApiCommand command, JsonNode answer) {
    command.out().object(answer);
    command.err().println("note: store the client secret now; the server does not show it again");
    command.err().flush();
  }

  @Command(name = "list", description = "List service users.")
  static final class List extends ApiCommand {
    @Mixin
    Paging paging;

    @Override
    void run() {
      printList(list(PATH, AdminClient.params(), paging), COLUMNS);
    }
  }

  @Command(name = "get", description = "Show a service user (never its secret).")
  static final class Get extends ApiCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    void run() {
      out().object(client().get(PATH + "/" + seg(name)));
    }
  }

  @Command(name = "create", description = "Create a service user; prints its client id and, once, its secret.")
  static final class Create extends ApiCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = {"-r", "--role"}, paramLabel = "ROLE", description = "A role (repeatable), e.g. tenant-writer.")
    java.util.List<String> roles = new ArrayList<>();

    @Option(names = "--expires-at", paramLabel = "INSTANT", description = "Expiry, e.g. 2027-01-31T00:00:00Z.")
    String expiresAt;

    @Override
    void run() {
      ObjectNode b = AdminClient.object().put("name", name);
      b.set("roles", strings(roles));
      if (expiresAt != null) {
        b.put("expiresAt", expiresAt);
      }
      printCredentials(this, client().post(PATH, b));
    }
  }

  @Command(name = "rotate", description = "Issue a new client secret (the old one stops working); printed once.")
  static final class Rotate extends ApiCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    void run() {
      printCredentials(this, client().post(PATH + "/" + seg(name) + "/rotate", null));
    }
  }

  @Command(name = "enable", description = "Enable a service user.")
  static final class Enable extends ApiCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    void run() {
      out().object(client().patch(PATH + "/" + seg(name), AdminClient.object().put("enabled", true)));
    }
  }

  @Command(name = "disable", description = "Disable a service user (its tokens stop working).")
  static final class Disable extends ApiCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    void run() {
      out().object(client().patch(PATH + "/" + seg(name), AdminClient.object().put("enabled", false)));
    }
  }

  @Command(name = "set-roles", description = "Replace the roles of a service user.")
  static final class SetRoles extends ApiCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = {"-r", "--role"}, required = true, paramLabel = "ROLE", description = "A role (repeatable).")
    java.util.List<String> roles = new ArrayList<>();

    @Override
    void run() {
      ObjectNode b = AdminClient.object();
      b.set("roles", strings(roles));
      out().object(client().patch(PATH + "/" + seg(name), b));
    }
  }

  @Command(name = "delete", description = "Delete a service user.")
  static final class Delete extends ApiCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    void run() {
      client().delete(PATH + "/" + seg(name));
      out().note("deleted service user " + name);
    }
  }

  private ServiceUserCommands() {}
}
