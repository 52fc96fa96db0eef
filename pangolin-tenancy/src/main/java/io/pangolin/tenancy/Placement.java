package io.pangolin.tenancy;

import io.pangolin.api.Tenant;
import io.pangolin.api.TenantPlacement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant's placement as the registry stores it: its place, the number of its catalogs (for the deployment-wide
 * catalog quota, kept for tenants outside the shared store), a move under way, a source place still to clean up
 * after a move, and the version of the registry row (compare-and-swap token; 0: no row, a tenant of the shared
 * store created before tenancy was configured).
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

  /** A tenant without a registry row: it lives in the shared store. */
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

  // ---- the registry row ---------------------------------------------------------------------------------------

  Tenant toRow(String rowName, Instant updatedAt) {
    Map<String, String> p = new HashMap<>();
    p.put("tier", place.tier().key());
    p.put("target", place.target());
    p.put("catalogs", Long.toString(catalogs));
    move.ifPresent(m -> {
      p.put("move.tier", m.to().tier().key());
      p.put("move.target", m.to().target());
      p.put("move.state", m.state().key());
      p.put("move.id", m.id());
      p.put("move.since", m.since().toString());
    });
    cleanup.ifPresent(c -> {
      p.put("cleanup.tier", c.from().tier().key());
      p.put("cleanup.target", c.from().target());
      p.put("cleanup.digest", c.digest());
    });
    return new Tenant(rowName, p, createdAt, updatedAt, version);
  }

  static Placement fromRow(String tenant, Tenant row) {
    Map<String, String> p = row.properties();
    Place place = new Place(Tier.parse(p.get("tier")), p.getOrDefault("target", ""));
    Optional<Move> move = Optional.ofNullable(p.get("move.tier")).map(t -> new Move(
        new Place(Tier.parse(t), p.getOrDefault("move.target", "")),
        MoveState.valueOf(p.getOrDefault("move.state", "copying").toUpperCase(Locale.ROOT)),
        p.getOrDefault("move.id", ""), Instant.parse(p.getOrDefault("move.since", Instant.EPOCH.toString()))));
    Optional<Cleanup> cleanup = Optional.ofNullable(p.get("cleanup.tier")).map(t -> new Cleanup(
        new Place(Tier.parse(t), p.getOrDefault("cleanup.target", "")), p.getOrDefault("cleanup.digest", "")));
    return new Placement(tenant, place, Long.parseLong(p.getOrDefault("catalogs", "0")), move, cleanup,
        row.createdAt(), row.version());
  }
}
