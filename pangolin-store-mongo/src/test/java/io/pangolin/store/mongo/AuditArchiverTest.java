package io.pangolin.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import io.pangolin.api.AuditEvent;
import io.pangolin.api.AuditQuery;
import io.pangolin.api.PageRequest;
import io.pangolin.spi.tck.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Audit archival: events older than the retention move to the archive, batch by batch, exactly once. */
class AuditArchiverTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private final MutableClock clock = new MutableClock(NOW);
  private MongoMetadataStore store;
  private MongoCollection<Document> archive;

  @BeforeEach
  void open() {
    store = MongoMetadataStore.open(TestServers.config(TestServers.sharedUri(), TestServers.database("archival"))
        .auditRetention(Duration.ofDays(90)).auditArchiveBatchSize(3).build(), new StoreOptions(clock, b -> {}));
    archive = store.database().getCollection(Schema.AUDIT_ARCHIVE);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private List<AuditEvent> append(String tenant, Instant from, int count) {
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      AuditEvent e = Fixtures.audit(tenant, from.plusSeconds(i));
      store.appendAudit(e);
      events.add(e);
    }
    return events;
  }

  private List<AuditEvent> live(String tenant) {
    return store.queryAudit(tenant, AuditQuery.ALL, PageRequest.first(1000)).items();
  }

  private List<AuditEvent> archived(String tenant) {
    return archive.find(new Document(Docs.TENANT, tenant)).map(Docs::audit).into(new ArrayList<>());
  }

  @Test
  void maintenance_movesEventsOlderThanTheRetentionInBatches_andKeepsNewerOnes() {
    String a = Fixtures.uniqueName("t");
    String b = Fixtures.uniqueName("t");
    List<AuditEvent> oldA = append(a, NOW.minus(Duration.ofDays(100)), 7);
    List<AuditEvent> newA = append(a, NOW.minus(Duration.ofDays(1)), 2);
    List<AuditEvent> oldB = append(b, NOW.minus(Duration.ofDays(91)), 2);

    store.maintenance().run();

    assertThat(live(a)).containsExactlyInAnyOrderElementsOf(newA);
    assertThat(live(b)).isEmpty();
    assertThat(archived(a)).containsExactlyInAnyOrderElementsOf(oldA);
    assertThat(archived(b)).containsExactlyInAnyOrderElementsOf(oldB);

    clock.advance(Duration.ofDays(90));
    store.maintenance().run();
    assertThat(live(a)).isEmpty();
    assertThat(archived(a)).hasSize(9);
  }

  @Test
  void archivalInterruptedAfterCopying_isFinishedByTheNextRun_withoutDuplicates() {
    String t = Fixtures.uniqueName("t");
    List<AuditEvent> old = append(t, NOW.minus(Duration.ofDays(120)), 5);
    Instant cutoff = NOW.minus(Duration.ofDays(90));
    List<Document> batch = store.archiver().nextBatch(cutoff);
    store.archiver().copy(batch);

    assertThat(archived(t)).hasSize(3);
    assertThat(live(t)).hasSize(5);

    assertThat(store.archiver().archiveBefore(cutoff)).isEqualTo(5);
    assertThat(store.archiver().archiveBefore(cutoff)).as("running it again").isZero();

    assertThat(live(t)).isEmpty();
    assertThat(archived(t)).containsExactlyInAnyOrderElementsOf(old);
  }

  @Test
  void twoArchiversAtOnce_moveEveryEventExactlyOnce() {
    String t = Fixtures.uniqueName("t");
    List<AuditEvent> old = append(t, NOW.minus(Duration.ofDays(200)), 40);
    Instant cutoff = NOW.minus(Duration.ofDays(90));

    CompletableFuture<Long> first = CompletableFuture.supplyAsync(() -> store.archiver().archiveBefore(cutoff));
    CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> store.archiver().archiveBefore(cutoff));
    first.join();
    second.join();

    List<AuditEvent> archived = archived(t);
    assertThat(archived).containsExactlyInAnyOrderElementsOf(old);
    assertThat(new HashSet<>(archived.stream().map(AuditEvent::id).toList())).hasSize(40);
    assertThat(live(t)).isEmpty();
  }
}
