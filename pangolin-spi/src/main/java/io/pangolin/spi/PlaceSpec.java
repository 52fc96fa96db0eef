package io.pangolin.spi;

import java.util.Objects;

/**
 * A tenant's own place as a tenancy strategy asks a store for it ({@link StoreProvider#placeConfig}).
 *
 * @param name the schema or database name, chosen and escaped by the strategy
 * @param scope a schema in the configured database, or a database of its own
 * @param poolSize connections the store on this place may hold
 * @param migrate whether opening the store migrates its schema (false once the strategy provisioned it in this
 *     process)
 */
public record PlaceSpec(String name, PlaceScope scope, int poolSize, boolean migrate) {
  public PlaceSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(scope, "scope");
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
    }
  }
}
