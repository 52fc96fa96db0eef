package io.pangolin.iceberg;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What a maintenance run did to each table, or would do ({@code dryRun}). */
public record MaintenanceReport(boolean dryRun, Instant asOf, List<TableReport> tables) {
  public MaintenanceReport {
    Objects.requireNonNull(asOf, "asOf");
    tables = List.copyOf(tables);
  }

  /**
   * One table.
   *
   * @param snapshotsExpired ids of the expired snapshots
   * @param snapshotsKept snapshots the table has after the run
   * @param filesRemoved every file removed (or that would be), sorted
   */
  public record TableReport(String catalog, String namespace, String name, List<Long> snapshotsExpired,
      int snapshotsKept, int dataFilesRemoved, int manifestFilesRemoved, int manifestListsRemoved,
      int metadataFilesRemoved, int orphanFilesRemoved, long bytesRemoved, List<String> filesRemoved) {
    public TableReport {
      snapshotsExpired = List.copyOf(snapshotsExpired);
      filesRemoved = List.copyOf(filesRemoved);
    }

    /** Whether the run changed (or would change) anything. */
    public boolean changed() {
      return !snapshotsExpired.isEmpty() || !filesRemoved.isEmpty();
    }
  }

  public int snapshotsExpired() {
    return tables.stream().mapToInt(t -> t.snapshotsExpired().size()).sum();
  }

  public int filesRemoved() {
    return tables.stream().mapToInt(t -> t.filesRemoved().size()).sum();
  }

  public long bytesRemoved() {
    return tables.stream().mapToLong(TableReport::bytesRemoved).sum();
  }
}
