package io.pangolin.core;

import io.pangolin.api.NamespaceName;
import io.pangolin.api.ValidationException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Naming rules, checked before anything is written. Names are ASCII so they are safe in URLs, file paths, SQL
 * identifiers (schema-per-tenant) and object-store keys:
 *
 * <ul>
 *   <li>tenant: {@code [a-z0-9][a-z0-9_-]{0,62}} (it may become a schema or database name);
 *   <li>warehouse, catalog, namespace level: {@code [A-Za-z0-9_][A-Za-z0-9_-]{0,127}} (no dots: namespaces are
 *       written dotted, {@code sales.emea});
 *   <li>asset: {@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,254}} without {@code ..};
 *   <li>user: {@code [A-Za-z0-9_][A-Za-z0-9_.@-]{0,127}} without {@code ..};
 *   <li>property keys 1..256 characters, values up to 65 536, no control characters in keys; at most 1 000
 *       properties.
 * </ul>
 */
public final class Names {
  private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final Pattern IDENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,127}");
  private static final Pattern ASSET = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}");
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@-]{0,127}");
  private static final int MAX_PROPERTIES = 1_000;
  private static final int MAX_KEY = 256;
  private static final int MAX_VALUE = 65_536;

  private Names() {}

  public static String tenant(String name) {
    return check("tenant name", name, TENANT, "lower-case letters, digits, '_' or '-', 1-63 characters, "
        + "starting with a letter or digit");
  }

  public static String warehouse(String name) {
    return identifier("warehouse name", name);
  }

  public static String catalog(String name) {
    return identifier("catalog name", name);
  }

  public static String asset(String name) {
    check("asset name", name, ASSET, "letters, digits, '_', '-' or '.', 1-255 characters, starting with a letter, "
        + "digit or '_'");
    if (name.contains("..")) {
      throw new ValidationException("asset name must not contain '..'");
    }
    return name;
  }

  public static String user(String name) {
    check("user name", name, USER, "letters, digits, '_', '-', '.' or '@', 1-128 characters");
    if (name.contains("..")) {
      throw new ValidationException("user name must not contain '..'");
    }
    return name;
  }

  /** Checks every level and the depth limit. */
  public static NamespaceName namespace(NamespaceName name, int maxDepth) {
    if (name == null || name.isRoot()) {
      throw new ValidationException("namespace name must have at least one level");
    }
    if (name.depth() > maxDepth) {
      throw new ValidationException("namespace '" + shorten(name.toString()) + "' has " + name.depth()
          + " levels; the limit is " + maxDepth);
    }
    for (String level : name.levels()) {
      identifier("namespace level", level);
    }
    return name;
  }

  /** A listing parent: the root, or a valid namespace. */
  public static NamespaceName parent(NamespaceName name, int maxDepth) {
    return name.isRoot() ? name : namespace(name, maxDepth);
  }

  private static String identifier(String what, String name) {
    return check(what, name, IDENT, "letters, digits, '_' or '-', 1-128 characters, starting with a letter, digit "
        + "or '_'");
  }

  private static String check(String what, String name, Pattern pattern, String rule) {
    if (name == null || name.isEmpty()) {
      throw new ValidationException(what + " must not be empty");
    }
    if (!pattern.matcher(name).matches()) {
      throw new ValidationException(what + " '" + shorten(name) + "' is invalid: use " + rule);
    }
    return name;
  }

  /** Checks a property map (sizes, control characters). */
  public static Map<String, String> properties(Map<String, String> props) {
    if (props == null) {
      return Map.of();
    }
    if (props.size() > MAX_PROPERTIES) {
      throw new ValidationException("at most " + MAX_PROPERTIES + " properties are allowed");
    }
    props.forEach((k, v) -> {
      propertyKey(k);
      if (v == null) {
        throw new ValidationException("property '" + shorten(k) + "' has no value");
      }
      if (v.length() > MAX_VALUE) {
        throw new ValidationException("property '" + shorten(k) + "' is longer than " + MAX_VALUE + " characters");
      }
    });
    return props;
  }

  public static void propertyKey(String k) {
    if (k == null || k.isEmpty() || k.length() > MAX_KEY) {
      throw new ValidationException("property keys must be 1-" + MAX_KEY + " characters");
    }
    if (k.chars().anyMatch(Character::isISOControl)) {
      throw new ValidationException("property key '" + shorten(k) + "' contains control characters");
    }
  }

  /** Checks an update: valid keys and values, and no key both set and removed. */
  public static void propertyUpdate(Map<String, String> updates, Set<String> removals) {
    properties(updates);
    Collection<String> r = removals == null ? Set.of() : removals;
    r.forEach(Names::propertyKey);
    for (String k : r) {
      if (updates != null && updates.containsKey(k)) {
        throw new ValidationException("property '" + shorten(k) + "' is both updated and removed");
      }
    }
  }

  /**
   * Checks a storage location and returns its canonical form ({@link Locations#canonical}): an absolute URI of an
   * accepted storage scheme, without query, fragment, credentials, {@code .}/{@code ..} segments or control
   * characters, spelled one way only.
   */
  public static String location(String what, String location) {
    return Locations.canonical(what, location);
  }

  /** Quotes user input in messages without echoing huge or control-laden values. */
  public static String shorten(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < 64; i++) {
      char c = s.charAt(i);
      sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return s.length() > 64 ? sb + "…(" + s.length() + " chars)" : sb.toString();
  }
}
