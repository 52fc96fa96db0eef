package io.pangolin.server;

import io.pangolin.core.Pangolin;
import io.pangolin.server.Requests.CreateTenant;
import io.pangolin.server.Requests.UpdateProperties;
import io.pangolin.server.Views.PageView;
import io.pangolin.server.Views.TenantView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Tenant administration (deployment level: no tenant header). */
@Path("/api/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequestScoped
public class TenantResource {
  @Inject
  Pangolin pangolin;

  @POST
  public Response create(CreateTenant body, @Context ContainerRequestContext request, @Context UriInfo uri) {
    CreateTenant b = Bodies.require(body);
    TenantView view = TenantView.of(pangolin.tenants().create(Calls.admin(request, b.name()), b.name(),
        b.properties()));
    return Bodies.created(uri, view.name(), view);
  }

  @GET
  public PageView<TenantView> list(@QueryParam("pageSize") String pageSize,
      @QueryParam("pageToken") String pageToken) {
    return PageView.of(pangolin.tenants().list(Params.page(pageSize, pageToken)), TenantView::of);
  }

  @GET
  @Path("{tenant}")
  public TenantView get(@PathParam("tenant") String tenant) {
    return TenantView.of(pangolin.tenants().get(tenant));
  }

  @PATCH
  @Path("{tenant}")
  public TenantView update(@PathParam("tenant") String tenant, UpdateProperties body,
      @Context ContainerRequestContext request) {
    UpdateProperties b = Bodies.require(body);
    return TenantView.of(pangolin.tenants().updateProperties(Calls.admin(request, tenant), tenant, b.updates(),
        b.removalSet()));
  }

  @DELETE
  @Path("{tenant}")
  public Response delete(@PathParam("tenant") String tenant, @Context ContainerRequestContext request) {
    pangolin.tenants().delete(Calls.admin(request, tenant), tenant);
    return Response.noContent().build();
  }
}
