package io.pangolin.server;

import io.pangolin.api.AuditQuery;
import io.pangolin.api.AuditService;
import io.pangolin.api.RequestContext;
import io.pangolin.server.Requests.ArchiveAudit;
import io.pangolin.server.Views.ArchiveView;
import io.pangolin.server.Views.AuditEventView;
import io.pangolin.server.Views.CountView;
import io.pangolin.server.Views.PageView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The request tenant's audit log, newest first. Filters: {@code actor, action, resourceType, resourceName, result}
 * (SUCCESS/FAILURE), {@code from} (inclusive) and {@code to} (exclusive) as ISO-8601 instants; {@code archived=true}
 * reads the audit archive instead of the log.
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
      @QueryParam("archived") String archived, @Context ContainerRequestContext request) {
    AuditQuery query = query(actor, action, resourceType, resourceName, result, from, to);
    AuditService audit = Calls.session(request).audit();
    RequestContext ctx = Calls.context(request);
    return PageView.of(Params.flag(archived, "archived")
        ? audit.queryArchived(ctx, query, Params.page(pageSize, pageToken))
        : audit.query(ctx, query, Params.page(pageSize, pageToken)), AuditEventView::of);
  }

  @GET
  @Path("count")
  public CountView count(@QueryParam("actor") String actor, @QueryParam("action") String action,
      @QueryParam("resourceType") String resourceType, @QueryParam("resourceName") String resourceName,
      @QueryParam("result") String result, @QueryParam("from") String from, @QueryParam("to") String to,
      @QueryParam("archived") String archived, @Context ContainerRequestContext request) {
    AuditQuery query = query(actor, action, resourceType, resourceName, result, from, to);
    AuditService audit = Calls.session(request).audit();
    RequestContext ctx = Calls.context(request);
    return new CountView(Params.flag(archived, "archived") ? audit.countArchived(ctx, query)
        : audit.count(ctx, query));
  }

  /** Moves the tenant's events older than {@code olderThanDays} days to its audit archive. */
  @POST
  @Path("archive")
  @Consumes(MediaType.APPLICATION_JSON)
  public ArchiveView archive(ArchiveAudit body, @Context ContainerRequestContext request) {
    ArchiveAudit b = Bodies.require(body);
    Instant before = Instant.now().minus(Duration.ofDays(b.olderThanDays())).truncatedTo(ChronoUnit.MICROS);
    long archived = Calls.session(request).audit().archive(Calls.context(request), before);
    return new ArchiveView(archived, Views.iso(before));
  }

  private static AuditQuery query(String actor, String action, String resourceType, String resourceName,
      String result, String from, String to) {
    return new AuditQuery(Params.optional(actor), Params.optional(action), Params.optional(resourceType),
        Params.optional(resourceName), Params.auditResult(result), Params.instant(from, "from"),
        Params.instant(to, "to"));
  }
}
