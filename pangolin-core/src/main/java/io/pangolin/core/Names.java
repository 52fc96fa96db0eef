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
 *   <li>warehouse, catalog: {@code [A-Za-z0-9_][A-Za-z0-9_-]{0,127}};
 *   <li>namespace level: {@code [A-Za-z0-9_][A-Za-z0-9_/-]{0,127}} (no dots: namespaces are written dotted,
 *       {@code sales.emea}; {@code /} is allowed, as the Iceberg REST spec allows it, and travels percent-encoded
 *       as {@code %2F} in URLs);
 *   <li>asset: {@code [A-Za-z0-9_][A-Za-z0-9_./-]{0,254}} without {@code ..};
 *   <li>user: {@code [A-Za-z0-9_][A-Za-z0-9_.@-]{0,127}} without {@code ..};
 *   <li>property maps and request lists within the deployment's {@link Limits} (by default keys 1..256
 *       characters, values up to 65 536, at most 1 000 properties; no control characters in keys).
 * </ul>
 *
 * <p>Name lengths are fixed by these rules; property and list bounds are configurable ({@link Limits}). The
 * methods without a {@code Limits} argument apply {@link Limits#defaults()}.
 */
public final class Names {
  private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final Pattern IDENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,127}");
  private static final Pattern LEVEL = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_/-]{0,127}");
  private static final Pattern ASSET = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./-]{0,254}");
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@-]{0,127}");
  private static final Limits DEFAULTS = Limits.defaults();

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
    check("asset name", name, ASSET, "letters, digits, '_', '-', '.' or '/', 1-255 characters, starting with a "
        + "letter, digit or '_'");
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
      check("namespace level", level, LEVEL, "letters, digits, '_', '-' or '/', 1-128 characters, starting with a "
          + "letter, digit or '_'");
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

  /** Checks a property map (sizes, control characters) against the default limits. */
  public static Map<String, String> properties(Map<String, String> props) {
    return properties(props, DEFAULTS);
  }

  /** Checks a property map (count, key and value sizes, control characters in keys) against {@code limits}. */
  public static Map<String, String> properties(Map<String, String> props, Limits limits) {
    if (props == null) {
      return Map.of();
    }
    propertyCount(props.size(), limits);
    props.forEach((k, v) -> {
      propertyKey(k, limits);
      if (v == null) {
        throw new ValidationException("property '" + shorten(k) + "' has no value");
      }
      if (v.length() > limits.maxPropertyValueLength()) {
        throw new ValidationException("property '" + shorten(k) + "' is longer than "
            + limits.maxPropertyValueLength() + " characters");
      }
    });
    return props;
  }

  /** Checks the number of properties a map holds (for instance after an update was applied). */
  public static void propertyCount(int count, Limits limits) {
    if (count > limits.maxProperties()) {
      throw new ValidationException("at most " + limits.maxProperties() + " properties are allowed, got " + count);
    }
  }

  public static void propertyKey(String k) {
    propertyKey(k, DEFAULTS);
  }

  public static void propertyKey(String k, Limits limits) {
    if (k == null || k.isEmpty() || k.length() > limits.maxPropertyKeyLength()) {
      throw new ValidationException("property keys must be 1-" + limits.maxPropertyKeyLength() + " characters");
    }
    if (k.chars().anyMatch(Character::isISOControl)) {
      throw new ValidationException("property key '" + shorten(k) + "' contains control characters");
    }
  }

  /** Checks an update against the default limits. */
  public static void propertyUpdate(Map<String, String> updates, Set<String> removals) {
    propertyUpdate(updates, removals, DEFAULTS);
  }

  /** Checks an update: valid keys and values, bounded lists, and no key both set and removed. */
  public static void propertyUpdate(Map<String, String> updates, Set<String> removals, Limits limits) {
    properties(updates, limits);
    Collection<String> r = removals == null ? Set.of() : removals;
    list("property removals", r.size(), limits);
    r.forEach(k -> propertyKey(k, limits));
    for (String k : r) {
      if (updates != null && updates.containsKey(k)) {
        throw new ValidationException("property '" + shorten(k) + "' is both updated and removed");
      }
    }
  }

  /** Checks the size of a list in a request ({@link Limits#maxListSize()}). */
  public static void list(String what, int size, Limits limits) {
    if (size > limits.maxListSize()) {
      throw new ValidationException(what + ": at most " + limits.maxListSize() + " entries are allowed, got " + size);
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
