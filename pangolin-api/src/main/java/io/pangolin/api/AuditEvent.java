package io.pangolin.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the audit log: who did what to which resource, when, and how it ended. Append-only.
 *
 * @param id unique id (UUID); together with {@code timestamp} it orders events
 * @param action verb such as {@code catalog.create}
 * @param resourceType e.g. {@code catalog}, {@code namespace}, {@code asset}
 * @param details small key/value context (error code and message of a failure, …); never secrets
 */
public record AuditEvent(
    String id,
    String tenant,
    String actor,
    String action,
    String resourceType,
    String resourceId,
    String resourceName,
    AuditResult result,
    Instant timestamp,
    String requestId,
    Map<String, String> details) {
  public AuditEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(resourceName, "resourceName");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(requestId, "requestId");
    details = Map.copyOf(Objects.requireNonNull(details, "details"));
  }
}
