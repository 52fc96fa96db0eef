package io.pangolin.iceberg;

import io.pangolin.api.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one maintenance run does (see {@link TableMaintenance}).
 *
 * @param removeOldSnapshots expire snapshots older than {@code retentionDays} (Iceberg's {@code ExpireSnapshots})
 * @param retentionDays age in days past which a snapshot may expire, counted back from {@code asOf}
 * @param retainLast snapshots every branch keeps whatever their age (at least 1)
 * @param removeOrphanFiles delete files under the table's data and metadata locations that nothing references
 * @param orphanOlderThanDays only orphans created more than this many days before {@code asOf} (at least 1, so files
 *     of commits in progress are never taken)
 * @param cleanMetadataFiles delete metadata files the table no longer lists, if its property
 *     {@code write.metadata.delete-after-commit.enabled} is true
 * @param dryRun change nothing (no commit, no delete) and report what would go
 * @param asOf the reference "now" of the age cutoffs
 */
public record MaintenanceOptions(boolean removeOldSnapshots, int retentionDays, int retainLast,
    boolean removeOrphanFiles, int orphanOlderThanDays, boolean cleanMetadataFiles, boolean dryRun, Instant asOf) {
  /** Upper bound of the day counts (a century). */
  public static final int MAX_DAYS = 36_500;
  /** Upper bound of {@code retainLast}. */
  public static final int MAX_RETAIN_LAST = 1_000_000;

  public MaintenanceOptions {
    Objects.requireNonNull(asOf, "asOf");
    if (retentionDays < 0 || retentionDays > MAX_DAYS) {
      throw new ValidationException("retentionDays must be between 0 and " + MAX_DAYS);
    }
    if (retainLast < 1 || retainLast > MAX_RETAIN_LAST) {
      throw new ValidationException("retainLast must be between 1 and " + MAX_RETAIN_LAST);
    }
    if (orphanOlderThanDays < 1 || orphanOlderThanDays > MAX_DAYS) {
      throw new ValidationException("orphanOlderThanDays must be between 1 and " + MAX_DAYS);
    }
  }

  /** Snapshots with a timestamp before this expire (unless a branch or tag keeps them). */
  public Instant snapshotCutoff() {
    return asOf.minus(Duration.ofDays(retentionDays));
  }

  /** Unreferenced files created before this are orphans. */
  public Instant orphanCutoff() {
    return asOf.minus(Duration.ofDays(orphanOlderThanDays));
  }
}
