package io.pangolin.server;

import io.pangolin.api.AssetKey;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NewAsset;
import io.pangolin.api.ValidationException;
import io.pangolin.iceberg.TableMaintenance;
import io.pangolin.server.Requests.CreateAsset;
import io.pangolin.server.Requests.Maintenance;
import io.pangolin.server.Requests.RenameAsset;
import io.pangolin.server.Requests.UpdateProperties;
import io.pangolin.server.Views.AssetView;
import io.pangolin.server.Views.MaintenanceView;
import io.pangolin.server.Views.PageView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
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
import java.time.Instant;
import java.util.Optional;

/** Assets (Iceberg tables and views, generic assets) of a namespace; the namespace is dotted in the path. */
@Path("/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequestScoped
@TenantScoped
public class AssetResource {
  @Inject
  TableMaintenance maintenance;

  @POST
  public Response create(@PathParam("catalog") String catalog, @PathParam("namespace") String namespace,
      CreateAsset body, @Context ContainerRequestContext request, @Context UriInfo uri) {
    CreateAsset b = Bodies.require(body);
    NewAsset asset = new NewAsset(b.name(), Params.assetKind(b.kind(), "field 'kind'"),
        Optional.ofNullable(b.location()), b.properties(), Optional.ofNullable(b.metadataLocation()));
    AssetView view = AssetView.of(Calls.session(request).assets().create(Calls.context(request), catalog,
        Params.namespace(namespace), asset));
    return Bodies.created(uri, view.name(), view);
  }

  /** Assets of the namespace ordered by name, optionally of one {@code kind}. */
  @GET
  public PageView<AssetView> list(@PathParam("catalog") String catalog, @PathParam("namespace") String namespace,
      @QueryParam("kind") String kind, @QueryParam("pageSize") String pageSize,
      @QueryParam("pageToken") String pageToken, @Context ContainerRequestContext request) {
    return PageView.of(
        Calls.session(request).assets().list(Calls.context(request), catalog, Params.namespace(namespace),
        Params.optionalAssetKind(kind, "query parameter 'kind'"), Params.page(pageSize, pageToken)),
        AssetView::of);
  }

  @GET
  @Path("{asset}")
  public AssetView get(@PathParam("catalog") String catalog, @PathParam("namespace") String namespace,
      @PathParam("asset") String asset, @Context ContainerRequestContext request) {
    return AssetView.of(Calls.session(request).assets().get(Calls.context(request), key(catalog, namespace, asset)));
  }

  /** 204 if the asset exists, 404 otherwise. */
  @HEAD
  @Path("{asset}")
  public Response exists(@PathParam("catalog") String catalog, @PathParam("namespace") String namespace,
      @PathParam("asset") String asset, @Context ContainerRequestContext request) {
    boolean exists = Calls.session(request).assets().exists(Calls.context(request), key(catalog, namespace, asset));
    return Response.status(exists ? Response.Status.NO_CONTENT : Response.Status.NOT_FOUND).build();
  }

  @PATCH
  @Path("{asset}")
  public AssetView update(@PathParam("catalog") String catalog, @PathParam("namespace") String namespace,
      @PathParam("asset") String asset, UpdateProperties body, @Context ContainerRequestContext request) {
    UpdateProperties b = Bodies.require(body);
    return AssetView.of(
        Calls.session(request).assets().updateProperties(Calls.context(request), key(catalog, namespace, asset),
        b.updates(), b.removalSet()));
  }

  /** Renames within the catalog, possibly into another namespace; returns the renamed asset. */
  @POST
  @Path("{asset}/rename")
  public AssetView rename(@PathParam("catalog") String catalog, @PathParam("namespace") String namespace,
      @PathParam("asset") String asset, RenameAsset body, @Context ContainerRequestContext request) {
    RenameAsset b = Bodies.require(body);
    return AssetView.of(Calls.session(request).assets().rename(Calls.context(request), key(catalog, namespace, asset),
        new AssetKey(catalog, Params.namespace(b.namespace()), b.name())));
  }

  @DELETE
  @Path("{asset}")
  public Response delete(@PathParam("catalog") String catalog, @PathParam("namespace") String namespace,
      @PathParam("asset") String asset, @Context ContainerRequestContext request) {
    Calls.session(request).assets().delete(Calls.context(request), key(catalog, namespace, asset));
    return Response.noContent().build();
  }

  /** Table maintenance of one Iceberg table, run by the server ({@link TableMaintenance}). */
  @POST
  @Path("{asset}/maintenance")
  public MaintenanceView maintain(@PathParam("catalog") String catalog, @PathParam("namespace") String namespace,
      @PathParam("asset") String asset, Maintenance body, @Context ContainerRequestContext request) {
    Maintenance b = Bodies.require(body);
    if (b.namespace() != null) {
      throw new ValidationException("field 'namespace' belongs to the catalog's maintenance route; this route "
          + "names its table in the path");
    }
    return MaintenanceView.of(maintenance.table(Calls.session(request), key(catalog, namespace, asset),
        b.options(Instant.now())));
  }

  private static AssetKey key(String catalog, String namespace, String asset) {
    NamespaceName ns = Params.namespace(namespace);
    return new AssetKey(catalog, ns, asset);
  }
}
