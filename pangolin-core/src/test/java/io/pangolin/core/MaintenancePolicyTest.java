package io.pangolin.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.RequestContext;
import io.pangolin.api.ValidationException;
import io.pangolin.store.memory.MemoryMetadataStore;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A catalog's maintenance policy is checked when it is written, not first when the scheduler reads it. */
class MaintenancePolicyTest {
  private final RequestContext acme = RequestContext.of("acme", "alice");
  private Pangolin pangolin;

  @BeforeEach
  void setUp() {
    pangolin = Pangolin.builder().store(new MemoryMetadataStore()).build();
    pangolin.tenants().create(acme, "acme", Map.of());
    pangolin.warehouses().create(acme, "lake", "s3://bucket/lake", Map.of());
  }

  @AfterEach
  void tearDown() {
    pangolin.close();
  }

  @Test
  void create_refusesAnUnreadablePolicy_andWritesNothing() {
    for (Map<String, String> bad : java.util.List.of(
        Map.of("pangolin.maintenance.retention-days", "soon"),
        Map.of("pangolin.maintenance.retention-days", "-1"),
        Map.of("pangolin.maintenance.retain-last", "0"),
        Map.of("pangolin.maintenance.orphan-older-than-days", "99999"),
        Map.of("pangolin.maintenance.retention-dayz", "30"))) {
      assertThatThrownBy(() -> pangolin.catalogs().create(acme, "prod", "lake", bad)).as(bad.toString())
          .isInstanceOf(ValidationException.class).hasMessageContaining("pangolin.maintenance.");
      assertThat(pangolin.catalogs().find(acme, "prod")).as(bad.toString()).isEmpty();
    }
    assertThat(pangolin.catalogs().create(acme, "prod", "lake", Map.of("pangolin.maintenance.retention-days", "30",
        "pangolin.maintenance.retain-last", "2", "owner", "ops")).properties())
        .containsEntry("pangolin.maintenance.retention-days", "30");
  }

  @Test
  void update_refusesAnUnreadablePolicy_andKeepsTheOldOne() {
    pangolin.catalogs().create(acme, "prod", "lake", Map.of("pangolin.maintenance.retention-days", "30"));
    assertThatThrownBy(() -> pangolin.catalogs().updateProperties(acme, "prod",
        Map.of("pangolin.maintenance.retention-days", "thirty"), Set.of()))
        .isInstanceOf(ValidationException.class).hasMessageContaining("whole number");
    assertThat(pangolin.catalogs().get(acme, "prod").properties())
        .containsEntry("pangolin.maintenance.retention-days", "30");
    assertThat(pangolin.catalogs().updateProperties(acme, "prod", Map.of(),
        Set.of("pangolin.maintenance.retention-days")).properties()).doesNotContainKey(
        "pangolin.maintenance.retention-days");
    assertThat(MaintenancePolicy.number(Map.of("pangolin.maintenance.retain-last", " 7 "), "retain-last"))
        .contains(7);
  }
}
