package io.pangolin.server;

import io.pangolin.store.postgres.OsProcesses;
import io.pangolin.store.postgres.PgBouncer;
import io.pangolin.store.postgres.PostgresTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL deployment of the test's own that the test may break: a primary made with {@code initdb}, a hot standby
 * streaming from it ({@code pg_basebackup -R}) and a PgBouncer with the deployment's settings
 * ({@code deploy/pgbouncer/pgbouncer.ini}: transaction pooling) in front of the primary,
 * each on a free loopback port and each restartable on the same port — never the shared server on 5432. Everything
 * runs as the {@code postgres} OS user when the tests run as root ({@link OsProcesses}); {@link #close()} stops it
 * all and deletes the directory.
 */
final class PostgresCluster implements AutoCloseable {
  private final Path dir;
  private final Path log;
  private final Path bin;
  private final int primaryPort = OsProcesses.freePort();
  private final int replicaPort = OsProcesses.freePort();
  private final int bouncerPort = OsProcesses.freePort();
  private Process bouncer;
  private boolean closed;

  private PostgresCluster(Path dir) {
    this.dir = dir;
    this.log = dir.resolve("cluster.log");
    this.bin = OsProcesses.pgBin();
  }

  /** Creates and starts primary, standby and PgBouncer; on failure everything started is stopped again. */
  static PostgresCluster start() throws Exception {
    PostgresCluster c = new PostgresCluster(OsProcesses.tempDir("pangolin-faults"));
    try {
      c.init();
      return c;
    } catch (Exception | Error e) {
      c.close();
      throw e;
    }
  }

  private void init() throws Exception {
    Files.createFile(log);
    Files.setOwner(log, Files.getOwner(dir));
    OsProcesses.run(log, bin.resolve("initdb").toString(), "-D", primary().toString(), "-U", "postgres", "-A",
        "trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8");
    startPrimary();
    OsProcesses.run(log, bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p",
        Integer.toString(primaryPort), "-U", "postgres", "-D", replica().toString(), "-R", "-X", "stream", "--no-sync");
    startReplica();
    Files.writeString(dir.resolve("userlist.txt"), "\"" + PostgresTestServer.USER + "\" \"\"\n");
    // the deployment's [pgbouncer] settings (deploy/pgbouncer/pgbouncer.ini), on loopback with trust
    Map<String, String> ini = new LinkedHashMap<>(DeployManifestsTest.pgbouncer());
    ini.keySet().removeAll(PgBouncer.LOCAL_SETTINGS);
    ini.put("listen_addr", "127.0.0.1");
    ini.put("listen_port", Integer.toString(bouncerPort));
    ini.put("unix_socket_dir", "");
    ini.put("auth_type", "trust");
    ini.put("auth_file", dir.resolve("userlist.txt").toString());
    ini.put("logfile", dir.resolve("pgbouncer.log").toString());
    StringBuilder text = new StringBuilder("[databases]\n* = host=127.0.0.1 port=" + primaryPort + "\n[pgbouncer]\n");
    ini.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
    Files.writeString(dir.resolve("pgbouncer.ini"), text);
    for (String f : new String[] {"userlist.txt", "pgbouncer.ini"}) {
      Files.setOwner(dir.resolve(f), Files.getOwner(dir));
    }
    startBouncer();
  }

  private Path primary() {
    return dir.resolve("primary");
  }

  private Path replica() {
    return dir.resolve("replica");
  }

  private void pgCtl(Path data, int port, String action) {
    OsProcesses.run(log, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
        dir.resolve(data.getFileName() + ".log").toString(), "-w", "-t", "60", "-o",
        "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir
            + " -c fsync=off -c wal_level=replica -c max_wal_senders=5 -c hot_standby=on -c shared_buffers=32MB"
            + " -c max_connections=60 -c wal_retrieve_retry_interval=200ms",
        action);
  }

  /** Stops a cluster at once, as a crash would (no checkpoint; the next start recovers from the WAL). */
  private void crash(Path data) {
    if (Files.exists(data.resolve("postmaster.pid"))) {
      OsProcesses.run(log, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop");
    }
  }

  void startPrimary() {
    pgCtl(primary(), primaryPort, "start");
  }

  void stopPrimary() {
    crash(primary());
  }

  void startReplica() {
    pgCtl(replica(), replicaPort, "start");
  }

  void stopReplica() {
    crash(replica());
  }

  synchronized void startBouncer() throws IOException, InterruptedException {
    Path out = dir.resolve("pgbouncer.out");
    if (!Files.exists(out)) {
      Files.createFile(out);
      Files.setOwner(out, Files.getOwner(dir));
    }
    bouncer = OsProcesses.start(out, "pgbouncer", dir.resolve("pgbouncer.ini").toString());
    OsProcesses.awaitPort(bouncerPort, out);
  }

  /** SIGKILL to PgBouncer (and {@code runuser}'s child): every client and server connection drops. */
  synchronized void stopBouncer() throws InterruptedException {
    if (bouncer != null) {
      bouncer.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      bouncer.destroyForcibly();
      bouncer.waitFor(30, TimeUnit.SECONDS);
      bouncer = null;
    }
  }

  /** JDBC URL of {@code database} on the primary, directly. */
  String primaryUrl(String database) {
    return PostgresTestServer.url("127.0.0.1", primaryPort, database);
  }

  String replicaUrl(String database) {
    return PostgresTestServer.url("127.0.0.1", replicaPort, database);
  }

  String bouncerUrl(String database) {
    return PostgresTestServer.url("127.0.0.1", bouncerPort, database);
  }

  /** Stops everything (idempotent: also run by a shutdown hook if the test JVM ends without its {@code @AfterAll}). */
  @Override
  public synchronized void close() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    try {
      stopBouncer();
    } finally {
      try {
        crash(replica());
      } finally {
        try {
          crash(primary());
        } finally {
          OsProcesses.deleteRecursively(dir);
        }
      }
    }
  }
}
