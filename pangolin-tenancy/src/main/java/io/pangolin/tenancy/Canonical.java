package io.pangolin.tenancy;

import io.pangolin.api.Asset;
import io.pangolin.api.AuditEvent;
import io.pangolin.api.Catalog;
import io.pangolin.api.Namespace;
import io.pangolin.api.User;
import io.pangolin.api.Warehouse;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One line per entity with every field — maps in key order, instants in ISO form, versions included — so two
 * stores holding equal entities produce equal lines whatever order their maps iterate in. Every field and map entry
 * is length-prefixed, so the encoding is unambiguous whatever characters the values hold.
 */
final class Canonical {
  private static final char FIELD = '\u001f';
  private static final char ENTRY = '\u001e';

  private Canonical() {}

  static String of(Warehouse w) {
    return join("warehouse", w.tenant(), w.name(), w.storageRoot(), map(w.storageProperties()), w.createdAt(),
        w.updatedAt(), w.version());
  }

  static String of(Catalog c) {
    return join("catalog", c.tenant(), c.name(), c.warehouse(), map(c.properties()), c.createdAt(), c.updatedAt(),
        c.version());
  }

  static String of(Namespace n) {
    return join("namespace", n.tenant(), n.catalog(), String.join(".", n.name().levels()), n.name().depth(),
        map(n.properties()), n.createdAt(), n.updatedAt(), n.version());
  }

  static String of(Asset a) {
    return join("asset", a.tenant(), a.id(), a.catalog(), String.join(".", a.namespace().levels()), a.name(),
        a.kind(), a.location(), map(a.properties()), opt(a.metadataLocation()), a.createdAt(), a.updatedAt(),
        a.version());
  }

  static String of(User u) {
    return join("user", u.tenant(), u.name(), opt(u.email()), map(u.properties()), u.createdAt(), u.updatedAt(),
        u.version());
  }

  static String of(AuditEvent e) {
    return join("audit", e.tenant(), e.id(), e.timestamp(), e.actor(), e.action(), e.resourceType(),
        e.resourceId(), e.resourceName(), e.result(), e.requestId(), map(e.details()));
  }

  private static String opt(Optional<String> v) {
    return v.map(s -> "+" + s).orElse("-");
  }

  private static String map(Map<String, String> m) {
    StringBuilder sb = new StringBuilder("{");
    new TreeMap<>(m).forEach((k, v) -> sb.append(k.length()).append(':').append(k).append('=')
        .append(v.length()).append(':').append(v).append(ENTRY));
    return sb.append('}').toString();
  }

  private static String join(Object... parts) {
    StringBuilder sb = new StringBuilder();
    for (Object p : parts) {
      String s = String.valueOf(p);
      sb.append(s.length()).append(':').append(s).append(FIELD);
    }
    return sb.toString();
  }
}
