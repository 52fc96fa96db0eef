package io.pangolin.api;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Warehouses of the context's tenant. */
public interface WarehouseService {
  /** @throws ValidationException bad name or storage root (must be an absolute URI such as s3:// or file:/) */
  Warehouse create(RequestContext ctx, String name, String storageRoot, Map<String, String> storageProperties);

  /** @throws NotFoundException unknown warehouse */
  Warehouse get(RequestContext ctx, String name);

  /** The warehouse, or empty if it does not exist. */
  Optional<Warehouse> find(RequestContext ctx, String name);

  Page<Warehouse> list(RequestContext ctx, PageRequest page);

  /** Changes the storage root (if present) and the storage properties. */
  Warehouse update(RequestContext ctx, String name, Optional<String> storageRoot, Map<String, String> updates,
      Set<String> removals);

  /** @throws ConflictException a catalog still uses the warehouse */
  void delete(RequestContext ctx, String name);
}
