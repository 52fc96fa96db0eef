package io.pangolin.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a tenant lives, as a placement tenancy strategy records it in the deployment's control-plane store: a record
 * type of its own, in a table or collection of its own (never a row of the tenant table). The store keeps the
 * fields as given and owns only the version; it attaches no meaning to tiers, targets or move states.
 *
 * <p>A placement may exist without its tenant's row (a tenancy strategy claims the placement before it creates the
 * tenant), and deleting a tenant does not delete its placement.
 *
 * @param tenant the tenant's name (the key)
 * @param place where the tenant's data lives now
 * @param catalogs the tenant's catalog count as the strategy keeps it (for deployment-wide quotas); never negative
 * @param move a move to another place under way
 * @param cleanup a place a finished move left behind, still to be emptied
 * @param version compare-and-swap token: 1 when created, +1 on every update; ignored on create and update
 */
public record PlacementRecord(String tenant, Place place, long catalogs, Optional<Move> move,
    Optional<Cleanup> cleanup, Instant createdAt, Instant updatedAt, long version) {

  /**
   * One place.
   *
   * @param tier the tier, e.g. {@code shared}, {@code hybrid}, {@code dedicated}
   * @param target the tenant's own schema or database ({@code server/database} on a named server); empty on the
   *     shared tier
   */
  public record Place(String tier, String target) {
    public Place {
      Objects.requireNonNull(tier, "tier");
      Objects.requireNonNull(target, "target");
    }
  }

  /** The phases of a move. */
  public enum MoveState {
    /** Copying to the target; writes go on against the source. */
    COPYING,
    /** Writes wait; the last changes are copied, checked and the placement switched. */
    SWITCHING
  }

  /** A move under way to {@code to}, identified by {@code id}, in {@code state} since {@code since}. */
  public record Move(Place to, MoveState state, String id, Instant since) {
    public Move {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(since, "since");
    }
  }

  /** A place left behind by a move, to be emptied; {@code digest} is what it held when the placement switched. */
  public record Cleanup(Place from, String digest) {
    public Cleanup {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(digest, "digest");
    }
  }

  public PlacementRecord {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(place, "place");
    Objects.requireNonNull(move, "move");
    Objects.requireNonNull(cleanup, "cleanup");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (catalogs < 0) {
      throw new IllegalArgumentException("catalogs must not be negative");
    }
  }

  public PlacementRecord withVersion(long newVersion) {
    return new PlacementRecord(tenant, place, catalogs, move, cleanup, createdAt, updatedAt, newVersion);
  }
}
