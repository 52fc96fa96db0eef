package io.pangolin.core;

import io.pangolin.api.AuditEvent;
import io.pangolin.api.AuditQuery;
import io.pangolin.api.AuditService;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.RequestContext;
import io.pangolin.api.ValidationException;

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
}
