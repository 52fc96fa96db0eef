package io.pangolin.api;

import java.util.Objects;

/**
 * A catalog together with the warehouse it places data under, resolved in one lookup: what every table or view
 * operation needs first (naming, storage root, storage configuration).
 */
public record CatalogBinding(Catalog catalog, Warehouse warehouse) {
  public CatalogBinding {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(warehouse, "warehouse");
    if (!catalog.tenant().equals(warehouse.tenant()) || !catalog.warehouse().equals(warehouse.name())) {
      throw new IllegalArgumentException("warehouse '" + warehouse.name() + "' is not the warehouse of catalog '"
          + catalog.name() + "'");
    }
  }
}
