package io.pangolin.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Filters for the audit log; empty filters match everything. {@code from} is inclusive, {@code to} exclusive.
 */
public record AuditQuery(
    Optional<String> actor,
    Optional<String> action,
    Optional<String> resourceType,
    Optional<String> resourceName,
    Optional<AuditResult> result,
    Optional<Instant> from,
    Optional<Instant> to) {
  public static final AuditQuery ALL = new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(),
      Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public AuditQuery {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(resourceName, "resourceName");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }

  /** True if {@code e} passes every filter. Stores may use this or translate the filters to their query language. */
  public boolean matches(AuditEvent e) {
    return actor.map(e.actor()::equals).orElse(true)
        && action.map(e.action()::equals).orElse(true)
        && resourceType.map(e.resourceType()::equals).orElse(true)
        && resourceName.map(e.resourceName()::equals).orElse(true)
        && result.map(r -> r == e.result()).orElse(true)
        && from.map(f -> !e.timestamp().isBefore(f)).orElse(true)
        && to.map(t -> e.timestamp().isBefore(t)).orElse(true);
  }
}
