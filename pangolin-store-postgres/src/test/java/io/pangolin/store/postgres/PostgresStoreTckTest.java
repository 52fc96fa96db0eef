package io.pangolin.store.postgres;

import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.tck.MetadataStoreTck;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole store test kit against PostgreSQL on 127.0.0.1:5432, in a database of its own. */
class PostgresStoreTckTest extends MetadataStoreTck {
  @RegisterExtension
  static final TestDatabase DB = new TestDatabase();

  @Override
  protected MetadataStore newStore() {
    return PostgresMetadataStore.open(DB.config().build());
  }
}
