package io.pangolin.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.pangolin.api.Principal;
import io.pangolin.api.Roles;
import io.pangolin.api.UnauthenticatedException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * An external OpenID Connect issuer whose access tokens the server accepts: signature checked against the issuer's
 * JWK set (fetched from {@code jwks-uri}, cached and refreshed by Nimbus when an unknown key id shows up), exact
 * {@code iss}, the configured audience in {@code aud}, {@code exp} required, clock skew tolerated. The principal is
 * built from the claims: its tenant from {@code tenant-claim}, its roles from {@code roles-claim} mapped through
 * {@code role-mapping} to tenant roles (the deployment role {@code root} is never granted by an external issuer).
 * Such principals are not stored: they live as long as their token, and are revoked at the identity provider.
 * Thread-safe.
 */
final class OidcIssuer {
  private static final Logger LOG = Logger.getLogger(OidcIssuer.class.getName());
  private static final Pattern LIST = Pattern.compile("[\\s,]+");

  /**
   * Keys {@code pangolin.auth.oidc.*}: {@code issuer} (turns the feature on), {@code jwks-uri}, {@code audience},
   * {@code clock-skew-s} (default 30), {@code tenant-claim} (default {@code tenant}), {@code roles-claim} (default
   * {@code roles}), {@code name-claim} (default {@code preferred_username}, else {@code sub}), {@code role-mapping}
   * ({@code idp-role=tenant-role,…}; without it, claim values that are tenant roles are taken as they are),
   * {@code algorithms} (default {@code RS256,ES256}).
   */
  record Settings(String issuer, URL jwksUri, String audience, Duration clockSkew, String tenantClaim,
      String rolesClaim, String nameClaim, Map<String, String> roleMapping, Set<JWSAlgorithm> algorithms) {

    static Optional<Settings> from(Config config) {
      Optional<String> issuer = value(config, "issuer");
      if (issuer.isEmpty()) {
        return Optional.empty();
      }
      String jwks = value(config, "jwks-uri").orElseThrow(
          () -> new IllegalArgumentException("pangolin.auth.oidc.jwks-uri is required with pangolin.auth.oidc.issuer"));
      URL url;
      try {
        URI u = URI.create(jwks);
        if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme())) {
          throw new IllegalArgumentException("pangolin.auth.oidc.jwks-uri must be an http(s) URL");
        }
        url = u.toURL();
      } catch (MalformedURLException | IllegalArgumentException e) {
        throw new IllegalArgumentException("pangolin.auth.oidc.jwks-uri must be an http(s) URL");
      }
      String audience = value(config, "audience").orElseThrow(
          () -> new IllegalArgumentException("pangolin.auth.oidc.audience is required with pangolin.auth.oidc.issuer"));
      long skew = config.getOptionalValue("pangolin.auth.oidc.clock-skew-s", Long.class).orElse(30L);
      if (skew < 0 || skew > 600) {
        throw new IllegalArgumentException("pangolin.auth.oidc.clock-skew-s must be between 0 and 600");
      }
      Map<String, String> mapping = new LinkedHashMap<>();
      for (String pair : value(config, "role-mapping").map(s -> s.split(",")).orElse(new String[0])) {
        if (pair.isBlank()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String role = eq < 0 ? "" : pair.substring(eq + 1).strip();
        if (eq <= 0 || !Roles.TENANT_ROLES.contains(role)) {
          throw new IllegalArgumentException("pangolin.auth.oidc.role-mapping: '" + pair.strip()
              + "' must be <issuer-role>=<one of " + Roles.TENANT_ROLES + ">");
        }
        mapping.put(pair.substring(0, eq).strip(), role);
      }
      Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
      for (String a : LIST.split(value(config, "algorithms").orElse("RS256,ES256"))) {
        if (a.isEmpty()) {
          continue;
        }
        JWSAlgorithm alg = JWSAlgorithm.parse(a);
        if (!JWSAlgorithm.Family.SIGNATURE.contains(alg)) {
          throw new IllegalArgumentException("pangolin.auth.oidc.algorithms: '" + a
              + "' is not an asymmetric signature algorithm");
        }
        algorithms.add(alg);
      }
      if (algorithms.isEmpty()) {
        throw new IllegalArgumentException("pangolin.auth.oidc.algorithms: none given");
      }
      return Optional.of(new Settings(issuer.get(), url, audience, Duration.ofSeconds(skew),
          value(config, "tenant-claim").orElse("tenant"), value(config, "roles-claim").orElse("roles"),
          value(config, "name-claim").orElse("preferred_username"), Map.copyOf(mapping), Set.copyOf(algorithms)));
    }

    private static Optional<String> value(Config config, String key) {
      return config.getOptionalValue("pangolin.auth.oidc." + key, String.class).map(String::strip)
          .filter(s -> !s.isEmpty());
    }
  }

  /** A principal from an external token, and until when the token is valid (expiry plus the skew). */
  record Verified(Principal principal, Instant validUntil) {}

  private final Settings settings;
  private final DefaultJWTProcessor<SecurityContext> processor;

  OidcIssuer(Settings settings) {
    this.settings = settings;
    JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(settings.jwksUri())
        .retrying(true)
        .build();
    this.processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(settings.algorithms(), keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(settings.audience(),
        new JWTClaimsSet.Builder().issuer(settings.issuer()).build(), Set.of("sub", "exp"));
    claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
  }

  String issuer() {
    return settings.issuer();
  }

  /**
   * The principal of a token of this issuer.
   *
   * @throws UnauthenticatedException bad signature, unknown key, wrong algorithm, audience or issuer, expired, or
   *     claims that name no tenant
   */
  Verified verify(SignedJWT jwt) {
    JWTClaimsSet c;
    try {
      c = processor.process(jwt, null);
    } catch (BadJOSEException e) {
      throw new UnauthenticatedException("the bearer token of issuer '" + settings.issuer() + "' is not valid: "
          + reason(e));
    } catch (JOSEException e) {
      LOG.log(Level.WARNING, "cannot verify a token of " + settings.issuer() + ": " + e.getMessage());
      throw new UnauthenticatedException("the bearer token of issuer '" + settings.issuer()
          + "' cannot be verified now");
    }
    String tenant = string(c, settings.tenantClaim())
        .orElseThrow(() -> new UnauthenticatedException("the bearer token names no tenant (claim '"
            + settings.tenantClaim() + "')"));
    Set<String> roles = new LinkedHashSet<>();
    for (String r : strings(c, settings.rolesClaim())) {
      String mapped = settings.roleMapping().isEmpty() ? r : settings.roleMapping().get(r);
      if (mapped != null && Roles.TENANT_ROLES.contains(mapped)) {
        roles.add(mapped);
      }
    }
    String subject = c.getSubject();
    String name = string(c, settings.nameClaim()).orElse(subject);
    Principal p;
    try {
      p = new Principal("oidc:" + subject, name, Principal.Kind.USER, Optional.of(tenant), roles);
    } catch (IllegalArgumentException e) {
      throw new UnauthenticatedException("the bearer token's claims do not describe a principal");
    }
    return new Verified(p, c.getExpirationTime().toInstant().plus(settings.clockSkew()));
  }

  /** Nimbus's messages name the failed check (e.g. "Expired JWT", "JWT audience rejected"); no secrets in them. */
  private static String reason(BadJOSEException e) {
    String m = e.getMessage() == null ? "rejected" : e.getMessage();
    return m.length() > 160 ? m.substring(0, 160) : m;
  }

  private static Optional<String> string(JWTClaimsSet c, String claim) {
    Object v = c.getClaim(claim);
    return v instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
  }

  private static List<String> strings(JWTClaimsSet c, String claim) {
    Object v = c.getClaim(claim);
    if (v instanceof String s) {
      return Arrays.stream(LIST.split(s.strip())).filter(x -> !x.isEmpty()).toList();
    }
    if (v instanceof List<?> list) {
      return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }
    return List.of();
  }
}
