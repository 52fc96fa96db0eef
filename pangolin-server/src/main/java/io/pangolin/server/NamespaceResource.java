package io.pangolin.server;

import io.pangolin.api.NamespaceName;
import io.pangolin.server.Requests.CreateNamespace;
import io.pangolin.server.Requests.UpdateProperties;
import io.pangolin.server.Views.NamespacePropertiesView;
import io.pangolin.server.Views.NamespaceView;
import io.pangolin.server.Views.PageView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
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

/**
 * Namespaces of a catalog. Namespaces are addressed in dotted form ({@code sales.emea}) in paths, in the
 * {@code parent} query parameter and in the {@code name} field of a create request.
 */
@Path("/api/v1/catalogs/{catalog}/namespaces")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequestScoped
@TenantScoped
public class NamespaceResource {
  @POST
  public Response create(@PathParam("catalog") String catalog, CreateNamespace body,
      @Context ContainerRequestContext request, @Context UriInfo uri) {
    CreateNamespace b = Bodies.require(body);
    NamespaceView view = NamespaceView.of(Calls.session(request).namespaces().create(Calls.context(request), catalog,
        Params.namespace(b.name()), b.properties()));
    return Bodies.created(uri, view.name(), view);
  }

  /** Direct children of {@code parent} (dotted; absent or empty: the top level). */
  @GET
  public PageView<NamespaceView> list(@PathParam("catalog") String catalog, @QueryParam("parent") String parent,
      @QueryParam("pageSize") String pageSize, @QueryParam("pageToken") String pageToken,
      @Context ContainerRequestContext request) {
    NamespaceName p = parent == null ? NamespaceName.ROOT : Params.namespace(parent);
    return PageView.of(Calls.session(request).namespaces().list(Calls.context(request), catalog, p,
        Params.page(pageSize, pageToken)), NamespaceView::of);
  }

  @GET
  @Path("{namespace}")
  public NamespaceView get(@PathParam("catalog") String catalog, @PathParam("namespace") String namespace,
      @Context ContainerRequestContext request) {
    return NamespaceView.of(Calls.session(request).namespaces().get(Calls.context(request), catalog,
        Params.namespace(namespace)));
  }

  /** 204 if the namespace exists, 404 otherwise. */
  @HEAD
  @Path("{namespace}")
  public Response exists(@PathParam("catalog") String catalog, @PathParam("namespace") String namespace,
      @Context ContainerRequestContext request) {
    boolean exists =
        Calls.session(request).namespaces().exists(Calls.context(request), catalog, Params.namespace(namespace));
    return Response.status(exists ? Response.Status.NO_CONTENT : Response.Status.NOT_FOUND).build();
  }

  @PATCH
  @Path("{namespace}")
  public NamespacePropertiesView update(@PathParam("catalog") String catalog,
      @PathParam("namespace") String namespace, UpdateProperties body, @Context ContainerRequestContext request) {
    UpdateProperties b = Bodies.require(body);
    return NamespacePropertiesView.of(
        Calls.session(request).namespaces().updateProperties(Calls.context(request), catalog,
        Params.namespace(namespace), b.updates(), b.removalSet()));
  }

  @DELETE
  @Path("{namespace}")
  public Response delete(@PathParam("catalog") String catalog, @PathParam("namespace") String namespace,
      @Context ContainerRequestContext request) {
    Calls.session(request).namespaces().delete(Calls.context(request), catalog, Params.namespace(namespace));
    return Response.noContent().build();
  }
}
