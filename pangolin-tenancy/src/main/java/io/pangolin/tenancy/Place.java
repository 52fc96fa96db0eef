package io.pangolin.tenancy;

import java.util.Objects;

/**
 * Where data lives: the shared store ({@link Tier#SHARED}, empty target), or a tenant's own schema (hybrid) or
 * database (dedicated), named by {@code target} — {@code name} or {@code server/name} for a database on a named
 * server.
 */
record Place(Tier tier, String target) {
  static final Place SHARED = new Place(Tier.SHARED, "");

  Place {
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(target, "target");
  }

  boolean shared() {
    return tier == Tier.SHARED;
  }

  @Override
  public String toString() {
    return shared() ? "shared" : tier.key() + ":" + target;
  }
}
