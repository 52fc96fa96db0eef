package io.pangolin.server;

import io.pangolin.api.ForbiddenException;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Decides who calls and for which tenant — the single place where a request's identity is established. The default
 * ({@link HeaderRequestContextResolver}) trusts the {@code X-Pangolin-Tenant} and {@code X-Pangolin-Actor} headers;
 * authentication replaces it with a CDI {@code @Alternative} (for example one that reads a bearer token) and no
 * resource changes. Called by {@link RequestContextFilter} once per request, after routing.
 */
public interface RequestContextResolver {
  /** Header naming the tenant of a tenant-scoped request. */
  String TENANT_HEADER = "X-Pangolin-Tenant";
  /** Header naming the acting user (until authentication arrives). */
  String ACTOR_HEADER = "X-Pangolin-Actor";

  /**
   * The acting principal of any request, recorded in the audit log.
   *
   * @throws io.pangolin.api.ForbiddenException the caller may not use the API
   */
  String actor(ContainerRequestContext request);

  /**
   * The tenant a tenant-scoped request acts in. Existence of the tenant is checked by the caller.
   *
   * @throws io.pangolin.api.ValidationException no tenant was given
   * @throws io.pangolin.api.ForbiddenException the actor may not act in that tenant
   */
  String tenant(ContainerRequestContext request, String actor);

  /**
   * The tenant of a request that names its tenant itself, in its path (the {@code {prefix}} of the Iceberg REST API,
   * {@code <tenant>.<catalog>}). The default accepts the named tenant unless the tenant header names another one.
   * Existence of the tenant is checked by the caller.
   *
   * @throws io.pangolin.api.ForbiddenException the actor may not act in that tenant
   */
  default String tenantNamed(ContainerRequestContext request, String actor, String named) {
    String header = request.getHeaderString(TENANT_HEADER);
    if (header != null && !header.isBlank() && !header.strip().equals(named)) {
      throw new ForbiddenException("header " + TENANT_HEADER + " names another tenant than the "
          + "request");
    }
    return named;
  }
}
