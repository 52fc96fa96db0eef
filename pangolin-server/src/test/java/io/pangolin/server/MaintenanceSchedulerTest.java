package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import io.pangolin.api.ValidationException;
import io.pangolin.iceberg.MaintenanceOptions;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The schedule is off by default (no thread), and a catalog's properties map to the maintenance they ask for.
 * Scheduled runs on two servers are tested by {@link ScheduledMaintenanceIT}.
 */
@HelidonTest
class MaintenanceSchedulerTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Inject
  MaintenanceScheduler scheduler;

  @Test
  void offByDefault_noThread() {
    assertThat(scheduler.running()).isFalse();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("pangolin-maintenance-scheduler"));
  }

  @Test
  void catalogWithoutPolicy_isNotMaintained() {
    assertThat(MaintenanceScheduler.policy(Map.of("owner", "x"), NOW)).isEmpty();
  }

  @Test
  void retentionPolicy_expiresSnapshotsOnly() {
    MaintenanceOptions o = MaintenanceScheduler.policy(Map.of("pangolin.maintenance.retention-days", "30",
        "pangolin.maintenance.retain-last", "5"), NOW).orElseThrow();

    assertThat(o.removeOldSnapshots()).isTrue();
    assertThat(o.retentionDays()).isEqualTo(30);
    assertThat(o.retainLast()).isEqualTo(5);
    assertThat(o.removeOrphanFiles()).isFalse();
    assertThat(o.dryRun()).isFalse();
  }

  @Test
  void orphanPolicy_removesOrphansOnly() {
    MaintenanceOptions o = MaintenanceScheduler.policy(Map.of("pangolin.maintenance.orphan-older-than-days", "3"),
        NOW).orElseThrow();

    assertThat(o.removeOldSnapshots()).isFalse();
    assertThat(o.removeOrphanFiles()).isTrue();
    assertThat(o.orphanOlderThanDays()).isEqualTo(3);
  }

  @Test
  void badPolicyValue_isRefused() {
    assertThatExceptionOfType(ValidationException.class).isThrownBy(() -> MaintenanceScheduler.policy(
        Map.of("pangolin.maintenance.retention-days", "soon"), NOW));
    assertThatExceptionOfType(ValidationException.class).isThrownBy(() -> MaintenanceScheduler.policy(
        Map.of("pangolin.maintenance.retention-days", "-1"), NOW));
  }
}
