package io.pangolin.spi;

/**
 * A capability of store decorators that keep copies of tenants' data (a cache): dropping everything of one tenant, on
 * every instance that shares the copies. A {@link TenancyStrategy} decorated with such a store calls it after the
 * tenant moved to another place ({@link DecoratedTenancy}), so no instance answers from what it read in the old place.
 */
public interface TenantInvalidation {
  /**
   * Drops every cached entry of {@code tenant} on this and every other instance; returns when they have done so (or
   * the decorator has fallen back to a mode in which it will flush everything once it can). Never throws for an
   * unreachable shared backend.
   */
  void invalidateTenant(String tenant);
}
