package io.pangolin.admin;

import static io.pangolin.admin.AdminClient.seg;
import static io.pangolin.admin.Output.col;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code users …}: the (human) users of a tenant. */
@Command(name = "users", description = "Users: list, get, create, update, delete.",
    subcommands = {UserCommands.List.class, UserCommands.Get.class, UserCommands.Create.class,
        UserCommands.Update.class, UserCommands.Delete.class})
final class UserCommands {
  static final Output.Column[] COLUMNS = {col("NAME", "name"), col("EMAIL", "email"),
      col("PROPERTIES", "properties"), col("CREATED", "createdAt")};

  @Command(name = "list", description = "List users.")
  static final class List extends ApiCommand {
    @Mixin
    Paging paging;

    @Override
    void run() {
      printList(list("/api/v1/users", AdminClient.params(), paging), COLUMNS);
    }
  }

  @Command(name = "get", description = "Show a user.")
  static final class Get extends ApiCommand {
    @Parameters(paramLabel = "USER")
    String name;

    @Override
    void run() {
      out().object(client().get("/api/v1/users/" + seg(name)));
    }
  }

  @Command(name = "create", description = "Create a user.")
  static final class Create extends ApiCommand {
    @Parameters(paramLabel = "USER")
    String name;

    @Option(names = "--email", paramLabel = "EMAIL")
    String email;

    @Option(names = {"-p", "--property"}, paramLabel = "KEY=VALUE", description = "A property (repeatable).")
    Map<String, String> properties = new LinkedHashMap<>();

    @Override
    void run() {
      ObjectNode b = AdminClient.object().put("name", name);
      if (email != null) {
        b.put("email", email);
      }
      b.set("properties", stringMap(properties));
      out().object(client().post("/api/v1/users", b));
    }
  }

  @Command(name = "update", description = "Change the email or properties of a user.")
  static final class Update extends ApiCommand {
    @Parameters(paramLabel = "USER")
    String name;

    @Option(names = "--email", paramLabel = "EMAIL")
    String email;

    @Mixin
    PropertyChanges changes;

    @Override
    void run() {
      ObjectNode b = changes.body();
      if (email != null) {
        b.put("email", email);
      }
      out().object(client().patch("/api/v1/users/" + seg(name), b));
    }
  }

  @Command(name = "delete", description = "Delete a user.")
  static final class Delete extends ApiCommand {
    @Parameters(paramLabel = "USER")
    String name;

    @Override
    void run() {
      client().delete("/api/v1/users/" + seg(name));
      out().note("deleted user " + name);
    }
  }

  private UserCommands() {}
}
