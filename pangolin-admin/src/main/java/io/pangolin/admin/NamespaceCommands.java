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

/** {@code namespaces …}: namespaces of a catalog, written dotted ({@code sales.emea}). */
@Command(name = "namespaces", description = "Namespaces (dotted names, e.g. sales.emea): list, get, create, update, "
    + "delete.",
    subcommands = {NamespaceCommands.List.class, NamespaceCommands.Get.class, NamespaceCommands.Create.class,
        NamespaceCommands.Update.class, NamespaceCommands.Delete.class})
final class NamespaceCommands {
  static final Output.Column[] COLUMNS = {col("CATALOG", "catalog"), col("NAME", "name"),
      col("PROPERTIES", "properties"), col("CREATED", "createdAt")};

  /** The catalog every namespace command needs. */
  static final class CatalogOption {
    @Option(names = {"-c", "--catalog"}, required = true, paramLabel = "CATALOG", description = "The catalog.")
    String catalog;

    String path() {
      return "/api/v1/catalogs/" + seg(catalog) + "/namespaces";
    }
  }

  @Command(name = "list", description = "List the namespaces directly under --parent (default: the top level).")
  static final class List extends ApiCommand {
    @Mixin
    CatalogOption catalog;

    @Option(names = "--parent", paramLabel = "NAMESPACE", description = "List the children of this namespace.")
    String parent;

    @Mixin
    Paging paging;

    @Override
    void run() {
      printList(list(catalog.path(), AdminClient.params("parent", parent), paging), COLUMNS);
    }
  }

  @Command(name = "get", description = "Show a namespace.")
  static final class Get extends ApiCommand {
    @Mixin
    CatalogOption catalog;

    @Parameters(paramLabel = "NAMESPACE")
    String name;

    @Override
    void run() {
      out().object(client().get(catalog.path() + "/" + seg(name)));
    }
  }

  @Command(name = "create", description = "Create a namespace (its parent must exist).")
  static final class Create extends ApiCommand {
    @Mixin
    CatalogOption catalog;

    @Parameters(paramLabel = "NAMESPACE")
    String name;

    @Option(names = {"-p", "--property"}, paramLabel = "KEY=VALUE", description = "A property (repeatable).")
    Map<String, String> properties = new LinkedHashMap<>();

    @Override
    void run() {
      ObjectNode b = AdminClient.object().put("name", name);
      b.set("properties", stringMap(properties));
      out().object(client().post(catalog.path(), b));
    }
  }

  @Command(name = "update", description = "Set or remove properties of a namespace.")
  static final class Update extends ApiCommand {
    @Mixin
    CatalogOption catalog;

    @Parameters(paramLabel = "NAMESPACE")
    String name;

    @Mixin
    PropertyChanges changes;

    @Override
    void run() {
      out().object(client().patch(catalog.path() + "/" + seg(name), changes.body()));
    }
  }

  @Command(name = "delete", description = "Delete a namespace (it must be empty).")
  static final class Delete extends ApiCommand {
    @Mixin
    CatalogOption catalog;

    @Parameters(paramLabel = "NAMESPACE")
    String name;

    @Override
    void run() {
      client().delete(catalog.path() + "/" + seg(name));
      out().note("deleted namespace " + name);
    }
  }

  private NamespaceCommands() {}
}
