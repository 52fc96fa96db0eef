package io.pangolin.core;

import io.pangolin.api.ValidationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Storage locations in one canonical form, so that two spellings of the same place compare equal as strings and
 * "inside" is decided at path-segment boundaries. Every location the engine stores or compares goes through
 * {@link #canonical}:
 *
 * <ul>
 *   <li>only {@code s3}, {@code s3a}, {@code gs}, {@code abfs}, {@code abfss} and {@code file} are accepted (any case;
 *       written lower-case); {@code http}, {@code ftp}, {@code jar} and every other scheme are refused;
 *   <li>object-store locations need a bucket ({@code s3://bucket/...}, lower-cased); {@code abfs[s]} may name
 *       {@code container@account.host}; credentials, ports, queries and fragments are refused;
 *   <li>{@code file:/x}, {@code file:///x} and {@code file://localhost/x} are all written {@code file:///x}; a file
 *       location naming another host is refused;
 *   <li>empty segments (doubled or trailing slashes) are dropped;
 *   <li>percent-escapes of unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) are decoded, other escapes are kept
 *       with upper-case hex; escapes of {@code /}, {@code \} or control characters, malformed escapes, and
 *       {@code .}/{@code ..} segments (also when encoded) are refused, as are raw spaces, backslashes and control
 *       characters.
 * </ul>
 *
 * <p>Storage treats a path literally (S3 keys and local paths are not percent-decoded), and canonical forms never
 * contain an escape of an unreserved character, so a location canonically inside a root is also physically inside
 * it. For comparisons {@code s3a} is the same store as {@code s3} and {@code abfss} as {@code abfs}. Metadata
 * locations of {@code file:} warehouses are stored as written when that names the same file ({@link #asWritten}).
 */
public final class Locations {
  /** Schemes of object stores that are always accepted. */
  public static final Set<String> OBJECT_STORE_SCHEMES = Set.of("s3", "s3a", "gs", "abfs", "abfss");
  static final int MAX_LENGTH = 2_048;
  private static final String ALLOWED = "use s3, s3a, gs, abfs, abfss, or file under a configured local root";
  // compiled once: canonical runs on every table load (the stored metadata location and the warehouse root)
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
  private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern AZURE_AUTHORITY = Pattern.compile("[A-Za-z0-9._-]+(@[A-Za-z0-9._-]+)?");

  private Locations() {}

  /**
   * The canonical form of {@code location}.
   *
   * @param what how to name the value in error messages ("storage root", "location" …)
   * @throws ValidationException not an accepted location; the message quotes at most 64 characters of it
   */
  public static String canonical(String what, String location) {
    if (location == null || location.isBlank()) {
      throw new ValidationException(what + " must not be empty");
    }
    if (location.length() > MAX_LENGTH) {
      throw new ValidationException(what + " is longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < location.length(); i++) {
      char c = location.charAt(i);
      if (Character.isISOControl(c) || c == ' ' || c == '\\') {
        throw new ValidationException(what + " contains control characters, spaces or backslashes");
      }
    }
    int colon = location.indexOf(':');
    String scheme = colon < 1 ? "" : location.substring(0, colon);
    if (!SCHEME.matcher(scheme).matches()) {
      throw new ValidationException(what + " must be an absolute URI, such as s3://bucket/prefix or file:///data");
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (!scheme.equals("file") && !OBJECT_STORE_SCHEMES.contains(scheme)) {
      throw new ValidationException(what + " uses the storage scheme '" + Names.shorten(scheme)
          + "', which is not allowed: " + ALLOWED);
    }
    if (location.indexOf('?') >= 0 || location.indexOf('#') >= 0) {
      throw new ValidationException(what + " must not have a query or fragment");
    }
    String rest = location.substring(colon + 1);
    String authority;
    String path;
    if (scheme.equals("file")) {
      if (rest.startsWith("//")) {
        int slash = rest.indexOf('/', 2);
        String host = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
        if (!host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
          throw new ValidationException(what + " must not name a host: write file:///path");
        }
        path = slash < 0 ? "/" : rest.substring(slash);
      } else if (rest.startsWith("/")) {
        path = rest;
      } else {
        throw new ValidationException(what + " must be an absolute path, such as file:///data");
      }
      authority = "";
    } else {
      if (!rest.startsWith("//")) {
        throw new ValidationException(what + " must name a bucket, such as " + scheme + "://bucket/prefix");
      }
      int slash = rest.indexOf('/', 2);
      authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
      path = slash < 0 ? "" : rest.substring(slash);
      authority = authority(what, scheme, authority);
    }
    List<String> segments = new ArrayList<>();
    for (String raw : path.split("/")) {
      if (raw.isEmpty()) {
        continue;
      }
      String seg = segment(what, raw);
      if (seg.equals(".") || seg.equals("..")) {
        throw new ValidationException(what + " must not contain '.' or '..' segments");
      }
      segments.add(seg);
    }
    String joined = String.join("/", segments);
    return scheme.equals("file") ? "file:///" + joined
        : scheme + "://" + authority + (joined.isEmpty() ? "" : "/" + joined);
  }

  private static String authority(String what, String scheme, String authority) {
    if (authority.isEmpty()) {
      throw new ValidationException(what + " must name a bucket, such as " + scheme + "://bucket/prefix");
    }
    int at = authority.indexOf('@');
    boolean azure = scheme.startsWith("abfs");
    if (at >= 0 && (!azure || authority.indexOf(':') >= 0 || authority.indexOf('@', at + 1) >= 0 || at == 0
        || at == authority.length() - 1)) {
      throw new ValidationException(what + " must not contain credentials; put them in the storage properties");
    }
    if (!(azure ? AZURE_AUTHORITY : BUCKET).matcher(authority).matches()) {
      throw new ValidationException(what + " has an invalid bucket name (letters, digits, '.', '_' or '-'; no "
          + "port)");
    }
    return authority.toLowerCase(Locale.ROOT);
  }

  private static String segment(String what, String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    StringBuilder sb = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '%') {
        sb.append(c);
        continue;
      }
      int v = i + 2 < raw.length() ? hex(raw.charAt(i + 1), raw.charAt(i + 2)) : -1;
      if (v < 0) {
        throw new ValidationException(what + " has an invalid percent-encoding");
      }
      if (v < 0x20 || v == 0x7f) {
        throw new ValidationException(what + " contains an encoded control character");
      }
      if (v == '/' || v == '\\') {
        throw new ValidationException(what + " must not contain an encoded '/' or '\\'");
      }
      if (unreserved(v)) {
        sb.append((char) v);
      } else {
        sb.append('%').append(String.format("%02X", v));
      }
      i += 2;
    }
    return sb.toString();
  }

  private static boolean unreserved(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
        || c == '_' || c == '~';
  }

  private static int hex(char a, char b) {
    int hi = Character.digit(a, 16);
    int lo = Character.digit(b, 16);
    return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
  }

  /**
   * Whether {@code location} is {@code root} or lies below it, at a path-segment boundary ({@code s3://b/lake2} is
   * not inside {@code s3://b/lake}). Both must be canonical.
   */
  public static boolean within(String root, String location) {
    String r = comparable(root);
    String l = comparable(location);
    return l.equals(r) || l.startsWith(r.endsWith("/") ? r : r + "/");
  }

  /** Whether one of two canonical locations equals or contains the other. */
  public static boolean overlap(String a, String b) {
    return within(a, b) || within(b, a);
  }

  /** Whether canonical {@code location} lies strictly below canonical {@code root}. */
  public static boolean below(String root, String location) {
    return within(root, location) && !comparable(root).equals(comparable(location));
  }

  /**
   * Canonical {@code location}, required to lie strictly below the canonical {@code root}.
   *
   * @throws ValidationException not a valid location, or outside the root (the root is not echoed)
   */
  public static String inside(String what, String root, String location) {
    String loc = canonical(what, location);
    if (!below(root, loc)) {
      throw new ValidationException(what + " '" + Names.shorten(loc) + "' is outside the warehouse root");
    }
    return loc;
  }

  /**
   * The spelling in which a checked {@code location} (whose canonical form is {@code canonical}) is stored: as written
   * when that names the same file as the canonical form — a {@code file:} location without percent-escapes
   * ({@code file:/x}, {@code file:///x}, {@code file://localhost/x} and doubled slashes are one file on a local file
   * system) — so that clients get back the metadata locations they wrote, as Iceberg's reference catalogs do; else the
   * canonical form (object-store keys are literal: {@code s3://b/a//x} and {@code s3://b/a/x} are two objects).
   */
  public static String asWritten(String location, String canonical) {
    return location.startsWith("file:") && location.indexOf('%') < 0 ? location : canonical;
  }

  /** The canonical {@code file:} URI of a local directory (made absolute and normalised, symlinks not resolved). */
  public static String fileRoot(Path dir) {
    String p = dir.toAbsolutePath().normalize().toString().replace('\\', '/');
    return canonical("local storage root", "file://" + (p.startsWith("/") ? "" : "/") + p);
  }

  /**
   * The key under which a canonical location is compared and registered: the same physical store under one scheme
   * name ({@code s3a} is {@code s3}, {@code abfss} is {@code abfs}).
   */
  public static String storageKey(String canonical) {
    return comparable(canonical);
  }

  private static String comparable(String canonical) {
    if (canonical.startsWith("s3a://")) {
      return "s3://" + canonical.substring("s3a://".length());
    }
    if (canonical.startsWith("abfss://")) {
      return "abfs://" + canonical.substring("abfss://".length());
    }
    return canonical;
  }
}
