/**
 * The PostgreSQL {@link io.pangolin.spi.MetadataStore}, provided under the name {@code postgres}: Jdbi over the
 * PostgreSQL JDBC driver, HikariCP pools, Flyway migrations, a monthly-partitioned audit log, read replicas and
 * PgBouncer transaction pooling. Only the provider, its typed configuration and the store class are exported.
 */
module io.pangolin.store.postgres {
  requires transitive io.pangolin.spi;
  requires java.sql;
  requires org.jdbi.v3.core;
  // Jdbi is an automatic module and cannot declare that it needs geantyref: this makes the module path resolve it
  requires io.leangen.geantyref;
  requires org.postgresql.jdbc;
  requires com.zaxxer.hikari;
  requires flyway.core;
  requires io.github.resilience4j.core;
  requires io.github.resilience4j.retry;

  exports io.pangolin.store.postgres;

  provides io.pangolin.spi.StoreProvider with io.pangolin.store.postgres.PostgresStoreProvider;
}
