package io.pangolin.server;

import io.pangolin.api.Principal;
import io.pangolin.api.UnauthenticatedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

/** The resolver of the server: {@code Authorization: Bearer <token>}, a token issued by {@link TokenService}. */
@ApplicationScoped
public class TokenRequestContextResolver implements RequestContextResolver {
  @Inject
  TokenService tokens;

  @Override
  public Principal authenticate(ContainerRequestContext request) {
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || header.isBlank()) {
      throw new UnauthenticatedException("authentication required: send Authorization: Bearer <token> (get one at "
          + "POST /v1/oauth/tokens)");
    }
    String h = header.strip();
    if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new UnauthenticatedException("the Authorization header must carry a Bearer token");
    }
    return tokens.verify(h.substring(7).strip());
  }
}
