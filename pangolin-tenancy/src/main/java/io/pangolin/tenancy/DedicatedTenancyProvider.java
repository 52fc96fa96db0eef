package io.pangolin.tenancy;

/** Provides {@link PlacementTenancy} under the name {@code dedicated}: new tenants go to the dedicated tier by default. */
public final class DedicatedTenancyProvider extends TieredTenancyProvider {
  public DedicatedTenancyProvider() {
    super(Tier.DEDICATED);
  }
}
