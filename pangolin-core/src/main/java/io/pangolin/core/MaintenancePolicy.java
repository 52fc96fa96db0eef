package io.pangolin.core;

import io.pangolin.api.ValidationException;
import java.util.Map;
import java.util.Optional;

/**
 * The retention policy a catalog carries in its properties for scheduled maintenance: {@code
 * pangolin.maintenance.retention-days} (0–36500), {@code retain-last} (1–1000000) and {@code orphan-older-than-days}
 * (1–36500). The engine refuses a catalog create or update that would store another key under the prefix or a
 * value out of range (400), so a scheduled run never meets a policy it cannot read.
 */
public final class MaintenancePolicy {
  /** The prefix of the policy's catalog properties. */
  public static final String PREFIX = "pangolin.maintenance.";
  private static final Map<String, int[]> RANGES = Map.of(
      "retention-days", new int[] {0, 36_500},
      "retain-last", new int[] {1, 1_000_000},
      "orphan-older-than-days", new int[] {1, 36_500});

  private MaintenancePolicy() {}

  /**
   * The whole number stored under {@code PREFIX + key}, if any.
   *
   * @throws ValidationException the value is not a whole number in the key's range, or the key is not a policy key
   */
  public static Optional<Integer> number(Map<String, String> properties, String key) {
    int[] range = RANGES.get(key);
    if (range == null) {
      throw new ValidationException("catalog property " + PREFIX + key + " is not a maintenance policy key; known: "
          + String.join(", ", RANGES.keySet().stream().sorted().toList()));
    }
    String value = properties.get(PREFIX + key);
    if (value == null) {
      return Optional.empty();
    }
    int n;
    try {
      n = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new ValidationException("catalog property " + PREFIX + key + " must be a whole number");
    }
    if (n < range[0] || n > range[1]) {
      throw new ValidationException("catalog property " + PREFIX + key + " must be between " + range[0] + " and "
          + range[1]);
    }
    return Optional.of(n);
  }

  /** Checks every policy property of a catalog's properties (see the class comment). */
  static void validate(Map<String, String> properties) {
    for (String key : properties.keySet()) {
      if (key.startsWith(PREFIX)) {
        number(properties, key.substring(PREFIX.length()));
      }
    }
  }
}
