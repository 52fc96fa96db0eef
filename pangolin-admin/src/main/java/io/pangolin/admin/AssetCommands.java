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

/** {@code assets …}: tables, views and other assets of a namespace. */
@Command(name = "assets", description = "Assets (Iceberg tables and views, Delta, Hudi, files, models): list, get, "
    + "create, update, rename, delete.",
    subcommands = {AssetCommands.List.class, AssetCommands.Get.class, AssetCommands.Create.class,
        AssetCommands.Update.class, AssetCommands.Rename.class, AssetCommands.Delete.class})
final class AssetCommands {
  static final Output.Column[] COLUMNS = {col("NAMESPACE", "namespace"), col("NAME", "name"), col("KIND", "kind"),
      col("LOCATION", "location"), col("ID", "id")};

  /** The catalog and namespace every asset command needs. */
  static final class Where {
    @Option(names = {"-c", "--catalog"}, required = true, paramLabel = "CATALOG", description = "The catalog.")
    String catalog;

    @Option(names = {"-n", "--namespace"}, required = true, paramLabel = "NAMESPACE",
        description = "The namespace (dotted).")
    String namespace;

    String path() {
      return "/api/v1/catalogs/" + seg(catalog) + "/namespaces/" + seg(namespace) + "/assets";
    }
  }

  @Command(name = "list", description = "List the assets of a namespace.")
  static final class List extends ApiCommand {
    @Mixin
    Where where;

    @Option(names = "--kind", paramLabel = "KIND", description = "Only this kind, e.g. ICEBERG_TABLE.")
    String kind;

    @Mixin
    Paging paging;

    @Override
    void run() {
      printList(list(where.path(), AdminClient.params("kind", kind), paging), COLUMNS);
    }
  }

  @Command(name = "get", description = "Show an asset.")
  static final class Get extends ApiCommand {
    @Mixin
    Where where;

    @Parameters(paramLabel = "ASSET")
    String name;

    @Override
    void run() {
      out().object(client().get(where.path() + "/" + seg(name)));
    }
  }

  @Command(name = "create", description = "Register an asset.")
  static final class Create extends ApiCommand {
    @Mixin
    Where where;

    @Parameters(paramLabel = "ASSET")
    String name;

    @Option(names = "--kind", required = true, paramLabel = "KIND",
        description = "ICEBERG_TABLE, ICEBERG_VIEW, DELTA_TABLE, HUDI_TABLE, PARQUET, CSV, JSON, ML_MODEL or OTHER.")
    String kind;

    @Option(names = "--location", paramLabel = "URI", description = "Its location (default: under the namespace).")
    String location;

    @Option(names = "--metadata-location", paramLabel = "URI", description = "Current metadata file (Iceberg).")
    String metadataLocation;

    @Option(names = {"-p", "--property"}, paramLabel = "KEY=VALUE", description = "A property (repeatable).")
    Map<String, String> properties = new LinkedHashMap<>();

    @Override
    void run() {
      ObjectNode b = AdminClient.object().put("name", name).put("kind", kind);
      if (location != null) {
        b.put("location", location);
      }
      if (metadataLocation != null) {
        b.put("metadataLocation", metadataLocation);
      }
      b.set("properties", stringMap(properties));
      out().object(client().post(where.path(), b));
    }
  }

  @Command(name = "update", description = "Set or remove properties of an asset.")
  static final class Update extends ApiCommand {
    @Mixin
    Where where;

    @Parameters(paramLabel = "ASSET")
    String name;

    @Mixin
    PropertyChanges changes;

    @Override
    void run() {
      out().object(client().patch(where.path() + "/" + seg(name), changes.body()));
    }
  }

  @Command(name = "rename", description = "Rename or move an asset within its catalog.")
  static final class Rename extends ApiCommand {
    @Mixin
    Where where;

    @Parameters(paramLabel = "ASSET")
    String name;

    @Option(names = "--to-namespace", paramLabel = "NAMESPACE", description = "Target namespace (default: the same).")
    String toNamespace;

    @Option(names = "--to-name", required = true, paramLabel = "NAME", description = "The new name.")
    String toName;

    @Override
    void run() {
      ObjectNode b = AdminClient.object().put("namespace", toNamespace == null ? where.namespace : toNamespace)
          .put("name", toName);
      out().object(client().post(where.path() + "/" + seg(name) + "/rename", b));
    }
  }

  @Command(name = "delete", description = "Delete an asset's registration.")
  static final class Delete extends ApiCommand {
    @Mixin
    Where where;

    @Parameters(paramLabel = "ASSET")
    String name;

    @Override
    void run() {
      client().delete(where.path() + "/" + seg(name));
      out().note("deleted asset " + where.namespace + "." + name);
    }
  }

  private AssetCommands() {}
}
