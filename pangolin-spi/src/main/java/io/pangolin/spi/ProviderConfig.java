package io.pangolin.spi;

import io.pangolin.api.ValidationException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The string configuration handed to a provider at the boundary, already narrowed to the provider's prefix
 * (e.g. {@code pangolin.store.postgres.url} arrives as {@code url}). Providers bind it at once to a typed config
 * record and never pass it further.
 */
@FunctionalInterface
public interface ProviderConfig {
  Optional<String> get(String key);

  static ProviderConfig of(Map<String, String> values) {
    Map<String, String> copy = Map.copyOf(values);
    return key -> Optional.ofNullable(copy.get(key));
  }

  static ProviderConfig empty() {
    return key -> Optional.empty();
  }

  default String get(String key, String defaultValue) {
    return get(key).orElse(defaultValue);
  }

  /** @throws ValidationException the value is not an int */
  default int getInt(String key, int defaultValue) {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v.get().trim());
    } catch (NumberFormatException e) {
      throw new ValidationException("configuration '" + key + "' must be an integer, was '" + v.get() + "'");
    }
  }

  /** @throws ValidationException the value is not a long */
  default long getLong(String key, long defaultValue) {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      return Long.parseLong(v.get().trim());
    } catch (NumberFormatException e) {
      throw new ValidationException("configuration '" + key + "' must be an integer, was '" + v.get() + "'");
    }
  }

  /** A view of the keys below {@code prefix} ({@code prefix + "." + key}). */
  default ProviderConfig section(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return key -> get(prefix + "." + key);
  }
}
