package io.pangolin.server;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * The per-source-address rate limit ({@link RateLimits}), checked before anything else is done for a request (so a
 * flood of bad credentials costs no signature checks); the per-principal limit is checked by
 * {@link RequestContextFilter} right after authentication through {@link #principalAllowed}. A refused request gets
 * 429 with {@code Retry-After} and the JSON error of the API it came to.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
@ApplicationScoped
public class RateLimitFilter implements ContainerRequestFilter {
  /** The property Helidon's JAX-RS integration sets to the connection's peer address. */
  private static final String REMOTE_HOST = "io.helidon.jaxrs.remote-host";

  @Inject
  RateLimits limits;

  @Override
  public void filter(ContainerRequestContext request) {
    if (!limits.settings().enabled()) {
      return;
    }
    String path = request.getUriInfo().getPath();
    RateLimits.Family family = RateLimits.Family.of(path);
    if (!limits.tryAcquire(family, false, address(request))) {
      request.abortWith(refused(request, family, "source address", limits.retryAfterSeconds()));
    }
  }

  /** Whether the authenticated principal may make one more request; aborts the request with 429 if not. */
  static boolean principalAllowed(RateLimits limits, ContainerRequestContext request, String principalId) {
    RateLimits.Family family = RateLimits.Family.of(request.getUriInfo().getPath());
    if (limits.tryAcquire(family, true, principalId)) {
      return true;
    }
    request.abortWith(refused(request, family, "principal", limits.retryAfterSeconds()));
    return false;
  }

  private String address(ContainerRequestContext request) {
    if (limits.settings().trustForwardedFor()) {
      String forwarded = request.getHeaderString("X-Forwarded-For");
      if (forwarded != null && !forwarded.isBlank()) {
        String first = forwarded.split(",", 2)[0].strip();
        if (!first.isEmpty() && first.length() <= 64) {
          return first;
        }
      }
    }
    Object host = request.getProperty(REMOTE_HOST);
    return host == null ? "unknown" : host.toString();
  }

  private static Response refused(ContainerRequestContext request, RateLimits.Family family, String per,
      long retryAfter) {
    String message = "too many requests for this " + per + " (" + family.key() + " routes); retry later";
    String path = ("/" + request.getUriInfo().getPath()).replace("//", "/");
    return Response.status(429).type(MediaType.APPLICATION_JSON)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter))
        .entity(HttpErrors.json(path, 429, message, request.getHeaderString(RequestIdFilter.HEADER))).build();
  }

}
