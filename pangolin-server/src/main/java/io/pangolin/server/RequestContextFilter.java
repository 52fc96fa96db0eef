package io.pangolin.server;

import io.pangolin.api.PangolinException;
import io.pangolin.api.Principal;
import io.pangolin.api.RequestContext;
import io.pangolin.core.Pangolin;
import io.pangolin.core.Session;
import io.pangolin.iceberg.IcebergErrors;
import io.pangolin.iceberg.IcebergJson;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.rest.responses.ErrorResponse;

/**
 * Authenticates every request (except {@link Public} routes) through the {@link RequestContextResolver} and stores
 * the principal in the request ({@link Calls}). For {@link TenantScoped} routes it also opens the engine session of
 * the request's tenant (404 if the tenant is unknown, 403 if the principal may not act in it). A failure on an Iceberg
 * route is answered in the Iceberg {@code ErrorModel}, elsewhere in the management error shape.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class RequestContextFilter implements ContainerRequestFilter {
  static final String CHALLENGE = "Bearer realm=\"pangolin\"";

  @Inject
  RequestContextResolver resolver;

  /** Annotations read once per resource method / class, not on every request. */
  private static final Map<Method, Boolean> PUBLIC = new ConcurrentHashMap<>();
  private static final ClassValue<Boolean> TENANT_SCOPED = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return type.isAnnotationPresent(TenantScoped.class);
    }
  };

  @Inject
  Pangolin pangolin;

  @Inject
  RateLimits limits;

  @Context
  ResourceInfo resourceInfo;

  @Override
  public void filter(ContainerRequestContext request) {
    Class<?> resource = resourceInfo.getResourceClass();
    Method method = resourceInfo.getResourceMethod();
    if (resource == null
        || (method != null && PUBLIC.computeIfAbsent(method, m -> m.isAnnotationPresent(Public.class)))) {
      return;
    }
    try {
      Principal principal = resolver.authenticate(request);
      request.setProperty(Calls.PRINCIPAL, principal);
      if (limits.settings().enabled() && !RateLimitFilter.principalAllowed(limits, request, principal.id())) {
        return;
      }
      if (TENANT_SCOPED.get(resource)) {
        String tenant = resolver.tenant(request, principal);
        RequestContext ctx = RequestContext.of(tenant, principal, request.getHeaderString(RequestIdFilter.HEADER))
            .withSource(Calls.source(request));
        Session session = pangolin.session(ctx);
        session.tenant(); // the one tenant lookup of the request; NotFoundException → 404 NOT_FOUND
        request.setProperty(Calls.CONTEXT, ctx);
        request.setProperty(Calls.SESSION, session);
      }
    } catch (PangolinException e) {
      if (resource == IcebergRestResource.class) {
        ErrorResponse error = IcebergErrors.toErrorResponse(e, request.getHeaderString(RequestIdFilter.HEADER));
        Response.ResponseBuilder r = Response.status(error.code()).type(MediaType.APPLICATION_JSON)
            .entity(IcebergJson.write(error));
        if (error.code() == 401) {
          r.header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        }
        request.abortWith(r.build());
        return;
      }
      throw e;
    }
  }
}
