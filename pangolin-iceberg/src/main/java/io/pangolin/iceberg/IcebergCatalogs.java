package io.pangolin.iceberg;

import io.pangolin.api.CatalogBinding;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.RequestContext;
import io.pangolin.core.Pangolin;
import io.pangolin.core.Session;
import java.util.Objects;

/**
 * Opens {@link PangolinCatalog}s: the Iceberg view of one Pangolin catalog for one request. Holds what outlives a
 * request: the FileIO of each warehouse (one per tenant and warehouse, rebuilt when the warehouse changes) and the
 * cache of parsed metadata files. Thread-safe; one per process.
 */
public final class IcebergCatalogs implements AutoCloseable {
  private final Pangolin pangolin;
  private final WarehouseFileIOs fileIOs = new WarehouseFileIOs();
  private final MetadataCache metadata;

  public IcebergCatalogs(Pangolin pangolin) {
    this(pangolin, MetadataCache.DEFAULT_MAX_BYTES);
  }

  /** @param metadataCacheBytes bound of the parsed-metadata cache (0 disables it) */
  public IcebergCatalogs(Pangolin pangolin, long metadataCacheBytes) {
    this(pangolin, metadataCacheBytes, MetadataCache.DEFAULT_MAX_FILE_BYTES);
  }

  /**
   * @param metadataCacheBytes bound of the parsed-metadata cache (0 disables it)
   * @param maxMetadataFileBytes largest metadata file read (larger ones are refused with a 400, unread)
   */
  public IcebergCatalogs(Pangolin pangolin, long metadataCacheBytes, long maxMetadataFileBytes) {
    this.pangolin = Objects.requireNonNull(pangolin, "pangolin");
    this.metadata = new MetadataCache(metadataCacheBytes, maxMetadataFileBytes);
  }

  public Pangolin pangolin() {
    return pangolin;
  }

  MetadataCache metadataCache() {
    return metadata;
  }

  /** Like {@link #open(Session, String)} in a new session of {@code ctx}. */
  public PangolinCatalog open(RequestContext ctx, String catalog) {
    return open(pangolin.session(Objects.requireNonNull(ctx, "ctx")), catalog);
  }

  /**
   * The Iceberg catalog over {@code catalog} of the session's tenant: one lookup of the catalog with its warehouse
   * (remembered by the session), the warehouse's FileIO from the process-wide set.
   *
   * @throws NotFoundException unknown tenant, catalog or warehouse
   * @throws io.pangolin.api.ValidationException the warehouse's storage scheme has no FileIO
   */
  public PangolinCatalog open(Session session, String catalog) {
    Objects.requireNonNull(session, "session");
    CatalogBinding binding = session.catalog(Objects.requireNonNull(catalog, "catalog"))
        .orElseThrow(() -> new NotFoundException("catalog '" + catalog + "' does not exist"));
    // secrets are decrypted only when the warehouse's FileIO is (re)built
    return new PangolinCatalog(session, binding, fileIOs.forWarehouse(binding.warehouse(), pangolin::storageProperties),
        metadata);
  }

  /** Closes the cached FileIOs (not the engine). */
  @Override
  public void close() {
    fileIOs.close();
    metadata.clear();
  }
}
