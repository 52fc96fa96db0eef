package io.pangolin.store.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real primary with a real streaming replica for one test class: a private PostgreSQL cluster made with
 * {@code initdb} on a free port, and a second cluster made from it with {@code pg_basebackup -R} (a hot standby
 * streaming from it) on another free port. Both are stopped and deleted afterwards.
 *
 * <p>The primary is private rather than the shared server on 5432 because a base backup needs a replication entry
 * in the server's {@code pg_hba.conf} and copies every database of the cluster; a private one needs neither and
 * cannot disturb other tests.
 */
final class StreamingReplica extends ClassFixture {
  private Path dir;
  private Path log;
  private Path bin;
  private int primaryPort;
  private int replicaPort;
  private boolean replicaRunning;

  @Override
  void start() throws Exception {
    bin = OsProcesses.pgBin();
    dir = OsProcesses.tempDir("pangolin-replica");
    log = dir.resolve("fixture.log");
    Files.createFile(log);
    Files.setOwner(log, Files.getOwner(dir));
    Path primary = dir.resolve("primary");
    Path replica = dir.resolve("replica");
    primaryPort = OsProcesses.freePort();
    OsProcesses.run(log, bin.resolve("initdb").toString(), "-D", primary.toString(), "-U", "postgres", "-A", "trust",
        "--no-sync", "-E", "UTF8", "--locale=C.UTF-8");
    startCluster(primary, primaryPort);
    OsProcesses.run(log, bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p",
        Integer.toString(primaryPort), "-U", "postgres", "-D", replica.toString(), "-R", "-X", "stream", "--no-sync");
    replicaPort = OsProcesses.freePort();
    startCluster(replica, replicaPort);
    replicaRunning = true;
  }

  private void startCluster(Path data, int port) throws Exception {
    OsProcesses.run(log, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
        data.resolveSibling(data.getFileName() + ".log").toString(), "-w", "-t", "60", "-o",
        "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir
            + " -c fsync=off -c synchronous_commit=on -c wal_level=replica -c max_wal_senders=5"
            + " -c hot_standby=on -c shared_buffers=32MB -c max_connections=50",
        "start");
  }

  @Override
  void stop() throws Exception {
    try {
      if (replicaRunning) {
        stop(dir.resolve("replica"));
      }
      stop(dir.resolve("primary"));
    } finally {
      OsProcesses.deleteRecursively(dir);
    }
  }

  private void stop(Path data) {
    if (Files.exists(data.resolve("postmaster.pid"))) {
      OsProcesses.run(log, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop");
    }
  }

  /** Stops the replica at once (as a crash would). */
  void stopReplica() {
    stop(dir.resolve("replica"));
    replicaRunning = false;
  }

  String primaryUrl() {
    return PostgresTestServer.url("127.0.0.1", primaryPort, "postgres");
  }

  String replicaUrl() {
    return PostgresTestServer.url("127.0.0.1", replicaPort, "postgres");
  }

  Connection primary() throws SQLException {
    return PostgresTestServer.connect(primaryUrl());
  }

  Connection replica() throws SQLException {
    return PostgresTestServer.connect(replicaUrl());
  }

  void pauseReplay() throws SQLException {
    onReplica("SELECT pg_wal_replay_pause()");
  }

  void resumeReplay() throws SQLException {
    onReplica("SELECT pg_wal_replay_resume()");
  }

  private void onReplica(String sql) throws SQLException {
    try (Connection c = replica(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
