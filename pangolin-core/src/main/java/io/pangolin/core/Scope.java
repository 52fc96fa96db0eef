package io.pangolin.core;

import io.pangolin.api.CatalogBinding;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
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

  /**
   * The namespace, or empty if it does not exist (no access check). A session remembers the namespaces it found until
   * it writes a namespace or a catalog itself: a request that asks "does it exist" and "where does it put its tables"
   * reads it once.
   */
  Optional<Namespace> namespace(MetadataStore store, RequestContext ctx, String catalog, NamespaceName name);

  /** Forgets what was memoised about catalogs, warehouses and namespaces after a write that may change them. */
  default void lookupsChanged() {}
}
