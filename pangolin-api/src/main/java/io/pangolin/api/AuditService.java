package io.pangolin.api;

/** Read access to the context tenant's audit log (writes happen inside the engine on every change). */
public interface AuditService {
  /** Events matching {@code query}, newest first. */
  Page<AuditEvent> query(RequestContext ctx, AuditQuery query, PageRequest page);

  long count(RequestContext ctx, AuditQuery query);

  /**
   * Moves the context tenant's events with a timestamp before {@code before} to its audit archive (tenant
   * administrators and the deployment administrator); the archival itself is audited as {@code audit.archive}.
   *
   * @return how many events moved
   */
  long archive(RequestContext ctx, java.time.Instant before);

  /** Archived events matching {@code query}, newest first. */
  Page<AuditEvent> queryArchived(RequestContext ctx, AuditQuery query, PageRequest page);

  long countArchived(RequestContext ctx, AuditQuery query);
}
