package io.pangolin.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.api.Catalog;
import io.pangolin.api.QuotaExceededException;
import io.pangolin.api.Warehouse;
import io.pangolin.spi.ForwardingMetadataStore;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.ProviderConfig;
import io.pangolin.spi.StoreProvider;
import io.pangolin.store.postgres.PostgresStoreProvider;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The deployment-wide catalog quota with one interleaving forced, the one that passed it by one when
 * {@link TenantRoutingStore#countCatalogs()} read the shared store before the registry: create X (a shared-store
 * tenant) raises its count and counts, then pauses before storing its catalog; create Y raises and counts — its read
 * of the shared store happens before X stores, and X stores and lowers its count before Y reads the registry. Y then
 * sees X nowhere. Reading the registry first, Y sees X's raise and is refused: one slot, one catalog.
 */
class CatalogQuotaCountOrderTest {
  @RegisterExtension
  static final PostgresPlaces PG = new PostgresPlaces();

  private static final long WAIT_S = 30;
  private final CountDownLatch xCounted = new CountDownLatch(1);
  private final CountDownLatch yReadTheSharedStore = new CountDownLatch(1);
  private final CountDownLatch xDone = new CountDownLatch(1);

  @Test
  void aCreateStoredAndLoweredWhileAnotherCounts_isStillCounted_soTheLastSlotGoesToOne() throws Exception {
    PlacementTenancy tenancy = PlacementTenancy.open(new Hooked(), PG.storeConfig(), PG.config(Tier.SHARED).build());
    try {
      TenantRoutingStore store = tenancy.controlPlane();
      String tx = tenant(store, "x");
      String ty = tenant(store, "y");
      long max = store.countCatalogs() + 1; // one slot left

      CompletableFuture<Boolean> x = CompletableFuture.supplyAsync(() -> {
        try {
          return created(() -> store.createCatalog(catalog(tx, "x"), max));
        } finally {
          xDone.countDown();
        }
      }, named("create-x"));
      assertThat(xCounted.await(WAIT_S, TimeUnit.SECONDS)).as("X counted and is about to store").isTrue();
      CompletableFuture<Boolean> y = CompletableFuture.supplyAsync(
          () -> created(() -> store.createCatalog(catalog(ty, "y"), max)), named("create-y"));

      boolean xCreated = x.get(WAIT_S, TimeUnit.SECONDS);
      boolean yCreated = y.get(WAIT_S, TimeUnit.SECONDS);
      assertThat(xCreated).as("X counted alone: created").isTrue();
      assertThat(yCreated).as("Y must see X (its raise or its catalog)").isFalse();
      assertThat(store.countCatalogs()).isEqualTo(max);
      assertThat(store.getCatalog(tx, "x")).isPresent();
      assertThat(store.getCatalog(ty, "y")).isEmpty();
    } finally {
      tenancy.close();
    }
  }

  /** A thread of its own, named for the hooks. */
  private static Executor named(String name) {
    return task -> {
      Thread t = new Thread(task, name);
      t.setDaemon(true);
      t.start();
    };
  }

  private static boolean created(Runnable create) {
    try {
      create.run();
      return true;
    } catch (QuotaExceededException e) {
      return false;
    }
  }

  private static String tenant(TenantRoutingStore store, String suffix) {
    String t = "order-" + suffix + "-" + UUID.randomUUID().toString().substring(0, 6);
    Data.tenant(store, t, Tier.SHARED);
    Instant now = Data.now();
    store.createWarehouse(new Warehouse(t, "wh", "s3://order/" + t, Map.of(), now, now, 0));
    return t;
  }

  private static Catalog catalog(String tenant, String name) {
    Instant now = Data.now();
    return new Catalog(tenant, name, "wh", Map.of(), now, now, 0);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT_S, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the forced interleaving did not happen in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** PostgreSQL stores whose catalog insert (thread create-x) and catalog count (thread create-y) pause as above. */
  private final class Hooked implements StoreProvider {
    private final PostgresStoreProvider postgres = new PostgresStoreProvider();

    @Override
    public String name() {
      return postgres.name();
    }

    @Override
    public MetadataStore open(ProviderConfig config) {
      MetadataStore real = postgres.open(config);
      return new ForwardingMetadataStore() {
        @Override
        protected MetadataStore delegate() {
          return real;
        }

        @Override
        protected <T> T forward(Call call, Function<MetadataStore, T> body) {
          String thread = Thread.currentThread().getName();
          if (call.operation().equals("createCatalog") && thread.equals("create-x")) {
            xCounted.countDown();
            await(yReadTheSharedStore);
          }
          T result = body.apply(real);
          if (call.operation().equals("countCatalogs") && thread.equals("create-y")) {
            yReadTheSharedStore.countDown();
            await(xDone);
          }
          return result;
        }
      };
    }
  }
}
