package io.pangolin.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.pangolin.api.UnavailableException;
import io.pangolin.spi.tck.Fixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Unreachable MongoDB surfaces as {@link UnavailableException}; driver exceptions never leave the store. */
class AvailabilityTest {

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void open_whenNothingListens_failsUnavailable() throws IOException {
    MongoStoreConfig config = TestServers.config("mongodb://127.0.0.1:" + freePort(), "nowhere")
        .serverSelectionTimeout(Duration.ofMillis(300)).build();

    assertThatExceptionOfType(UnavailableException.class)
        .isThrownBy(() -> new MongoStoreProvider().open(config))
        .withMessageContaining("mongodb 127.0.0.1:")
        .withMessageNotContaining("MongoTimeoutException:");
  }

  @Test
  void operations_afterTheServerWentAway_failUnavailable_andHealthIsDown() {
    MongoServer server = TestServers.start(new MemoryBackend());
    try (MongoMetadataStore store = MongoMetadataStore.open(TestServers.config(TestServers.uri(server), "gone")
        .serverSelectionTimeout(Duration.ofMillis(300)).build(), StoreOptions.defaults())) {
      String tenant = store.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))).name();
      assertThat(store.health().up()).isTrue();

      server.shutdownNow();

      assertThatExceptionOfType(UnavailableException.class).isThrownBy(() -> store.getTenant(tenant));
      assertThatExceptionOfType(UnavailableException.class)
          .isThrownBy(() -> store.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))));
      assertThatExceptionOfType(UnavailableException.class)
          .isThrownBy(() -> store.createUser(Fixtures.user(tenant, "bob")));
      assertThat(store.health().up()).isFalse();
    } finally {
      server.shutdownNow();
    }
  }

  @Test
  void closedStore_refusesOperations_reportsDown_andClosesOnlyOnce() {
    MongoMetadataStore store = MongoMetadataStore.open(
        TestServers.config(TestServers.sharedUri(), TestServers.database("closed")).build(), StoreOptions.defaults());
    store.close();
    store.close();

    assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> store.countCatalogs());
    assertThat(store.health().up()).isFalse();
  }
}
