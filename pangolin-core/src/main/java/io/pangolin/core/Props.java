package io.pangolin.core;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Property-map arithmetic. */
final class Props {
  private Props() {}

  static Map<String, String> apply(Map<String, String> current, Map<String, String> updates, Set<String> removals) {
    Map<String, String> m = new HashMap<>(current);
    if (removals != null) {
      removals.forEach(m::remove);
    }
    if (updates != null) {
      m.putAll(updates);
    }
    return m;
  }

  static Map<String, String> orEmpty(Map<String, String> m) {
    return m == null ? Map.of() : m;
  }

  static Set<String> orEmpty(Set<String> s) {
    return s == null ? Set.of() : s;
  }
}
