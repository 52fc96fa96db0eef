package io.pangolin.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.pangolin.api.Principal;
import io.pangolin.api.PrincipalService;
import io.pangolin.api.UnauthenticatedException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Issues and verifies Pangolin's access tokens: JWTs signed with ES256 (Nimbus JOSE+JWT). A token names its
 * principal ({@code sub}); what the principal may do is read from the store when the token is used (never used older
 * than {@code pangolin.auth.principal-cache-ms}; re-read in the background after half of it), so disabling or
 * deleting a principal, or changing its roles, takes effect on every instance within that time. Keys come from
 * configuration ({@link AuthSettings}); the public keys are served as a JWK set. Thread-safe.
 */
final class TokenService {
  private static final Logger LOG = Logger.getLogger(TokenService.class.getName());
  /** Tolerance for clocks of instances that disagree a little (our own tokens only). */
  private static final Duration CLOCK_SKEW = Duration.ofSeconds(5);
  static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

  private final PrincipalService principals;
  private final String issuer;
  private final Duration ttl;
  private final Clock clock;
  private final ECKey signingKey;
  private final ECDSASigner signer;
  private final Map<String, JWSVerifier> verifiers = new LinkedHashMap<>();
  private final JWKSet publicKeys;
  /**
   * Principals' state by id, never used older than {@code principal-cache-ms}. Past half of it a use reloads the entry
   * in the background and goes on with the one it has: under load no request waits for the principal's read, where a
   * plain expiry made every request of the principal wait for one (behind the whole connection pool's queue).
   */
  private final LoadingCache<String, Optional<Principal>> current;
  /**
   * Tokens whose signature, issuer and audience were checked, with their validity window: an ES256 verification
   * costs about a millisecond of CPU, so each token is verified once per instance (the window is still checked on
   * every use, and the principal's state is looked up as usual).
   */
  private final Cache<String, Checked> verified;

  private record Checked(String subject, Instant notBefore, Instant expiresAt) {}

  /** The external OIDC issuer whose tokens are accepted too, if one is configured. */
  private final Optional<OidcIssuer> oidc;
  /** Principals of verified external tokens (checked once per instance, like our own). */
  private final Cache<String, OidcIssuer.Verified> external;

  TokenService(PrincipalService principals, AuthSettings settings, Clock clock) {
    this(principals, settings, clock, Optional.empty());
  }

  TokenService(PrincipalService principals, AuthSettings settings, Clock clock, Optional<OidcIssuer> oidc) {
    this.principals = Objects.requireNonNull(principals, "principals");
    this.oidc = Objects.requireNonNull(oidc, "oidc");
    this.external = Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(Duration.ofHours(1)).build();
    this.issuer = settings.issuer();
    this.ttl = settings.tokenTtl();
    this.clock = clock;
    List<ECKey> keys = keys(settings.signingKeys());
    try {
      this.signingKey = keys.get(0);
      this.signer = new ECDSASigner(signingKey);
      List<JWK> pub = new ArrayList<>();
      for (ECKey k : keys) {
        verifiers.put(k.getKeyID(), new ECDSAVerifier(k.toPublicJWK()));
        pub.add(k.toPublicJWK());
      }
      this.publicKeys = new JWKSet(pub);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("pangolin.auth.signing-keys: unusable key", e);
    }
    Caffeine<Object, Object> principalCache = Caffeine.newBuilder().maximumSize(100_000)
        .expireAfterWrite(settings.principalCache());
    Duration refreshAfter = settings.principalCache().dividedBy(2);
    if (refreshAfter.isPositive()) {
      principalCache.refreshAfterWrite(refreshAfter).executor(Thread::startVirtualThread);
    }
    this.current = principalCache.build(principals::principal);
    this.verified = Caffeine.newBuilder().maximumSize(50_000)
        .expireAfterWrite(settings.tokenTtl().plus(CLOCK_SKEW)).build();
  }

  private static List<ECKey> keys(Optional<String> configured) {
    try {
      if (configured.isEmpty()) {
        LOG.warning("pangolin.auth.signing-keys is not set: tokens are signed with a key generated at start; they "
            + "do not survive a restart and only this instance accepts them");
        return List.of(new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate());
      }
      List<ECKey> keys = new ArrayList<>();
      for (JWK k : JWKSet.parse(configured.get()).getKeys()) {
        if (!(k instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve()) || !ec.isPrivate()
            || ec.getKeyID() == null) {
          throw new IllegalArgumentException("pangolin.auth.signing-keys: every key must be an EC P-256 private "
              + "key with a kid");
        }
        keys.add(ec);
      }
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("pangolin.auth.signing-keys: no key");
      }
      return keys;
    } catch (ParseException e) {
      throw new IllegalArgumentException("pangolin.auth.signing-keys is not a JWK set", e);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate a signing key", e);
    }
  }

  /** The token's lifetime, for {@code expires_in}. */
  Duration ttl() {
    return ttl;
  }

  /** A new access token for {@code principal}. */
  String issue(Principal principal) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(issuer)
        .subject(principal.id())
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now.minusSeconds(1)))
        .expirationTime(Date.from(now.plus(ttl)))
        .jwtID(UUID.randomUUID().toString())
        .claim("kind", principal.kind().name());
    principal.tenant().ifPresent(t -> claims.claim("tenant", t));
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signingKey.getKeyID()).build(),
        claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing a token failed", e);
    }
    return jwt.serialize();
  }

  /**
   * The principal a bearer token stands for, in its current state.
   *
   * @throws UnauthenticatedException malformed, not ours, badly signed, expired, or its principal is gone,
   *     disabled or expired
   */
  Principal verify(String token) {
    // one of our own tokens already verified here is not parsed again to look for an external issuer
    if (oidc.isPresent() && (token == null || verified.getIfPresent(token) == null)) {
      Optional<Principal> ext = externalPrincipal(token);
      if (ext.isPresent()) {
        return ext.get();
      }
    }
    String subject = verifiedSubject(token);
    Optional<Principal> p = current.get(subject);
    return p.orElseThrow(() -> new UnauthenticatedException("the token's principal is disabled or gone"));
  }

  /** The principal of a token of the configured external issuer; empty for a token that is not one of its. */
  private Optional<Principal> externalPrincipal(String token) {
    if (token == null || token.isEmpty() || token.length() > 8192) {
      throw new UnauthenticatedException("missing or oversized bearer token");
    }
    OidcIssuer.Verified v = external.getIfPresent(token);
    if (v == null) {
      OidcIssuer issuer = oidc.orElseThrow();
      SignedJWT jwt;
      String iss;
      try {
        jwt = SignedJWT.parse(token);
        iss = jwt.getJWTClaimsSet().getIssuer();
      } catch (ParseException e) {
        throw new UnauthenticatedException("the bearer token is not a JWT");
      }
      if (!issuer.issuer().equals(iss) || issuer.issuer().equals(this.issuer)) {
        return Optional.empty();
      }
      v = issuer.verify(jwt);
      external.put(token, v);
    }
    if (!v.validUntil().isAfter(clock.instant())) {
      throw new UnauthenticatedException("the bearer token has expired");
    }
    return Optional.of(v.principal());
  }

  /** The subject of a valid token (signature, issuer, audience, time), without looking the principal up. */
  String verifiedSubject(String token) {
    if (token == null || token.isEmpty() || token.length() > 8192) {
      throw new UnauthenticatedException("missing or oversized bearer token");
    }
    Checked known = verified.getIfPresent(token);
    if (known == null) {
      known = check(token);
      verified.put(token, known);
    }
    Instant now = clock.instant();
    if (!known.expiresAt().plus(CLOCK_SKEW).isAfter(now)) {
      throw new UnauthenticatedException("the bearer token has expired");
    }
    if (known.notBefore().minus(CLOCK_SKEW).isAfter(now)) {
      throw new UnauthenticatedException("the bearer token is not valid yet");
    }
    return known.subject();
  }

  /** Signature, issuer, audience, subject and the presence of an expiry: everything that does not change with time. */
  private Checked check(String token) {
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      throw new UnauthenticatedException("the bearer token is not a JWT");
    }
    JWSHeader header = jwt.getHeader();
    JWSVerifier verifier = header.getKeyID() == null ? null : verifiers.get(header.getKeyID());
    if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()) || verifier == null) {
      throw new UnauthenticatedException("the bearer token was not issued by this deployment");
    }
    try {
      if (!jwt.verify(verifier)) {
        throw new UnauthenticatedException("the bearer token's signature is invalid");
      }
      JWTClaimsSet c = jwt.getJWTClaimsSet();
      if (!issuer.equals(c.getIssuer()) || c.getAudience() == null || !c.getAudience().contains(issuer)) {
        throw new UnauthenticatedException("the bearer token was not issued for this deployment");
      }
      if (c.getExpirationTime() == null) {
        throw new UnauthenticatedException("the bearer token has no expiry");
      }
      if (c.getSubject() == null || c.getSubject().isEmpty()) {
        throw new UnauthenticatedException("the bearer token names no principal");
      }
      Instant notBefore = c.getNotBeforeTime() == null ? Instant.EPOCH : c.getNotBeforeTime().toInstant();
      return new Checked(c.getSubject(), notBefore, c.getExpirationTime().toInstant());
    } catch (JOSEException | ParseException e) {
      throw new UnauthenticatedException("the bearer token cannot be verified");
    }
  }

  /** Forgets the cached state of a principal on this instance (after a change made here). */
  void forget(String principalId) {
    current.invalidate(principalId);
  }

  /** The public keys, as a JWK set document. */
  Map<String, Object> jwks() {
    return publicKeys.toJSONObject(true);
  }
}
