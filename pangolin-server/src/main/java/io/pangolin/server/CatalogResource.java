package io.pangolin.server;

import io.pangolin.api.NamespaceName;
import io.pangolin.iceberg.CapacityReports;
import io.pangolin.iceberg.TableMaintenance;
import io.pangolin.server.Requests.CreateCatalog;
import io.pangolin.server.Requests.Maintenance;
import io.pangolin.server.Requests.UpdateProperties;
import io.pangolin.server.Views.CatalogSummaryView;
import io.pangolin.server.Views.CatalogView;
import io.pangolin.server.Views.MaintenanceView;
import io.pangolin.server.Views.PageView;
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
import java.time.Instant;

/** Catalogs of the request's tenant. */
@Path("/api/v1/catalogs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequestScoped
@TenantScoped
public class CatalogResource {
  @Inject
  TableMaintenance maintenance;

  @Inject
  CapacityReports capacity;

  @POST
  public Response create(CreateCatalog body, @Context ContainerRequestContext request, @Context UriInfo uri) {
    CreateCatalog b = Bodies.require(body);
    CatalogView view = CatalogView.of(
        Calls.session(request).catalogs().create(Calls.context(request), b.name(), b.warehouse(),
        b.properties()));
    return Bodies.created(uri, view.name(), view);
  }

  @GET
  public PageView<CatalogView> list(@QueryParam("pageSize") String pageSize,
      @QueryParam("pageToken") String pageToken, @Context ContainerRequestContext request) {
    return PageView.of(Calls.session(request).catalogs().list(Calls.context(request), Params.page(pageSize, pageToken)),
        CatalogView::of);
  }

  @GET
  @Path("{catalog}")
  public CatalogView get(@PathParam("catalog") String catalog, @Context ContainerRequestContext request) {
    return CatalogView.of(Calls.session(request).catalogs().get(Calls.context(request), catalog));
  }

  @PATCH
  @Path("{catalog}")
  public CatalogView update(@PathParam("catalog") String catalog, UpdateProperties body,
      @Context ContainerRequestContext request) {
    UpdateProperties b = Bodies.require(body);
    return CatalogView.of(
        Calls.session(request).catalogs().updateProperties(Calls.context(request), catalog, b.updates(),
        b.removalSet()));
  }

  @DELETE
  @Path("{catalog}")
  public Response delete(@PathParam("catalog") String catalog, @Context ContainerRequestContext request) {
    Calls.session(request).catalogs().delete(Calls.context(request), catalog);
    return Response.noContent().build();
  }

  /**
   * Table maintenance of every Iceberg table of the catalog, or of the body's {@code namespace} and below it
   * ({@link TableMaintenance}).
   */
  @POST
  @Path("{catalog}/maintenance")
  public MaintenanceView maintain(@PathParam("catalog") String catalog, Maintenance body,
      @Context ContainerRequestContext request) {
    Maintenance b = Bodies.require(body);
    NamespaceName namespace = b.namespace() == null ? NamespaceName.ROOT : Params.namespace(b.namespace());
    return MaintenanceView.of(maintenance.catalog(Calls.session(request), catalog, namespace,
        b.options(Instant.now())));
  }

  /** What the catalog holds (cached for {@code pangolin.summary.ttl-s} seconds; {@code computedAt} says when). */
  @GET
  @Path("{catalog}/summary")
  public CatalogSummaryView summary(@PathParam("catalog") String catalog, @Context ContainerRequestContext request) {
    return CatalogSummaryView.of(capacity.summary(Calls.session(request), catalog));
  }
}
