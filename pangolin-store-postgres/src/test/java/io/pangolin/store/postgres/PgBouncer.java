package io.pangolin.store.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real PgBouncer in transaction pooling mode in front of the test server, for one test class: its own ini file,
 * a free loopback port, trust authentication, and fewer server connections than the store's pool has client
 * connections, so transactions really are multiplexed. Stopped afterwards.
 */
public final class PgBouncer extends ClassFixture {
  public static final int SERVER_POOL_SIZE = 4;
  /** Settings of the {@code [pgbouncer]} section this fixture always decides: where it listens and how it trusts. */
  public static final Set<String> LOCAL_SETTINGS =
      Set.of("listen_addr", "listen_port", "unix_socket_dir", "auth_type", "auth_file", "logfile");

  private final Map<String, String> settings;

  private Path dir;
  private Process process;
  private int port;

  /** The fixture's own pool settings (transaction mode, {@value #SERVER_POOL_SIZE} server connections). */
  public PgBouncer() {
    this(Map.of());
  }

  /**
   * With these {@code [pgbouncer]} settings over the fixture's own (e.g. a deployment's pgbouncer.ini); the
   * {@link #LOCAL_SETTINGS} are refused, the fixture keeps them on loopback and trust.
   */
  public PgBouncer(Map<String, String> settings) {
    if (settings.keySet().stream().anyMatch(LOCAL_SETTINGS::contains)) {
      throw new IllegalArgumentException("the fixture decides " + LOCAL_SETTINGS);
    }
    this.settings = Map.copyOf(settings);
  }

  /** Starts it (also usable without JUnit, e.g. before a container starts). */
  @Override
  public void start() throws Exception {
    dir = OsProcesses.tempDir("pangolin-pgbouncer");
    port = OsProcesses.freePort();
    Path log = dir.resolve("pgbouncer.log");
    Files.writeString(dir.resolve("userlist.txt"), "\"" + PostgresTestServer.USER + "\" \"\"\n");
    Map<String, String> ini = new LinkedHashMap<>();
    ini.put("listen_addr", "127.0.0.1");
    ini.put("listen_port", Integer.toString(port));
    ini.put("unix_socket_dir", "");
    ini.put("auth_type", "trust");
    ini.put("auth_file", dir.resolve("userlist.txt").toString());
    ini.put("pool_mode", "transaction");
    ini.put("default_pool_size", Integer.toString(SERVER_POOL_SIZE));
    ini.put("max_client_conn", "200");
    ini.put("ignore_startup_parameters", "extra_float_digits");
    ini.put("server_reset_query", "");
    ini.put("logfile", log.toString());
    ini.putAll(settings);
    StringBuilder text = new StringBuilder("[databases]\n* = host=" + PostgresTestServer.HOST + " port="
        + PostgresTestServer.PORT + "\n[pgbouncer]\n");
    ini.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
    Files.writeString(dir.resolve("pgbouncer.ini"), text);
    for (String f : new String[] {"userlist.txt", "pgbouncer.ini"}) {
      Files.setOwner(dir.resolve(f), Files.getOwner(dir));
    }
    Path out = dir.resolve("stdout.log");
    Files.createFile(out);
    Files.setOwner(out, Files.getOwner(dir));
    process = OsProcesses.start(out, "pgbouncer", dir.resolve("pgbouncer.ini").toString());
    OsProcesses.awaitPort(port, out);
  }

  @Override
  public void stop() throws Exception {
    try {
      if (process != null) {
        process.toHandle().descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
        }
      }
    } finally {
      OsProcesses.deleteRecursively(dir);
    }
  }

  /** The JDBC URL of {@code database} through PgBouncer. */
  public String url(String database) {
    return PostgresTestServer.url("127.0.0.1", port, database);
  }
}
