package io.pangolin.core;

import io.pangolin.api.CatalogBinding;
import io.pangolin.api.RequestContext;
import io.pangolin.spi.MetadataStore;
import java.util.Optional;

/**
 * How the services reach a tenant's store and the catalogs a call addresses: resolved on every call (the
 * engine-wide services of {@link Pangolin}), or once per {@link Session}.
 */
interface Scope {
  /**
   * The tenant's store, after checking the tenant exists.
   *
   * @throws io.pangolin.api.NotFoundException unknown tenant
   */
  MetadataStore store(RequestContext ctx);

  /** The catalog with its warehouse, or empty if the catalog does not exist. */
  Optional<CatalogBinding> binding(MetadataStore store, RequestContext ctx, String catalog);

  /** Forgets what was memoised about catalogs and warehouses after a write that may change them. */
  default void catalogsChanged() {}
}
