package io.pangolin.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import com.mongodb.event.ConnectionCheckOutStartedEvent;
import com.mongodb.event.ConnectionPoolClearedEvent;
import com.mongodb.event.ConnectionPoolListener;
import io.netty.channel.Channel;
import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.ConflictException;
import io.pangolin.api.NamespaceName;
import io.pangolin.spi.AssetUpdate;
import io.pangolin.spi.tck.Fixtures;
import io.pangolin.store.mongo.MongoStoreConfig.TransactionMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;

/**
 * The cause of a flake seen on a loaded machine: when one connection fails (here: the server drops it in the middle
 * of a read), the driver marks the server unknown and pauses its connection pool, and every operation that was about
 * to check out a connection at that moment fails with {@code MongoConnectionPoolClearedException} — unrelated
 * operations, including single steps of multi-document commits of the fallback protocol. Those were never sent, so
 * the store retries them; the failed read itself is retried too. Concurrent multi-asset commits therefore all succeed
 * and lose no increment while connections are being dropped.
 */
class ConnectionDropTest {
  private static final int THREADS = 6;
  private static final int COMMITS_PER_THREAD = 15;
  /** Every n-th read of an asset drops its connection, {@link #DROPS} times per run. */
  private static final int DROP_EVERY = 20;
  private static final int DROPS = 4;

  /**
   * Closes the connection of every {@link #DROP_EVERY}-th {@code find} on the assets collection while armed, at
   * most {@link #DROPS} times. Check-outs
   * that start between the drop and the driver's reaction to it are held until the driver has paused the pool, so
   * that they meet the paused pool every time (on a loaded machine they meet it only now and then).
   */
  static final class DroppingBackend extends MemoryBackend implements ConnectionPoolListener {
    final AtomicBoolean armed = new AtomicBoolean();
    final AtomicInteger finds = new AtomicInteger();
    final AtomicInteger dropped = new AtomicInteger();
    final AtomicInteger heldCheckouts = new AtomicInteger();
    private volatile CountDownLatch poolCleared;

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
      if (armed.get() && command.equals("find") && Schema.ASSETS.equals(query.get("find"))
          && finds.incrementAndGet() % DROP_EVERY == 0 && dropped.incrementAndGet() <= DROPS) {
        poolCleared = new CountDownLatch(1);
        channel.close();
      }
      return super.handleCommand(channel, databaseName, command, query);
    }

    @Override
    public void connectionCheckOutStarted(ConnectionCheckOutStartedEvent event) {
      CountDownLatch latch = poolCleared;
      if (latch != null) {
        heldCheckouts.incrementAndGet();
        try {
          latch.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public void connectionPoolCleared(ConnectionPoolClearedEvent event) {
      CountDownLatch latch = poolCleared;
      if (latch != null) {
        poolCleared = null;
        latch.countDown();
      }
    }
  }

  private static int counter(Asset a) {
    return Integer.parseInt(a.properties().get("n"));
  }

  private static Asset incremented(Asset a) {
    return Fixtures.withProperties(a, Map.of("n", Integer.toString(counter(a) + 1)));
  }

  @RepeatedTest(2)
  void multiAssetCommits_whileConnectionsAreDropped_allSucceedAndLoseNoIncrement() throws Exception {
    DroppingBackend backend = new DroppingBackend();
    MongoServer server = TestServers.start(backend);
    StoreOptions options = new StoreOptions(Clock.systemUTC(),
        b -> b.applyToConnectionPoolSettings(p -> p.addConnectionPoolListener(backend)));
    try (MongoMetadataStore store = MongoMetadataStore.open(TestServers.config(TestServers.uri(server), "drops")
        .transactions(TransactionMode.OFF).build(), options)) {
      String tenant = store.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))).name();
      store.createWarehouse(Fixtures.warehouse(tenant, "wh"));
      store.createCatalog(Fixtures.catalog(tenant, "cat", "wh"));
      NamespaceName ns = NamespaceName.of("ns");
      store.createNamespace(Fixtures.namespace(tenant, "cat", ns));
      for (String name : List.of("x", "y")) {
        store.createAsset(Fixtures.withProperties(
            Fixtures.asset(tenant, "cat", ns, name, AssetKind.ICEBERG_TABLE), Map.of("n", "0")));
      }
      AssetKey x = new AssetKey("cat", ns, "x");
      AssetKey y = new AssetKey("cat", ns, "y");
      backend.armed.set(true);

      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        futures.add(pool.submit(() -> {
          for (int n = 0; n < COMMITS_PER_THREAD; n++) {
            while (true) {
              Asset ax = store.getAsset(tenant, x).orElseThrow();
              Asset ay = store.getAsset(tenant, y).orElseThrow();
              try {
                store.updateAssets(tenant, List.of(new AssetUpdate(incremented(ax), ax.version()),
                    new AssetUpdate(incremented(ay), ay.version())));
                break;
              } catch (ConflictException e) {
                // another commit won; read again
              }
            }
          }
          return null;
        }));
      }
      pool.shutdown();
      for (Future<?> f : futures) {
        f.get();
      }
      backend.armed.set(false);

      assertThat(backend.dropped.get()).as("connections dropped").isGreaterThanOrEqualTo(DROPS);
      assertThat(backend.heldCheckouts.get()).as("check-outs that met a paused pool").isPositive();
      int total = THREADS * COMMITS_PER_THREAD;
      for (AssetKey k : List.of(x, y)) {
        Asset a = store.getAsset(tenant, k).orElseThrow();
        assertThat(counter(a)).as(k.name()).isEqualTo(total);
        assertThat(a.version()).as(k.name()).isEqualTo(1L + total);
      }
    } finally {
      server.shutdownNow();
    }
  }
}
