package io.pangolin.core;

import io.pangolin.api.ValidationException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Secrets and their hashes: bcrypt (Bouncy Castle's {@link OpenBSDBCrypt}, cost {@value #COST}) for client secrets
 * and passwords, random values from {@link SecureRandom}. A hash is self-describing ({@code $2y$10$…}); nothing here
 * implements a cipher.
 */
final class Credentials {
  static final int COST = 10;
  /** bcrypt reads at most 72 bytes of a password. */
  static final int MAX_SECRET_BYTES = 72;
  static final int MIN_PASSWORD_LENGTH = 8;
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Compared against when a principal is unknown, so that the answer takes as long as for a known one. */
  private static final String DUMMY_HASH = hash("pangolin-unknown-principal");

  private Credentials() {}

  /** A new random secret: 32 bytes, base64url (43 characters). */
  static String newSecret() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** A new random client id: {@code pgl-} and 16 random bytes, base64url. */
  static String newClientId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return "pgl-" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String hash(String secret) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return OpenBSDBCrypt.generate(secret.toCharArray(), salt, COST);
  }

  /** Whether {@code secret} matches {@code hash}; with a null hash, spends the same time and answers false. */
  static boolean matches(String hash, String secret) {
    if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length > MAX_SECRET_BYTES) {
      OpenBSDBCrypt.checkPassword(DUMMY_HASH, "x".toCharArray());
      return false;
    }
    if (hash == null) {
      OpenBSDBCrypt.checkPassword(DUMMY_HASH, secret.toCharArray());
      return false;
    }
    try {
      return OpenBSDBCrypt.checkPassword(hash, secret.toCharArray());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** @throws ValidationException too short, too long for bcrypt, or with control characters */
  static String password(String password) {
    if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
      throw new ValidationException("a password needs at least " + MIN_PASSWORD_LENGTH + " characters");
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_SECRET_BYTES) {
      throw new ValidationException("a password may have at most " + MAX_SECRET_BYTES + " bytes");
    }
    if (password.chars().anyMatch(Character::isISOControl)) {
      throw new ValidationException("a password may not contain control characters");
    }
    return password;
  }
}
