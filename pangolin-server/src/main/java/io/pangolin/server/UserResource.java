package io.pangolin.server;

import io.pangolin.server.Requests.CreateUser;
import io.pangolin.server.Requests.UpdateUser;
import io.pangolin.server.Views.PageView;
import io.pangolin.server.Views.UserView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
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

/** Users of the request's tenant. */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequestScoped
@TenantScoped
public class UserResource {
  @jakarta.inject.Inject
  io.pangolin.core.Pangolin pangolin;

  @POST
  public Response create(CreateUser body, @Context ContainerRequestContext request, @Context UriInfo uri) {
    CreateUser b = Bodies.require(body);
    UserView view = UserView.of(Calls.session(request).users().create(Calls.context(request), b.name(),
        Optional.ofNullable(b.email()), b.properties()));
    return Bodies.created(uri, view.name(), view);
  }

  @GET
  public PageView<UserView> list(@QueryParam("pageSize") String pageSize, @QueryParam("pageToken") String pageToken,
      @Context ContainerRequestContext request) {
    return PageView.of(Calls.session(request).users().list(Calls.context(request), Params.page(pageSize, pageToken)),
        UserView::of);
  }

  @GET
  @Path("{name}")
  public UserView get(@PathParam("name") String name, @Context ContainerRequestContext request) {
    return UserView.of(Calls.session(request).users().get(Calls.context(request), name));
  }

  /** Sets the email if given and changes properties. */
  @PATCH
  @Path("{name}")
  public UserView update(@PathParam("name") String name, UpdateUser body,
      @Context ContainerRequestContext request) {
    UpdateUser b = Bodies.require(body);
    return UserView.of(
        Calls.session(request).users().update(Calls.context(request), name, Optional.ofNullable(b.email()),
        b.updates(), Set.copyOf(b.removals())));
  }

  @DELETE
  @Path("{name}")
  public Response delete(@PathParam("name") String name, @Context ContainerRequestContext request) {
    Calls.session(request).users().delete(Calls.context(request), name);
    return Response.noContent().build();
  }

  /**
   * Sets the user's password (and, by an administrator, roles; default {@code tenant-user}); the user can then log
   * in at {@code POST /api/v1/auth/login}. 204.
   */
  @PUT
  @Path("{name}/password")
  public Response setPassword(@PathParam("name") String name, Requests.SetPassword body,
      @Context ContainerRequestContext request) {
    Requests.SetPassword b = Bodies.require(body);
    pangolin.principals().setPassword(Calls.context(request), name, b.password(),
        b.roles() == null ? Optional.empty() : Optional.of(Fields.set(b.roles(), "roles")));
    return Response.noContent().build();
  }
}
