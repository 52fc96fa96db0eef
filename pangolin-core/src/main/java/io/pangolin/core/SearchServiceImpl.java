package io.pangolin.core;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetQuery;
import io.pangolin.api.GrantScope;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.RequestContext;
import io.pangolin.api.SearchService;
import io.pangolin.api.ValidationException;

final class SearchServiceImpl implements SearchService {
  private final Engine engine;
  private final Scope scope;

  SearchServiceImpl(Engine engine, Scope scope) {
    this.engine = engine;
    this.scope = scope;
  }

  @Override
  public Page<Asset> searchAssets(RequestContext ctx, AssetQuery query, PageRequest page) {
    var store = scope.store(ctx);
    query.catalog().ifPresent(Names::catalog);
    query.nameContains().ifPresent(s -> {
      if (s.length() > 255 || s.chars().anyMatch(Character::isISOControl)) {
        throw new ValidationException("search text must be at most 255 characters without control characters");
      }
    });
    query.propertyKey().ifPresent(Names::propertyKey);
    return Access.filter(store.searchAssets(ctx.tenant(), query, page),
        a -> engine.access.sees(store, ctx, GrantScope.asset(a.catalog(), a.namespace().levels(), a.name())));
  }
}
