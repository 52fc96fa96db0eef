package io.pangolin.iceberg;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Entity tags of table and view loads. A metadata file never changes once written, so a tag over its location (and
 * over what the answer selects from it) identifies the answer exactly.
 */
public final class ETags {
  private ETags() {}

  /** A strong entity tag (quoted) over {@code selection} and {@code metadataLocation}. */
  public static String of(String selection, String metadataLocation) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(selection.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(metadataLocation.getBytes(StandardCharsets.UTF_8));
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha.digest(), 18)) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  /**
   * Whether an {@code If-None-Match} header value matches {@code etag}: {@code *}, or one of a comma-separated list
   * of entity tags, weak or strong (RFC 9110 uses the weak comparison for {@code If-None-Match}).
   */
  public static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.strip();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals("*") || c.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
