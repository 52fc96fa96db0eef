package io.pangolin.server;

import io.pangolin.api.Principal;
import io.pangolin.core.Pangolin;
import io.pangolin.server.Requests.Login;
import io.pangolin.server.Views.PrincipalView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Password login of human users, the public keys of the tokens, and who the caller is. */
@Path("/api/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequestScoped
public class AuthResource {
  @Inject
  Pangolin pangolin;

  @Inject
  TokenService tokens;

  /** {@code {"tenant","username","password"}} → the same token answer as {@code POST /v1/oauth/tokens}. */
  @POST
  @Path("login")
  @Public
  public Response login(Login body,
      @jakarta.ws.rs.core.Context jakarta.ws.rs.container.ContainerRequestContext request) {
    Login b = Bodies.require(body);
    Optional<Principal> p = pangolin.principals().login(b.tenant(), b.username(), b.password(),
        Optional.ofNullable(Calls.source(request)));
    if (p.isEmpty()) {
      throw new io.pangolin.api.UnauthenticatedException("unknown user or wrong password");
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("access_token", tokens.issue(p.get()));
    answer.put("token_type", "bearer");
    answer.put("expires_in", tokens.ttl().toSeconds());
    answer.put("issued_token_type", TokenService.ACCESS_TOKEN_TYPE);
    return Response.ok(Json.write(answer), MediaType.APPLICATION_JSON).header(HttpHeaders.CACHE_CONTROL, "no-store")
        .build();
  }

  /** The public keys the tokens are signed with (JWK set). */
  @GET
  @Path("jwks")
  @Public
  public Response jwks() {
    return Response.ok(Json.write(tokens.jwks()), MediaType.APPLICATION_JSON).build();
  }

  /** The authenticated principal. */
  @GET
  @Path("whoami")
  public PrincipalView whoami(@Context ContainerRequestContext request) {
    return PrincipalView.of(Calls.principal(request));
  }
}
