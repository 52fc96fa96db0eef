package io.pangolin.api;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a tenant's data lives, as its {@link TenancyStrategy} records it. Never holds credentials.
 *
 * @param tier the tier, e.g. {@code shared}, {@code hybrid}, {@code dedicated}
 * @param target the tenant's own place (a schema or database name, {@code server/database} for a database on a named
 *     server); empty on the shared tier
 * @param moveTo the tier the tenant is being moved to, while a move is under way
 * @param moveState the phase of that move ({@code copying}: writes go on; {@code switching}: writes wait)
 */
public record TenantPlacement(String tenant, String tier, String target, Optional<String> moveTo,
    Optional<String> moveState) {
  public TenantPlacement {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(moveTo, "moveTo");
    Objects.requireNonNull(moveState, "moveState");
  }

  /** A placement with no move under way. */
  public static TenantPlacement of(String tenant, String tier, String target) {
    return new TenantPlacement(tenant, tier, target, Optional.empty(), Optional.empty());
  }
}
