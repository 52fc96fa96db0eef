package io.pangolin.server;

import io.pangolin.api.AssetQuery;
import io.pangolin.api.ValidationException;
import io.pangolin.server.Views.AssetView;
import io.pangolin.server.Views.PageView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;

/**
 * Search over the request tenant's assets across catalogs: {@code q} (name contains, case-insensitive),
 * {@code kind}, {@code catalog}, {@code property} ({@code key} or {@code key=value}).
 */
@Path("/api/v1/search")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
@TenantScoped
public class SearchResource {
  @GET
  public PageView<AssetView> search(@QueryParam("q") String q, @QueryParam("kind") String kind,
      @QueryParam("catalog") String catalog, @QueryParam("property") String property,
      @QueryParam("pageSize") String pageSize, @QueryParam("pageToken") String pageToken,
      @Context ContainerRequestContext request) {
    Optional<String> key = Optional.empty();
    Optional<String> value = Optional.empty();
    if (property != null && !property.isEmpty()) {
      int eq = property.indexOf('=');
      String k = eq < 0 ? property : property.substring(0, eq);
      if (k.isEmpty()) {
        throw new ValidationException("query parameter 'property' must be 'key' or 'key=value'");
      }
      key = Optional.of(k);
      value = eq < 0 ? Optional.empty() : Optional.of(property.substring(eq + 1));
    }
    AssetQuery query = new AssetQuery(Params.optional(catalog), Params.optional(q),
        Params.optionalAssetKind(kind, "query parameter 'kind'"), key, value);
    return PageView.of(Calls.session(request).search().searchAssets(Calls.context(request), query,
        Params.page(pageSize, pageToken)), AssetView::of);
  }
}
