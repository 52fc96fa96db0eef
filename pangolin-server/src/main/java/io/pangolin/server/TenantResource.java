package io.pangolin.server;

import io.pangolin.api.ValidationException;
import io.pangolin.core.Pangolin;
import io.pangolin.core.TenantArchive;
import io.pangolin.server.Requests.CreateTenant;
import io.pangolin.server.Requests.UpdateProperties;
import io.pangolin.server.TenancyBodies.MoveTenant;
import io.pangolin.server.TenancyBodies.PlacementView;
import io.pangolin.server.TenancyBodies.UsageView;
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
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
    TenantView view = TenantView.of(pangolin.tenancy().create(Calls.admin(request, b.name()), b.name(),
        b.properties(), Optional.ofNullable(b.tier()), Optional.ofNullable(b.server())));
    return Bodies.created(uri, view.name(), view);
  }

  /** Where the tenant lives: its tier, its own schema or database, a move under way. */
  @GET
  @Path("{tenant}/placement")
  public PlacementView placement(@PathParam("tenant") String tenant, @Context ContainerRequestContext request) {
    return PlacementView.of(pangolin.tenancy().placement(Calls.admin(request, tenant), tenant));
  }

  /**
   * Moves the tenant to another tier and answers with its new placement once the move is done (copy, switch,
   * clean-up: long-running for big tenants; re-run it after an interruption). Audited as {@code tenant.move} with the caller as actor.
   */
  @POST
  @Path("{tenant}/placement")
  public PlacementView move(@PathParam("tenant") String tenant, MoveTenant body,
      @Context ContainerRequestContext request) {
    MoveTenant b = Bodies.require(body);
    if (b.server() != null) {
      throw new ValidationException("moving to a named server is done in code (TenantMover); this route moves to "
          + "the shared servers");
    }
    return PlacementView.of(pangolin.tenancy().move(Calls.admin(request, tenant), tenant, b.tier()));
  }

  /** What the tenant holds, for capacity planning: catalogs, namespaces, assets, users, recorded size. */
  @GET
  @Path("{tenant}/usage")
  public UsageView usage(@PathParam("tenant") String tenant, @Context ContainerRequestContext request) {
    return UsageView.of(pangolin.tenancy().usage(Calls.admin(request, tenant), tenant));
  }

  /**
   * The tenant's catalog data as one JSON document (root only; audited as {@code tenant.export}): warehouses
   * without their secret storage properties, catalogs, namespaces, assets with their metadata pointers, users
   * without credentials, custom roles and grants — see {@link ArchiveBodies}.
   */
  @GET
  @Path("{tenant}/export")
  public ArchiveBodies.TenantDocument export(@PathParam("tenant") String tenant,
      @Context ContainerRequestContext request) {
    return ArchiveBodies.of(pangolin.exportTenant(Calls.admin(request, tenant), tenant));
  }

  /**
   * Creates a tenant from an exported document, under {@code name} if the document gives one (root only; audited as
   * {@code tenant.import}); 409 if the tenant exists or a warehouse's storage root is held by another warehouse.
   */
  @POST
  @Path("import")
  public Response importTenant(ArchiveBodies.TenantDocument body, @Context ContainerRequestContext request,
      @Context UriInfo uri) {
    ArchiveBodies.TenantDocument d = Bodies.require(body);
    // the engine checks that the caller is root before the document is converted
    TenantArchive.Imported done = pangolin.importTenant(Calls.admin(request, "-"), () -> ArchiveBodies.archive(d),
        Optional.ofNullable(d.name()));
    URI location = uri.getBaseUriBuilder().path("api/v1/tenants").path(done.tenant()).build();
    return Response.created(location).entity(ArchiveBodies.ImportedView.of(done, d)).build();
  }

  @GET
  public PageView<TenantView> list(@QueryParam("pageSize") String pageSize,
      @QueryParam("pageToken") String pageToken, @Context ContainerRequestContext request) {
    return PageView.of(pangolin.tenants().list(Calls.admin(request, "-"), Params.page(pageSize, pageToken)),
        TenantView::of);
  }

  @GET
  @Path("{tenant}")
  public TenantView get(@PathParam("tenant") String tenant, @Context ContainerRequestContext request) {
    return TenantView.of(pangolin.tenants().get(Calls.admin(request, tenant), tenant));
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
