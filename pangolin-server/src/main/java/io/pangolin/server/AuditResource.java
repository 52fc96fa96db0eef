package io.pangolin.server;

import io.pangolin.api.AuditQuery;
import io.pangolin.server.Views.AuditEventView;
import io.pangolin.server.Views.CountView;
import io.pangolin.server.Views.PageView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * The request tenant's audit log, newest first. Filters: {@code actor, action, resourceType, resourceName, result}
 * (SUCCESS/FAILURE), {@code from} (inclusive) and {@code to} (exclusive) as ISO-8601 instants.
 */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
@TenantScoped
public class AuditResource {
  @GET
  public PageView<AuditEventView> query(@QueryParam("actor") String actor, @QueryParam("action") String action,
      @QueryParam("resourceType") String resourceType, @QueryParam("resourceName") String resourceName,
      @QueryParam("result") String result, @QueryParam("from") String from, @QueryParam("to") String to,
      @QueryParam("pageSize") String pageSize, @QueryParam("pageToken") String pageToken,
      @Context ContainerRequestContext request) {
    AuditQuery query = query(actor, action, resourceType, resourceName, result, from, to);
    return PageView.of(
        Calls.session(request).audit().query(Calls.context(request), query, Params.page(pageSize, pageToken)),
        AuditEventView::of);
  }

  @GET
  @Path("count")
  public CountView count(@QueryParam("actor") String actor, @QueryParam("action") String action,
      @QueryParam("resourceType") String resourceType, @QueryParam("resourceName") String resourceName,
      @QueryParam("result") String result, @QueryParam("from") String from, @QueryParam("to") String to,
      @Context ContainerRequestContext request) {
    AuditQuery query = query(actor, action, resourceType, resourceName, result, from, to);
    return new CountView(Calls.session(request).audit().count(Calls.context(request), query));
  }

  private static AuditQuery query(String actor, String action, String resourceType, String resourceName,
      String result, String from, String to) {
    return new AuditQuery(Params.optional(actor), Params.optional(action), Params.optional(resourceType),
        Params.optional(resourceName), Params.auditResult(result), Params.instant(from, "from"),
        Params.instant(to, "to"));
  }
}
