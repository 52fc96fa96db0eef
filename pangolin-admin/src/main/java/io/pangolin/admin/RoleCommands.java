package io.pangolin.admin;

import static io.pangolin.admin.AdminClient.seg;
import static io.pangolin.admin.Output.col;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code roles …}: custom roles of a tenant (grantees of grants). */
@Command(name = "roles", description = "Custom roles: list, create, delete.",
    subcommands = {RoleCommands.List.class, RoleCommands.Create.class, RoleCommands.Delete.class})
final class RoleCommands {
  @Command(name = "list", description = "List roles.")
  static final class List extends ApiCommand {
    @Override
    void run() {
      printList(client().get("/api/v1/roles"), col("NAME", "name"), col("DESCRIPTION", "description"),
          col("CREATED", "createdAt"));
    }
  }

  @Command(name = "create", description = "Create a role.")
  static final class Create extends ApiCommand {
    @Parameters(paramLabel = "ROLE")
    String name;

    @Option(names = "--description", paramLabel = "TEXT")
    String description;

    @Override
    void run() {
      ObjectNode b = AdminClient.object().put("name", name);
      if (description != null) {
        b.put("description", description);
      }
      out().object(client().post("/api/v1/roles", b));
    }
  }

  @Command(name = "delete", description = "Delete a role.")
  static final class Delete extends ApiCommand {
    @Parameters(paramLabel = "ROLE")
    String name;

    @Override
    void run() {
      client().delete("/api/v1/roles/" + seg(name));
      out().note("deleted role " + name);
    }
  }

  private RoleCommands() {}
}
