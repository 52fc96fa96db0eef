package io.pangolin.tenancy;

import io.pangolin.api.ValidationException;
import io.pangolin.spi.PlaceScope;
import io.pangolin.spi.PlaceSpec;
import io.pangolin.spi.ProviderConfig;
import io.pangolin.spi.StoreProvider;
import java.util.Objects;
import java.util.Optional;

/**
 * The store configuration of a tenant's place: the shared store's configuration — with a named server's keys
 * replacing it for a dedicated tenant on that server — turned into the place's by the store provider
 * ({@link StoreProvider#placeConfig}: only the store knows its keys), with the tier's pool size. A place opened by
 * the strategy after it provisioned it in this process does not migrate again.
 */
final class PlaceConfigs {
  private final StoreProvider provider;
  private final ProviderConfig base;
  private final TenancyConfig config;

  PlaceConfigs(StoreProvider provider, ProviderConfig base, TenancyConfig config) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.base = Objects.requireNonNull(base, "base");
    this.config = Objects.requireNonNull(config, "config");
  }

  static PlaceScope scope(Place place) {
    return place.tier() == Tier.DEDICATED ? PlaceScope.DATABASE : PlaceScope.SCHEMA;
  }

  /** The place's own name (without a server). */
  static String name(Place place) {
    int slash = place.target().indexOf('/');
    return slash < 0 ? place.target() : place.target().substring(slash + 1);
  }

  static Optional<String> server(Place place) {
    int slash = place.target().indexOf('/');
    return slash < 0 ? Optional.empty() : Optional.of(place.target().substring(0, slash));
  }

  /** Checks that a named server exists. */
  void requireServer(String server) {
    if (!config.servers().containsKey(server)) {
      throw new ValidationException("no dedicated server named '" + server + "' is configured (dedicated.servers="
          + String.join(",", config.servers().keySet()) + ")");
    }
  }

  /** The configuration of a store on {@code place} (never the shared place). */
  ProviderConfig forPlace(Place place, boolean migrate) {
    if (place.shared()) {
      throw new IllegalArgumentException("the shared place uses the shared store");
    }
    ProviderConfig on = base;
    Optional<String> server = server(place);
    if (server.isPresent()) {
      requireServer(server.get());
      ProviderConfig overrides = config.servers().get(server.get());
      on = key -> overrides.get(key).or(() -> base.get(key));
    }
    int poolSize = place.tier() == Tier.HYBRID ? config.hybridPoolSize() : config.dedicatedPoolSize();
    return provider.placeConfig(on, new PlaceSpec(name(place), scope(place), poolSize, migrate));
  }

  /** Whether provisioning a place is done once per process before opening it (else opening prepares it). */
  boolean provisionBeforeOpen() {
    return provider.placePreparation() == StoreProvider.PlacePreparation.PROVISION;
  }

  /** Whether opening a store on a place creates and prepares the place (MongoDB creates databases and indexes). */
  boolean provisionByOpening() {
    return provider.placePreparation() == StoreProvider.PlacePreparation.OPEN;
  }
}
