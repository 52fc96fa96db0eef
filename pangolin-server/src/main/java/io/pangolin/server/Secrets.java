package io.pangolin.server;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Masks values of configuration keys that look like credentials before they leave the server. */
final class Secrets {
  static final String MASK = "****";

  private static final String[] MARKERS = {
    "secret", "password", "passwd", "token", "access-key", "accesskey", "session", "credential", "private-key",
    "privatekey", "sas-key", "account-key", "api-key", "apikey"
  };

  private Secrets() {}

  /** True if {@code key} names a secret, e.g. {@code s3.secret-access-key} or {@code client.session_token}. */
  static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT).replace('_', '-');
    for (String m : MARKERS) {
      if (k.contains(m)) {
        return true;
      }
    }
    return k.equals("key") || k.endsWith(".key") || k.endsWith("-key");
  }

  /** A sorted copy with secret values replaced by {@link #MASK}. */
  static Map<String, String> mask(Map<String, String> properties) {
    Map<String, String> out = new TreeMap<>();
    properties.forEach((k, v) -> out.put(k, isSecret(k) ? MASK : v));
    return out;
  }
}
