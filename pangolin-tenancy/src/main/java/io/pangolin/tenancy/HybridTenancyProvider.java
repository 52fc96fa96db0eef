package io.pangolin.tenancy;

/** Provides {@link PlacementTenancy} under the name {@code hybrid}: new tenants go to the hybrid tier by default. */
public final class HybridTenancyProvider extends TieredTenancyProvider {
  public HybridTenancyProvider() {
    super(Tier.HYBRID);
  }
}
