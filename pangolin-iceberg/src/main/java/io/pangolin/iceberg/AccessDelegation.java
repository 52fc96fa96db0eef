package io.pangolin.iceberg;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.apache.iceberg.exceptions.BadRequestException;

/**
 * The storage access mechanisms a client asks for with the {@code X-Iceberg-Access-Delegation} header of a table
 * create, load, register or stage-create (a comma-separated list, spec 1.10).
 */
public enum AccessDelegation {
  /** Temporary credentials restricted to the table's location, in the response's {@code storage-credentials}. */
  VENDED_CREDENTIALS("vended-credentials"),
  /** The client asks this server to sign each storage request ({@code s3.remote-signing-enabled}). */
  REMOTE_SIGNING("remote-signing");

  /** The request header. */
  public static final String HEADER = "X-Iceberg-Access-Delegation";

  private final String value;

  AccessDelegation(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  /**
   * The mechanisms a header value names; absent or blank means none.
   *
   * @throws BadRequestException a value that is not one of the spec's
   */
  public static Set<AccessDelegation> parse(String header) {
    Set<AccessDelegation> out = EnumSet.noneOf(AccessDelegation.class);
    if (header == null || header.isBlank()) {
      return out;
    }
    for (String part : header.split(",", -1)) {
      String v = part.strip().toLowerCase(Locale.ROOT);
      if (v.isEmpty()) {
        continue;
      }
      AccessDelegation found = null;
      for (AccessDelegation d : values()) {
        if (d.value.equals(v)) {
          found = d;
        }
      }
      if (found == null) {
        throw new BadRequestException("Invalid %s '%s': use vended-credentials or remote-signing", HEADER,
            v.length() > 40 ? v.substring(0, 40) : v);
      }
      out.add(found);
    }
    return out;
  }
}
