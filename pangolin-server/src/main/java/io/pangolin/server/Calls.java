package io.pangolin.server;

import io.pangolin.api.RequestContext;
import io.pangolin.core.Session;
import jakarta.ws.rs.container.ContainerRequestContext;

/** Reads what {@link RequestContextFilter} stored in the request. */
final class Calls {
  static final String CONTEXT = "io.pangolin.server.context";
  static final String ACTOR = "io.pangolin.server.actor";
  static final String SESSION = "io.pangolin.server.session";

  private Calls() {}

  /** The context of a {@link TenantScoped} route. */
  static RequestContext context(ContainerRequestContext request) {
    Object ctx = request.getProperty(CONTEXT);
    if (ctx instanceof RequestContext rc) {
      return rc;
    }
    throw new IllegalStateException("no tenant context: is the resource annotated @TenantScoped?");
  }

  /** The engine session of a {@link TenantScoped} route: the tenant and its store resolved once per request. */
  static Session session(ContainerRequestContext request) {
    Object s = request.getProperty(SESSION);
    if (s instanceof Session session) {
      return session;
    }
    throw new IllegalStateException("no session: is the resource annotated @TenantScoped?");
  }

  /** A context for a deployment-level route acting on {@code tenant} (tenant administration). */
  static RequestContext admin(ContainerRequestContext request, String tenant) {
    Object actor = request.getProperty(ACTOR);
    if (!(actor instanceof String a)) {
      throw new IllegalStateException("no actor: RequestContextFilter did not run");
    }
    return new RequestContext(tenant, a, request.getHeaderString(RequestIdFilter.HEADER));
  }
}
