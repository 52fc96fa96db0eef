package io.pangolin.tenancy;

import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link TwoInstanceCatalogQuotaChecks} on PostgreSQL: shared schema, a hybrid tenant's schema, a dedicated database. */
class TwoInstanceCatalogQuotaPostgresTest extends TwoInstanceCatalogQuotaChecks {
  @RegisterExtension
  static final PostgresPlaces PG = new PostgresPlaces();

  @Override
  PlacementTenancy instance() {
    return PG.open(Tier.HYBRID);
  }

  @Override
  List<Tier> tiers() {
    return List.of(Tier.SHARED, Tier.HYBRID, Tier.DEDICATED);
  }
}
