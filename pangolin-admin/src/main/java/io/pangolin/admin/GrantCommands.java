package io.pangolin.admin;

import static io.pangolin.admin.AdminClient.seg;
import static io.pangolin.admin.Output.col;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grants …}: privileges on a scope for a role or a principal. */
@Command(name = "grants", description = "Grants: list, create, revoke, effective.",
    subcommands = {GrantCommands.List.class, GrantCommands.Create.class, GrantCommands.Revoke.class,
        GrantCommands.Effective.class})
final class GrantCommands {
  @Command(name = "list", description = "List grants.")
  static final class List extends ApiCommand {
    @Override
    void run() {
      printList(client().get("/api/v1/grants"), col("ID", "id"), col("SCOPE", "scope"),
          col("GRANTEE_KIND", "grantee.kind"), col("GRANTEE", "grantee.name"), col("PRIVILEGES", "privileges"),
          col("CREATED", "createdAt"));
    }
  }

  @Command(name = "create", description = "Grant privileges on a scope to a role or a principal.")
  static final class Create extends ApiCommand {
    @Option(names = "--scope", required = true, paramLabel = "SCOPE",
        description = "tenant, catalog:<c>, namespace:<c>:<a.b> or asset:<c>:<a.b>:<name>.")
    String scope;

    @ArgGroup(multiplicity = "1")
    Grantee grantee;

    static final class Grantee {
      @Option(names = "--role", required = true, paramLabel = "ROLE")
      String role;

      @Option(names = "--principal", required = true, paramLabel = "PRINCIPAL")
      String principal;
    }

    @Option(names = "--privilege", required = true, paramLabel = "PRIVILEGE", description = "Repeatable, e.g. read.")
    java.util.List<String> privileges = new ArrayList<>();

    @Override
    void run() {
      ObjectNode b = AdminClient.object().put("scope", scope);
      ObjectNode g = b.putObject("grantee");
      if (grantee.role != null) {
        g.put("kind", "role").put("name", grantee.role);
      } else {
        g.put("kind", "principal").put("name", grantee.principal);
      }
      b.set("privileges", strings(privileges));
      out().object(client().post("/api/v1/grants", b));
    }
  }

  @Command(name = "revoke", description = "Revoke a grant by id.")
  static final class Revoke extends ApiCommand {
    @Parameters(paramLabel = "GRANT_ID")
    String id;

    @Override
    void run() {
      client().delete("/api/v1/grants/" + seg(id));
      out().note("revoked grant " + id);
    }
  }

  @Command(name = "effective", description = "What the caller may do on a scope.")
  static final class Effective extends ApiCommand {
    @Option(names = "--scope", required = true, paramLabel = "SCOPE")
    String scope;

    @Override
    void run() {
      out().object(client().get("/api/v1/grants/effective" + AdminClient.query(AdminClient.params("scope", scope))));
    }
  }

  private GrantCommands() {}
}
