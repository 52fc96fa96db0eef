package io.pangolin.spi;

import java.util.List;
import java.util.Objects;

/**
 * What a store's connection pools and read replicas are doing now, for metrics and readiness
 * ({@link MetadataStore#stats()}). A store without pools or replicas reports {@link #none()}.
 *
 * @param pools one entry per connection pool (e.g. the primary's and each replica's)
 * @param replicas one entry per configured read replica
 */
public record StoreStats(List<Pool> pools, List<Replica> replicas) {
  public StoreStats {
    pools = List.copyOf(Objects.requireNonNull(pools, "pools"));
    replicas = List.copyOf(Objects.requireNonNull(replicas, "replicas"));
  }

  /** No pools, no replicas. */
  public static StoreStats none() {
    return new StoreStats(List.of(), List.of());
  }

  /**
   * One connection pool.
   *
   * @param name the pool's name, stable for the life of the store (a metric label; never a URL or a credential)
   * @param active connections lent out now
   * @param idle connections open and free
   * @param max the pool's maximum size
   * @param pending callers waiting for a connection
   */
  public record Pool(String name, int active, int idle, int max, int pending) {
    public Pool {
      Objects.requireNonNull(name, "name");
      if (active < 0 || idle < 0 || max < 0 || pending < 0) {
        throw new IllegalArgumentException("pool counts must not be negative");
      }
    }

    /** Share of the pool lent out, 0..1 (0 for a pool of size 0). */
    public double usage() {
      return max == 0 ? 0 : Math.min(1.0, (double) active / max);
    }
  }

  /**
   * One read replica.
   *
   * @param name the replica's name (a metric label; never a URL or a credential)
   * @param inRotation whether reads may go to it now
   * @param lagMs how far its replay is behind the primary, in milliseconds; {@code -1} when unknown (down, not polled)
   */
  public record Replica(String name, boolean inRotation, long lagMs) {
    public Replica {
      Objects.requireNonNull(name, "name");
    }
  }
}
