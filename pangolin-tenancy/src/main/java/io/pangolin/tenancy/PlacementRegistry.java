package io.pangolin.tenancy;

import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.ConflictException;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.PlacementRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The placement registry: one {@link PlacementRecord} per tenant in the control-plane store's placements
 * ({@link MetadataStore#createPlacement} and the calls next to it), a record type of its own, apart from the tenant
 * table. Updates are compare-and-swaps on the record's version, which is what makes a move's switch atomic.
 *
 * <p>Routing reads go through a cache: a placement read at most {@code ttl} ago is used as is. Absent rows are never
 * cached — a tenant created by another instance is routed correctly from its first request — and are read as
 * {@link Placement#legacy}: a tenant of the shared store.
 */
final class PlacementRegistry {
  private static final int COUNT_ATTEMPTS = 100;

  private record Cached(Placement placement, long readAt) {}

  private final MetadataStore control;
  private final long ttlNanos;
  private final Clock clock;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  PlacementRegistry(MetadataStore control, Duration ttl, Clock clock) {
    this.control = Objects.requireNonNull(control, "control");
    this.ttlNanos = ttl.toNanos();
    this.clock = clock;
  }

  /** The placement to route {@code tenant}'s calls by, from the cache if fresh. */
  Placement route(String tenant) {
    Cached c = cache.get(tenant);
    if (c != null && System.nanoTime() - c.readAt() < ttlNanos) {
      return c.placement();
    }
    return read(tenant).orElseGet(() -> Placement.legacy(tenant));
  }

  /** The stored placement, read now. */
  Optional<Placement> read(String tenant) {
    Optional<Placement> p = control.getPlacement(tenant).map(Placement::fromRecord);
    p.ifPresentOrElse(this::remember, () -> cache.remove(tenant));
    return p;
  }

  /** @throws io.pangolin.api.AlreadyExistsException the tenant has a placement already */
  Placement create(Placement p) {
    return remember(Placement.fromRecord(control.createPlacement(p.toRecord(clock.instant()))));
  }

  /** Compare-and-swap. @throws ConflictException the placement changed since {@code expected} was read */
  Placement update(Placement updated, Placement expected) {
    try {
      return remember(Placement.fromRecord(control.updatePlacement(updated.toRecord(clock.instant()),
          expected.version())));
    } catch (ConflictException | NotFoundException e) {
      cache.remove(updated.tenant());
      throw e;
    }
  }

  void delete(String tenant) {
    cache.remove(tenant);
    try {
      control.deletePlacement(tenant);
    } catch (NotFoundException e) {
      // already gone
    }
  }

  void forget(String tenant) {
    cache.remove(tenant);
  }

  /**
   * Adds {@code delta} to the tenant's catalog count in its record, retrying on concurrent changes of the record
   * (creates racing in one tenant all change it: after a lost compare-and-swap a retry waits a random few
   * milliseconds, growing). A tenant without a record (a tenant of the shared store from before placements) gets one
   * on a raise. For a tenant with a place of its own the count is of its catalogs; for a tenant of the shared store,
   * whose catalogs the shared store counts, it is of its catalog creates in flight (see
   * {@link TenantRoutingStore#createCatalog(io.pangolin.api.Catalog, long)}).
   */
  void addCatalogs(String tenant, long delta) {
    for (int i = 0; ; i++) {
      Optional<Placement> p = read(tenant);
      try {
        if (p.isEmpty()) {
          if (delta > 0) {
            create(Placement.of(tenant, Place.SHARED, clock.instant()).withCatalogs(delta));
          }
          return;
        }
        update(p.get().withCatalogs(Math.max(0, p.get().catalogs() + delta)), p.get());
        return;
      } catch (ConflictException | AlreadyExistsException e) {
        if (i >= COUNT_ATTEMPTS) {
          throw e;
        }
        WriteGates.sleep(ThreadLocalRandom.current().nextLong(1, 2L + Math.min(i, 20)));
      }
    }
  }

  /**
   * The catalog counts of every record (a scan of the placements: records are tiny): the catalogs of tenants outside
   * the shared store, and catalog creates in flight of tenants in it.
   */
  long catalogsCounted() {
    long sum = 0;
    Optional<String> token = Optional.empty();
    do {
      Page<PlacementRecord> page = control.listPlacements(new PageRequest(token, PageRequest.MAX_SIZE));
      for (PlacementRecord r : page.items()) {
        sum += r.catalogs();
      }
      token = page.nextToken();
    } while (token.isPresent());
    return sum;
  }

  private Placement remember(Placement p) {
    cache.put(p.tenant(), new Cached(p, System.nanoTime()));
    return p;
  }
}
