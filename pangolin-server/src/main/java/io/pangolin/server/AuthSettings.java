package io.pangolin.server;

import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Authentication settings from MicroProfile Config:
 *
 * <ul>
 *   <li>{@code pangolin.auth.issuer} — {@code iss} (and {@code aud}) of the tokens, default {@code pangolin};
 *   <li>{@code pangolin.auth.token-ttl-s} — token lifetime, default 3600;
 *   <li>{@code pangolin.auth.signing-keys} — a JWK set (JSON) of EC P-256 private keys: the first signs, all verify
 *       (rotation: add the new key second, roll out, move it first, roll out, drop the old one after the token
 *       lifetime); or {@code pangolin.auth.signing-keys-file}, a file holding that JSON. Without either, a key is
 *       generated at start: tokens then die with the process and only that instance accepts them;
 *   <li>{@code pangolin.auth.bootstrap-credentials} — {@code <client-id>:<secret>} of the deployment's root
 *       principal, created if missing (env {@code PANGOLIN_AUTH_BOOTSTRAP_CREDENTIALS}); without it, a first start on
 *       an empty store generates root credentials and prints them once;
 *   <li>{@code pangolin.auth.principal-cache-ms} — the oldest a principal's state (enabled, roles) may be when it is
 *       used, default 1000 (a principal in use is re-read in the background after half of it): a disabled or
 *       deleted principal is refused on every instance within that time.
 * </ul>
 */
record AuthSettings(String issuer, Duration tokenTtl, Optional<String> signingKeys, Optional<String> bootstrapId,
    Optional<String> bootstrapSecret, Duration principalCache) {

  static AuthSettings from(Config config) {
    String issuer = config.getOptionalValue("pangolin.auth.issuer", String.class).orElse("pangolin");
    long ttl = config.getOptionalValue("pangolin.auth.token-ttl-s", Long.class).orElse(3600L);
    if (ttl < 2 || ttl > 86_400) {
      throw new IllegalArgumentException("pangolin.auth.token-ttl-s must be between 2 and 86400");
    }
    Optional<String> keys = config.getOptionalValue("pangolin.auth.signing-keys", String.class)
        .filter(s -> !s.isBlank());
    if (keys.isEmpty()) {
      keys = config.getOptionalValue("pangolin.auth.signing-keys-file", String.class).filter(s -> !s.isBlank())
          .map(AuthSettings::read);
    }
    Optional<String> bootstrap = config.getOptionalValue("pangolin.auth.bootstrap-credentials", String.class)
        .filter(s -> !s.isBlank());
    Optional<String> id = Optional.empty();
    Optional<String> secret = Optional.empty();
    if (bootstrap.isPresent()) {
      int colon = bootstrap.get().indexOf(':');
      if (colon <= 0 || colon == bootstrap.get().length() - 1) {
        throw new IllegalArgumentException("pangolin.auth.bootstrap-credentials must be <client-id>:<secret>");
      }
      id = Optional.of(bootstrap.get().substring(0, colon));
      secret = Optional.of(bootstrap.get().substring(colon + 1));
    }
    long cacheMs = config.getOptionalValue("pangolin.auth.principal-cache-ms", Long.class).orElse(1000L);
    if (cacheMs < 0 || cacheMs > 60_000) {
      throw new IllegalArgumentException("pangolin.auth.principal-cache-ms must be between 0 and 60000");
    }
    return new AuthSettings(issuer, Duration.ofSeconds(ttl), keys, id, secret, Duration.ofMillis(cacheMs));
  }

  private static String read(String file) {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of(file));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot read pangolin.auth.signing-keys-file", e);
    }
  }

  /** Never prints the secret or the keys. */
  @Override
  public String toString() {
    return "AuthSettings[issuer=" + issuer + ", tokenTtl=" + tokenTtl + ", signingKeys="
        + (signingKeys.isPresent() ? "configured" : "generated") + ", bootstrap=" + bootstrapId.orElse("-")
        + ", principalCache=" + principalCache + "]";
  }
}
