package io.pangolin.tenancy;

import io.pangolin.api.ValidationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Names of tenants' places: {@code <prefix><escaped tenant>}, a lower-case identifier valid as a PostgreSQL schema
 * or database name and a MongoDB database name (at most 63 characters). Escaping is injective — {@code _} becomes
 * {@code __} and {@code -} becomes {@code _0} — so {@code a-b} and {@code a_b} get different places. A name that
 * would be too long is shortened to {@code <prefix>_<12 hex digits of SHA-256(tenant)>_<escaped prefix of the
 * tenant>}; it starts with {@code _} after the prefix, which no escaped name does. The name is recorded in the
 * placement when the tenant is created, so later changes of this rule never move an existing tenant.
 */
final class PlaceNames {
  /** Tenant names that can have a place of their own: the engine's tenant naming rule. */
  static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  static final int MAX = 63;

  private PlaceNames() {}

  static String of(String prefix, String tenant) {
    if (!TENANT.matcher(tenant).matches()) {
      throw new ValidationException("tenant name '" + tenant + "' cannot name a schema or database: it must match "
          + TENANT);
    }
    String escaped = tenant.replace("_", "__").replace("-", "_0");
    if (prefix.length() + escaped.length() <= MAX) {
      return prefix + escaped;
    }
    String hashed = prefix + "_" + hash(tenant) + "_";
    return hashed + escaped.substring(0, MAX - hashed.length());
  }

  private static String hash(String tenant) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(tenant.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
