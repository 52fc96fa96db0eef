package io.pangolin.server;

import io.pangolin.core.Pangolin;
import io.pangolin.server.Requests.CreateServiceUser;
import io.pangolin.server.Requests.UpdateServiceUser;
import io.pangolin.server.Views.PageView;
import io.pangolin.server.Views.ServiceCredentialsView;
import io.pangolin.server.Views.ServiceUserView;
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
import java.util.HashSet;

/**
 * Service principals of the request's tenant (tenant administrators): client id and secret for OAuth2 client
 * credentials. The secret is in the answer of create and rotate only; nothing else ever shows it.
 */
@Path("/api/v1/service-users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequestScoped
@TenantScoped
public class ServiceUserResource {
  @Inject
  Pangolin pangolin;

  @Inject
  TokenService tokens;

  @POST
  public Response create(CreateServiceUser body, @Context ContainerRequestContext request, @Context UriInfo uri) {
    CreateServiceUser b = Bodies.require(body);
    ServiceCredentialsView view = ServiceCredentialsView.of(pangolin.principals().create(Calls.context(request),
        b.name(), new HashSet<>(b.roles()), b.expiry()));
    return Bodies.created(uri, view.name(), view);
  }

  @GET
  public PageView<ServiceUserView> list(@QueryParam("pageSize") String pageSize,
      @QueryParam("pageToken") String pageToken, @Context ContainerRequestContext request) {
    return PageView.of(pangolin.principals().list(Calls.context(request), Params.page(pageSize, pageToken)),
        ServiceUserView::of);
  }

  @GET
  @Path("{name}")
  public ServiceUserView get(@PathParam("name") String name, @Context ContainerRequestContext request) {
    return ServiceUserView.of(pangolin.principals().get(Calls.context(request), name));
  }

  /** A new secret (in the answer, once); the old one stops working at once. */
  @POST
  @Path("{name}/rotate")
  public ServiceCredentialsView rotate(@PathParam("name") String name, @Context ContainerRequestContext request) {
    return ServiceCredentialsView.of(pangolin.principals().rotateSecret(Calls.context(request), name));
  }

  /** Enables or disables, and/or replaces the roles; the tokens of a disabled principal stop working on every instance within a second. */
  @PATCH
  @Path("{name}")
  public ServiceUserView update(@PathParam("name") String name, UpdateServiceUser body,
      @Context ContainerRequestContext request) {
    UpdateServiceUser b = Bodies.require(body);
    ServiceUserView view = null;
    if (b.roles() != null) {
      view = ServiceUserView.of(pangolin.principals().setRoles(Calls.context(request), name,
          new HashSet<>(b.roles())));
    }
    if (b.enabled() != null) {
      view = ServiceUserView.of(pangolin.principals().setEnabled(Calls.context(request), name, b.enabled()));
    }
    tokens.forget(view.clientId());
    return view;
  }

  @DELETE
  @Path("{name}")
  public Response delete(@PathParam("name") String name, @Context ContainerRequestContext request) {
    String clientId = pangolin.principals().get(Calls.context(request), name).clientId();
    pangolin.principals().delete(Calls.context(request), name);
    tokens.forget(clientId);
    return Response.noContent().build();
  }
}
