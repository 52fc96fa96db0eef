package io.pangolin.store.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A private PostgreSQL server for one test: a cluster of its own made with {@code initdb} in a temporary directory,
 * listening on a free loopback port with trust authentication and {@code wal_level=replica}, or a hot standby made
 * from such a primary with {@code pg_basebackup -R} (streaming from it, optionally applying the WAL only after a
 * delay, so it lags on purpose). {@link #close()} stops the server at once and deletes its directory.
 *
 * <p>When the tests run as root (as CI does), the programs run as the {@code postgres} OS user ({@link OsProcesses}).
 * The shared server on 5432 is never touched.
 */
public final class LocalPostgres implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final Path log;
  private final int port;
  private boolean running;

  private LocalPostgres(Path bin, Path dir, int port) throws Exception {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.log = dir.resolve("server.log");
    Files.createFile(log);
    Files.setOwner(log, Files.getOwner(dir));
  }

  /** Creates and starts a primary. */
  public static LocalPostgres startPrimary() throws Exception {
    LocalPostgres pg = new LocalPostgres(OsProcesses.pgBin(), OsProcesses.tempDir("pangolin-pg"),
        OsProcesses.freePort());
    try {
      pg.run("initdb", "-D", pg.data().toString(), "-U", PostgresTestServer.USER, "-A", "trust", "--no-sync", "-E",
          "UTF8", "--locale=C.UTF-8");
      pg.start("");
      return pg;
    } catch (Exception | Error e) {
      pg.close();
      throw e;
    }
  }

  /**
   * Creates and starts a hot standby streaming from this primary.
   *
   * @param applyDelay {@code recovery_min_apply_delay}: the standby applies a commit only this long after it was
   *     made on the primary ({@link Duration#ZERO}: as soon as it arrives)
   */
  public LocalPostgres startStandby(Duration applyDelay) throws Exception {
    Objects.requireNonNull(applyDelay, "applyDelay");
    LocalPostgres standby = new LocalPostgres(bin, OsProcesses.tempDir("pangolin-pg-standby"), OsProcesses.freePort());
    try {
      standby.run("pg_basebackup", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", PostgresTestServer.USER,
          "-D", standby.data().toString(), "-R", "-X", "stream", "--no-sync");
      standby.start(" -c recovery_min_apply_delay=" + applyDelay.toMillis() + "ms");
      return standby;
    } catch (Exception | Error e) {
      standby.close();
      throw e;
    }
  }

  private Path data() {
    return dir.resolve("data");
  }

  private void run(String program, String... args) {
    String[] command = new String[args.length + 1];
    command[0] = bin.resolve(program).toString();
    System.arraycopy(args, 0, command, 1, args.length);
    OsProcesses.run(log, command);
  }

  private void start(String extraOptions) {
    run("pg_ctl", "-D", data().toString(), "-l", dir.resolve("postgres.log").toString(), "-w", "-t", "60", "-o",
        "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir
            + " -c fsync=off -c synchronous_commit=on -c wal_level=replica -c max_wal_senders=5"
            + " -c hot_standby=on -c shared_buffers=32MB -c max_connections=50" + extraOptions,
        "start");
    running = true;
  }

  public int port() {
    return port;
  }

  /** The JDBC URL of database {@code postgres} (user {@link PostgresTestServer#USER}, no password). */
  public String url() {
    return PostgresTestServer.url("127.0.0.1", port, "postgres");
  }

  /** Stops the server at once (as a crash would); its directory stays until {@link #close()}. */
  public void stop() {
    if (running && Files.exists(data().resolve("postmaster.pid"))) {
      run("pg_ctl", "-D", data().toString(), "-m", "immediate", "-w", "stop");
    }
    running = false;
  }

  /** Stops the server and deletes its directory. */
  @Override
  public void close() {
    try {
      stop();
    } finally {
      OsProcesses.deleteRecursively(dir);
    }
  }
}
