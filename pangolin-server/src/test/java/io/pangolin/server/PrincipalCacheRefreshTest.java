package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pangolin.api.Principal;
import io.pangolin.api.ServiceCredentials;
import io.pangolin.core.Pangolin;
import io.pangolin.spi.ForwardingMetadataStore;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.PrincipalRecord;
import io.pangolin.store.memory.MemoryMetadataStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The principal cache of {@link TokenService} reloads a principal in use in the background once half of
 * {@code principal-cache-ms} has passed, and the request that noticed goes on with the state it has: a read of the
 * principal that is slow (here: held until the test lets it go) delays no token verification. Before, the entry simply
 * expired and every request of that principal waited for the one read.
 */
class PrincipalCacheRefreshTest {
  /** A memory store whose principal reads can be held. */
  static final class HeldPrincipalReads extends ForwardingMetadataStore {
    final MemoryMetadataStore memory = new MemoryMetadataStore();
    final AtomicInteger reads = new AtomicInteger();
    volatile CountDownLatch hold = new CountDownLatch(0);

    @Override
    protected MetadataStore delegate() {
      return memory;
    }

    @Override
    public Optional<PrincipalRecord> getPrincipal(String id) {
      reads.incrementAndGet();
      try {
        hold.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return super.getPrincipal(id);
    }
  }

  @Test
  void pastHalfTheCacheTime_aVerificationUsesTheStateItHas_whileThePrincipalIsReadInTheBackground() throws Exception {
    HeldPrincipalReads store = new HeldPrincipalReads();
    try (Pangolin pangolin = Pangolin.builder().store(store).build()) {
      ServiceCredentials root = pangolin.principals().ensureRoot(Optional.empty(), Optional.empty()).orElseThrow();
      Principal principal = pangolin.principals().principal(root.principal().clientId()).orElseThrow();
      Duration cacheTime = Duration.ofSeconds(4);
      TokenService tokens = new TokenService(pangolin.principals(), new AuthSettings("pangolin", Duration.ofHours(1),
          Optional.empty(), Optional.empty(), Optional.empty(), cacheTime), Clock.systemUTC());
      String token = tokens.issue(principal);

      int before = store.reads.get();
      assertThat(tokens.verify(token).id()).isEqualTo(principal.id()); // loads the principal once
      assertThat(store.reads.get()).isEqualTo(before + 1);

      store.hold = new CountDownLatch(1); // every principal read from now on waits for the test
      Thread.sleep(cacheTime.dividedBy(2).plusMillis(300).toMillis()); // past half the cache time, well before all of it
      CompletableFuture<Principal> verified = CompletableFuture.supplyAsync(() -> tokens.verify(token),
          r -> Thread.ofPlatform().start(r));
      // with the read held, only a verification that does not wait for it can finish
      assertThat(verified.get(30, TimeUnit.SECONDS).id()).isEqualTo(principal.id());
      await("the background read").atMost(Duration.ofSeconds(30)).until(() -> store.reads.get() >= before + 2);
      assertThat(store.reads.get()).as("one background read, no more").isEqualTo(before + 2);
      store.hold.countDown();
    }
  }
}
