package io.pangolin.store.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real PgBouncer in transaction pooling mode in front of the test server, for one test class: its own ini file,
 * a free loopback port, trust authentication, and fewer server connections than the store's pool has client
 * connections, so transactions really are multiplexed. Stopped afterwards.
 */
public final class PgBouncer extends ClassFixture {
  public static final int SERVER_POOL_SIZE = 4;

  private Path dir;
  private Process process;
  private int port;

  /** Starts it (also usable without JUnit, e.g. before a container starts). */
  @Override
  public void start() throws Exception {
    dir = OsProcesses.tempDir("pangolin-pgbouncer");
    port = OsProcesses.freePort();
    Path log = dir.resolve("pgbouncer.log");
    Files.writeString(dir.resolve("userlist.txt"), "\"" + PostgresTestServer.USER + "\" \"\"\n");
    Files.writeString(dir.resolve("pgbouncer.ini"), String.join("\n",
        "[databases]",
        "* = host=" + PostgresTestServer.HOST + " port=" + PostgresTestServer.PORT,
        "[pgbouncer]",
        "listen_addr = 127.0.0.1",
        "listen_port = " + port,
        "unix_socket_dir =",
        "auth_type = trust",
        "auth_file = " + dir.resolve("userlist.txt"),
        "pool_mode = transaction",
        "default_pool_size = " + SERVER_POOL_SIZE,
        "max_client_conn = 200",
        "ignore_startup_parameters = extra_float_digits",
        "server_reset_query =",
        "logfile = " + log,
        ""));
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
