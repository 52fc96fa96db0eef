package io.pangolin.server;

import io.pangolin.api.ValidationException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Structural checks of request DTO fields (presence, no JSON nulls inside maps and lists). Not business rules. */
final class Fields {
  private Fields() {}

  static String required(String value, String field) {
    if (value == null) {
      throw new ValidationException("field '" + field + "' is required");
    }
    return value;
  }

  /** An optional map: absent or null is empty; null keys or values are refused. */
  static Map<String, String> map(Map<String, String> value, String field) {
    if (value == null) {
      return Map.of();
    }
    Map<String, String> copy = new LinkedHashMap<>();
    value.forEach((k, v) -> {
      if (k == null || v == null) {
        throw new ValidationException("field '" + field + "' must not contain null values");
      }
      copy.put(k, v);
    });
    return copy;
  }

  /** An optional list of strings read as a set: absent or null is empty; null elements are refused. */
  static Set<String> set(List<String> value, String field) {
    if (value == null) {
      return Set.of();
    }
    Set<String> copy = new LinkedHashSet<>();
    for (String s : value) {
      if (s == null) {
        throw new ValidationException("field '" + field + "' must not contain null values");
      }
      copy.add(s);
    }
    return copy;
  }
}
