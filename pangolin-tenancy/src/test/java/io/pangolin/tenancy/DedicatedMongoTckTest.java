package io.pangolin.tenancy;

import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.tck.MetadataStoreTck;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole store test kit through the tenant router: MongoDB (mongo-java-server), every tenant in a database of its own. */
class DedicatedMongoTckTest extends MetadataStoreTck {
  @RegisterExtension
  static final MongoPlaces MONGO = new MongoPlaces();

  @Override
  protected MetadataStore newStore() {
    return MONGO.open(Tier.DEDICATED).controlPlane();
  }
}
