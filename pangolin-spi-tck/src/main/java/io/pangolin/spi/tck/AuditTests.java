package io.pangolin.spi.tck;

import static io.pangolin.spi.tck.Fixtures.audit;
import static io.pangolin.spi.tck.Fixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pangolin.api.AuditEvent;
import io.pangolin.api.AuditQuery;
import io.pangolin.api.AuditResult;
import io.pangolin.api.PageRequest;
import io.pangolin.api.ValidationException;
import io.pangolin.spi.MetadataStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The audit log: append without a tenant, the filters of {@link AuditQuery}, newest-first order, counting. */
abstract class AuditTests extends StoreTests {
  /** The documented order of {@link MetadataStore#queryAudit}. */
  static final Comparator<AuditEvent> NEWEST_FIRST =
      Comparator.comparing(AuditEvent::timestamp).thenComparing(AuditEvent::id).reversed();

  AuditTests(MetadataStore store) {
    super(store);
  }

  /** Five events of one (non-existent) tenant, one second apart, oldest first. */
  private record Log(String tenant, Instant base, List<AuditEvent> events) {
    AuditEvent e(int i) {
      return events.get(i);
    }
  }

  private Log newLog() {
    String tenant = uniqueName("t");
    Instant base = Fixtures.now().minusSeconds(3600);
    List<AuditEvent> events = List.of(
        audit(tenant, base, "alice", "catalog.create", "catalog", "sales", AuditResult.SUCCESS),
        audit(tenant, base.plusSeconds(1), "bob", "catalog.delete", "catalog", "sales", AuditResult.FAILURE),
        audit(tenant, base.plusSeconds(2), "alice", "namespace.create", "namespace", "sales.emea",
            AuditResult.SUCCESS),
        audit(tenant, base.plusSeconds(3), "carol", "asset.create", "asset", "orders", AuditResult.SUCCESS),
        audit(tenant, base.plusSeconds(4), "alice", "asset.create", "asset", "orders", AuditResult.FAILURE));
    shuffled(events).forEach(store::appendAudit);
    return new Log(tenant, base, events);
  }

  /** {@code query} yields exactly {@code expected} (given newest first) and counts as many. */
  private void assertQuery(String tenant, AuditQuery query, AuditEvent... expected) {
    assertThat(drain(p -> store.queryAudit(tenant, query, p), PageRequest.MAX_SIZE)).containsExactly(expected);
    assertThat(drain(p -> store.queryAudit(tenant, query, p), 2)).containsExactly(expected);
    assertThat(store.countAudit(tenant, query)).isEqualTo(expected.length);
  }

  private static AuditQuery query(Optional<String> actor, Optional<String> action, Optional<String> resourceType,
      Optional<String> resourceName, Optional<AuditResult> result, Optional<Instant> from, Optional<Instant> to) {
    return new AuditQuery(actor, action, resourceType, resourceName, result, from, to);
  }

  private static AuditQuery between(Optional<Instant> from, Optional<Instant> to) {
    return query(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), from, to);
  }

  @Test
  void appendAudit_roundTripsAllFields() {
    String tenant = newTenant();
    AuditEvent failure = audit(tenant, Fixtures.now(), "bob", "asset.delete", "asset", "cat.ns.orders",
        AuditResult.FAILURE);

    store.appendAudit(failure);

    assertThat(store.queryAudit(tenant, AuditQuery.ALL, PageRequest.first()).items()).containsExactly(failure);
    assertThat(failure.details()).isNotEmpty();
  }

  @Test
  void appendAudit_forUnknownTenant_isRecordedWithoutCreatingTheTenant() {
    String unknown = uniqueName("t");
    AuditEvent event = audit(unknown, Fixtures.now());

    store.appendAudit(event);

    assertThat(store.queryAudit(unknown, AuditQuery.ALL, PageRequest.first()).items()).containsExactly(event);
    assertThat(store.countAudit(unknown, AuditQuery.ALL)).isEqualTo(1);
    assertThat(store.getTenant(unknown)).isEmpty();
  }

  @Test
  void queryAudit_ofTenantWithoutEvents_isEmpty() {
    String tenant = newTenant();

    assertThat(store.queryAudit(tenant, AuditQuery.ALL, PageRequest.first()).items()).isEmpty();
    assertThat(store.countAudit(tenant, AuditQuery.ALL)).isZero();
    assertThat(store.countAudit(uniqueName("t"), AuditQuery.ALL)).isZero();
  }

  @Test
  void queryAudit_returnsNewestFirstThenIdDescending() {
    String tenant = uniqueName("t");
    Instant t0 = Fixtures.now();
    List<AuditEvent> events = List.of(audit(tenant, t0), audit(tenant, t0.plusSeconds(1)),
        audit(tenant, t0.plusSeconds(1)), audit(tenant, t0.plusSeconds(1)), audit(tenant, t0.plusSeconds(2)),
        audit(tenant, t0.plusMillis(1)));
    shuffled(events).forEach(store::appendAudit);

    assertQuery(tenant, AuditQuery.ALL, events.stream().sorted(NEWEST_FIRST).toArray(AuditEvent[]::new));
  }

  @Test
  void queryAudit_filtersByActor() {
    Log log = newLog();

    assertQuery(log.tenant(), query(Optional.of("alice"), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty()), log.e(4), log.e(2), log.e(0));
    assertQuery(log.tenant(), query(Optional.of("nobody"), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty()));
  }

  @Test
  void queryAudit_filtersByAction() {
    Log log = newLog();

    assertQuery(log.tenant(), query(Optional.empty(), Optional.of("asset.create"), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()), log.e(4), log.e(3));
  }

  @Test
  void queryAudit_filtersByResourceType() {
    Log log = newLog();

    assertQuery(log.tenant(), query(Optional.empty(), Optional.empty(), Optional.of("catalog"), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty()), log.e(1), log.e(0));
  }

  @Test
  void queryAudit_filtersByResourceName() {
    Log log = newLog();

    assertQuery(log.tenant(), query(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("sales.emea"),
        Optional.empty(), Optional.empty(), Optional.empty()), log.e(2));
    assertQuery(log.tenant(), query(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("sales"),
        Optional.empty(), Optional.empty(), Optional.empty()), log.e(1), log.e(0));
  }

  @Test
  void queryAudit_filtersByResult() {
    Log log = newLog();

    assertQuery(log.tenant(), query(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(AuditResult.FAILURE), Optional.empty(), Optional.empty()), log.e(4), log.e(1));
    assertQuery(log.tenant(), query(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(AuditResult.SUCCESS), Optional.empty(), Optional.empty()), log.e(3), log.e(2), log.e(0));
  }

  @Test
  void queryAudit_fromIsInclusive() {
    Log log = newLog();

    assertQuery(log.tenant(), between(Optional.of(log.base().plusSeconds(3)), Optional.empty()), log.e(4), log.e(3));
    assertQuery(log.tenant(), between(Optional.of(log.base().plusMillis(3001)), Optional.empty()), log.e(4));
  }

  @Test
  void queryAudit_toIsExclusive() {
    Log log = newLog();

    assertQuery(log.tenant(), between(Optional.empty(), Optional.of(log.base().plusSeconds(1))), log.e(0));
    assertQuery(log.tenant(), between(Optional.empty(), Optional.of(log.base().plusMillis(1001))), log.e(1),
        log.e(0));
  }

  @Test
  void queryAudit_fromAndToTogether_selectTheHalfOpenRange() {
    Log log = newLog();

    assertQuery(log.tenant(), between(Optional.of(log.base().plusSeconds(1)), Optional.of(log.base().plusSeconds(3))),
        log.e(2), log.e(1));
    assertQuery(log.tenant(), between(Optional.of(log.base().plusSeconds(2)), Optional.of(log.base().plusSeconds(2))));
  }

  @Test
  void queryAudit_combinesAllGivenFilters() {
    Log log = newLog();

    assertQuery(log.tenant(), query(Optional.of("alice"), Optional.of("asset.create"), Optional.of("asset"),
        Optional.of("orders"), Optional.of(AuditResult.FAILURE), Optional.of(log.base()),
        Optional.of(log.base().plusSeconds(5))), log.e(4));
    assertQuery(log.tenant(), query(Optional.of("alice"), Optional.empty(), Optional.of("catalog"),
        Optional.empty(), Optional.of(AuditResult.FAILURE), Optional.empty(), Optional.empty()));
  }

  @Test
  void deleteTenant_keepsItsAuditEvents() {
    String tenant = newTenant();
    AuditEvent event = audit(tenant, Fixtures.now());
    store.appendAudit(event);

    store.deleteTenant(tenant);

    assertThat(store.queryAudit(tenant, AuditQuery.ALL, PageRequest.first()).items()).containsExactly(event);
    assertThat(store.countAudit(tenant, AuditQuery.ALL)).isEqualTo(1);
  }

  @Test
  void archiveAudit_movesTheTenantsOlderEvents_exactlyOnce() {
    assumeTrue(store.supportsAuditArchive(), "the store keeps no audit archive");
    Log log = newLog();
    Log other = newLog();
    Instant cutoff = log.base().plusSeconds(2); // e(0) and e(1) are older

    assertThat(store.archiveAudit(log.tenant(), cutoff)).isEqualTo(2);

    assertQuery(log.tenant(), AuditQuery.ALL, log.e(4), log.e(3), log.e(2));
    assertThat(drain(p -> store.queryArchivedAudit(log.tenant(), AuditQuery.ALL, p), 1))
        .containsExactly(log.e(1), log.e(0));
    assertThat(store.countArchivedAudit(log.tenant(), AuditQuery.ALL)).isEqualTo(2);
    // another tenant's events stay where they are
    assertThat(store.countAudit(other.tenant(), AuditQuery.ALL)).isEqualTo(5);
    assertThat(store.countArchivedAudit(other.tenant(), AuditQuery.ALL)).isZero();
    // again: nothing left to move, nothing archived twice
    assertThat(store.archiveAudit(log.tenant(), cutoff)).isZero();
    assertThat(store.countArchivedAudit(log.tenant(), AuditQuery.ALL)).isEqualTo(2);
  }

  @Test
  void queryArchivedAudit_appliesTheFiltersOfTheLog() {
    assumeTrue(store.supportsAuditArchive(), "the store keeps no audit archive");
    Log log = newLog();
    assertThat(store.archiveAudit(log.tenant(), log.base().plusSeconds(60))).isEqualTo(5);
    AuditQuery alice = query(Optional.of("alice"), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());
    assertThat(drain(p -> store.queryArchivedAudit(log.tenant(), alice, p), 2))
        .containsExactly(log.e(4), log.e(2), log.e(0));
    assertThat(store.countArchivedAudit(log.tenant(), alice)).isEqualTo(3);
    AuditQuery window = between(Optional.of(log.base().plusSeconds(1)), Optional.of(log.base().plusSeconds(3)));
    assertThat(drain(p -> store.queryArchivedAudit(log.tenant(), window, p), PageRequest.MAX_SIZE))
        .containsExactly(log.e(2), log.e(1));
    assertThat(store.queryAudit(log.tenant(), AuditQuery.ALL, PageRequest.first()).items()).isEmpty();
  }

  @Test
  void archivedAudit_ofTenantWithoutArchive_isEmpty() {
    assumeTrue(store.supportsAuditArchive(), "the store keeps no audit archive");
    String tenant = uniqueName("t");
    assertThat(store.archiveAudit(tenant, Fixtures.now())).isZero();
    assertThat(store.queryArchivedAudit(tenant, AuditQuery.ALL, PageRequest.first()).items()).isEmpty();
    assertThat(store.countArchivedAudit(tenant, AuditQuery.ALL)).isZero();
  }

  /** The capability both ways: a store with an archive archives; one without refuses each operation, changing nothing. */
  @Test
  void archiveAudit_whenUnsupported_isRefusedCleanly_andTheLogKeepsItsEvents() {
    Log log = newLog();
    Instant after = log.base().plusSeconds(60);
    if (store.supportsAuditArchive()) {
      assertThat(store.archiveAudit(log.tenant(), log.base())).isZero();
      assertThat(store.countArchivedAudit(log.tenant(), AuditQuery.ALL)).isZero();
      return;
    }
    assertThatExceptionOfType(ValidationException.class).isThrownBy(() -> store.archiveAudit(log.tenant(), after));
    assertThatExceptionOfType(ValidationException.class)
        .isThrownBy(() -> store.queryArchivedAudit(log.tenant(), AuditQuery.ALL, PageRequest.first()));
    assertThatExceptionOfType(ValidationException.class)
        .isThrownBy(() -> store.countArchivedAudit(log.tenant(), AuditQuery.ALL));
    assertThat(store.countAudit(log.tenant(), AuditQuery.ALL)).isEqualTo(5);
  }
}
