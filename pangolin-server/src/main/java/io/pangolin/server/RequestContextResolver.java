package io.pangolin.server;

import io.pangolin.api.ForbiddenException;
import io.pangolin.api.Principal;
import io.pangolin.api.ValidationException;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Decides who calls and in which tenant — the single place where a request's identity is established (the default is
 * {@link TokenRequestContextResolver}: bearer tokens). The tenant of a request is its principal's tenant; only a
 * deployment administrator (root) names the tenant to act in, with the {@value #TENANT_HEADER} header or the
 * Iceberg {@code {prefix}}. Called by {@link RequestContextFilter} once per request, after routing.
 */
public interface RequestContextResolver {
  /** Header with which root names the tenant of a tenant-scoped management request. */
  String TENANT_HEADER = "X-Pangolin-Tenant";

  /**
   * The authenticated principal of the request.
   *
   * @throws io.pangolin.api.UnauthenticatedException no valid credentials
   */
  Principal authenticate(ContainerRequestContext request);

  /**
   * The tenant a tenant-scoped request of {@code principal} acts in: its own, or for root the one the
   * {@value #TENANT_HEADER} header names.
   *
   * @throws ValidationException root gave no tenant
   * @throws ForbiddenException the header names another tenant than the principal's
   */
  default String tenant(ContainerRequestContext request, Principal principal) {
    String header = request.getHeaderString(TENANT_HEADER);
    String named = header == null || header.isBlank() ? null : header.strip();
    if (principal.isDeploymentAdmin()) {
      if (named == null) {
        throw new ValidationException("header " + TENANT_HEADER + " names the tenant root acts in; it is required "
            + "for this route");
      }
      return named;
    }
    String own = principal.tenant().orElseThrow();
    if (named != null && !named.equals(own)) {
      throw new ForbiddenException("the principal may not act in another tenant");
    }
    return own;
  }

  /**
   * The tenant of a request that names its tenant itself, in its path (the Iceberg {@code {prefix}},
   * {@code <tenant>.<catalog>}): any for root (unless the header names another), only its own for anyone else.
   *
   * @throws ForbiddenException the principal may not act in that tenant (whether it exists or not)
   */
  default String tenantNamed(ContainerRequestContext request, Principal principal, String named) {
    String header = request.getHeaderString(TENANT_HEADER);
    if (header != null && !header.isBlank() && !header.strip().equals(named)) {
      throw new ForbiddenException("header " + TENANT_HEADER + " names another tenant than the request");
    }
    if (!principal.isDeploymentAdmin() && !principal.tenant().orElseThrow().equals(named)) {
      throw new ForbiddenException("the principal may not act in another tenant");
    }
    return named;
  }
}
