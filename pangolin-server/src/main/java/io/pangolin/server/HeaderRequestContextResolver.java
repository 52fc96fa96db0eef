package io.pangolin.server;

import io.pangolin.api.ValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;

/** The default resolver: tenant and actor are taken from request headers as given (no authentication yet). */
@ApplicationScoped
public class HeaderRequestContextResolver implements RequestContextResolver {
  static final String ANONYMOUS = "anonymous";

  @Override
  public String actor(ContainerRequestContext request) {
    String actor = request.getHeaderString(ACTOR_HEADER);
    return actor == null || actor.isBlank() ? ANONYMOUS : actor.strip();
  }

  @Override
  public String tenant(ContainerRequestContext request, String actor) {
    String tenant = request.getHeaderString(TENANT_HEADER);
    if (tenant == null || tenant.isBlank()) {
      throw new ValidationException("header " + TENANT_HEADER + " is required for this route");
    }
    return tenant.strip();
  }
}
