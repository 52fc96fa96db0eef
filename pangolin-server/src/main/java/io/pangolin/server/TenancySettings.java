package io.pangolin.server;

import io.pangolin.core.Pangolin;
import io.pangolin.spi.ProviderConfig;
import io.pangolin.spi.Providers;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Where tenants live, bound from MicroProfile Config:
 *
 * <ul>
 *   <li>{@code pangolin.tenancy.type} — {@code none} (the default: every tenant in the one configured store, as
 *       without tenancy), or a tenancy provider name: {@code shared}, {@code hybrid}, {@code dedicated} (the default
 *       tier of new tenants; see the pangolin-tenancy README)</li>
 *   <li>{@code pangolin.tenancy.*} — the strategy's keys, handed to it with the prefix stripped</li>
 * </ul>
 *
 * The strategy opens the store configured under {@code pangolin.store.*} as its shared store and control plane.
 */
record TenancySettings(Optional<String> type, ProviderConfig config) {
  static final String TYPE = "pangolin.tenancy.type";
  static final String NONE = "none";

  TenancySettings {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(config, "config");
  }

  static TenancySettings from(Config config) {
    Optional<String> type = config.getOptionalValue(TYPE, String.class).map(String::strip)
        .filter(t -> !t.isEmpty() && !t.equals(NONE));
    return new TenancySettings(type, key -> config.getOptionalValue("pangolin.tenancy." + key, String.class));
  }

  /** Sets the engine's store: the configured store alone, or a tenancy strategy over it. */
  Pangolin.Builder configure(Pangolin.Builder builder, PangolinSettings store) {
    if (type.isEmpty()) {
      return builder.store(store.storeType(), store.storeConfig());
    }
    return builder.tenancy(Providers.tenancy(type.get()).open(Providers.store(store.storeType()),
        store.storeConfig(), config));
  }

  String describe() {
    return type.map(t -> "tenancy '" + t + "'").orElse("no tenancy");
  }
}
