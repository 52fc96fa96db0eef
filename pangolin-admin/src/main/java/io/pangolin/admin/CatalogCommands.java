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

/** {@code catalogs …}. */
@Command(name = "catalogs", description = "Catalogs: list, get, create, update, delete, summary.",
    subcommands = {CatalogCommands.List.class, CatalogCommands.Get.class, CatalogCommands.Create.class,
        CatalogCommands.Update.class, CatalogCommands.Delete.class, CatalogCommands.Summary.class})
final class CatalogCommands {
  static final Output.Column[] COLUMNS = {col("NAME", "name"), col("WAREHOUSE", "warehouse"),
      col("PROPERTIES", "properties"), col("CREATED", "createdAt"), col("VERSION", "version")};

  @Command(name = "list", description = "List catalogs.")
  static final class List extends ApiCommand {
    @Mixin
    Paging paging;

    @Override
    void run() {
      printList(list("/api/v1/catalogs", AdminClient.params(), paging), COLUMNS);
    }
  }

  @Command(name = "get", description = "Show a catalog.")
  static final class Get extends ApiCommand {
    @Parameters(paramLabel = "CATALOG")
    String name;

    @Override
    void run() {
      out().object(client().get("/api/v1/catalogs/" + seg(name)));
    }
  }

  @Command(name = "create", description = "Create a catalog in a warehouse.")
  static final class Create extends ApiCommand {
    @Parameters(paramLabel = "CATALOG")
    String name;

    @Option(names = "--warehouse", required = true, paramLabel = "WAREHOUSE", description = "Its warehouse.")
    String warehouse;

    @Option(names = {"-p", "--property"}, paramLabel = "KEY=VALUE", description = "A property (repeatable).")
    Map<String, String> properties = new LinkedHashMap<>();

    @Override
    void run() {
      ObjectNode b = AdminClient.object().put("name", name).put("warehouse", warehouse);
      b.set("properties", stringMap(properties));
      out().object(client().post("/api/v1/catalogs", b));
    }
  }

  @Command(name = "update", description = "Set or remove properties of a catalog.")
  static final class Update extends ApiCommand {
    @Parameters(paramLabel = "CATALOG")
    String name;

    @Mixin
    PropertyChanges changes;

    @Override
    void run() {
      out().object(client().patch("/api/v1/catalogs/" + seg(name), changes.body()));
    }
  }

  @Command(name = "delete", description = "Delete a catalog (it must be empty).")
  static final class Delete extends ApiCommand {
    @Parameters(paramLabel = "CATALOG")
    String name;

    @Override
    void run() {
      client().delete("/api/v1/catalogs/" + seg(name));
      out().note("deleted catalog " + name);
    }
  }

  @Command(name = "summary", description = "Namespaces, tables, views, data files and bytes of a catalog "
      + "(GET /api/v1/catalogs/{c}/summary; cached by the server for a short while).")
  static final class Summary extends ApiCommand {
    @Parameters(paramLabel = "CATALOG")
    String name;

    @Override
    void run() {
      out().object(client().get("/api/v1/catalogs/" + seg(name) + "/summary"));
    }
  }

  private CatalogCommands() {}
}
