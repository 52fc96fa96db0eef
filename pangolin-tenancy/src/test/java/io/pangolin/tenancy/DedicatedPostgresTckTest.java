package io.pangolin.tenancy;

import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.tck.MetadataStoreTck;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole store test kit through the tenant router: PostgreSQL, every tenant in a database of its own. */
class DedicatedPostgresTckTest extends MetadataStoreTck {
  @RegisterExtension
  static final PostgresPlaces PG = new PostgresPlaces();

  @Override
  protected MetadataStore newStore() {
    return PG.open(Tier.DEDICATED).controlPlane();
  }
}
