package io.pangolin.admin;

import static io.pangolin.admin.AdminClient.seg;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code placement …}: where a tenant's metadata lives (tenancy tier) and moves between tiers. */
@Command(name = "placement", description = "Tenant placement (root): get, move.",
    subcommands = {PlacementCommands.Get.class, PlacementCommands.Move.class})
final class PlacementCommands {
  @Command(name = "get", description = "Show a tenant's tier and target.")
  static final class Get extends ApiCommand {
    @Parameters(paramLabel = "TENANT")
    String tenant;

    @Override
    void run() {
      out().object(client().get("/api/v1/tenants/" + seg(tenant) + "/placement"));
    }
  }

  @Command(name = "move", description = "Move a tenant to another tier (shared, hybrid, dedicated).")
  static final class Move extends ApiCommand {
    @Parameters(paramLabel = "TENANT")
    String tenant;

    @Option(names = "--tier", required = true, paramLabel = "TIER")
    String tier;

    @Option(names = "--server", paramLabel = "SERVER", description = "For dedicated: the configured server.")
    String server;

    @Override
    void run() {
      ObjectNode b = AdminClient.object().put("tier", tier);
      if (server != null) {
        b.put("server", server);
      }
      out().object(client().post("/api/v1/tenants/" + seg(tenant) + "/placement", b));
    }
  }

  private PlacementCommands() {}
}
