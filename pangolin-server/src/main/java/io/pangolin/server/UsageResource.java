package io.pangolin.server;

import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.Principal;
import io.pangolin.api.RequestContext;
import io.pangolin.api.Tenant;
import io.pangolin.api.ValidationException;
import io.pangolin.core.Pangolin;
import io.pangolin.core.Session;
import io.pangolin.iceberg.CapacityReports;
import io.pangolin.server.Views.ForecastView;
import io.pangolin.server.Views.GrowthView;
import io.pangolin.server.Views.TenantUsageView;
import io.pangolin.server.Views.UsageView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Capacity planning: usage per tenant (root: every tenant, or {@code ?tenant=}), growth of the tenant's tables per
 * day and a forecast. Growth and forecast act in the principal's tenant (root names it with
 * {@code X-Pangolin-Tenant}). What a caller may see is decided by the engine: read on the whole tenant.
 */
@Path("/api/v1/usage")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class UsageResource {
  @Inject
  Pangolin pangolin;

  @Inject
  CapacityReports capacity;

  @Inject
  RequestContextResolver resolver;

  @GET
  public UsageView usage(@QueryParam("tenant") String tenant, @Context ContainerRequestContext request) {
    Principal principal = Calls.principal(request);
    List<String> tenants = new ArrayList<>();
    Optional<String> named = Params.optional(tenant);
    if (named.isPresent()) {
      tenants.add(named.get());
    } else if (principal.isDeploymentAdmin()) {
      RequestContext root = Calls.admin(request, "-");
      Page<Tenant> page = pangolin.tenants().list(root, PageRequest.first(PageRequest.MAX_SIZE));
      page.items().stream().map(Tenant::name).forEach(tenants::add);
      while (page.nextToken().isPresent()) {
        page = pangolin.tenants().list(root, PageRequest.after(page.nextToken().get(),
            PageRequest.MAX_SIZE));
        page.items().stream().map(Tenant::name).forEach(tenants::add);
      }
    } else {
      tenants.add(principal.tenant().orElseThrow(() -> new ValidationException("query parameter 'tenant' is "
          + "required")));
    }
    return new UsageView(tenants.stream()
        .map(t -> TenantUsageView.of(capacity.usage(pangolin.session(Calls.admin(request, t))))).toList());
  }

  @GET
  @Path("growth")
  public GrowthView growth(@QueryParam("days") String days, @Context ContainerRequestContext request) {
    int d = Params.count(days, "days", 30, CapacityReports.MAX_DAYS);
    return GrowthView.of(capacity.growth(session(request), d));
  }

  @GET
  @Path("forecast")
  public ForecastView forecast(@QueryParam("months") String months, @Context ContainerRequestContext request) {
    int m = Params.count(months, "months", 6, CapacityReports.MAX_MONTHS);
    return ForecastView.of(capacity.forecast(session(request), m));
  }

  private Session session(ContainerRequestContext request) {
    String tenant = resolver.tenant(request, Calls.principal(request));
    return pangolin.session(Calls.admin(request, tenant));
  }
}
