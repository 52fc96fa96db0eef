package io.pangolin.server;

import io.pangolin.api.GrantScope;
import io.pangolin.core.Session;
import io.pangolin.server.Requests.CreateGrant;
import io.pangolin.server.Requests.CreateRole;
import io.pangolin.server.Views.EffectiveView;
import io.pangolin.server.Views.GrantView;
import io.pangolin.server.Views.ListView;
import io.pangolin.server.Views.RoleView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
 * Custom roles and grants of the request's tenant. Roles are managed by tenant administrators; grants by whoever
 * holds {@code manage-grants} on the scope, and nobody grants what they do not hold. Roles are assigned to service
 * principals with {@code PATCH /api/v1/service-users/{name}} and to users with their password.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequestScoped
@TenantScoped
public class GrantResource {
  @POST
  @Path("roles")
  public Response createRole(CreateRole body, @Context ContainerRequestContext request, @Context UriInfo uri) {
    CreateRole b = Bodies.require(body);
    Session s = Calls.session(request);
    RoleView view = RoleView.of(s.grants().createRole(s.context(), b.name(), b.description()));
    return Bodies.created(uri, view.name(), view);
  }

  @GET
  @Path("roles")
  public ListView<RoleView> listRoles(@Context ContainerRequestContext request) {
    Session s = Calls.session(request);
    return new ListView<>(s.grants().listRoles(s.context()).stream().map(RoleView::of).toList());
  }

  @DELETE
  @Path("roles/{name}")
  public Response deleteRole(@PathParam("name") String name, @Context ContainerRequestContext request) {
    Session s = Calls.session(request);
    s.grants().deleteRole(s.context(), name);
    return Response.noContent().build();
  }

  @POST
  @Path("grants")
  public Response grant(CreateGrant body, @Context ContainerRequestContext request, @Context UriInfo uri) {
    CreateGrant b = Bodies.require(body);
    Session s = Calls.session(request);
    GrantView view = GrantView.of(s.grants().grant(s.context(), GrantScope.parse(b.scope()), b.grantee().grantee(),
        b.privilegeSet()));
    return Bodies.created(uri, view.id(), view);
  }

  @GET
  @Path("grants")
  public ListView<GrantView> listGrants(@Context ContainerRequestContext request) {
    Session s = Calls.session(request);
    return new ListView<>(s.grants().listGrants(s.context()).stream().map(GrantView::of).toList());
  }

  /** What the caller may do on a scope: {@code ?scope=catalog:prod}. */
  @GET
  @Path("grants/effective")
  public EffectiveView effective(@QueryParam("scope") String scope, @Context ContainerRequestContext request) {
    Session s = Calls.session(request);
    GrantScope target = GrantScope.parse(scope);
    return new EffectiveView(target.toString(), s.grants().effective(s.context(), target).stream().sorted()
        .map(io.pangolin.api.Privilege::wireName).toList());
  }

  @DELETE
  @Path("grants/{id}")
  public Response revoke(@PathParam("id") String id, @Context ContainerRequestContext request) {
    Session s = Calls.session(request);
    s.grants().revoke(s.context(), id);
    return Response.noContent().build();
  }
}
