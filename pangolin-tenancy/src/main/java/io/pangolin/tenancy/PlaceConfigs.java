package io.pangolin.tenancy;

import io.pangolin.api.ValidationException;
import io.pangolin.spi.PlaceScope;
import io.pangolin.spi.ProviderConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store configuration of a tenant's place, derived from the shared store's:
 *
 * <ul>
 *   <li>PostgreSQL, hybrid: same {@code url}, {@code schema=<place>}, {@code pool-size} of the hybrid tier;
 *   <li>PostgreSQL, dedicated: {@code url} (and {@code migration-url}) with the database replaced by {@code <place>}
 *       — on the shared server, or on a named server whose keys replace the shared store's — no replicas,
 *       {@code pool-size} of the dedicated tier;
 *   <li>MongoDB, either tier: {@code database=<place>} (dedicated: on a named server's {@code connection-string} if
 *       given);
 *   <li>any other store: key {@code place=<place>} and the named server's keys — a store supporting places reads it.
 * </ul>
 *
 * A place opened by the strategy after it provisioned it in this process does not migrate again
 * ({@code migrate=false}).
 */
final class PlaceConfigs {
  private static final Pattern JDBC = Pattern.compile("(jdbc:postgresql://[^/?]*/)([^/?]*)(\\?.*)?");

  private final String store;
  private final ProviderConfig base;
  private final TenancyConfig config;

  PlaceConfigs(String store, ProviderConfig base, TenancyConfig config) {
    this.store = Objects.requireNonNull(store, "store");
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
    String name = name(place);
    ProviderConfig on = base;
    Optional<String> server = server(place);
    if (server.isPresent()) {
      requireServer(server.get());
      ProviderConfig overrides = config.servers().get(server.get());
      on = key -> overrides.get(key).or(() -> base.get(key));
    }
    ProviderConfig source = on;
    Map<String, String> set = new HashMap<>();
    switch (store) {
      case "postgres" -> {
        if (place.tier() == Tier.HYBRID) {
          set.put("schema", name);
          set.put("pool-size", Integer.toString(config.hybridPoolSize()));
        } else {
          String url = source.get("url").orElseThrow(() -> new ValidationException("store configuration 'url' is "
              + "required"));
          set.put("url", withDatabase(url, name));
          source.get("migration-url").ifPresent(u -> set.put("migration-url", withDatabase(u, name)));
          set.put("replicas", "");
          set.put("pool-size", Integer.toString(config.dedicatedPoolSize()));
        }
        set.put("replica-pool-size", set.getOrDefault("pool-size", Integer.toString(config.hybridPoolSize())));
        if (!migrate) {
          set.put("migrate", "false");
        }
      }
      case "mongo" -> set.put("database", name);
      default -> set.put("place", name);
    }
    Map<String, String> values = Map.copyOf(set);
    return key -> values.containsKey(key) ? Optional.of(values.get(key)) : source.get(key);
  }

  /** {@code jdbc:postgresql://hosts/db?params} with another database. */
  static String withDatabase(String url, String database) {
    Matcher m = JDBC.matcher(url.strip());
    if (!m.matches()) {
      throw new ValidationException("the dedicated tier needs a store URL of the form "
          + "jdbc:postgresql://host:port/database (the database is replaced per tenant), was '"
          + url.replaceAll("(?i)(password=)[^&]*", "$1***") + "'");
    }
    return m.group(1) + database + (m.group(3) == null ? "" : m.group(3));
  }

  /** Whether provisioning a place also migrates it quickly enough to be done once per process before opening it. */
  boolean provisionBeforeOpen() {
    return store.equals("postgres");
  }

  /** Whether opening a store on a place creates and prepares the place (MongoDB creates databases and indexes). */
  boolean provisionByOpening() {
    return store.equals("mongo");
  }
}
