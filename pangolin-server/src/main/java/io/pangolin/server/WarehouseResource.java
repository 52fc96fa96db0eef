package io.pangolin.server;

import io.pangolin.server.Requests.CreateWarehouse;
import io.pangolin.server.Requests.UpdateWarehouse;
import io.pangolin.server.Views.PageView;
import io.pangolin.server.Views.WarehouseView;
import jakarta.enterprise.context.RequestScoped;
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
import java.util.Optional;
import java.util.Set;

/** Warehouses of the request's tenant. Secret-looking storage properties are masked in every response. */
@Path("/api/v1/warehouses")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequestScoped
@TenantScoped
public class WarehouseResource {
  @POST
  public Response create(CreateWarehouse body, @Context ContainerRequestContext request, @Context UriInfo uri) {
    CreateWarehouse b = Bodies.require(body);
    WarehouseView view = WarehouseView.of(Calls.session(request).warehouses().create(Calls.context(request), b.name(),
        b.storageRoot(), b.storageProperties()));
    return Bodies.created(uri, view.name(), view);
  }

  @GET
  public PageView<WarehouseView> list(@QueryParam("pageSize") String pageSize,
      @QueryParam("pageToken") String pageToken, @Context ContainerRequestContext request) {
    return PageView.of(
        Calls.session(request).warehouses().list(Calls.context(request), Params.page(pageSize, pageToken)),
        WarehouseView::of);
  }

  @GET
  @Path("{name}")
  public WarehouseView get(@PathParam("name") String name, @Context ContainerRequestContext request) {
    return WarehouseView.of(Calls.session(request).warehouses().get(Calls.context(request), name));
  }

  @PATCH
  @Path("{name}")
  public WarehouseView update(@PathParam("name") String name, UpdateWarehouse body,
      @Context ContainerRequestContext request) {
    UpdateWarehouse b = Bodies.require(body);
    return WarehouseView.of(Calls.session(request).warehouses().update(Calls.context(request), name,
        Optional.ofNullable(b.storageRoot()), b.updates(), Set.copyOf(b.removals())));
  }

  @DELETE
  @Path("{name}")
  public Response delete(@PathParam("name") String name, @Context ContainerRequestContext request) {
    Calls.session(request).warehouses().delete(Calls.context(request), name);
    return Response.noContent().build();
  }
}
