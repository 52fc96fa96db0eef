package io.pangolin.tenancy;

import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link TwoInstanceCatalogQuotaChecks} on MongoDB (mongo-java-server through the real driver): the shared database
 * and a dedicated tenant's database. mongo-java-server has no transactions, so the stores use the fallback protocol
 * (write, then count), which may refuse racing creates near the quota early — the checks allow that, never a create
 * past it.
 */
class TwoInstanceCatalogQuotaMongoTest extends TwoInstanceCatalogQuotaChecks {
  @RegisterExtension
  static final MongoPlaces MONGO = new MongoPlaces();

  @Override
  PlacementTenancy instance() {
    return MONGO.open(Tier.SHARED);
  }

  @Override
  List<Tier> tiers() {
    return List.of(Tier.SHARED, Tier.DEDICATED);
  }
}
