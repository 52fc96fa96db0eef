package io.pangolin.core;

import io.pangolin.api.AuditEvent;
import io.pangolin.api.AuditQuery;
import io.pangolin.api.AuditService;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.RequestContext;
import io.pangolin.api.ValidationException;
import io.pangolin.spi.MetadataStore;

final class AuditServiceImpl implements AuditService {
  private final Engine engine;
  private final Scope scope;

  AuditServiceImpl(Engine engine, Scope scope) {
    this.engine = engine;
    this.scope = scope;
  }

  private static void check(AuditQuery q) {
    if (q.from().isPresent() && q.to().isPresent() && !q.from().get().isBefore(q.to().get())) {
      throw new ValidationException("'from' must be before 'to'");
    }
  }

  @Override
  public Page<AuditEvent> query(RequestContext ctx, AuditQuery query, PageRequest page) {
    var store = scope.store(ctx);
    Authz.require(ctx, Authz.Need.MANAGE);
    check(query);
    return store.queryAudit(ctx.tenant(), query, page);
  }

  @Override
  public long count(RequestContext ctx, AuditQuery query) {
    var store = scope.store(ctx);
    Authz.require(ctx, Authz.Need.MANAGE);
    check(query);
    return store.countAudit(ctx.tenant(), query);
  }

  @Override
  public long archive(RequestContext ctx, java.time.Instant before) {
    java.util.Objects.requireNonNull(before, "before");
    var store = scope.store(ctx);
    Authz.require(ctx, Authz.Need.MANAGE);
    String name = "audit log before " + before;
    return engine.audited(store, ctx, "audit.archive", "audit", name, n -> name, () -> {
      requireArchive(store);
      return store.archiveAudit(ctx.tenant(), before);
    });
  }

  @Override
  public Page<AuditEvent> queryArchived(RequestContext ctx, AuditQuery query, PageRequest page) {
    var store = scope.store(ctx);
    Authz.require(ctx, Authz.Need.MANAGE);
    check(query);
    requireArchive(store);
    return store.queryArchivedAudit(ctx.tenant(), query, page);
  }

  @Override
  public long countArchived(RequestContext ctx, AuditQuery query) {
    var store = scope.store(ctx);
    Authz.require(ctx, Authz.Need.MANAGE);
    check(query);
    requireArchive(store);
    return store.countArchivedAudit(ctx.tenant(), query);
  }

  /** Refuses the archive operations up front on a store without an audit archive (a 400, never a 500). */
  private static void requireArchive(MetadataStore store) {
    if (!store.supportsAuditArchive()) {
      throw MetadataStore.noAuditArchive(store);
    }
  }
}
