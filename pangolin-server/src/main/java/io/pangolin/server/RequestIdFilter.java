package io.pangolin.server;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id before routing: the caller's {@code X-Request-Id} if it is a sane token, otherwise a new
 * UUID. The id is written back into the request headers (so every later stage, the error mapper included, reads the
 * same value) and echoed in the response.
 */
@Provider
@PreMatching
@Priority(100)
@ApplicationScoped
public class RequestIdFilter implements ContainerRequestFilter, ContainerResponseFilter {
  static final String HEADER = "X-Request-Id";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

  @Override
  public void filter(ContainerRequestContext request) {
    String given = request.getHeaderString(HEADER);
    String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    request.getHeaders().putSingle(HEADER, id);
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    String id = request.getHeaderString(HEADER);
    if (id != null) {
      response.getHeaders().putSingle(HEADER, id);
    }
  }
}
