package io.pangolin.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AuditEvent;
import io.pangolin.api.AuditQuery;
import io.pangolin.api.ConflictException;
import io.pangolin.api.TenantPlacement;
import io.pangolin.api.UnavailableException;
import io.pangolin.spi.MetadataStore;
import io.pangolin.tenancy.TenantMover.Phase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tier moves on PostgreSQL: a tenant with 10 000 assets moves from the shared schema to a database of its own and
 * to a schema of its own while other tenants — and the tenant itself, through a second instance of the strategy
 * (another API server) — keep writing; a move interrupted after each of its phases, and one whose process is killed
 * half-way through the copy, completes when run again. Afterwards the tenant holds exactly what it held plus every
 * write acknowledged meanwhile (nothing lost, nothing twice, versions and ids kept) and its old place is empty.
 */
@TestInstance(Lifecycle.PER_CLASS)
class TenantMoveTest {
  static final int BIG = 10_000;

  @RegisterExtension
  static final PostgresPlaces PG = new PostgresPlaces();

  private PlacementTenancy tenancy;
  private TenantRoutingStore store;
  /** A second instance on the same databases, as another API server would be. */
  private PlacementTenancy other;

  /** Thrown by a test hook where a crash would stop the mover. */
  static final class Crash extends Error {
    Crash(String where) {
      super("simulated crash " + where);
    }
  }

  @BeforeAll
  void open() {
    tenancy = PG.open(Tier.SHARED);
    store = tenancy.controlPlane();
    other = PG.open(Tier.SHARED);
  }

  @AfterAll
  void resetHooks() {
    tenancy.mover().phaseListener = p -> { };
    tenancy.mover().progressListener = n -> { };
  }

  // ---- the big moves, under load ----------------------------------------------------------------------------

  @Test
  void move_of10000Assets_sharedToDedicated_whileEveryoneKeepsWriting_losesAndDuplicatesNothing() throws Exception {
    moveUnderLoad("big-dedicated", Tier.DEDICATED);
  }

  @Test
  void move_of10000Assets_sharedToHybrid_whileEveryoneKeepsWriting_losesAndDuplicatesNothing() throws Exception {
    moveUnderLoad("big-hybrid", Tier.HYBRID);
  }

  private void moveUnderLoad(String tenant, Tier to) throws Exception {
    Data.tenant(store, tenant, Tier.SHARED);
    Data.populate(store, tenant, BIG, 200);
    String neighbourShared = tenant + "-n1";
    String neighbourHybrid = tenant + "-n2";
    Data.tenant(store, neighbourShared, Tier.SHARED);
    Data.populate(store, neighbourShared, 50, 5);
    Data.tenant(store, neighbourHybrid, Tier.HYBRID);
    Data.populate(store, neighbourHybrid, 50, 5);
    Data.Snapshot before = Data.snapshot(store, tenant);
    Data.Snapshot neighbourBefore = Data.snapshot(store, neighbourShared);

    AtomicBoolean stop = new AtomicBoolean();
    List<Writer> writers = List.of(
        new Writer(other.controlPlane(), tenant, stop),         // the moving tenant, through another instance
        new Writer(store, tenant, stop),                        // … and through this one
        new Writer(store, neighbourShared, stop),
        new Writer(other.controlPlane(), neighbourHybrid, stop));
    writers.forEach(Writer::start);
    TenantMover.Result result;
    try {
      await(() -> writers.stream().allMatch(w -> w.created.size() >= 3));
      result = tenancy.mover().move(tenant, to);
      await(() -> writers.stream().allMatch(w -> w.created.size() >= 6)); // they keep working after the move
    } finally {
      stop.set(true);
      for (Writer w : writers) {
        w.join(TimeUnit.SECONDS.toMillis(60));
      }
    }

    System.out.printf("moved %s to %s: %s, took %d ms, writes paused %d ms%n", tenant, to.key(), result.digest(),
        result.took().toMillis(), result.writesPaused().toMillis());
    for (Writer w : writers) {
      assertThat(w.failures).as("failed writes of %s", w.getName()).isEmpty();
    }
    TenantPlacement placement = tenancy.placement(tenant);
    assertThat(placement.tier()).isEqualTo(to.key());
    assertThat(placement.moveTo()).isEmpty();
    assertThat(result.copied()).isGreaterThanOrEqualTo(BIG);

    // nothing lost, nothing twice: the seeded assets unchanged (ids, versions, timestamps), plus every acknowledged
    // create, and the hot asset carries every acknowledged increment
    Map<AssetKey, Asset> after = Data.assets(store, tenant).stream()
        .collect(Collectors.toMap(Asset::key, a -> a));
    for (Asset a : before.assets()) {
      assertThat(after.get(a.key())).as("asset %s", a.key()).isEqualTo(a);
    }
    List<Writer> mine = writers.subList(0, 2);
    Set<AssetKey> live = mine.stream().flatMap(w -> w.created.stream()).collect(Collectors.toSet());
    assertThat(after.keySet()).containsAll(live);
    assertThat(after.size()).as("assets after the move").isEqualTo(before.assets().size() + live.size() + mine.size());
    for (Writer w : mine) {
      assertThat(counter(store, tenant, w.hot)).as("increments of %s", w.getName()).isEqualTo(w.increments.get());
    }
    List<AuditEvent> audit = Data.audit(store, tenant);
    assertThat(audit).containsAll(before.audit());
    assertThat(audit.stream().map(AuditEvent::id).distinct().count()).isEqualTo(audit.size());

    // the neighbours kept everything and everything they wrote
    for (Writer w : writers.subList(2, 4)) {
      Set<AssetKey> keys = Data.assets(store, w.tenant).stream().map(Asset::key).collect(Collectors.toSet());
      assertThat(keys).containsAll(w.created);
      assertThat(counter(store, w.tenant, w.hot)).isEqualTo(w.increments.get());
    }
    assertThat(Data.snapshot(store, neighbourShared).warehouses()).isEqualTo(neighbourBefore.warehouses());

    // the old place is empty: no row of the tenant is left in the shared schema
    assertThat(PG.rowsInSharedSchema(tenant)).isZero();
    assertThat(PG.placeExists(tenancy.placement(tenant))).isTrue();
  }

  /** Creates assets and increments a counter on its own hot asset, recording what was acknowledged. */
  private static final class Writer extends Thread {
    final MetadataStore store;
    final String tenant;
    final AtomicBoolean stop;
    final String hot;
    final List<AssetKey> created = new CopyOnWriteArrayList<>();
    final AtomicInteger increments = new AtomicInteger();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    Writer(MetadataStore store, String tenant, AtomicBoolean stop) {
      super("writer-" + tenant + "-" + System.identityHashCode(store));
      this.store = store;
      this.tenant = tenant;
      this.stop = stop;
      this.hot = "hot-" + getName().hashCode();
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        Instant now = Data.now();
        store.createAsset(Data.asset(tenant, "cat", Data.SALES, hot, now, 0).withVersion(0));
        for (int i = 0; !stop.get(); i++) {
          Asset a = store.createAsset(Data.asset(tenant, "cat", Data.EMEA, "live-" + getName().hashCode() + "-" + i,
              Data.now(), 0));
          created.add(a.key());
          Asset h = store.getAsset(tenant, new AssetKey("cat", Data.SALES, hot)).orElseThrow();
          Map<String, String> p = new HashMap<>(h.properties());
          p.put("counter", Integer.toString(Integer.parseInt(p.getOrDefault("counter", "0")) + 1));
          store.updateAsset(new Asset(tenant, h.id(), h.catalog(), h.namespace(), h.name(), h.kind(), h.location(),
              p, h.metadataLocation(), h.createdAt(), Data.now(), h.version()), h.version());
          increments.incrementAndGet();
          Thread.sleep(5);
        }
      } catch (Throwable t) {
        failures.add(t);
      }
    }
  }

  private static int counter(MetadataStore store, String tenant, String hot) {
    return Integer.parseInt(store.getAsset(tenant, new AssetKey("cat", Data.SALES, hot)).orElseThrow().properties()
        .getOrDefault("counter", "0"));
  }

  // ---- interrupted moves ------------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(value = Phase.class, names = {"MARKED", "PROVISIONED", "COPIED", "SWITCHING", "SYNCED", "VERIFIED",
      "SWITCHED"})
  void move_interruptedAfterAnyPhase_completesWhenRunAgain(Phase phase) {
    String tenant = "crash-" + phase.name().toLowerCase();
    Tier to = phase.ordinal() % 2 == 0 ? Tier.DEDICATED : Tier.HYBRID;
    Data.tenant(store, tenant, Tier.SHARED);
    Data.populate(store, tenant, 300, 20);
    Data.Snapshot before = Data.snapshot(store, tenant);

    tenancy.mover().phaseListener = p -> {
      if (p == phase) {
        throw new Crash("after " + p);
      }
    };
    try {
      assertThatThrownBy(() -> tenancy.mover().move(tenant, to)).isInstanceOf(Crash.class);
    } finally {
      tenancy.mover().phaseListener = p -> { };
    }

    // reads never stop: the tenant's data is whole wherever the registry routes it now
    assertThat(Data.snapshot(store, tenant).assets()).isEqualTo(before.assets());
    TenantPlacement interrupted = tenancy.placement(tenant);
    if (phase.compareTo(Phase.SWITCHED) < 0) {
      assertThat(interrupted.tier()).isEqualTo("shared");
      assertThat(interrupted.moveTo()).contains(to.key());
    } else {
      assertThat(interrupted.tier()).isEqualTo(to.key());
    }

    TenantMover.Result rerun = tenancy.mover().move(tenant, to);

    assertThat(rerun.to()).isEqualTo(to);
    assertThat(tenancy.placement(tenant).tier()).isEqualTo(to.key());
    assertThat(tenancy.placement(tenant).moveTo()).isEmpty();
    Data.Snapshot after = Data.snapshot(store, tenant);
    assertThat(after.warehouses()).isEqualTo(before.warehouses());
    assertThat(after.catalogs()).isEqualTo(before.catalogs());
    assertThat(after.assets()).isEqualTo(before.assets());
    assertThat(after.users()).isEqualTo(before.users());
    assertThat(after.audit()).containsAll(before.audit());
    assertThat(after.audit()).hasSize(before.audit().size());
    assertThat(PG.rowsInSharedSchema(tenant)).isZero();
    // and it takes writes again
    store.createAsset(Data.asset(tenant, "cat", Data.SALES, "after-rerun", Data.now(), 0));
  }

  @Test
  void move_interruptedHalfWayThroughTheCopy_completesWhenRunAgain() {
    String tenant = "half-way";
    Data.tenant(store, tenant, Tier.SHARED);
    Data.populate(store, tenant, BIG, 10);
    Data.Snapshot before = Data.snapshot(store, tenant);
    tenancy.mover().progressListener = n -> {
      if (n >= BIG / 2) {
        throw new Crash("after copying " + n + " assets");
      }
    };
    try {
      assertThatThrownBy(() -> tenancy.mover().move(tenant, Tier.HYBRID)).isInstanceOf(UnavailableException.class);
    } finally {
      tenancy.mover().progressListener = n -> { };
    }
    assertThat(tenancy.placement(tenant).moveState()).contains("copying");
    // writes go on while the move waits to be run again
    store.createAsset(Data.asset(tenant, "cat", Data.SALES, "between-runs", Data.now(), 0));

    tenancy.mover().move(tenant, Tier.HYBRID);

    List<Asset> after = Data.assets(store, tenant);
    assertThat(after).hasSize(BIG + 1).containsAll(before.assets());
    assertThat(PG.rowsInSharedSchema(tenant)).isZero();
  }

  /**
   * The mover runs in another JVM, which is killed (SIGKILL) once half of the assets are copied; this JVM runs the
   * move again.
   */
  @Test
  void move_whoseProcessIsKilledHalfWay_completesWhenRunAgainElsewhere() throws Exception {
    String tenant = "killed";
    Data.tenant(store, tenant, Tier.SHARED);
    Data.populate(store, tenant, BIG, 10);
    Data.Snapshot before = Data.snapshot(store, tenant);

    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        MoveInAnotherProcess.class.getName(), PG.url(), PG.prefix(), tenant, Tier.DEDICATED.key())
        .redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      long copied = 0;
      while (copied < BIG / 2 && (line = out.readLine()) != null) {
        if (line.startsWith("copied ")) {
          copied = Long.parseLong(line.substring(7).trim());
        }
      }
      assertThat(copied).as("the child reported its progress").isGreaterThanOrEqualTo(BIG / 2);
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(tenancy.placement(tenant).moveState()).contains("copying");
    assertThat(Data.assets(store, tenant)).isEqualTo(before.assets());

    tenancy.mover().move(tenant, Tier.DEDICATED);

    assertThat(tenancy.placement(tenant).tier()).isEqualTo("dedicated");
    assertThat(Data.assets(store, tenant)).isEqualTo(before.assets());
    assertThat(PG.rowsInSharedSchema(tenant)).isZero();
  }

  // ---- other directions and refusals ------------------------------------------------------------------------

  @Test
  void move_keepsTheArchivedAuditEvents_andTheLog() {
    String tenant = "archived";
    Data.tenant(store, tenant, Tier.SHARED);
    Data.populate(store, tenant, 20, 6);
    List<AuditEvent> all = Data.audit(store, tenant); // newest first
    assertThat(store.archiveAudit(tenant, all.get(1).timestamp())).isEqualTo(4);
    List<AuditEvent> archived = Pages.all(p -> store.queryArchivedAudit(tenant, AuditQuery.ALL, p));
    List<AuditEvent> live = Data.audit(store, tenant);
    assertThat(archived).hasSize(4);

    tenancy.mover().move(tenant, Tier.DEDICATED);

    assertThat(tenancy.placement(tenant).tier()).isEqualTo("dedicated");
    assertThat(Pages.all(p -> store.queryArchivedAudit(tenant, AuditQuery.ALL, p))).isEqualTo(archived);
    assertThat(Data.audit(store, tenant)).containsAll(live).doesNotContainAnyElementsOf(archived);
  }

  @Test
  void move_backAndForth_dedicatedToSharedToHybrid_keepsEverything() {
    String tenant = "roundtrip";
    Data.tenant(store, tenant, Tier.DEDICATED);
    Data.populate(store, tenant, 120, 5);
    Data.Snapshot before = Data.snapshot(store, tenant);
    TenantPlacement dedicated = tenancy.placement(tenant);

    tenancy.mover().move(tenant, Tier.SHARED);
    assertThat(tenancy.placement(tenant).tier()).isEqualTo("shared");
    assertThat(PG.placeExists(dedicated)).isFalse();
    tenancy.mover().move(tenant, Tier.HYBRID);

    assertThat(tenancy.placement(tenant).tier()).isEqualTo("hybrid");
    assertThat(Data.assets(store, tenant)).isEqualTo(before.assets());
    assertThat(PG.rowsInSharedSchema(tenant)).isZero();
    assertThat(tenancy.mover().move(tenant, Tier.HYBRID).copied()).as("already there").isZero();
  }

  @Test
  void abort_ofAnUnfinishedMove_leavesTheTenantWhereItWasAndDropsTheCopy() {
    String tenant = "aborted";
    Data.tenant(store, tenant, Tier.SHARED);
    Data.populate(store, tenant, 100, 5);
    tenancy.mover().phaseListener = p -> {
      if (p == Phase.COPIED) {
        throw new Crash("after copying");
      }
    };
    try {
      assertThatThrownBy(() -> tenancy.mover().move(tenant, Tier.DEDICATED)).isInstanceOf(Crash.class);
    } finally {
      tenancy.mover().phaseListener = p -> { };
    }
    TenantPlacement moving = tenancy.placement(tenant);
    assertThatThrownBy(() -> tenancy.mover().move(tenant, Tier.HYBRID)).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> store.deleteTenant(tenant)).isInstanceOf(ConflictException.class);

    TenantPlacement aborted = tenancy.mover().abort(tenant);

    assertThat(aborted.tier()).isEqualTo("shared");
    assertThat(aborted.moveTo()).isEmpty();
    assertThat(moving.moveTo()).contains("dedicated");
    assertThat(PG.databaseExists(PG.prefix() + tenant)).isFalse();
    assertThat(Data.assets(store, tenant)).hasSize(100);
    store.createAsset(Data.asset(tenant, "cat", Data.SALES, "after-abort", Data.now(), 0));
  }

  @Test
  void move_ofTenantCreatedBeforeTenancy_givesItAPlacementAndMovesIt() {
    String tenant = "legacy";
    // written straight into the shared store, as a deployment without tenancy did
    Instant now = Data.now();
    store.control.createTenant(new io.pangolin.api.Tenant(tenant, Map.of(), now, now, 0));
    Data.populate(store.control, tenant, 40, 3);
    assertThat(tenancy.placement(tenant).tier()).isEqualTo("shared");
    assertThat(Data.assets(store, tenant)).hasSize(40);

    tenancy.mover().move(tenant, Tier.HYBRID);

    assertThat(tenancy.placement(tenant).tier()).isEqualTo("hybrid");
    assertThat(Data.assets(store, tenant)).hasSize(40);
    assertThat(PG.rowsInSharedSchema(tenant)).isZero();
  }

  // ---- helpers ----------------------------------------------------------------------------------------------

  private static void await(java.util.function.BooleanSupplier condition) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(condition::getAsBoolean);
  }
}
