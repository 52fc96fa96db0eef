package io.pangolin.spi.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.Catalog;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.User;
import io.pangolin.api.Warehouse;
import io.pangolin.spi.MetadataStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Base of the suites of one area: the shared store plus helpers that create entities in it. Every helper works
 * inside tenants the calling test created, so tests never see each other's data.
 */
abstract class StoreTests {
  /** The page sizes every listing is traversed with: one item, an odd size, the maximum. */
  static final List<Integer> PAGE_SIZES = List.of(1, 7, PageRequest.MAX_SIZE);

  /** Default warehouse of {@link #newCatalog(String, String)}. */
  static final String WAREHOUSE = "wh";

  final MetadataStore store;

  StoreTests(MetadataStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** A tenant with a warehouse {@value #WAREHOUSE}, a catalog and a top-level namespace, all freshly created. */
  record Scope(String tenant, String catalog, NamespaceName namespace) {
    AssetKey key(String name) {
      return new AssetKey(catalog, namespace, name);
    }
  }

  // ---- creating entities ------------------------------------------------------------------------------------

  /** Creates a tenant with a unique name and returns the name. */
  String newTenant() {
    return store.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))).name();
  }

  Warehouse newWarehouse(String tenant, String name) {
    return store.createWarehouse(Fixtures.warehouse(tenant, name));
  }

  /** Creates a catalog on warehouse {@value #WAREHOUSE}, creating the warehouse if needed. */
  Catalog newCatalog(String tenant, String name) {
    if (store.getWarehouse(tenant, WAREHOUSE).isEmpty()) {
      newWarehouse(tenant, WAREHOUSE);
    }
    return newCatalog(tenant, name, WAREHOUSE);
  }

  Catalog newCatalog(String tenant, String name, String warehouse) {
    return store.createCatalog(Fixtures.catalog(tenant, name, warehouse));
  }

  /** Creates one namespace; its parent must exist. {@code dotted} is e.g. {@code sales.emea}. */
  Namespace newNamespace(String tenant, String catalog, String dotted) {
    return newNamespace(tenant, catalog, NamespaceName.parse(dotted));
  }

  Namespace newNamespace(String tenant, String catalog, NamespaceName name) {
    return store.createNamespace(Fixtures.namespace(tenant, catalog, name));
  }

  Scope newScope() {
    String tenant = newTenant();
    newCatalog(tenant, "cat");
    newNamespace(tenant, "cat", "ns");
    return new Scope(tenant, "cat", NamespaceName.of("ns"));
  }

  Asset newAsset(Scope scope, String name, AssetKind kind) {
    return newAsset(scope.tenant(), scope.catalog(), scope.namespace(), name, kind);
  }

  Asset newAsset(Scope scope, String name) {
    return newAsset(scope, name, AssetKind.ICEBERG_TABLE);
  }

  Asset newAsset(String tenant, String catalog, NamespaceName namespace, String name, AssetKind kind) {
    return store.createAsset(Fixtures.asset(tenant, catalog, namespace, name, kind));
  }

  User newUser(String tenant, String name) {
    return store.createUser(Fixtures.user(tenant, name));
  }

  // ---- paging -----------------------------------------------------------------------------------------------

  /**
   * Follows a listing to its end with pages of {@code size} and returns all items. Checks on the way that only the
   * last page is shorter than requested (a page with a next token is full).
   */
  static <T> List<T> drain(Function<PageRequest, Page<T>> listing, int size) {
    return drain(listing, Optional.empty(), size);
  }

  /** Like {@link #drain(Function, int)}, but continuing a traversal from {@code token}. */
  static <T> List<T> drain(Function<PageRequest, Page<T>> listing, Optional<String> token, int size) {
    List<T> all = new ArrayList<>();
    for (int pages = 1; ; pages++) {
      Page<T> page = listing.apply(new PageRequest(token, size));
      assertThat(page.items()).as("page %d of size %d", pages, size).hasSizeLessThanOrEqualTo(size);
      if (page.nextToken().isPresent()) {
        assertThat(page.items()).as("page %d of size %d has a next token, so it must be full", pages, size)
            .hasSize(size);
      }
      all.addAll(page.items());
      token = page.nextToken();
      if (token.isEmpty()) {
        return all;
      }
      assertThat(pages).as("number of pages (endless listing?)").isLessThan(1_000_000);
    }
  }

  /** Traverses {@code listing} with each of {@link #PAGE_SIZES}; each traversal must yield exactly {@code expected}. */
  static <T, K> void assertPagesConcatenateTo(Function<PageRequest, Page<T>> listing, Function<? super T, K> key,
      List<K> expected) {
    for (int size : PAGE_SIZES) {
      assertThat(drain(listing, size)).as("all pages of size %d", size).map(key)
          .containsExactlyElementsOf(expected);
    }
  }

  static <T> List<T> shuffled(List<T> items) {
    List<T> copy = new ArrayList<>(items);
    Collections.shuffle(copy);
    return copy;
  }

  /** {@code prefix00}, {@code prefix01}, … — names whose order is the same in every collation. */
  static List<String> names(String prefix, int count) {
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(prefix + String.format("%02d", i));
    }
    return names;
  }

  // ---- concurrency ------------------------------------------------------------------------------------------

  /** What one concurrent task returned or threw. */
  record Outcome<T>(T value, Throwable failure) {
    boolean succeeded() {
      return failure == null;
    }
  }

  /**
   * Runs {@code task(0..threads-1)} on {@code threads} threads released at the same instant and returns each
   * outcome in task order.
   */
  static <T> List<Outcome<T>> concurrently(int threads, IntFunction<T> task) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          start.await();
          return task.apply(index);
        }));
      }
      start.countDown();
      List<Outcome<T>> outcomes = new ArrayList<>();
      for (Future<T> f : futures) {
        try {
          outcomes.add(new Outcome<>(f.get(5, TimeUnit.MINUTES), null));
        } catch (ExecutionException e) {
          outcomes.add(new Outcome<>(null, e.getCause()));
        }
      }
      return outcomes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for concurrent tasks", e);
    } catch (TimeoutException e) {
      throw new AssertionError("concurrent tasks did not finish in time", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
