package io.pangolin.core;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Property-map arithmetic. */
final class Props {
  private Props() {}

  /**
   * The properties after an update.
   *
   * @throws io.pangolin.api.ValidationException the result would hold more than {@link Limits#maxProperties()}
   */
  static Map<String, String> apply(Map<String, String> current, Map<String, String> updates, Set<String> removals,
      Limits limits) {
    Map<String, String> m = new HashMap<>(current);
    if (removals != null) {
      removals.forEach(m::remove);
    }
    if (updates != null) {
      m.putAll(updates);
    }
    Names.propertyCount(m.size(), limits);
    return m;
  }

  static Map<String, String> orEmpty(Map<String, String> m) {
    return m == null ? Map.of() : m;
  }

  static Set<String> orEmpty(Set<String> s) {
    return s == null ? Set.of() : s;
  }
}
