package io.pangolin.core;

import io.pangolin.api.UnavailableException;
import io.pangolin.api.ValidationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest of the secret values of warehouse storage properties ({@code s3.secret-access-key},
 * {@code s3.session-token}, … — every key {@link #isSecret} names): AES-256-GCM (the JDK's provider) with a random
 * 96-bit nonce, the property key as associated data (a value cannot be moved to another key), stored as
 * {@code enc:v1:<key-id>:<base64(nonce || ciphertext+tag)>}.
 *
 * <p>Keys come from configuration as {@code <id>:<base64 of 32 bytes>,<id>:<…>}: the first encrypts, all decrypt.
 * Rotation: add the new key first and keep the old ones; values are re-encrypted with the new key when a warehouse
 * property is next written (re-set it to re-encrypt at once); drop an old key only when no stored value names it.
 * Without keys ({@link #none()}) values are stored as given (development only; the server warns).
 * Thread-safe.
 */
public final class StorageSecrets {
  static final String PREFIX = "enc:v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String[] MARKERS = {
    "secret", "password", "passwd", "token", "access-key", "accesskey", "session", "credential", "private-key",
    "privatekey", "sas-key", "account-key", "api-key", "apikey"
  };
  private static final StorageSecrets NONE = new StorageSecrets(Map.of());

  /** Key id → AES key; the first entry encrypts. */
  private final Map<String, SecretKeySpec> keys;

  private StorageSecrets(Map<String, SecretKeySpec> keys) {
    this.keys = keys;
  }

  /** No keys: secrets are stored as given. */
  public static StorageSecrets none() {
    return NONE;
  }

  /**
   * Keys from {@code <id>:<base64 key>[,<id>:<base64 key>…]}; the first encrypts.
   *
   * @throws IllegalArgumentException a malformed entry, a key that is not 32 bytes, a repeated or invalid id (the key
   *     material is never echoed)
   */
  public static StorageSecrets parse(String spec) {
    Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    for (String entry : spec.split(",")) {
      String e = entry.strip();
      if (e.isEmpty()) {
        continue;
      }
      int colon = e.indexOf(':');
      String id = colon < 0 ? "" : e.substring(0, colon);
      if (!id.matches("[A-Za-z0-9_-]{1,32}")) {
        throw new IllegalArgumentException("secret key entries are <id>:<base64 key>, the id of 1-32 of [A-Za-z0-9_-]");
      }
      byte[] key;
      try {
        key = Base64.getDecoder().decode(e.substring(colon + 1).strip());
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException("secret key '" + id + "' is not base64");
      }
      if (key.length != 32) {
        throw new IllegalArgumentException("secret key '" + id + "' must be 32 bytes (AES-256)");
      }
      if (keys.put(id, new SecretKeySpec(key, "AES")) != null) {
        throw new IllegalArgumentException("secret key id '" + id + "' is repeated");
      }
    }
    return keys.isEmpty() ? NONE : new StorageSecrets(Collections.unmodifiableMap(keys));
  }

  /** Whether values are encrypted (at least one key is configured). */
  public boolean enabled() {
    return !keys.isEmpty();
  }

  /** The id of the key that encrypts, if any. */
  public Optional<String> primaryKeyId() {
    return keys.keySet().stream().findFirst();
  }

  /** True if {@code key} names a secret, e.g. {@code s3.secret-access-key} or {@code client.session_token}. */
  public static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT).replace('_', '-');
    for (String m : MARKERS) {
      if (k.contains(m)) {
        return true;
      }
    }
    return k.equals("key") || k.endsWith(".key") || k.endsWith("-key");
  }

  /** A sorted copy with secret values replaced by {@code mask}. */
  public static Map<String, String> mask(Map<String, String> properties, String mask) {
    Map<String, String> out = new TreeMap<>();
    properties.forEach((k, v) -> out.put(k, isSecret(k) ? mask : v));
    return out;
  }

  /** {@code properties} (values a caller gives) with every secret value encrypted. */
  public Map<String, String> seal(Map<String, String> properties) {
    if (keys.isEmpty()) {
      return properties;
    }
    Map<String, String> out = new LinkedHashMap<>();
    properties.forEach((k, v) -> out.put(k, isSecret(k) && v != null ? encrypt(k, v) : v));
    return out;
  }

  /**
   * {@code properties} with every encrypted value decrypted.
   *
   * @throws UnavailableException a value names a key that is not configured, or does not decrypt (a configuration
   *     error of the deployment: 503, the value not echoed)
   */
  public Map<String, String> open(Map<String, String> properties) {
    boolean any = false;
    for (String v : properties.values()) {
      if (v != null && v.startsWith(PREFIX)) {
        any = true;
        break;
      }
    }
    if (!any) {
      return properties;
    }
    Map<String, String> out = new LinkedHashMap<>();
    properties.forEach((k, v) -> out.put(k, v != null && v.startsWith(PREFIX) ? decrypt(k, v) : v));
    return out;
  }

  private String encrypt(String property, String value) {
    Map.Entry<String, SecretKeySpec> key = keys.entrySet().iterator().next();
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key.getValue(), new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(property.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = c.doFinal(value.getBytes(StandardCharsets.UTF_8));
      byte[] all = new byte[nonce.length + sealed.length];
      System.arraycopy(nonce, 0, all, 0, nonce.length);
      System.arraycopy(sealed, 0, all, nonce.length, sealed.length);
      return PREFIX + key.getKey() + ":" + Base64.getEncoder().encodeToString(all);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  private String decrypt(String property, String stored) {
    String rest = stored.substring(PREFIX.length());
    int colon = rest.indexOf(':');
    String id = colon < 0 ? "" : rest.substring(0, colon);
    SecretKeySpec key = keys.get(id);
    if (key == null) {
      throw new UnavailableException("storage property " + Names.shorten(property) + " is encrypted with key '"
          + Names.shorten(id) + "', which is not configured (pangolin.secrets.keys)");
    }
    try {
      byte[] all = Base64.getDecoder().decode(rest.substring(colon + 1));
      if (all.length <= NONCE_BYTES) {
        throw new ValidationException("truncated");
      }
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      c.updateAAD(property.getBytes(StandardCharsets.UTF_8));
      return new String(c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException | ValidationException e) {
      throw new UnavailableException("storage property " + Names.shorten(property) + " does not decrypt with key '"
          + id + "'");
    }
  }
}
