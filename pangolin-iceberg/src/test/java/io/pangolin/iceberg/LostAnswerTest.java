package io.pangolin.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pangolin.api.AssetKey;
import io.pangolin.api.ConflictException;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.RequestContext;
import io.pangolin.api.UnavailableException;
import io.pangolin.core.Pangolin;
import io.pangolin.spi.MetadataStore;
import io.pangolin.store.memory.MemoryMetadataStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A create or commit whose answer from the store is lost (the store did the write, then the connection broke; or it
 * failed before writing) is resolved before the client is answered ({@link Outcomes}): it succeeds exactly once, it
 * is never reported as failed when it happened, and the metadata file of a write that did not happen is deleted.
 */
class LostAnswerTest {
  private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
  private static final TableIdentifier EVENTS = TableIdentifier.of("sales", "events");

  @TempDir
  Path warehouseDir;

  private final MemoryMetadataStore store = new MemoryMetadataStore();
  /** Store calls of this name to break: after performing them ({@code lose}) or before ({@code refuse}). */
  private volatile String broken = "";
  private final AtomicInteger lose = new AtomicInteger();
  private final AtomicInteger refuse = new AtomicInteger();
  private volatile Runnable beforeCall = () -> { };
  private Pangolin pangolin;
  private IcebergCatalogs catalogs;
  private PangolinCatalog catalog;
  private final RequestContext acme = RequestContext.of("acme", "alice");

  @BeforeEach
  void setUp() {
    MetadataStore faulty = (MetadataStore) Proxy.newProxyInstance(MetadataStore.class.getClassLoader(),
        new Class<?>[] {MetadataStore.class}, (proxy, method, args) -> {
          boolean target = method.getName().equals(broken);
          if (target) {
            beforeCall.run();
            if (refuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
              throw new UnavailableException("database unavailable; the outcome is unknown");
            }
          }
          Object result;
          try {
            result = method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (target && lose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new UnavailableException("connection lost after the write; the outcome is unknown");
          }
          return result;
        });
    pangolin = Pangolin.builder().localStorageRoots(TestRoots.TMP).store(faulty).build();
    pangolin.tenants().create(acme, "acme", Map.of());
    pangolin.warehouses().create(acme, "lake", "file://" + warehouseDir, Map.of());
    pangolin.catalogs().create(acme, "prod", "lake", Map.of());
    catalogs = new IcebergCatalogs(pangolin);
    catalog = catalogs.open(acme, "prod");
    catalog.createNamespace(Namespace.of("sales"), Map.of());
  }

  @AfterEach
  void tearDown() {
    catalogs.close();
    pangolin.close();
  }

  private String pointer() {
    return store.getAsset("acme", new AssetKey("prod", NamespaceName.of("sales"), "events")).orElseThrow()
        .metadataLocation().orElseThrow();
  }

  private long metadataFiles() throws Exception {
    try (Stream<Path> files = Files.walk(warehouseDir)) {
      return files.filter(f -> f.toString().endsWith(".metadata.json")).count();
    }
  }

  @Test
  void commit_whoseAnswerWasLost_afterTheWrite_succeedsOnce() throws Exception {
    Table table = catalog.createTable(EVENTS, SCHEMA);
    broken = "updateAsset";
    lose.set(1);

    table.updateProperties().set("k", "v").commit();

    String current = ((HasTableOperations) table).operations().current().metadataFileLocation();
    assertThat(pointer()).isEqualTo(current);
    assertThat(catalog.loadTable(EVENTS).properties()).containsEntry("k", "v");
    assertThat(metadataFiles()).isEqualTo(2);
  }

  @Test
  void commit_refusedWhileTheStoreIsDown_succeedsOnceItIsBack() throws Exception {
    Table table = catalog.createTable(EVENTS, SCHEMA);
    broken = "updateAsset";
    refuse.set(3);

    table.updateProperties().set("k", "v").commit();

    assertThat(catalog.loadTable(EVENTS).properties()).containsEntry("k", "v");
    assertThat(metadataFiles()).isEqualTo(2);
  }

  @Test
  void commit_whoseAnswerWasLost_whileAnotherWriterMovedTheTable_isAConflict_andLeavesNoFile() throws Exception {
    catalog.createTable(EVENTS, SCHEMA);
    String before = pointer();
    broken = "updateAsset";
    refuse.set(1);
    AtomicInteger calls = new AtomicInteger();
    beforeCall = () -> {
      if (calls.incrementAndGet() == 2) { // between the lost attempt and its retry, another writer commits
        broken = "";
        catalog.loadTable(EVENTS).updateProperties().set("other", "1").commit();
        broken = "updateAsset";
      }
    };

    TableOperations ops = ((HasTableOperations) catalog.loadTable(EVENTS)).operations();
    TableMetadata base = ops.current();
    TableMetadata changed = TableMetadata.buildFrom(base).setProperties(Map.of("k", "v")).build();
    assertThatThrownBy(() -> ops.commit(base, changed)).isInstanceOf(CommitFailedException.class);

    assertThat(pointer()).isNotEqualTo(before);
    assertThat(catalog.loadTable(EVENTS).properties()).containsEntry("other", "1").doesNotContainKey("k");
    assertThat(metadataFiles()).as("the refused commit's metadata file is deleted").isEqualTo(2);
  }

  @Test
  void create_whoseAnswerWasLost_afterTheWrite_succeedsOnce() throws Exception {
    broken = "createAsset";
    lose.set(1);

    Table table = catalog.createTable(EVENTS, SCHEMA);

    assertThat(pointer()).isEqualTo(((HasTableOperations) table).operations().current().metadataFileLocation());
    assertThat(metadataFiles()).isEqualTo(1);
  }

  private static final TableIdentifier ONE = TableIdentifier.of("sales", "one");
  private static final TableIdentifier TWO = TableIdentifier.of("sales", "two");

  private String pointer(TableIdentifier ident) {
    return store.getAsset("acme", new AssetKey("prod", NamespaceName.of("sales"), ident.name())).orElseThrow()
        .metadataLocation().orElseThrow();
  }

  /** A transaction setting {@code tx=1} on tables one and two. */
  private static CommitTransactionRequest transaction() {
    String change = "{\"identifier\":{\"namespace\":[\"sales\"],\"name\":\"%s\"},"
        + "\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"tx\":\"1\"}}]}";
    return IcebergJson.read("{\"table-changes\":[" + change.formatted("one") + "," + change.formatted("two") + "]}",
        CommitTransactionRequest.class);
  }

  private static int status(Throwable failure) {
    return IcebergErrors.toErrorResponse(failure, "test").code();
  }

  @Test
  void transaction_whoseAnswerWasLost_afterTheWrite_succeedsOnce() throws Exception {
    catalog.createTable(ONE, SCHEMA);
    catalog.createTable(TWO, SCHEMA);
    broken = "updateAssets";
    lose.set(1);

    new IcebergRestService(pangolin).commitTransaction(acme, "prod", transaction()); // 204

    for (TableIdentifier t : List.of(ONE, TWO)) {
      Table table = catalog.loadTable(t);
      assertThat(table.properties()).containsEntry("tx", "1");
      assertThat(pointer(t)).isEqualTo(((HasTableOperations) table).operations().current().metadataFileLocation());
      assertThat(((HasTableOperations) table).operations().current().previousFiles()).hasSize(1);
    }
    assertThat(metadataFiles()).isEqualTo(4);
  }

  @Test
  void transaction_whoseAnswerWasLost_whileAnotherWriterMovedATable_isAConflict_andLeavesNoFile() throws Exception {
    catalog.createTable(ONE, SCHEMA);
    catalog.createTable(TWO, SCHEMA);
    String oneBefore = pointer(ONE);
    broken = "updateAssets";
    refuse.set(1);
    AtomicInteger calls = new AtomicInteger();
    beforeCall = () -> {
      if (calls.incrementAndGet() == 2) { // between the lost attempt and its retry, another writer commits to two
        broken = "";
        catalog.loadTable(TWO).updateProperties().set("other", "1").commit();
        broken = "updateAssets";
      }
    };

    Throwable failure = catchThrowable(
        () -> new IcebergRestService(pangolin).commitTransaction(acme, "prod", transaction()));

    assertThat(failure).isInstanceOf(CommitFailedException.class);
    assertThat(status(failure)).isEqualTo(409);
    assertThat(calls).hasValue(2);
    assertThat(pointer(ONE)).isEqualTo(oneBefore);
    assertThat(catalog.loadTable(ONE).properties()).doesNotContainKey("tx");
    assertThat(catalog.loadTable(TWO).properties()).containsEntry("other", "1").doesNotContainKey("tx");
    assertThat(metadataFiles()).as("both files the transaction wrote are deleted").isEqualTo(3);
  }

  @Test
  void transaction_whoseStoreStaysDownPastTheBound_isReportedAsUnknown_andChangesNothing() throws Exception {
    catalog.createTable(ONE, SCHEMA);
    catalog.createTable(TWO, SCHEMA);
    String oneBefore = pointer(ONE);
    String twoBefore = pointer(TWO);
    broken = "updateAssets";
    refuse.set(Integer.MAX_VALUE);

    Throwable failure = catchThrowable(
        () -> catalog.commitTransaction(transaction().tableChanges(), Duration.ofMillis(300)));

    assertThat(failure).isInstanceOf(CommitStateUnknownException.class);
    assertThat(status(failure)).isEqualTo(500);
    assertThat(pointer(ONE)).isEqualTo(oneBefore);
    assertThat(pointer(TWO)).isEqualTo(twoBefore);
    // the outcome was unknown to the server, so it kept the two files a committed transaction would point at
    assertThat(metadataFiles()).isEqualTo(4);
  }

  @Test
  void viewReplace_whoseAnswerWasLost_afterTheWrite_succeedsOnce() throws Exception {
    TableIdentifier daily = TableIdentifier.of("sales", "daily");
    broken = "createAsset";
    lose.set(1);
    catalog.buildView(daily).withSchema(SCHEMA).withDefaultNamespace(Namespace.of("sales"))
        .withQuery("spark", "select 1 as id").create();
    broken = "updateAsset";
    lose.set(1);

    catalog.buildView(daily).withSchema(SCHEMA).withDefaultNamespace(Namespace.of("sales"))
        .withQuery("spark", "select 2 as id").replace();

    assertThat(catalog.loadView(daily).sqlFor("spark").sql()).isEqualTo("select 2 as id");
    assertThat(pointer(daily)).isEqualTo(((org.apache.iceberg.view.BaseView) catalog.loadView(daily)).operations()
        .current().metadataFileLocation());
    assertThat(metadataFiles()).isEqualTo(2);
  }

  @Test
  void outcome_thatStaysUnknown_isReportedAsUnknown_notAsFailed() {
    UnavailableException down = new UnavailableException("down");
    assertThatThrownBy(() -> Outcomes.resolve(down, Duration.ofMillis(200), () -> {
      throw new UnavailableException("still down");
    }, Optional::empty)).isInstanceOf(Outcomes.Unknown.class).hasMessage("still down");
    assertThat(Outcomes.resolve(down, Duration.ofSeconds(5), () -> {
      throw new ConflictException("moved");
    }, () -> Optional.of(7L))).isEqualTo(7);
    assertThatThrownBy(() -> Outcomes.resolve(down, Duration.ofSeconds(5), () -> {
      throw new ConflictException("moved");
    }, Optional::empty)).isInstanceOf(ConflictException.class);
  }
}
