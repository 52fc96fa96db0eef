package io.pangolin.server;

import io.pangolin.api.Principal;
import io.pangolin.api.PrincipalService;
import io.pangolin.api.UnauthenticatedException;
import io.pangolin.core.Pangolin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The OAuth2 token endpoint's logic ({@code POST /v1/oauth/tokens}, RFC 6749 client credentials and RFC 8693 token
 * exchange as the Iceberg 1.10 client uses them). Answers are never cached ({@code Cache-Control: no-store}); error
 * bodies are the RFC's {@code {"error", "error_description"}} and never echo a credential.
 */
@ApplicationScoped
public class OAuthTokens {
  static final String CLIENT_CREDENTIALS = "client_credentials";
  static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  private static final int MAX_BODY = 16 * 1024;

  @Inject
  Pangolin pangolin;

  @Inject
  TokenService tokens;

  /** @param source the caller's address, recorded with the authentication in the audit log */
  Response token(MediaType type, String body, String authorization, Optional<String> source) {
    if (type == null || !type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
      return error(400, "invalid_request", "send the form as application/x-www-form-urlencoded");
    }
    if (body != null && body.length() > MAX_BODY) {
      return error(400, "invalid_request", "the form is too large");
    }
    Map<String, String> form;
    try {
      form = parse(body == null ? "" : body);
    } catch (IllegalArgumentException e) {
      return error(400, "invalid_request", e.getMessage());
    }
    Optional<String[]> basic;
    try {
      basic = basic(authorization);
    } catch (IllegalArgumentException e) {
      return error(401, "invalid_client", "malformed HTTP Basic credentials");
    }
    String grant = form.get("grant_type");
    if (grant == null) {
      return error(400, "invalid_request", "grant_type is required");
    }
    PrincipalService principals = pangolin.principals();
    return switch (grant) {
      case CLIENT_CREDENTIALS -> {
        String id = form.get("client_id");
        String secret = form.get("client_secret");
        if (secret == null && basic.isPresent()) {
          id = basic.get()[0];
          secret = basic.get()[1];
        }
        if (id == null || secret == null) {
          yield error(400, "invalid_request", "client_id and client_secret are required (in the form or with "
              + "HTTP Basic)");
        }
        yield principals.authenticate(id, secret, source).map(this::issued)
            .orElseGet(() -> error(401, "invalid_client", "unknown client or wrong secret"));
      }
      case TOKEN_EXCHANGE -> {
        String subject = form.get("subject_token");
        if (subject != null) {
          try {
            String id = tokens.verifiedSubject(subject);
            Optional<Principal> p = principals.principal(id);
            if (p.isPresent()) {
              yield issued(p.get());
            }
          } catch (UnauthenticatedException e) {
            // expired or foreign subject token: the client's fallback is HTTP Basic client credentials
          }
        }
        if (basic.isPresent()) {
          yield principals.authenticate(basic.get()[0], basic.get()[1], source).map(this::issued)
              .orElseGet(() -> error(401, "invalid_client", "unknown client or wrong secret"));
        }
        yield subject == null
            ? error(400, "invalid_request", "subject_token is required")
            : error(400, "invalid_grant", "the subject token is invalid or expired");
      }
      default -> error(400, "unsupported_grant_type", "use client_credentials or token exchange");
    };
  }

  private Response issued(Principal p) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", tokens.issue(p));
    body.put("token_type", "bearer");
    body.put("expires_in", tokens.ttl().toSeconds());
    body.put("issued_token_type", TokenService.ACCESS_TOKEN_TYPE);
    return Response.ok(Json.write(body), MediaType.APPLICATION_JSON).header(HttpHeaders.CACHE_CONTROL, "no-store")
        .header("Pragma", "no-cache").build();
  }

  static Response error(int status, String error, String description) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("error_description", description);
    Response.ResponseBuilder r = Response.status(status).type(MediaType.APPLICATION_JSON).entity(Json.write(body))
        .header(HttpHeaders.CACHE_CONTROL, "no-store");
    if (status == 401) {
      r.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"pangolin\"");
    }
    return r.build();
  }

  static Map<String, String> parse(String body) {
    Map<String, String> form = new HashMap<>();
    if (body.isBlank()) {
      return form;
    }
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (form.putIfAbsent(k, v) != null) {
        throw new IllegalArgumentException("parameter '" + (k.length() > 40 ? k.substring(0, 40) : k)
            + "' appears more than once");
      }
    }
    return form;
  }

  /** {@code Authorization: Basic base64(id:secret)} (id and secret URL-encoded per RFC 6749 2.3.1, or raw). */
  static Optional<String[]> basic(String authorization) {
    if (authorization == null || authorization.length() < 6
        || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
        StandardCharsets.UTF_8);
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("no colon");
    }
    return Optional.of(new String[] {
        URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
        URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)});
  }
}
