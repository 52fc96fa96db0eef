package io.pangolin.core;

import io.pangolin.api.AuditEvent;
import io.pangolin.api.AuditResult;
import io.pangolin.api.CatalogBinding;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.PangolinException;
import io.pangolin.api.RequestContext;
import io.pangolin.api.Tenant;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.TenancyStrategy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/** Shared machinery of the services: store routing, time, limits, audit. */
final class Engine implements Scope {
  private static final System.Logger LOG = System.getLogger(Engine.class.getName());

  final TenancyStrategy tenancy;
  final Limits limits;
  private final Clock clock;
  private final StoreObserver observer;
  final StorageRoots storage;
  /** Per-object authorization. */
  final Access access;
  /** Encrypts secret warehouse storage properties at rest. */
  final StorageSecrets secrets;

  Engine(TenancyStrategy tenancy, Limits limits, Clock clock, StoreObserver observer, List<Path> localRoots) {
    this(tenancy, limits, clock, observer, localRoots, false, StorageSecrets.none());
  }

  /** @param storeCachesGrants the store is decorated by a cache that keeps grants coherent on every instance */
  Engine(TenancyStrategy tenancy, Limits limits, Clock clock, StoreObserver observer, List<Path> localRoots,
      boolean storeCachesGrants, StorageSecrets secrets) {
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.access = new Access(storeCachesGrants ? java.time.Duration.ZERO : java.time.Duration.ofMillis(500));
    this.tenancy = Objects.requireNonNull(tenancy, "tenancy");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.observer = Objects.requireNonNull(observer, "observer");
    this.storage = new StorageRoots(this, localRoots);
  }

  /** Timestamps are kept at microsecond precision so every store round-trips them exactly. */
  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** The deployment-wide store (tenant registry). */
  MetadataStore control() {
    return observe(tenancy.controlPlane());
  }

  /** The store of a tenant, after checking the tenant exists (one control-plane read per call). */
  @Override
  public MetadataStore store(RequestContext ctx) {
    Authz.require(ctx, Authz.Need.MEMBER);
    requireTenant(ctx.tenant());
    return tenantStore(ctx.tenant());
  }

  /** The store of a tenant the caller already knows to exist. */
  MetadataStore tenantStore(String tenant) {
    return observe(tenancy.storeFor(tenant));
  }

  @Override
  public Optional<CatalogBinding> binding(MetadataStore store, RequestContext ctx, String catalog) {
    return store.getCatalogBinding(ctx.tenant(), catalog);
  }

  @Override
  public Optional<Namespace> namespace(MetadataStore store, RequestContext ctx, String catalog, NamespaceName name) {
    return store.getNamespace(ctx.tenant(), catalog, name);
  }

  Tenant requireTenant(String tenant) {
    return control().getTenant(tenant)
        .orElseThrow(() -> new NotFoundException("tenant '" + Names.shorten(tenant) + "' does not exist"));
  }

  /**
   * Runs a write and records it in the tenant's audit log, also when it fails. A failure to write the audit entry
   * is logged and does not change the outcome of the write, which has already happened.
   */
  <T> T audited(MetadataStore store, RequestContext ctx, String action, String resourceType, String resourceName,
      Function<T, String> idOf, Supplier<T> body) {
    T result;
    try {
      Authz.require(ctx, Authz.forWrite(resourceType));
      result = body.get();
    } catch (RuntimeException e) {
      Runnable failure = () -> record(store, ctx, action, resourceType, resourceName, resourceName,
          AuditResult.FAILURE, failureDetails(e, codeOf(e)));
      RequestAudit request = REQUEST.get();
      if (request != null && request.ctx.equals(ctx)) {
        request.failure = failure; // recorded once, by the request's scope, if the request fails
      } else {
        failure.run();
      }
      throw e;
    }
    RequestAudit request = REQUEST.get();
    if (request != null && request.ctx.equals(ctx)) {
      request.failure = null; // a failed attempt the request has recovered from
    }
    record(store, ctx, action, resourceType, resourceName, result == null ? resourceName : idOf.apply(result),
        AuditResult.SUCCESS, Map.of());
    return result;
  }

  /** The error code an audit event gives a failure: the Pangolin code, else {@code INTERNAL}. */
  static String codeOf(RuntimeException e) {
    return e instanceof PangolinException pe ? pe.code().name() : "INTERNAL";
  }

  private static Map<String, String> failureDetails(RuntimeException e, String code) {
    return Map.of("code", code, "message", limit(String.valueOf(e.getMessage())));
  }

  /** The write a thread is running for one request ({@link #auditedRequest}), so that it is audited once. */
  private static final class RequestAudit {
    final RequestContext ctx;
    /** The last failed inner write, recorded only if the request fails. */
    Runnable failure;

    RequestAudit(RequestContext ctx) {
      this.ctx = ctx;
    }
  }

  private static final ThreadLocal<RequestAudit> REQUEST = new ThreadLocal<>();

  /**
   * Runs the write of one request (which may call several audited writes, or fail before reaching any) so that its
   * failure is audited exactly once: the writes of {@code ctx} that {@code body} makes on this thread record their
   * successes as usual, but a failed one is only remembered; if {@code body} fails, the last failed write is
   * recorded — or, if none failed (the request was refused before it reached the store), one event for
   * {@code action} on the resource {@code resourceName} names (asked for only then) with the code
   * {@code failureCode} gives it. Failures of writes that the request recovered from
   * (a compare-and-swap lost and retried) are not recorded when the request succeeds. The permission of a write of
   * {@code resourceType} is checked first, so a refused caller reaches nothing. Nested calls join the outer one.
   */
  <T> T auditedRequest(RequestContext ctx, String action, String resourceType, Supplier<String> resourceName,
      Function<RuntimeException, String> failureCode, Supplier<T> body) {
    Objects.requireNonNull(ctx, "ctx");
    if (REQUEST.get() != null) {
      return body.get();
    }
    RequestAudit request = new RequestAudit(ctx);
    REQUEST.set(request);
    try {
      Authz.require(ctx, Authz.forWrite(resourceType));
      return body.get();
    } catch (RuntimeException e) {
      if (request.failure != null) {
        request.failure.run();
      } else {
        String code = e instanceof PangolinException ? codeOf(e) : failureCode.apply(e);
        String name;
        try {
          name = resourceName.get();
        } catch (RuntimeException unnamed) {
          name = "?";
        }
        record(null, ctx, action, resourceType, name, name, AuditResult.FAILURE,
            failureDetails(e, code == null ? "INTERNAL" : code));
      }
      throw e;
    } finally {
      REQUEST.remove();
    }
  }

  /** Records one event outside a write ({@link Pangolin#audit}). */
  void recordEvent(RequestContext ctx, String action, String resourceType, String resourceName, AuditResult result,
      Map<String, String> details) {
    record(null, ctx, action, resourceType, resourceName, resourceName, result, details);
  }

  void auditedVoid(MetadataStore store, RequestContext ctx, String action, String resourceType, String resourceName,
      Runnable body) {
    audited(store, ctx, action, resourceType, resourceName, x -> resourceName, () -> {
      body.run();
      return null;
    });
  }

  /** Records a successful write that ran outside {@link #audited} (table maintenance), with its details. */
  void recordSuccess(MetadataStore store, RequestContext ctx, String action, String type, String name, String id,
      Map<String, String> details) {
    record(store, ctx, action, type, name, id, AuditResult.SUCCESS, details);
  }

  /**
   * @param store the tenant's store if the caller resolved it (the tenant then exists), else null: tenant
   *     administration, where the tenant may be gone or never have existed
   */
  private void record(MetadataStore store, RequestContext ctx, String action, String type, String name, String id,
      AuditResult result, Map<String, String> details) {
    if (store == null && result == AuditResult.FAILURE && !tenantExists(ctx.tenant())) {
      // a caller must not be able to create audit entries under arbitrary tenant names
      return;
    }
    Map<String, String> all = new LinkedHashMap<>(details);
    ctx.source().ifPresent(s -> all.put("source", limit(s)));
    AuditEvent event = new AuditEvent(UUID.randomUUID().toString(), ctx.tenant(), limit(ctx.actor()), action, type,
        limit(id), limit(name), result, now(), limit(ctx.requestId()), all);
    try {
      (store != null ? store : tenantStore(ctx.tenant())).appendAudit(event);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "could not write audit event " + action + " for tenant " + ctx.tenant(), e);
    }
  }

  private boolean tenantExists(String tenant) {
    try {
      return control().getTenant(tenant).isPresent();
    } catch (RuntimeException e) {
      return false;
    }
  }

  static String limit(String s) {
    if (s == null) {
      return "";
    }
    return s.length() <= 512 ? s : Names.shorten(s);
  }

  private MetadataStore observe(MetadataStore store) {
    return observer == StoreObserver.NONE ? store : new ObservedStore(store, observer);
  }
}
