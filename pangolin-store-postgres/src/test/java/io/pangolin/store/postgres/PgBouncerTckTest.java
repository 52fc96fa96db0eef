package io.pangolin.store.postgres;

import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.tck.MetadataStoreTck;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole store test kit, concurrency suite included, through a real PgBouncer in transaction pooling mode with
 * fewer server connections than the store's pool: every transaction may land on another server connection, so
 * any session state or named prepared statement the store relied on would break these tests. Only the migration
 * goes to PostgreSQL directly ({@code migration-url}), as the README recommends.
 */
class PgBouncerTckTest extends MetadataStoreTck {
  @RegisterExtension
  static final TestDatabase DB = new TestDatabase();

  @RegisterExtension
  static final PgBouncer BOUNCER = new PgBouncer();

  @Override
  protected MetadataStore newStore() {
    return PostgresMetadataStore.open(PostgresTestServer.config(BOUNCER.url(DB.name()))
        .pgbouncer(true)
        .migrationUrl(DB.url())
        .build());
  }
}
