package io.pangolin.iceberg;

import io.pangolin.api.Catalog;
import io.pangolin.api.RequestContext;
import io.pangolin.api.Warehouse;
import io.pangolin.core.Pangolin;
import java.util.Objects;

/**
 * Opens {@link PangolinCatalog}s: the Iceberg view of one Pangolin catalog for one request context. Holds the
 * FileIO of each warehouse (one per tenant and warehouse, rebuilt when the warehouse changes). Thread-safe; one per
 * process.
 */
public final class IcebergCatalogs implements AutoCloseable {
  private final Pangolin pangolin;
  private final WarehouseFileIOs fileIOs = new WarehouseFileIOs();

  public IcebergCatalogs(Pangolin pangolin) {
    this.pangolin = Objects.requireNonNull(pangolin, "pangolin");
  }

  public Pangolin pangolin() {
    return pangolin;
  }

  /**
   * The Iceberg catalog over {@code catalog} of the context's tenant.
   *
   * @throws io.pangolin.api.NotFoundException unknown tenant, catalog or warehouse
   * @throws io.pangolin.api.ValidationException the warehouse's storage scheme has no FileIO
   */
  public PangolinCatalog open(RequestContext ctx, String catalog) {
    Objects.requireNonNull(ctx, "ctx");
    Catalog cat = pangolin.catalogs().get(ctx, Objects.requireNonNull(catalog, "catalog"));
    Warehouse wh = pangolin.warehouses().get(ctx, cat.warehouse());
    return new PangolinCatalog(pangolin, ctx, cat, wh, fileIOs.forWarehouse(wh));
  }

  /** Closes the cached FileIOs (not the engine). */
  @Override
  public void close() {
    fileIOs.close();
  }
}
