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

/** {@code warehouses …}: storage locations of a tenant. */
@Command(name = "warehouses", description = "Warehouses: list, get, create, update, delete.",
    subcommands = {WarehouseCommands.List.class, WarehouseCommands.Get.class, WarehouseCommands.Create.class,
        WarehouseCommands.Update.class, WarehouseCommands.Delete.class})
final class WarehouseCommands {
  static final Output.Column[] COLUMNS = {col("NAME", "name"), col("STORAGE_ROOT", "storageRoot"),
      col("STORAGE_PROPERTIES", "storageProperties"), col("VERSION", "version")};

  @Command(name = "list", description = "List warehouses.")
  static final class List extends ApiCommand {
    @Mixin
    Paging paging;

    @Override
    void run() {
      printList(list("/api/v1/warehouses", AdminClient.params(), paging), COLUMNS);
    }
  }

  @Command(name = "get", description = "Show a warehouse (secret storage properties are masked by the server).")
  static final class Get extends ApiCommand {
    @Parameters(paramLabel = "WAREHOUSE")
    String name;

    @Override
    void run() {
      out().object(client().get("/api/v1/warehouses/" + seg(name)));
    }
  }

  @Command(name = "create", description = "Create a warehouse.")
  static final class Create extends ApiCommand {
    @Parameters(paramLabel = "WAREHOUSE")
    String name;

    @Option(names = "--storage-root", required = true, paramLabel = "URI",
        description = "Root of the warehouse, e.g. s3://bucket/lake or file:///data/lake.")
    String storageRoot;

    @Option(names = {"-p", "--storage-property"}, paramLabel = "KEY=VALUE",
        description = "A storage property (repeatable), e.g. region=eu-west-1.")
    Map<String, String> properties = new LinkedHashMap<>();

    @Override
    void run() {
      ObjectNode b = AdminClient.object().put("name", name).put("storageRoot", storageRoot);
      b.set("storageProperties", stringMap(properties));
      out().object(client().post("/api/v1/warehouses", b));
    }
  }

  @Command(name = "update", description = "Change the storage root or storage properties of a warehouse.")
  static final class Update extends ApiCommand {
    @Parameters(paramLabel = "WAREHOUSE")
    String name;

    @Option(names = "--storage-root", paramLabel = "URI", description = "A new storage root.")
    String storageRoot;

    @Mixin
    PropertyChanges changes;

    @Override
    void run() {
      ObjectNode b = changes.body();
      if (storageRoot != null) {
        b.put("storageRoot", storageRoot);
      }
      out().object(client().patch("/api/v1/warehouses/" + seg(name), b));
    }
  }

  @Command(name = "delete", description = "Delete a warehouse (no catalog may use it).")
  static final class Delete extends ApiCommand {
    @Parameters(paramLabel = "WAREHOUSE")
    String name;

    @Override
    void run() {
      client().delete("/api/v1/warehouses/" + seg(name));
      out().note("deleted warehouse " + name);
    }
  }

  private WarehouseCommands() {}
}
