package io.pangolin.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real primary with a real streaming replica for one test class: a private PostgreSQL cluster made with
 * {@code initdb} on a free port, and a second cluster made from it with {@code pg_basebackup -R} (a hot standby
 * streaming from it) on another free port ({@link LocalPostgres}). Both are stopped and deleted afterwards.
 *
 * <p>The primary is private rather than the shared server on 5432 because a base backup needs a replication entry
 * in the server's {@code pg_hba.conf} and copies every database of the cluster; a private one needs neither and
 * cannot disturb other tests.
 */
final class StreamingReplica extends ClassFixture {
  private LocalPostgres primary;
  private LocalPostgres replica;

  @Override
  void start() throws Exception {
    primary = LocalPostgres.startPrimary();
    replica = primary.startStandby(Duration.ZERO);
  }

  /** The standby first, then its primary; the primary is stopped even if the standby fails to. */
  @Override
  void stop() {
    try {
      if (replica != null) {
        replica.close();
      }
    } finally {
      if (primary != null) {
        primary.close();
      }
    }
  }

  /** Stops the replica at once (as a crash would). */
  void stopReplica() {
    replica.stop();
  }

  String primaryUrl() {
    return primary.url();
  }

  String replicaUrl() {
    return replica.url();
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
