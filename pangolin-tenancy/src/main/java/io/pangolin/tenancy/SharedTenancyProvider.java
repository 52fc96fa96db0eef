package io.pangolin.tenancy;

/** Provides {@link PlacementTenancy} under the name {@code shared}: new tenants go to the shared tier by default. */
public final class SharedTenancyProvider extends TieredTenancyProvider {
  public SharedTenancyProvider() {
    super(Tier.SHARED);
  }
}
