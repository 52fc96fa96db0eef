package io.pangolin.admin;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code pangolin-admin}: the operator command line of Pangolin. It talks to a server over the management API only
 * (never to a store), so it works against any deployment an operator can reach.
 *
 * <p>The connection options are global: they may be given before or after the command
 * ({@code pangolin-admin --url U tenants list} or {@code pangolin-admin tenants list --url U}).
 */
@Command(name = "pangolin-admin", mixinStandardHelpOptions = true, versionProvider = PangolinAdmin.Version.class,
    description = "Operates a Pangolin server over its management API.",
    subcommands = {
        WhoamiCommand.class,
        TenantCommands.class,
        WarehouseCommands.class,
        CatalogCommands.class,
        NamespaceCommands.class,
        AssetCommands.class,
        UserCommands.class,
        ServiceUserCommands.class,
        RoleCommands.class,
        GrantCommands.class,
        AuditCommands.class,
        PlacementCommands.class,
        UsageCommands.Usage.class,
        UsageCommands.Growth.class,
        UsageCommands.Forecast.class,
        SearchCommand.class,
        OptimizeCatalogCommand.class,
        AutoComplete.GenerateCompletion.class},
    footer = {"", "Exit codes: 0 ok, 1 usage, 2 not found, 3 conflict, 4 authentication/permission, 5 validation,"
        + " 6 server error or unreachable, 7 local file, 8 partly failed, 9 unexpected."})
public final class PangolinAdmin implements Runnable {
  @Spec
  CommandSpec spec;

  @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
      description = "Server base URL (env PANGOLIN_URL, config 'url'; default " + Settings.DEFAULT_URL + ").")
  String url;

  @Option(names = "--client-id", scope = ScopeType.INHERIT, paramLabel = "ID",
      description = "Service user client id; logs in with OAuth2 client credentials (env PANGOLIN_CLIENT_ID).")
  String clientId;

  @Option(names = "--client-secret", scope = ScopeType.INHERIT, paramLabel = "SECRET",
      description = "Client secret (env PANGOLIN_CLIENT_SECRET; prefer the env or the config file: a flag is "
          + "visible to other users of the machine).")
  String clientSecret;

  @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
      description = "Bearer token to use instead of client credentials (env PANGOLIN_TOKEN).")
  String token;

  @Option(names = "--tenant", scope = ScopeType.INHERIT, paramLabel = "TENANT",
      description = "For root: the tenant to act in (header X-Pangolin-Tenant; env PANGOLIN_TENANT).")
  String tenant;

  @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "Properties file with url, client-id, client-secret, token, tenant "
          + "(default ~/.pangolin/admin.properties, read if present).")
  Path config;

  @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT", defaultValue = "table",
      description = "Output format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}); json prints the server's "
          + "JSON.")
  Output.Format output;

  @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "SECONDS", defaultValue = "120",
      description = "Seconds to wait for each answer of the server (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  private final Map<String, String> env;
  private final Path home;
  private Settings settings;
  private AdminClient client;

  PangolinAdmin(Map<String, String> env, Path home) {
    this.env = env;
    this.home = home;
  }

  public static void main(String[] args) {
    System.exit(run(System.getenv(), Path.of(System.getProperty("user.home")), args));
  }

  /** Runs one command line; the exit code of {@link ExitCodes}. */
  static int run(Map<String, String> env, Path home, String... args) {
    return commandLine(env, home).execute(args);
  }

  static CommandLine commandLine(Map<String, String> env, Path home) {
    CommandLine cl = new CommandLine(new PangolinAdmin(env, home));
    cl.setExecutionExceptionHandler((ex, line, parsed) -> {
      PrintWriter err = line.getErr();
      if (ex instanceof AdminException a) {
        err.println("error: " + a.getMessage());
        err.flush();
        return a.exitCode();
      }
      err.println("error: unexpected failure: " + ex);
      err.flush();
      return ExitCodes.UNEXPECTED;
    });
    usageExitCode(cl);
    return cl;
  }

  private static void usageExitCode(CommandLine cl) {
    cl.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
    cl.getSubcommands().values().forEach(PangolinAdmin::usageExitCode);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "give a command (see --help)");
  }

  /** The one client of this run, built from the resolved settings on first use. */
  AdminClient client() {
    if (client == null) {
      if (timeoutSeconds <= 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be positive");
      }
      client = new AdminClient(settings(), Duration.ofSeconds(timeoutSeconds));
    }
    return client;
  }

  /** Flags, environment and config file, resolved once. */
  Settings settings() {
    if (settings == null) {
      settings = Settings.resolve(new Settings.Flags(url, token, clientId, clientSecret, tenant, config), env, home);
    }
    return settings;
  }

  Map<String, String> env() {
    return env;
  }

  /** The version in the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = PangolinAdmin.class.getPackage().getImplementationVersion();
      return new String[] {"pangolin-admin " + (v == null ? "(development build)" : v)};
    }
  }
}
