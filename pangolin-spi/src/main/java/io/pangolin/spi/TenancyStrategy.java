package io.pangolin.spi;

/**
 * Decides where a tenant's data lives (shared schema, own schema, own database) and routes to it. The engine asks
 * for the store of the request's tenant on every call; the returned store must never expose another tenant's data.
 */
public interface TenancyStrategy extends AutoCloseable {
  /** Name used in configuration, e.g. {@code shared}, {@code hybrid}, {@code dedicated}. */
  String name();

  /** The store holding {@code tenant}'s data. Must be cheap; called on every request. */
  MetadataStore storeFor(String tenant);

  /** The store holding deployment-wide data: the tenant registry and placements. */
  MetadataStore controlPlane();

  /** Prepares the place for a new tenant (schema, database, migrations). Idempotent. */
  default void provision(String tenant) {}

  /** Removes the place of a deleted tenant. Idempotent. */
  default void deprovision(String tenant) {}

  @Override
  void close();

  /** The trivial strategy: every tenant lives in {@code store}, isolated by the tenant column/field. */
  static TenancyStrategy shared(MetadataStore store) {
    return new TenancyStrategy() {
      @Override
      public String name() {
        return "shared";
      }

      @Override
      public MetadataStore storeFor(String tenant) {
        return store;
      }

      @Override
      public MetadataStore controlPlane() {
        return store;
      }

      @Override
      public void close() {
        store.close();
      }
    };
  }
}
