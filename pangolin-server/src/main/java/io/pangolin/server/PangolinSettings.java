package io.pangolin.server;

import io.pangolin.core.Limits;
import io.pangolin.spi.ProviderConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eclipse.microprofile.config.Config;

/**
 * The engine's settings bound from MicroProfile Config (so also from environment variables such as
 * {@code PANGOLIN_STORE_TYPE} or {@code PANGOLIN_LIMITS_MAX_NAMESPACE_DEPTH}).
 *
 * <ul>
 *   <li>{@code pangolin.store.type} — store provider name, default {@code memory}</li>
 *   <li>{@code pangolin.store.<type>.*} — handed to the provider with the prefix stripped</li>
 *   <li>{@code pangolin.limits.max-namespace-depth}, {@code .max-tables-per-catalog}, {@code .max-catalogs},
 *       {@code .max-tables-per-namespace}, {@code .max-users-per-tenant}, {@code .max-properties},
 *       {@code .max-property-key-length}, {@code .max-property-value-length}, {@code .max-list-size} — default
 *       {@link Limits#defaults()}</li>
 *   <li>{@code pangolin.storage.local-roots} — comma-separated absolute directories under which warehouses may use
 *       {@code file:} storage; default the JVM's {@code java.io.tmpdir}; {@code none} disables {@code file:}
 *       storage</li>
 * </ul>
 *
 * @param storeConfig the provider's keys; looked up lazily so each key also resolves from its env-var form
 */
record PangolinSettings(String storeType, ProviderConfig storeConfig, Limits limits, List<Path> localStorageRoots) {
  static final String STORE_TYPE = "pangolin.store.type";
  static final String DEFAULT_STORE = "memory";
  static final String LIMITS = "pangolin.limits.";
  static final String LOCAL_ROOTS = "pangolin.storage.local-roots";

  PangolinSettings {
    Objects.requireNonNull(storeType, "storeType");
    Objects.requireNonNull(storeConfig, "storeConfig");
    Objects.requireNonNull(limits, "limits");
    localStorageRoots = List.copyOf(localStorageRoots);
  }

  static PangolinSettings from(Config config) {
    String type = config.getOptionalValue(STORE_TYPE, String.class).map(String::strip).orElse(DEFAULT_STORE);
    String prefix = "pangolin.store." + type + ".";
    ProviderConfig store = key -> config.getOptionalValue(prefix + key, String.class);
    Limits d = Limits.defaults();
    Limits limits = new Limits(
        config.getOptionalValue(LIMITS + "max-namespace-depth", Integer.class).orElse(d.maxNamespaceDepth()),
        config.getOptionalValue(LIMITS + "max-tables-per-catalog", Long.class).orElse(d.maxTablesPerCatalog()),
        config.getOptionalValue(LIMITS + "max-catalogs", Long.class).orElse(d.maxCatalogsPerDeployment()),
        config.getOptionalValue(LIMITS + "max-tables-per-namespace", Long.class).orElse(d.maxTablesPerNamespace()),
        config.getOptionalValue(LIMITS + "max-users-per-tenant", Long.class).orElse(d.maxUsersPerTenant()),
        config.getOptionalValue(LIMITS + "max-properties", Integer.class).orElse(d.maxProperties()),
        config.getOptionalValue(LIMITS + "max-property-key-length", Integer.class).orElse(d.maxPropertyKeyLength()),
        config.getOptionalValue(LIMITS + "max-property-value-length", Integer.class)
            .orElse(d.maxPropertyValueLength()),
        config.getOptionalValue(LIMITS + "max-list-size", Integer.class).orElse(d.maxListSize()));
    return new PangolinSettings(type, store, limits, localRoots(config.getOptionalValue(LOCAL_ROOTS, String.class)
        .orElse(System.getProperty("java.io.tmpdir"))));
  }

  /** {@code none}, or comma-separated absolute paths. */
  static List<Path> localRoots(String value) {
    if (value.strip().equalsIgnoreCase("none")) {
      return List.of();
    }
    List<Path> roots = new ArrayList<>();
    for (String part : value.split(",")) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      Path path = Path.of(p);
      if (!path.isAbsolute()) {
        throw new IllegalArgumentException(LOCAL_ROOTS + " must list absolute directories, not '" + p + "'");
      }
      roots.add(path.normalize());
    }
    return roots;
  }
}
