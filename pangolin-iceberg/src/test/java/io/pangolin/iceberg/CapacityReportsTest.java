package io.pangolin.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.AssetKind;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NewAsset;
import io.pangolin.api.RequestContext;
import io.pangolin.api.ValidationException;
import io.pangolin.core.Pangolin;
import io.pangolin.store.memory.MemoryMetadataStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog summary's TTL on the reports' clock, and the bounds of the report windows. */
class CapacityReportsTest {
  /** A clock the test moves. */
  private static final class SetClock extends Clock {
    volatile Instant now = Instant.parse("2026-12-05T10:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @TempDir
  Path warehouseDir;

  private final RequestContext acme = RequestContext.of("acme", "alice");
  private final SetClock clock = new SetClock();
  private Pangolin pangolin;
  private IcebergCatalogs catalogs;
  private CapacityReports reports;

  @BeforeEach
  void setUp() {
    pangolin = Pangolin.builder().localStorageRoots(TestRoots.TMP).store(new MemoryMetadataStore()).clock(clock)
        .build();
    pangolin.tenants().create(acme, "acme", Map.of());
    pangolin.warehouses().create(acme, "lake", "file://" + warehouseDir, Map.of());
    pangolin.catalogs().create(acme, "prod", "lake", Map.of());
    pangolin.namespaces().create(acme, "prod", NamespaceName.of("sales"), Map.of());
    catalogs = new IcebergCatalogs(pangolin);
    reports = new CapacityReports(catalogs, Duration.ofSeconds(60), clock);
  }

  @AfterEach
  void tearDown() {
    catalogs.close();
    pangolin.close();
  }

  private void table(String name) {
    pangolin.assets().create(acme, "prod", NamespaceName.of("sales"),
        new NewAsset(name, AssetKind.ICEBERG_TABLE, Optional.empty(), Map.of(), Optional.empty()));
  }

  @Test
  void summary_isReusedForTheTtl_thenComputedAgain() {
    table("a");
    CapacityReports.CatalogSummary first = reports.summary(pangolin.session(acme), "prod");
    assertThat(first.tables()).isEqualTo(1);
    assertThat(first.computedAt()).isEqualTo(clock.now);
    table("b");
    clock.now = clock.now.plusSeconds(59);
    assertThat(reports.summary(pangolin.session(acme), "prod")).isEqualTo(first);
    clock.now = clock.now.plusSeconds(1);
    CapacityReports.CatalogSummary second = reports.summary(pangolin.session(acme), "prod");
    assertThat(second.tables()).isEqualTo(2);
    assertThat(second.computedAt()).isEqualTo(clock.now);
  }

  @Test
  void windows_outOfBounds_areRefused() {
    assertThatThrownBy(() -> reports.growth(pangolin.session(acme), 0)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> reports.forecast(pangolin.session(acme), CapacityReports.MAX_MONTHS + 1))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void forecast_withOneObservedDay_isTodaysValue() {
    table("a");
    CapacityReports.Forecast f = reports.forecast(pangolin.session(acme), 3);
    assertThat(f.points()).hasSize(3).allSatisfy(p -> assertThat(p.tables()).isEqualTo(1));
    assertThat(f.method()).isEqualTo(CapacityReports.METHOD);
  }
}
