package io.pangolin.tenancy;

import io.pangolin.api.ValidationException;
import java.util.Locale;

/** How strongly a tenant is isolated: where its data lives. */
public enum Tier {
  /** In the shared store, next to other tenants' rows, isolated by the tenant column/field of every row and query. */
  SHARED("shared"),
  /** A schema of its own on the shared servers (MongoDB: a database of its own on the shared server). */
  HYBRID("hybrid"),
  /** A database of its own, optionally on another server, with a connection pool of its own. */
  DEDICATED("dedicated");

  private final String key;

  Tier(String key) {
    this.key = key;
  }

  /** The configuration name, e.g. {@code hybrid}. */
  public String key() {
    return key;
  }

  /** @throws ValidationException not one of {@code shared}, {@code hybrid}, {@code dedicated} */
  public static Tier parse(String value) {
    if (value != null) {
      String v = value.strip().toLowerCase(Locale.ROOT);
      for (Tier t : values()) {
        if (t.key.equals(v)) {
          return t;
        }
      }
    }
    throw new ValidationException("tier must be 'shared', 'hybrid' or 'dedicated', was '" + value + "'");
  }
}
