package io.pangolin.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AuditEvent;
import io.pangolin.api.ConflictException;
import io.pangolin.api.ForbiddenException;
import io.pangolin.api.PageRequest;
import io.pangolin.api.Tenant;
import io.pangolin.api.TenantPlacement;
import io.pangolin.api.TenantUsage;
import io.pangolin.api.ValidationException;
import io.pangolin.api.Warehouse;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.PlacementRecord;
import io.pangolin.spi.Providers;
import io.pangolin.spi.TenancyStrategy;
import io.pangolin.store.postgres.PostgresTestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Placement, provisioning and isolation on PostgreSQL, with tenants on all three tiers at once: where a tenant goes
 * at creation, what is provisioned and dropped, that equal names on different tiers never meet — down to the rows
 * in each schema and database — that a tenant's store refuses other tenants, usage under every tier, the
 * deployment-wide catalog count, and idle place stores.
 */
@TestInstance(Lifecycle.PER_CLASS)
class PlacementTest {
  @RegisterExtension
  static final PostgresPlaces PG = new PostgresPlaces();

  private PlacementTenancy tenancy;
  private TenantRoutingStore store;

  @BeforeAll
  void open() {
    tenancy = PG.open(Tier.HYBRID);
    store = tenancy.controlPlane();
  }

  @Test
  void provider_isFoundByEachTierName_andOpensThatDefault() {
    for (Tier tier : Tier.values()) {
      TenancyStrategy s = Providers.tenancy(tier.key()).open(PG.provider(), PG.storeConfig(),
          io.pangolin.spi.ProviderConfig.of(Map.of("place-prefix", PG.prefix(), "max-open-places", "2")));
      try {
        assertThat(s).isInstanceOf(PlacementTenancy.class);
        assertThat(s.name()).isEqualTo(tier.key());
      } finally {
        s.close();
      }
    }
  }

  @Test
  void createTenant_goesToTheDefaultTier_orToTheTierItNames_andProvisionsItsPlace() {
    Data.tenant(store, "p-default", null);
    Data.tenant(store, "p-shared", Tier.SHARED);
    Data.tenant(store, "p-dedicated", Tier.DEDICATED);

    TenantPlacement hybrid = tenancy.placement("p-default");
    assertThat(hybrid.tier()).isEqualTo("hybrid");
    assertThat(hybrid.target()).isEqualTo(PG.prefix() + "p_0default");
    assertThat(PG.schemaExists(hybrid.target())).isTrue();
    assertThat(tenancy.placement("p-shared")).isEqualTo(TenantPlacement.of("p-shared", "shared", ""));
    TenantPlacement dedicated = tenancy.placement("p-dedicated");
    assertThat(dedicated.target()).isEqualTo(PG.prefix() + "p_0dedicated");
    assertThat(PG.databaseExists(dedicated.target())).isTrue();
    // the placement is not a tenant property
    assertThat(store.getTenant("p-dedicated").orElseThrow().properties()).containsOnlyKeys("display-name");
  }

  @Test
  void createTenant_withInvalidPlacement_isRefusedAndLeavesNothing_andNoPropertyIsReserved() {
    Instant now = Data.now();
    Tenant refused = new Tenant("p-refused", Map.of(), now, now, 0);
    assertThatThrownBy(() -> tenancy.create(refused, Optional.of("platinum"), Optional.empty()))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> tenancy.create(refused, Optional.of("hybrid"), Optional.of("eu")))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> tenancy.create(refused, Optional.of("dedicated"), Optional.of("nowhere")))
        .isInstanceOf(ValidationException.class);
    assertThat(store.getTenant("p-refused")).isEmpty();
    assertThatThrownBy(() -> tenancy.placement("p-refused")).isInstanceOf(io.pangolin.api.NotFoundException.class);

    // no property name is reserved, and no property moves a tenant: placement is a record of its own
    Tenant t = Data.tenant(store, "p-props", Tier.SHARED);
    Tenant updated = store.updateTenant(new Tenant(t.name(), Map.of("pangolin.placement.tier", "dedicated"),
        t.createdAt(), t.updatedAt(), 1), 1);
    assertThat(updated.properties()).containsEntry("pangolin.placement.tier", "dedicated");
    assertThat(tenancy.placement("p-props").tier()).isEqualTo(Tier.SHARED.key());
  }

  @Test
  void placements_areRecordsOfTheirOwn_andTheTenantTableHoldsTenantsOnly() {
    Data.tenant(store, "zz-last", Tier.HYBRID);

    List<String> names = Pages.all(p -> store.control.listTenants(new PageRequest(p.token(), 1000))).stream()
        .map(Tenant::name).toList();
    assertThat(names).contains("zz-last").allMatch(n -> n.matches("[a-z0-9_-]+"));
    List<PlacementRecord> placements = Pages.all(p -> store.control.listPlacements(new PageRequest(p.token(),
        3)));
    assertThat(placements).filteredOn(p -> p.tenant().equals("zz-last")).singleElement()
        .satisfies(p -> assertThat(p.place()).isEqualTo(new PlacementRecord.Place("hybrid",
            tenancy.placement("zz-last").target())));
  }

  @Test
  void tenantsWithEqualNames_onEveryTier_neverSeeEachOther_downToTheRowsOfEachPlace() throws SQLException {
    Map<Tier, String> tenants = Map.of(Tier.SHARED, "iso-shared", Tier.HYBRID, "iso-hybrid", Tier.DEDICATED,
        "iso-dedicated");
    tenants.forEach((tier, name) -> {
      Data.tenant(store, name, tier);
      Data.populate(store, name, 30, 3);
    });

    for (String name : tenants.values()) {
      List<Asset> assets = Data.assets(store, name);
      assertThat(assets).hasSize(30).allMatch(a -> a.tenant().equals(name));
      assertThat(Data.audit(store, name)).hasSize(3).allMatch(e -> e.tenant().equals(name));
      assertThat(store.getWarehouse(name, "wh").orElseThrow().storageRoot()).isEqualTo("s3://bucket/" + name);
    }
    // a change in one tenant leaves the equally named entities of the others alone
    Asset a = store.getAsset("iso-hybrid", new AssetKey("cat2", io.pangolin.api.NamespaceName.of("ns0"), "a00001"))
        .orElseThrow();
    store.deleteAsset("iso-hybrid", a.key());
    assertThat(store.getAsset("iso-shared", a.key())).isPresent();
    assertThat(store.getAsset("iso-dedicated", a.key())).isPresent();

    // physically: each place holds its own tenant's rows only
    assertThat(tenantsIn(PG.url(), "pangolin")).doesNotContain("iso-hybrid", "iso-dedicated").contains("iso-shared");
    assertThat(tenantsIn(PG.url(), tenancy.placement("iso-hybrid").target())).containsExactly("iso-hybrid");
    assertThat(tenantsIn(PostgresTestServer.url(tenancy.placement("iso-dedicated").target()),
        "pangolin")).containsExactly("iso-dedicated");
  }

  /** The distinct tenants of the asset, catalog and audit rows of one schema. */
  private static List<String> tenantsIn(String url, String schema) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = io.pangolin.store.postgres.PostgresTestServer.connect(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT DISTINCT tenant FROM (SELECT tenant FROM " + schema + ".assets UNION "
            + "SELECT tenant FROM " + schema + ".catalogs UNION SELECT tenant FROM " + schema + ".audit_logs) t "
            + "ORDER BY 1")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  void storeFor_aTenant_refusesEveryCallNamingAnotherTenant() {
    Data.tenant(store, "bound-a", Tier.HYBRID);
    Data.tenant(store, "bound-b", Tier.DEDICATED);
    Data.populate(store, "bound-b", 5, 1);
    MetadataStore a = tenancy.storeFor("bound-a");
    Instant now = Data.now();

    assertThatThrownBy(() -> a.getWarehouse("bound-b", "wh")).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> a.createWarehouse(new Warehouse("bound-b", "x", "s3://x", Map.of(), now, now, 0)))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> a.queryAudit("bound-b", io.pangolin.api.AuditQuery.ALL, PageRequest.first()))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> a.listTenants(PageRequest.first())).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(a::countCatalogs).isInstanceOf(ForbiddenException.class);
    assertThat(a.createWarehouse(new Warehouse("bound-a", "wh", "s3://a", Map.of(), now, now, 0)).version())
        .isEqualTo(1);
    assertThat(a).isEqualTo(tenancy.storeFor("bound-a")).isNotEqualTo(tenancy.storeFor("bound-b"));
  }

  @Test
  void deleteTenant_dropsItsPlace_keepsItsAuditTrail_andRecordsTheDrop() {
    for (Tier tier : List.of(Tier.HYBRID, Tier.DEDICATED)) {
      String name = "gone-" + tier.key();
      Data.tenant(store, name, tier);
      Data.populate(store, name, 3, 4);
      TenantPlacement p = tenancy.placement(name);
      List<AuditEvent> trail = Data.audit(store, name);

      assertThatThrownBy(() -> store.deleteTenant(name)).isInstanceOf(ConflictException.class);
      assertThatThrownBy(() -> tenancy.deprovision(name)).isInstanceOf(ConflictException.class);
      assertThat(PG.placeExists(p)).isTrue();
      new TenantSync(name, 100, java.util.concurrent.ForkJoinPool.commonPool(), 2, n -> { })
          .deleteAll(store);
      store.deleteTenant(name);

      assertThat(store.getTenant(name)).isEmpty();
      assertThat(PG.placeExists(p)).as("place of %s", name).isFalse();
      // the tenant's log, kept in the shared store, is exactly what it recorded
      assertThat(Data.audit(store, name)).containsExactlyElementsOf(trail);
      tenancy.deprovision(name); // idempotent
    }
  }

  @Test
  void usage_isMeasuredAlikeUnderEveryTier() {
    Map<Tier, TenantUsage> usage = new HashMap<>();
    for (Tier tier : Tier.values()) {
      String name = "usage-" + tier.key();
      Data.tenant(store, name, tier);
      Data.populate(store, name, 25, 2);
      usage.put(tier, tenancy.usage(name));
    }
    for (Tier tier : Tier.values()) {
      TenantUsage u = usage.get(tier);
      assertThat(u.tier()).isEqualTo(tier.key());
      assertThat(u.catalogs()).isEqualTo(2);
      assertThat(u.namespaces()).isEqualTo(3);
      assertThat(u.assets()).isEqualTo(25);
      assertThat(u.users()).isEqualTo(2);
      assertThat(u.totalSizeBytes()).isEqualTo(25_000);
      assertThat(u.assetsWithSize()).isEqualTo(25);
    }
  }

  @Test
  void countCatalogs_countsTheCatalogsOfEveryTier() {
    long before = store.countCatalogs();
    for (Tier tier : Tier.values()) {
      String name = "count-" + tier.key();
      Data.tenant(store, name, tier);
      Data.populate(store, name, 1, 0);
    }
    assertThat(store.countCatalogs()).isEqualTo(before + 6);
    Instant now = Data.now();
    for (Tier tier : Tier.values()) {
      store.createCatalog(new io.pangolin.api.Catalog("count-" + tier.key(), "spare", "wh", Map.of(), now, now, 0));
    }
    assertThat(store.countCatalogs()).isEqualTo(before + 9);
    store.deleteCatalog("count-dedicated", "spare");
    store.deleteCatalog("count-hybrid", "spare");
    assertThat(store.countCatalogs()).isEqualTo(before + 7);
  }

  @Test
  void placeStores_areClosedWhenIdle_andReopenedOnUse() throws InterruptedException {
    PlacementTenancy quick = PG.open(Tier.HYBRID, b -> b.idleTimeout(Duration.ofSeconds(2))); // not shorter: a pause must not close it again before it is counted
    TenantRoutingStore s = quick.controlPlane();
    Data.tenant(s, "idle-one", null);
    Data.populate(s, "idle-one", 2, 0);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (quick.openPlaces() > 0) {
      assertThat(System.nanoTime()).as("idle place stores closed").isLessThan(deadline);
      Thread.sleep(20);
    }
    assertThat(Data.assets(s, "idle-one")).hasSize(2);
    assertThat(quick.openPlaces()).isEqualTo(1);
  }

  @Test
  void openPlaceStores_stayBoundedByMaxOpenPlaces() {
    PlacementTenancy bounded = PG.open(Tier.HYBRID, b -> b.maxOpenPlaces(2));
    TenantRoutingStore s = bounded.controlPlane();
    for (int i = 0; i < 5; i++) {
      Data.tenant(s, "bounded-" + i, null);
      Data.populate(s, "bounded-" + i, 1, 0);
      assertThat(bounded.openPlaces()).isLessThanOrEqualTo(2);
    }
  }
}
