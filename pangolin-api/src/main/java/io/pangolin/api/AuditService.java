package io.pangolin.api;

/** Read access to the context tenant's audit log (writes happen inside the engine on every change). */
public interface AuditService {
  /** Events matching {@code query}, newest first. */
  Page<AuditEvent> query(RequestContext ctx, AuditQuery query, PageRequest page);

  long count(RequestContext ctx, AuditQuery query);
}
