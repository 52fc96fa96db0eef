package io.pangolin.api;

/** Search of the context tenant's assets across its catalogs. */
public interface SearchService {
  /** Matching assets ordered by catalog, namespace and name. */
  Page<Asset> searchAssets(RequestContext ctx, AssetQuery query, PageRequest page);
}
