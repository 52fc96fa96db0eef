package io.pangolin.tenancy;

import io.pangolin.api.TenantPlacement;
import io.pangolin.spi.PlacementRecord;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant's placement as the registry stores it: its place, the number of its catalogs (for the deployment-wide
 * catalog quota, kept for tenants outside the shared store), a move under way, a source place still to clean up
 * after a move, and the version of its stored {@link PlacementRecord} (compare-and-swap token; 0: none stored, a
 * tenant of the shared store created before tenancy was configured).
 */
record Placement(String tenant, Place place, long catalogs, Optional<Move> move, Optional<Cleanup> cleanup,
    Instant createdAt, long version) {

  /** The phases of a move in which the registry shows it. */
  enum MoveState {
    /** Copying to the target; writes go on against the source. */
    COPYING,
    /** Writes wait; the last changes are copied, checked and the placement switched. */
    SWITCHING;

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  record Move(Place to, MoveState state, String id, Instant since) {}

  /** A place left behind by a move, to be emptied; {@code digest} is what it held when the placement switched. */
  record Cleanup(Place from, String digest) {}

  Placement {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(place, "place");
    Objects.requireNonNull(move, "move");
    Objects.requireNonNull(cleanup, "cleanup");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  static Placement of(String tenant, Place place, Instant now) {
    return new Placement(tenant, place, 0, Optional.empty(), Optional.empty(), now, 0);
  }

  /** A tenant without a registry record: it lives in the shared store. */
  static Placement legacy(String tenant) {
    return new Placement(tenant, Place.SHARED, 0, Optional.empty(), Optional.empty(), Instant.EPOCH, 0);
  }

  Tier tier() {
    return place.tier();
  }

  boolean switching() {
    return move.map(m -> m.state() == MoveState.SWITCHING).orElse(false);
  }

  Placement withMove(Optional<Move> m) {
    return new Placement(tenant, place, catalogs, m, cleanup, createdAt, version);
  }

  Placement withCatalogs(long n) {
    return new Placement(tenant, place, n, move, cleanup, createdAt, version);
  }

  Placement withCleanup(Optional<Cleanup> c) {
    return new Placement(tenant, place, catalogs, move, c, createdAt, version);
  }

  /** The placement after a move's switch: at the target, the source left to clean up. */
  Placement switched(long targetCatalogs, String sourceDigest) {
    Move m = move.orElseThrow();
    return new Placement(tenant, m.to(), targetCatalogs, Optional.empty(),
        Optional.of(new Cleanup(place, sourceDigest)), createdAt, version);
  }

  TenantPlacement toSpi() {
    return new TenantPlacement(tenant, tier().key(), place.target(), move.map(m -> m.to().tier().key()),
        move.map(m -> m.state().key()));
  }

  // ---- the stored record -------------------------------------------------------------------------------------

  PlacementRecord toRecord(Instant updatedAt) {
    return new PlacementRecord(tenant, stored(place), catalogs,
        move.map(m -> new PlacementRecord.Move(stored(m.to()), PlacementRecord.MoveState.valueOf(m.state().name()),
            m.id(), m.since())),
        cleanup.map(c -> new PlacementRecord.Cleanup(stored(c.from()), c.digest())), createdAt, updatedAt, version);
  }

  static Placement fromRecord(PlacementRecord r) {
    return new Placement(r.tenant(), place(r.place()), r.catalogs(),
        r.move().map(m -> new Move(place(m.to()), MoveState.valueOf(m.state().name()), m.id(), m.since())),
        r.cleanup().map(c -> new Cleanup(place(c.from()), c.digest())), r.createdAt(), r.version());
  }

  private static PlacementRecord.Place stored(Place p) {
    return new PlacementRecord.Place(p.tier().key(), p.target());
  }

  private static Place place(PlacementRecord.Place p) {
    return new Place(Tier.parse(p.tier()), p.target());
  }
}
