package io.pangolin.core;

import io.pangolin.api.NamespaceName;
import io.pangolin.api.ValidationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where assets live. Without a requested location, an asset goes to
 *
 * <pre>{@code <warehouse-root>/<hash>/<ns-level-1>/…/<ns-level-n>/<name>-<uuid>}</pre>
 *
 * where {@code hash} is the first 4 hex digits of SHA-256 over {@code catalog/namespace/name/uuid} (namespace
 * dotted). The result is a pure function of those inputs, and the hash prefix spreads tables of one namespace
 * across 65 536 object-store key prefixes (S3 partitions request rates by prefix). A requested location is accepted
 * only inside the warehouse root.
 *
 * <p>A namespace has a location too (its {@value #NAMESPACE_LOCATION} property, which engines such as Trino derive
 * table locations from): the one its user set (inside the warehouse root), or by default
 * {@code <warehouse-root>/<hash>/<ns-level-1>/…/<ns-level-n>} with the hash over {@code catalog/namespace}. Assets
 * created without a requested location in a namespace whose location the user set go to
 * {@code <namespace-location>/<name>-<uuid>}.
 *
 * <p>A {@code /} in a namespace level or asset name becomes {@code _} in the location's path, so names never add
 * path segments (the uuid, or for namespaces the hash over the exact name, keeps locations apart).
 */
public final class LocationPolicy {
  /** The namespace property holding the namespace's location. */
  public static final String NAMESPACE_LOCATION = "location";

  private LocationPolicy() {}

  public static String defaultLocation(String warehouseRoot, String catalog, NamespaceName namespace, String name,
      String uuid) {
    String hash = hashPrefix(catalog + "/" + namespace + "/" + name + "/" + uuid);
    return root(warehouseRoot) + "/" + hash + "/" + path(namespace) + "/" + segment(name) + "-" + uuid;
  }

  /** The default location of a namespace: {@code <warehouse-root>/<hash of catalog/namespace>/<levels…>}. */
  public static String namespaceLocation(String warehouseRoot, String catalog, NamespaceName namespace) {
    return root(warehouseRoot) + "/" + hashPrefix(catalog + "/" + namespace) + "/" + path(namespace);
  }

  /**
   * The location of a new asset in a namespace whose location its user set, {@code <namespace-location>/<name>-<uuid>},
   * checked to lie inside the warehouse root.
   */
  public static String inNamespace(String warehouseRoot, String namespaceLocation, String name, String uuid) {
    return requested(warehouseRoot, "location", stripSlash(namespaceLocation) + "/" + segment(name) + "-" + uuid);
  }

  private static String root(String warehouseRoot) {
    return stripSlash(Locations.canonical("storage root", warehouseRoot));
  }

  private static String path(NamespaceName namespace) {
    return String.join("/", namespace.levels().stream().map(LocationPolicy::segment).toList());
  }

  private static String segment(String name) {
    return name.replace('/', '_');
  }

  static String hashPrefix(String input) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 2);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /**
   * Validates a requested location and returns it in canonical form ({@link Locations#canonical}); it must lie strictly
   * below the warehouse root.
   *
   * @throws ValidationException not a valid location, or outside the warehouse root
   */
  public static String requested(String warehouseRoot, String location) {
    return requested(warehouseRoot, "location", location);
  }

  /** Like {@link #requested(String, String)}, naming the value {@code what} in messages. */
  public static String requested(String warehouseRoot, String what, String location) {
    return Locations.inside(what, Locations.canonical("storage root", warehouseRoot), location);
  }

  /**
   * Validates a metadata location like {@link #requested(String, String, String)} and returns the spelling to store
   * ({@link Locations#asWritten}).
   */
  public static String metadataLocation(String warehouseRoot, String location) {
    return Locations.asWritten(location, requested(warehouseRoot, "metadata location", location));
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
