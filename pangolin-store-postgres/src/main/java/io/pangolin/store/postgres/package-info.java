/**
 * The PostgreSQL store. {@link io.pangolin.store.postgres.PostgresStoreProvider} opens it from configuration
 * ({@link io.pangolin.store.postgres.PostgresStoreConfig}); everything else in this package is an implementation
 * detail: SQL ({@code Sql}), row mapping ({@code Rows}, {@code Json}), error translation and retries ({@code Db},
 * {@code SqlErrors}), replica routing ({@code ReplicaRouter}) and audit partition maintenance
 * ({@code AuditPartitions}).
 */
package io.pangolin.store.postgres;
