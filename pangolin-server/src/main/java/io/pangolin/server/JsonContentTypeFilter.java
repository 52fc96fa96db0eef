package io.pangolin.server;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;

/**
 * Strict {@code Content-Type} on the JSON routes of both APIs: a request that carries a body must declare it as
 * JSON ({@code application/json} or {@code application/*+json}, parameters such as {@code charset} allowed), else
 * 415 in the error model of the route's API. The management resources declare {@code @Consumes(application/json)}
 * (JAX-RS answers 415 itself); the Iceberg routes read their bodies as text, so this filter holds them to it too. The
 * one form-encoded route, the OAuth token endpoint {@code POST /v1/oauth/tokens}, is exempt. Runs after matching
 * (unknown routes stay 404, wrong methods 405) and after authentication.
 */
@Provider
@Priority(Priorities.HEADER_DECORATOR)
@ApplicationScoped
public class JsonContentTypeFilter implements ContainerRequestFilter {
  static final String TOKEN_PATH = "v1/oauth/tokens";

  @Override
  public void filter(ContainerRequestContext request) {
    if (!request.hasEntity() || TOKEN_PATH.equals(stripSlashes(request.getUriInfo().getPath()))) {
      return;
    }
    MediaType type;
    try {
      type = request.getMediaType();
    } catch (RuntimeException e) {
      throw new NotSupportedException("invalid Content-Type header (send application/json)");
    }
    if (!isJson(type)) {
      throw new NotSupportedException(type == null
          ? "request body without a Content-Type (send application/json)"
          : "unsupported media type '" + type.getType() + "/" + type.getSubtype() + "' (send application/json)");
    }
  }

  static boolean isJson(MediaType type) {
    return type != null && "application".equalsIgnoreCase(type.getType())
        && ("json".equalsIgnoreCase(type.getSubtype()) || type.getSubtype().toLowerCase(Locale.ROOT).endsWith("+json"));
  }

  private static String stripSlashes(String path) {
    String p = path == null ? "" : path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
