package io.pangolin.server;

import io.pangolin.api.Principal;
import io.pangolin.api.RequestContext;
import io.pangolin.core.Session;
import jakarta.ws.rs.container.ContainerRequestContext;

/** Reads what {@link RequestContextFilter} stored in the request. */
final class Calls {
  static final String CONTEXT = "io.pangolin.server.context";
  static final String PRINCIPAL = "io.pangolin.server.principal";
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

  /** The authenticated principal of the request. */
  static Principal principal(ContainerRequestContext request) {
    Object p = request.getProperty(PRINCIPAL);
    if (p instanceof Principal principal) {
      return principal;
    }
    throw new IllegalStateException("no principal: RequestContextFilter did not run");
  }

  /** A context for a deployment-level route acting on {@code tenant} (tenant administration). */
  static RequestContext admin(ContainerRequestContext request, String tenant) {
    return RequestContext.of(tenant, principal(request), request.getHeaderString(RequestIdFilter.HEADER))
        .withSource(source(request));
  }

  /** The address the request came from (the connection's peer, as Helidon's JAX-RS integration records it). */
  static String source(ContainerRequestContext request) {
    Object host = request.getProperty("io.helidon.jaxrs.remote-host");
    return host == null ? null : host.toString();
  }
}
