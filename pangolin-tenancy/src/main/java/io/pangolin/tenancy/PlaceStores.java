package io.pangolin.tenancy;

import io.pangolin.api.UnavailableException;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.StoreProvider;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The open stores of tenants' places. A place's store (and with it its connection pool) is opened on first use,
 * shared by every call of that tenant, and closed when it has been idle for {@code idle-timeout-ms} or when more than
 * {@code max-open-places} are open (least recently used first). Calls hold a lease while they run, so a store is
 * closed only when no call uses it: eviction takes only unused stores, and {@link #close(Place)} (before a place is
 * dropped) waits for the running calls. The shared place is the control-plane store itself.
 */
final class PlaceStores implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PlaceStores.class.getName());
  private static final int RETIRED = Integer.MIN_VALUE;

  private final MetadataStore shared;
  private final StoreProvider provider;
  private final PlaceConfigs configs;
  private final int maxOpen;
  private final long idleNanos;
  private final ConcurrentHashMap<Place, Entry> open = new ConcurrentHashMap<>();
  private final Set<Place> provisioned = ConcurrentHashMap.newKeySet();
  /** Set by {@link #start()}. */
  private ScheduledExecutorService evictor;

  /** One place's store: opened lazily, used by counted leases, retired when unused. */
  private final class Entry {
    final Place place;
    final AtomicInteger users = new AtomicInteger();
    volatile long lastUsed = System.nanoTime();
    private MetadataStore store;

    Entry(Place place) {
      this.place = place;
    }

    boolean acquire() {
      for (;;) {
        int n = users.get();
        if (n < 0) {
          return false;
        }
        if (users.compareAndSet(n, n + 1)) {
          lastUsed = System.nanoTime();
          return true;
        }
      }
    }

    void release() {
      lastUsed = System.nanoTime();
      users.decrementAndGet();
    }

    synchronized MetadataStore store() {
      if (store == null) {
        store = openStore(place);
      }
      return store;
    }

    /** Retires the entry if nobody uses it. @return true if it was retired (and its store closed) */
    boolean retireIfUnused() {
      if (!users.compareAndSet(0, RETIRED)) {
        return false;
      }
      open.remove(place, this);
      closeStore();
      return true;
    }

    synchronized void closeStore() {
      if (store != null) {
        try {
          store.close();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "closing the store of " + place + " failed", e);
        }
        store = null;
      }
    }
  }

  PlaceStores(MetadataStore shared, StoreProvider provider, PlaceConfigs configs, int maxOpen, Duration idle) {
    this.shared = Objects.requireNonNull(shared, "shared");
    this.provider = Objects.requireNonNull(provider, "provider");
    this.configs = Objects.requireNonNull(configs, "configs");
    this.maxOpen = maxOpen;
    this.idleNanos = idle.toNanos();
  }

  /** Starts evicting idle stores (every quarter of the idle timeout, 50 ms to 5 s). Called once, by the owner. */
  synchronized PlaceStores start() {
    long every = Math.max(50, Math.min(5_000, idleNanos / 4_000_000));
    evictor = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("pangolin-tenancy-evictor").daemon().factory());
    evictor.scheduleWithFixedDelay(this::evictIdle, every, every, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Runs {@code call} with the store of {@code place}, opening it if needed. */
  <T> T with(Place place, Function<MetadataStore, T> call) {
    if (place.shared()) {
      return call.apply(shared);
    }
    for (;;) {
      Entry e = open.computeIfAbsent(place, Entry::new);
      if (!e.acquire()) {
        continue; // retired meanwhile: a new entry takes its place
      }
      try {
        if (open.size() > maxOpen) {
          evictLeastRecentlyUsed();
        }
        return call.apply(e.store());
      } finally {
        e.release();
      }
    }
  }

  /** Creates the place (schema or database, migrated). Idempotent. */
  void provision(Place place) {
    if (place.shared()) {
      return;
    }
    if (configs.provisionByOpening()) {
      // opening the store creates the place (MongoDB: indexes on open): open it once, and keep it open
      with(place, s -> null);
    } else {
      provider.provision(configs.forPlace(place, true), PlaceConfigs.scope(place));
    }
    provisioned.add(place);
  }

  /** Drops the place after closing its store; waits for running calls. Idempotent. */
  void drop(Place place) {
    if (place.shared()) {
      throw new IllegalArgumentException("the shared place is never dropped");
    }
    close(place);
    provisioned.remove(place);
    provider.deprovision(configs.forPlace(place, true), PlaceConfigs.scope(place));
  }

  /** Closes the place's store, waiting (bounded) for the calls that use it. */
  void close(Place place) {
    Entry e = open.get(place);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (e != null) {
      if (e.retireIfUnused()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new UnavailableException("the store of " + place + " is still in use");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new UnavailableException("interrupted while closing the store of " + place);
      }
      e = open.get(place);
    }
  }

  /** Whether this process provisioned (or checked) the place already. */
  boolean provisioned(Place place) {
    return provisioned.contains(place);
  }

  int openCount() {
    return open.size();
  }

  private MetadataStore openStore(Place place) {
    boolean migrated = provisioned.contains(place);
    if (!migrated && configs.provisionBeforeOpen()) {
      // first use in this process: create-if-missing and migrate-if-behind is one cheap round trip when current
      provision(place);
      migrated = true;
    }
    return provider.open(configs.forPlace(place, !migrated));
  }

  private void evictIdle() {
    try {
      long now = System.nanoTime();
      for (Entry e : List.copyOf(open.values())) {
        if (now - e.lastUsed > idleNanos) {
          e.retireIfUnused();
        }
      }
      if (open.size() > maxOpen) {
        evictLeastRecentlyUsed();
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "evicting idle place stores failed", e);
    }
  }

  private void evictLeastRecentlyUsed() {
    List<Entry> entries = new ArrayList<>(open.values());
    entries.sort(Comparator.comparingLong(e -> e.lastUsed));
    int excess = entries.size() - maxOpen;
    for (Entry e : entries) {
      if (excess <= 0) {
        return;
      }
      if (e.retireIfUnused()) {
        excess--;
      }
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (evictor != null) {
        evictor.shutdownNow();
      }
    }
    for (Map.Entry<Place, Entry> e : Map.copyOf(open).entrySet()) {
      e.getValue().users.set(RETIRED);
      open.remove(e.getKey(), e.getValue());
      e.getValue().closeStore();
    }
  }
}
