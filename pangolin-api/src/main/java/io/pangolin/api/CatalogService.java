package io.pangolin.api;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Catalogs of the context's tenant. */
public interface CatalogService {
  /** @throws NotFoundException unknown warehouse; @throws QuotaExceededException catalogs per deployment */
  Catalog create(RequestContext ctx, String name, String warehouse, Map<String, String> properties);

  /** @throws NotFoundException unknown catalog */
  Catalog get(RequestContext ctx, String name);

  /** The catalog, or empty if it does not exist. */
  Optional<Catalog> find(RequestContext ctx, String name);

  /**
   * The catalog with its warehouse in one lookup, or empty if the catalog does not exist.
   *
   * @throws NotFoundException the catalog's warehouse is missing (the store's delete rules prevent that)
   */
  Optional<CatalogBinding> findWithWarehouse(RequestContext ctx, String name);

  Page<Catalog> list(RequestContext ctx, PageRequest page);

  Catalog updateProperties(RequestContext ctx, String name, Map<String, String> updates, Set<String> removals);

  /** @throws ConflictException the catalog still has namespaces */
  void delete(RequestContext ctx, String name);
}
