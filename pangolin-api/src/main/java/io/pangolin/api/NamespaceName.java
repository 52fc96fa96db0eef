package io.pangolin.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A multi-level namespace name such as {@code sales.emea.daily}. Levels never contain a dot, so the dotted form is
 * unambiguous. The empty name (zero levels) denotes the catalog root and is only valid as a listing parent.
 */
public record NamespaceName(List<String> levels) implements Comparable<NamespaceName> {
  /** The catalog root (no levels). */
  public static final NamespaceName ROOT = new NamespaceName(List.of());

  public NamespaceName {
    levels = List.copyOf(Objects.requireNonNull(levels, "levels"));
  }

  public static NamespaceName of(String... levels) {
    return new NamespaceName(List.of(levels));
  }

  /** Parses the dotted form; an empty string yields {@link #ROOT}. Does not validate level names. */
  public static NamespaceName parse(String dotted) {
    Objects.requireNonNull(dotted, "dotted");
    if (dotted.isEmpty()) {
      return ROOT;
    }
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= dotted.length(); i++) {
      if (i == dotted.length() || dotted.charAt(i) == '.') {
        parts.add(dotted.substring(start, i));
        start = i + 1;
      }
    }
    return new NamespaceName(parts);
  }

  public int depth() {
    return levels.size();
  }

  public boolean isRoot() {
    return levels.isEmpty();
  }

  /** The parent, or empty for the root. A top-level namespace's parent is {@link #ROOT}. */
  public Optional<NamespaceName> parent() {
    return isRoot() ? Optional.empty() : Optional.of(new NamespaceName(levels.subList(0, levels.size() - 1)));
  }

  /** The last level; the root has none. */
  public String leaf() {
    if (isRoot()) {
      throw new IllegalStateException("root namespace has no leaf");
    }
    return levels.get(levels.size() - 1);
  }

  public NamespaceName child(String level) {
    List<String> l = new ArrayList<>(levels);
    l.add(Objects.requireNonNull(level, "level"));
    return new NamespaceName(l);
  }

  /** True if {@code this} is {@code other} or lies below it. */
  public boolean isWithin(NamespaceName other) {
    return levels.size() >= other.levels.size() && levels.subList(0, other.levels.size()).equals(other.levels);
  }

  @Override
  public int compareTo(NamespaceName o) {
    int n = Math.min(levels.size(), o.levels.size());
    for (int i = 0; i < n; i++) {
      int c = levels.get(i).compareTo(o.levels.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(levels.size(), o.levels.size());
  }

  /** The dotted form, e.g. {@code sales.emea}; the root is the empty string. */
  @Override
  public String toString() {
    return String.join(".", levels);
  }
}
