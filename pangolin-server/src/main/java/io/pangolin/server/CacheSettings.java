package io.pangolin.server;

import io.pangolin.spi.ProviderConfig;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The metadata cache bound from MicroProfile Config.
 *
 * <ul>
 *   <li>{@code pangolin.cache.type} — cache provider name (e.g. {@code caffeine-redis}); empty or {@code none}: no
 *       cache</li>
 *   <li>{@code pangolin.cache.<key>} — handed to the provider as {@code <key>} (e.g. {@code pangolin.cache.redis-address}
 *       arrives as {@code redis-address}; env var {@code PANGOLIN_CACHE_REDIS_ADDRESS})</li>
 * </ul>
 *
 * @param type the provider, empty for none
 * @param config the provider's keys; looked up lazily so each key also resolves from its env-var form
 */
record CacheSettings(Optional<String> type, ProviderConfig config) {
  static final String TYPE = "pangolin.cache.type";
  static final String PREFIX = "pangolin.cache.";

  CacheSettings {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(config, "config");
  }

  static CacheSettings from(Config config) {
    Optional<String> type = config.getOptionalValue(TYPE, String.class).map(String::strip)
        .filter(t -> !t.isEmpty() && !t.toLowerCase(Locale.ROOT).equals("none"));
    return new CacheSettings(type, key -> config.getOptionalValue(PREFIX + key, String.class));
  }
}
