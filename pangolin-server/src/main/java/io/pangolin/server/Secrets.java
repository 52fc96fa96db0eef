package io.pangolin.server;

import io.pangolin.core.StorageSecrets;
import java.util.Map;

/** Masks values of configuration keys that look like credentials before they leave the server. */
final class Secrets {
  static final String MASK = "****";

  private Secrets() {}

  /** True if {@code key} names a secret, e.g. {@code s3.secret-access-key} or {@code client.session_token}. */
  static boolean isSecret(String key) {
    return StorageSecrets.isSecret(key);
  }

  /** A sorted copy with secret values replaced by {@link #MASK}. */
  static Map<String, String> mask(Map<String, String> properties) {
    return StorageSecrets.mask(properties, MASK);
  }
}
