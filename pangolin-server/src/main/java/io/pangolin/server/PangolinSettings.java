package io.pangolin.server;

import io.pangolin.core.Limits;
import io.pangolin.spi.ProviderConfig;
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
 *       {@code .max-tables-per-namespace}, {@code .max-users-per-tenant} — default {@link Limits#defaults()}</li>
 * </ul>
 *
 * @param storeConfig the provider's keys; looked up lazily so each key also resolves from its env-var form
 */
record PangolinSettings(String storeType, ProviderConfig storeConfig, Limits limits) {
  static final String STORE_TYPE = "pangolin.store.type";
  static final String DEFAULT_STORE = "memory";
  static final String LIMITS = "pangolin.limits.";

  PangolinSettings {
    Objects.requireNonNull(storeType, "storeType");
    Objects.requireNonNull(storeConfig, "storeConfig");
    Objects.requireNonNull(limits, "limits");
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
        config.getOptionalValue(LIMITS + "max-users-per-tenant", Long.class).orElse(d.maxUsersPerTenant()));
    return new PangolinSettings(type, store, limits);
  }
}
