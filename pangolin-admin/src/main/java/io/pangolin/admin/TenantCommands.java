package io.pangolin.admin;

import static io.pangolin.admin.AdminClient.seg;
import static io.pangolin.admin.Output.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tenants …}: root's tenant administration, export and import. */
@Command(name = "tenants", description = "Tenants (root): list, get, create, update, delete, export, import.",
    subcommands = {TenantCommands.List.class, TenantCommands.Get.class, TenantCommands.Create.class,
        TenantCommands.Update.class, TenantCommands.Delete.class, TenantCommands.Export.class,
        TenantCommands.Import.class})
final class TenantCommands {
  static final Output.Column[] COLUMNS = {col("NAME", "name"), col("PROPERTIES", "properties"),
      col("CREATED", "createdAt"), col("VERSION", "version")};

  @Command(name = "list", description = "List tenants.")
  static final class List extends ApiCommand {
    @Mixin
    Paging paging;

    @Override
    void run() {
      printList(list("/api/v1/tenants", AdminClient.params(), paging), COLUMNS);
    }
  }

  @Command(name = "get", description = "Show a tenant.")
  static final class Get extends ApiCommand {
    @Parameters(paramLabel = "TENANT")
    String name;

    @Override
    void run() {
      out().object(client().get("/api/v1/tenants/" + seg(name)));
    }
  }

  @Command(name = "create", description = "Create a tenant.")
  static final class Create extends ApiCommand {
    @Parameters(paramLabel = "TENANT")
    String name;

    @Option(names = {"-p", "--property"}, paramLabel = "KEY=VALUE", description = "A property (repeatable).")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--tier", description = "Tenancy tier (shared, hybrid, dedicated; default: the deployment's).")
    String tier;

    @Option(names = "--server", description = "For a dedicated tenant: the configured server to place it on.")
    String server;

    @Override
    void run() {
      ObjectNode b = AdminClient.object().put("name", name);
      b.set("properties", stringMap(properties));
      if (tier != null) {
        b.put("tier", tier);
      }
      if (server != null) {
        b.put("server", server);
      }
      out().object(client().post("/api/v1/tenants", b));
    }
  }

  @Command(name = "update", description = "Set or remove properties of a tenant.")
  static final class Update extends ApiCommand {
    @Parameters(paramLabel = "TENANT")
    String name;

    @Mixin
    PropertyChanges changes;

    @Override
    void run() {
      out().object(client().patch("/api/v1/tenants/" + seg(name), changes.body()));
    }
  }

  @Command(name = "delete", description = "Delete a tenant (it must be empty).")
  static final class Delete extends ApiCommand {
    @Parameters(paramLabel = "TENANT")
    String name;

    @Override
    void run() {
      client().delete("/api/v1/tenants/" + seg(name));
      out().note("deleted tenant " + name);
    }
  }

  @Command(name = "export", description = {"Export a tenant as one JSON document (GET /api/v1/tenants/{t}/export).",
      "Written to --file (created readable by its owner only: it may hold storage properties) or stdout."})
  static final class Export extends ApiCommand {
    @Parameters(paramLabel = "TENANT")
    String name;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Write the document here (not overwritten "
        + "unless --force).")
    Path file;

    @Option(names = "--force", description = "Overwrite an existing --file.")
    boolean force;

    @Override
    void run() {
      if (file != null && !force && Files.exists(file)) {
        throw new AdminException(ExitCodes.LOCAL_IO, file + " exists (give --force to overwrite it)");
      }
      JsonNode doc = client().get("/api/v1/tenants/" + seg(name) + "/export");
      if (file == null) {
        new Output(Output.Format.json, spec.commandLine().getOut()).printJson(doc);
        return;
      }
      try {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".export-", ".json",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, AdminClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc),
            StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException | UnsupportedOperationException e) {
        throw new AdminException(ExitCodes.LOCAL_IO, "cannot write " + file + ": " + e.getMessage(), e);
      }
      out().note("exported tenant " + name + " to " + file);
      if (out().json()) {
        out().printJson(AdminClient.object().put("tenant", name).put("file", file.toString()));
      }
    }
  }

  @Command(name = "import", description = {"Import a tenant from an export document (POST /api/v1/tenants/import).",
      "Refused (exit 3) if the tenant already exists."})
  static final class Import extends ApiCommand {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true, description = "The export document.")
    Path file;

    @Option(names = "--name", paramLabel = "TENANT", description = "Import under this name instead of the "
        + "document's.")
    String name;

    @Override
    void run() {
      JsonNode doc;
      try {
        doc = AdminClient.JSON.readTree(Files.readAllBytes(file));
      } catch (IOException e) {
        throw new AdminException(ExitCodes.LOCAL_IO, "cannot read " + file + ": "
            + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : "not a JSON document"), e);
      }
      if (!(doc instanceof ObjectNode body)) {
        throw new AdminException(ExitCodes.LOCAL_IO, file + " is not a tenant export (not a JSON object)");
      }
      if (name != null) {
        body.put("name", name);
      }
      out().object(client().post("/api/v1/tenants/import", body));
    }
  }

  private TenantCommands() {}
}
