package io.pangolin.server;

import io.pangolin.api.RequestContext;
import io.pangolin.core.Pangolin;
import io.pangolin.core.Session;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Establishes who calls, through the {@link RequestContextResolver}, and stores it in the request for the resources
 * ({@link Calls}). For {@link TenantScoped} routes the tenant must be given and must exist (404 otherwise).
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class RequestContextFilter implements ContainerRequestFilter {
  @Inject
  RequestContextResolver resolver;

  @Inject
  Pangolin pangolin;

  @Context
  ResourceInfo resourceInfo;

  @Override
  public void filter(ContainerRequestContext request) {
    String requestId = request.getHeaderString(RequestIdFilter.HEADER);
    String actor = resolver.actor(request);
    request.setProperty(Calls.ACTOR, actor);
    Class<?> resource = resourceInfo.getResourceClass();
    if (resource != null && resource.isAnnotationPresent(TenantScoped.class)) {
      String tenant = resolver.tenant(request, actor);
      RequestContext ctx = new RequestContext(tenant, actor, requestId);
      Session session = pangolin.session(ctx);
      session.tenant(); // the one tenant lookup of the request; NotFoundException → 404 NOT_FOUND
      request.setProperty(Calls.CONTEXT, ctx);
      request.setProperty(Calls.SESSION, session);
    }
  }
}
