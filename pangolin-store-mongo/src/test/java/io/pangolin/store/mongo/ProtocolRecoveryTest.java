package io.pangolin.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.Catalog;
import io.pangolin.api.ConflictException;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.PageRequest;
import io.pangolin.api.UnavailableException;
import io.pangolin.spi.AssetUpdate;
import io.pangolin.spi.tck.Fixtures;
import io.pangolin.store.mongo.MongoStoreConfig.TransactionMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fallback protocol after a crash: each test drives the internal steps of an operation and stops where a crash
 * would stop it, then checks what readers see, that nothing blocks for longer than the intent timeout (a test clock
 * moves past it), and that finishing the operation — by the next reader or writer, or by the maintenance sweep — is
 * correct and can be run again.
 */
class ProtocolRecoveryTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration PAST_TIMEOUT = TIMEOUT.plusSeconds(1);
  private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
  private static MongoMetadataStore store;

  private record Scope(String tenant, String catalog, NamespaceName namespace) {
    AssetKey key(String name) {
      return new AssetKey(catalog, namespace, name);
    }
  }

  @BeforeAll
  static void open() {
    store = MongoMetadataStore.open(TestServers.config(TestServers.sharedUri(), TestServers.database("recovery"))
        .transactions(TransactionMode.OFF).intentTimeout(TIMEOUT).build(), new StoreOptions(CLOCK, b -> {}));
  }

  @AfterAll
  static void close() {
    store.close();
  }

  private static Scope newScope() {
    String tenant = store.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))).name();
    store.createWarehouse(Fixtures.warehouse(tenant, "wh"));
    store.createCatalog(Fixtures.catalog(tenant, "cat", "wh"));
    store.createNamespace(Fixtures.namespace(tenant, "cat", NamespaceName.of("ns")));
    return new Scope(tenant, "cat", NamespaceName.of("ns"));
  }

  private static Asset newAsset(Scope s, String name) {
    return store.createAsset(Fixtures.asset(s.tenant(), s.catalog(), s.namespace(), name, AssetKind.ICEBERG_TABLE));
  }

  private static Document marker(String op, String kind) {
    return new Document(Context.OP, op).append(Context.AT, Docs.micros(CLOCK.instant())).append(Context.KIND, kind);
  }

  private static Document raw(String collection, Document key) {
    return store.database().getCollection(collection).find(key).first();
  }

  private static long intentsOf(String tenant) {
    return store.database().getCollection(Schema.INTENTS).countDocuments(new Document(Docs.TENANT, tenant));
  }

  // ---- create -------------------------------------------------------------------------------------------------

  @Test
  void createInterruptedAfterItsPendingInsert_isInvisible_refusesTheParentDelete_andIsRetractedWhenStale() {
    Scope s = newScope();
    Asset crashed = Fixtures.asset(s.tenant(), s.catalog(), s.namespace(), "orders", AssetKind.ICEBERG_TABLE);
    String op = Context.newOp();
    Document key = Docs.assetKey(s.tenant(), crashed.key());
    store.protocol().insertPending(Schema.ASSETS, key,
        Docs.assetDoc(crashed, 1).append(Docs.PENDING, marker(op, Context.CREATE)), op, "asset");

    assertThat(store.getAsset(s.tenant(), s.key("orders"))).isEmpty();
    assertThat(store.listAssets(s.tenant(), s.catalog(), s.namespace(), Optional.empty(), PageRequest.first())
        .items()).isEmpty();
    assertThat(store.countAssets(s.tenant(), s.catalog())).isZero();
    assertThatExceptionOfType(ConflictException.class)
        .isThrownBy(() -> store.deleteNamespace(s.tenant(), s.catalog(), s.namespace()));

    CLOCK.advance(PAST_TIMEOUT);
    Asset again = newAsset(s, "orders");

    assertThat(again.version()).isEqualTo(1);
    assertThat(store.getAsset(s.tenant(), s.key("orders"))).contains(again);
    assertThat(raw(Schema.ASSETS, key)).doesNotContainKey(Docs.PENDING);
  }

  @Test
  void createInterruptedAfterItsPendingInsert_isRetractedByTheSweep_andTheParentCanBeDeleted() {
    Scope s = newScope();
    String op = Context.newOp();
    Document key = Docs.namespaceKey(s.tenant(), s.catalog(), NamespaceName.of("ns", "child"));
    store.protocol().insertPending(Schema.NAMESPACES, key, Docs.namespaceDoc(Fixtures.namespace(s.tenant(),
        s.catalog(), NamespaceName.of("ns", "child")), 1).append(Docs.PENDING, marker(op, Context.CREATE)), op, "ns");

    assertThat(store.protocol().sweep()).as("nothing is stale yet").isZero();
    CLOCK.advance(PAST_TIMEOUT);
    assertThat(store.protocol().sweep()).isPositive();
    assertThat(store.protocol().sweep()).as("running the sweep again").isZero();

    assertThat(raw(Schema.NAMESPACES, key)).isNull();
    store.deleteNamespace(s.tenant(), s.catalog(), s.namespace());
    assertThat(store.getNamespace(s.tenant(), s.catalog(), s.namespace())).isEmpty();
  }

  // ---- delete -------------------------------------------------------------------------------------------------

  @Test
  void deleteInterruptedAfterItsLock_leavesTheParentUsable_andTheLockIsBrokenWhenStale() {
    Scope s = newScope();
    Document nsKey = Docs.namespaceKey(s.tenant(), s.catalog(), s.namespace());
    String op = Context.newOp();
    store.protocol().lockForDelete(Schema.NAMESPACES, nsKey, op, "namespace");

    assertThat(store.getNamespace(s.tenant(), s.catalog(), s.namespace())).isPresent();
    assertThat(store.listNamespaces(s.tenant(), s.catalog(), NamespaceName.ROOT, PageRequest.first()).items())
        .hasSize(1);

    CLOCK.advance(PAST_TIMEOUT);
    Asset created = newAsset(s, "orders");

    assertThat(store.getAsset(s.tenant(), s.key("orders"))).contains(created);
    assertThat(raw(Schema.NAMESPACES, nsKey)).doesNotContainKey(Docs.LOCK);
    assertThatExceptionOfType(ConflictException.class)
        .isThrownBy(() -> store.deleteNamespace(s.tenant(), s.catalog(), s.namespace()));
  }

  @Test
  void deleteWhoseLockWasBrokenWhileItWasSlow_failsAtItsDecisionPoint_andDeletesNothing() {
    Scope s = newScope();
    Document nsKey = Docs.namespaceKey(s.tenant(), s.catalog(), s.namespace());
    String slow = Context.newOp();
    store.protocol().lockForDelete(Schema.NAMESPACES, nsKey, slow, "namespace");
    store.protocol().checkNoChildren(List.of());
    CLOCK.advance(PAST_TIMEOUT);
    Asset created = newAsset(s, "orders");

    assertThatExceptionOfType(UnavailableException.class)
        .isThrownBy(() -> store.protocol().finishDelete(Schema.NAMESPACES, nsKey, slow, "namespace"));

    assertThat(store.getNamespace(s.tenant(), s.catalog(), s.namespace())).isPresent();
    assertThat(store.getAsset(s.tenant(), s.key("orders"))).contains(created);
  }

  // ---- multi-asset commit -----------------------------------------------------------------------------------

  @Test
  void commitInterruptedBeforeItsCommitPoint_showsTheOldValues_andIsRolledBackWhenStale() {
    Scope s = newScope();
    Asset a = newAsset(s, "a");
    Asset b = newAsset(s, "b");
    List<AssetUpdate> updates = List.of(new AssetUpdate(Fixtures.withProperties(a, Map.of("x", "1")), 1),
        new AssetUpdate(Fixtures.withProperties(b, Map.of("x", "1")), 1));
    Document intent = store.intents().prepareUpdateAssets(s.tenant(), updates);
    store.intents().lock(s.tenant(), a.key(), 1L, intent.getString(Docs.ID));

    assertThat(store.getAsset(s.tenant(), a.key())).contains(a);
    assertThat(store.getAsset(s.tenant(), b.key())).contains(b);

    CLOCK.advance(PAST_TIMEOUT);
    assertThat(store.getAsset(s.tenant(), a.key())).contains(a);

    assertThat(raw(Schema.ASSETS, Docs.assetKey(s.tenant(), a.key()))).doesNotContainKey(Docs.LOCK);
    assertThat(intentsOf(s.tenant())).isZero();
    assertThat(store.updateAssets(s.tenant(), updates)).extracting(Asset::version).containsExactly(2L, 2L);
  }

  @Test
  void commitInterruptedAfterItsCommitPoint_isRolledForwardByTheFirstReader_andRollingForwardAgainChangesNothing() {
    Scope s = newScope();
    Asset a = newAsset(s, "a");
    Asset b = newAsset(s, "b");
    Asset aNew = Fixtures.withProperties(a, Map.of("x", "1"));
    Asset bNew = Fixtures.withProperties(b, Map.of("x", "2"));
    Document intent = store.intents().prepareUpdateAssets(s.tenant(),
        List.of(new AssetUpdate(aNew, 1), new AssetUpdate(bNew, 1)));
    String op = intent.getString(Docs.ID);
    store.intents().lock(s.tenant(), a.key(), 1L, op);
    store.intents().lock(s.tenant(), b.key(), 1L, op);
    store.intents().commit(intent);

    assertThat(store.listAssets(s.tenant(), s.catalog(), s.namespace(), Optional.empty(), PageRequest.first())
        .items()).containsExactly(aNew.withVersion(2), bNew.withVersion(2));
    assertThat(intentsOf(s.tenant())).isZero();

    store.intents().rollForward(intent);
    store.intents().resolve(intent);
    assertThat(store.getAsset(s.tenant(), a.key())).contains(aNew.withVersion(2));
    assertThat(store.getAsset(s.tenant(), b.key())).contains(bNew.withVersion(2));
  }

  @Test
  void writerWhoseIntentWasRolledBackAsStale_failsItsCommit_andNothingChanges() {
    Scope s = newScope();
    Asset a = newAsset(s, "a");
    Document intent = store.intents().prepareUpdateAssets(s.tenant(),
        List.of(new AssetUpdate(Fixtures.withProperties(a, Map.of("x", "1")), 1)));
    store.intents().lock(s.tenant(), a.key(), 1L, intent.getString(Docs.ID));
    CLOCK.advance(PAST_TIMEOUT);
    assertThat(store.protocol().sweep()).isPositive();

    assertThatExceptionOfType(UnavailableException.class).isThrownBy(() -> store.intents().commit(intent));

    assertThat(store.getAsset(s.tenant(), a.key())).contains(a);
    assertThat(store.updateAsset(Fixtures.withProperties(a, Map.of("y", "2")), 1).version()).isEqualTo(2);
  }

  // ---- rename -------------------------------------------------------------------------------------------------

  private static Document renameUntilCommitPoint(Scope s, AssetKey from, AssetKey to, boolean commit) {
    Document intent = store.intents().prepareRename(s.tenant(), from, to);
    String op = intent.getString(Docs.ID);
    Document source = store.intents().lock(s.tenant(), from, null, op);
    store.protocol().insertPending(Schema.ASSETS, Docs.assetKey(s.tenant(), to),
        store.intents().renamedCopy(source, to, op), op, "asset");
    if (commit) {
      store.intents().commit(intent);
    }
    return intent;
  }

  @Test
  void renameInterruptedAfterItsCommitPoint_isRolledForwardByTheFirstReader() {
    Scope s = newScope();
    Asset a = newAsset(s, "a");
    renameUntilCommitPoint(s, a.key(), s.key("b"), true);

    assertThat(store.getAsset(s.tenant(), s.key("b"))).hasValueSatisfying(b -> {
      assertThat(b.id()).isEqualTo(a.id());
      assertThat(b.version()).isEqualTo(2);
    });
    assertThat(store.getAsset(s.tenant(), a.key())).isEmpty();
    assertThat(store.countAssets(s.tenant(), s.catalog(), s.namespace())).isEqualTo(1);
    assertThat(intentsOf(s.tenant())).isZero();
  }

  @Test
  void renameInterruptedBeforeItsCommitPoint_showsTheSource_andIsRolledBackByTheSweepWhenStale() {
    Scope s = newScope();
    Asset a = newAsset(s, "a");
    renameUntilCommitPoint(s, a.key(), s.key("b"), false);

    assertThat(store.getAsset(s.tenant(), s.key("b"))).isEmpty();
    assertThat(store.getAsset(s.tenant(), a.key())).contains(a);

    CLOCK.advance(PAST_TIMEOUT);
    store.protocol().sweep();

    assertThat(raw(Schema.ASSETS, Docs.assetKey(s.tenant(), s.key("b")))).isNull();
    assertThat(raw(Schema.ASSETS, Docs.assetKey(s.tenant(), a.key()))).doesNotContainKey(Docs.LOCK);
    assertThat(store.renameAsset(s.tenant(), a.key(), s.key("b")).version()).isEqualTo(2);
  }

  // ---- catalog claim ------------------------------------------------------------------------------------------

  @Test
  void catalogMoveInterruptedAfterItsClaim_refusesTheWarehouseDelete_untilTheClaimIsStale() {
    Scope s = newScope();
    store.createWarehouse(Fixtures.warehouse(s.tenant(), "second"));
    Catalog before = store.getCatalog(s.tenant(), s.catalog()).orElseThrow();
    store.database().getCollection(Schema.CATALOGS).updateOne(Docs.catalogKey(s.tenant(), s.catalog()),
        new Document("$set", new Document(Docs.CLAIM, marker(Context.newOp(), "claim").append("warehouse",
            "second"))));

    assertThatExceptionOfType(ConflictException.class).isThrownBy(() -> store.deleteWarehouse(s.tenant(), "second"));
    assertThat(store.getCatalog(s.tenant(), s.catalog())).contains(before);

    CLOCK.advance(PAST_TIMEOUT);
    store.deleteWarehouse(s.tenant(), "second");

    assertThat(store.getWarehouse(s.tenant(), "second")).isEmpty();
    assertThat(raw(Schema.CATALOGS, Docs.catalogKey(s.tenant(), s.catalog()))).doesNotContainKey(Docs.CLAIM);
  }
}
