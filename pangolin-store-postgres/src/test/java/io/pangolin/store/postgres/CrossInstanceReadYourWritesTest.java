package io.pangolin.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.api.Tenant;
import io.pangolin.spi.ReadConsistency;
import io.pangolin.spi.tck.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Read-your-writes across two store instances (as two servers would hold) over one real primary with one real
 * streaming replica whose replay is paused on purpose: the write's consistency token, carried to the other instance,
 * sends the read to the primary while the replica lags and back to the replica once it has replayed the write. Which
 * pool served a read is asserted through the replica's read counter, and by content (the paused replica is stale).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossInstanceReadYourWritesTest {
  @RegisterExtension
  static final StreamingReplica CLUSTER = new StreamingReplica();

  private PostgresMetadataStore a;
  private PostgresMetadataStore b;

  @BeforeAll
  void open() {
    // a lag bound far above the test's run time: the paused replica stays in rotation, so only the token decides
    PostgresStoreConfig cfg = PostgresTestServer.config(CLUSTER.primaryUrl()).replicas(List.of(CLUSTER.replicaUrl()))
        .replicaMaxLagMs(600_000).replicaCheckIntervalMs(50).build();
    a = PostgresMetadataStore.open(cfg);
    b = PostgresMetadataStore.open(cfg);
  }

  @AfterAll
  void close() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 1200; i++) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(25);
    }
    throw new AssertionError("timed out waiting until " + what);
  }

  /** Runs {@code call} as one request would: in a consistency scope requiring {@code token}. */
  private static <T> T request(Optional<String> token, Supplier<T> call) {
    ReadConsistency.open(token.map(t -> ReadConsistency.parse(t).orElseThrow()));
    try {
      return call.get();
    } finally {
      ReadConsistency.close();
    }
  }

  private record Written(Tenant tenant, Optional<String> token) {}

  private static Written writeOn(PostgresMetadataStore store, Supplier<Tenant> write) {
    ReadConsistency.open(Optional.empty());
    try {
      Tenant t = write.get();
      return new Written(t, ReadConsistency.lastWrite());
    } finally {
      ReadConsistency.close();
    }
  }

  private long replicaReadsOfB() {
    return b.db().router().orElseThrow().readsPerReplica().get(0);
  }

  private long replayedByB() {
    return b.db().router().orElseThrow().replicas().get(0).replayLsn;
  }

  @Test
  void aWritesToken_routesBsReadToThePrimaryWhileTheReplicaLags_andBackOnceReplayed() throws Exception {
    Written created = writeOn(a, () -> a.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))));
    assertThat(created.token()).as("a committed write on PostgreSQL issues a token").isPresent();
    String name = created.tenant().name();
    long createdAt = ReadConsistency.parse(created.token().orElseThrow()).orElseThrow();
    await("B's router sees the creation replayed", () -> replayedByB() >= createdAt);

    CLUSTER.pauseReplay();
    Written updated;
    try {
      Tenant t = created.tenant();
      updated = writeOn(a, () -> a.updateTenant(new Tenant(name, Map.of("tier", "platinum"), t.createdAt(),
          t.updatedAt(), 1), 1));
      long position = ReadConsistency.parse(updated.token().orElseThrow()).orElseThrow();
      assertThat(position).as("tokens grow with the WAL").isGreaterThan(createdAt);
      // B's router may sample the replica again, but the paused replica cannot pass the update
      assertThat(replayedByB()).isLessThan(position);

      long before = replicaReadsOfB();
      Tenant withToken = request(updated.token(), () -> b.getTenant(name)).orElseThrow();
      assertThat(withToken.properties()).as("B sees A's write with the token").containsEntry("tier", "platinum");
      assertThat(replicaReadsOfB()).as("the token sent B's read to the primary").isEqualTo(before);

      Tenant withoutToken = request(Optional.empty(), () -> b.getTenant(name)).orElseThrow();
      assertThat(replicaReadsOfB()).as("without the token B's read went to the replica").isEqualTo(before + 1);
      assertThat(withoutToken.properties()).as("the paused replica is stale").doesNotContainEntry("tier",
          "platinum");
    } finally {
      CLUSTER.resumeReplay();
    }

    long position = ReadConsistency.parse(updated.token().orElseThrow()).orElseThrow();
    await("B's router sees the update replayed", () -> replayedByB() >= position);
    long before = replicaReadsOfB();
    Tenant caughtUp = request(updated.token(), () -> b.getTenant(name)).orElseThrow();
    assertThat(replicaReadsOfB()).as("once replayed, the token-carrying read goes to the replica")
        .isEqualTo(before + 1);
    assertThat(caughtUp.properties()).containsEntry("tier", "platinum");
  }

  @Test
  void noScope_noTokenAndNoExtraWork_andTokensRoundTrip() {
    assertThat(ReadConsistency.lastWrite()).isEmpty();
    assertThat(ReadConsistency.parse("16/B374D848")).contains((0x16L << 32) | 0xB374D848L);
    assertThat(ReadConsistency.format((0x16L << 32) | 0xB374D848L)).isEqualTo("16/B374D848");
    assertThat(ReadConsistency.parse("not-a-position")).isEmpty();
    assertThat(ReadConsistency.parse("123456789/0")).isEmpty();
  }
}
