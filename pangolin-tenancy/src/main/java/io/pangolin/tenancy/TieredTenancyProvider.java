package io.pangolin.tenancy;

import io.pangolin.spi.ProviderConfig;
import io.pangolin.spi.StoreProvider;
import io.pangolin.spi.TenancyProvider;

/** Opens a {@link PlacementTenancy} whose default tier is the provider's name. */
abstract class TieredTenancyProvider implements TenancyProvider {
  private final Tier tier;

  TieredTenancyProvider(Tier tier) {
    this.tier = tier;
  }

  @Override
  public final String name() {
    return tier.key();
  }

  /** @param config the strategy's keys, see {@link TenancyConfig#from} */
  @Override
  public final PlacementTenancy open(StoreProvider stores, ProviderConfig storeConfig, ProviderConfig config) {
    return PlacementTenancy.open(stores, storeConfig, TenancyConfig.from(tier, config));
  }
}
