package io.pangolin.core;

import io.pangolin.api.AssetService;
import io.pangolin.api.AuditService;
import io.pangolin.api.CatalogBinding;
import io.pangolin.api.CatalogService;
import io.pangolin.api.GrantService;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NamespaceService;
import io.pangolin.api.RequestContext;
import io.pangolin.api.SearchService;
import io.pangolin.api.Tenant;
import io.pangolin.api.UserService;
import io.pangolin.api.WarehouseService;
import io.pangolin.spi.MetadataStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One caller's view of the engine for one request: the tenant is checked and its store resolved once, the first
 * time a service needs it, and catalogs (with their warehouses) and the namespaces asked about are looked up once
 * each; the services handed out here reuse them. Obtain one per request from {@link Pangolin#session(RequestContext)}
 * and drop it afterwards — a session does not see catalog, warehouse or namespace changes made elsewhere after it
 * looked them up (its own writes through {@link #catalogs()}, {@link #warehouses()} and {@link #namespaces()} clear
 * what it remembered; a write that depends on a namespace still finds it gone in the store).
 *
 * <p>The services take a {@link RequestContext} like the engine-wide ones; it must name the session's tenant (the
 * actor and request id are taken from it as given). Safe to use from several threads.
 */
public final class Session {
  private final RequestContext ctx;
  private final Engine engine;
  private final Resolver resolver;
  private final AssetService assets;
  private final CatalogService catalogs;
  private final NamespaceService namespaces;
  private final WarehouseService warehouses;
  private final UserService users;
  private final AuditService audit;
  private final SearchService search;
  private final GrantService grants;
  private final Limits limits;

  Session(Engine engine, RequestContext ctx) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
    this.engine = engine;
    this.limits = engine.limits;
    this.resolver = new Resolver(engine, ctx.tenant());
    this.assets = new AssetServiceImpl(engine, resolver);
    this.catalogs = new CatalogServiceImpl(engine, resolver);
    this.namespaces = new NamespaceServiceImpl(engine, resolver);
    this.warehouses = new WarehouseServiceImpl(engine, resolver);
    this.users = new UserServiceImpl(engine, resolver);
    this.audit = new AuditServiceImpl(engine, resolver);
    this.search = new SearchServiceImpl(engine, resolver);
    this.grants = new GrantServiceImpl(engine, resolver);
  }

  public RequestContext context() {
    return ctx;
  }

  /** The deployment's limits, for callers that check bounds of their own values (e.g. Iceberg table properties). */
  public Limits limits() {
    return limits;
  }

  /**
   * The session's tenant, looked up on first use.
   *
   * @throws io.pangolin.api.NotFoundException the tenant does not exist
   */
  public Tenant tenant() {
    Authz.require(ctx, Authz.Need.MEMBER);
    return resolver.resolve().tenant();
  }

  /** The catalog with its warehouse (looked up once per session), or empty if the catalog does not exist. */
  public Optional<CatalogBinding> catalog(String name) {
    return catalogs.findWithWarehouse(ctx, name);
  }

  public AssetService assets() {
    return assets;
  }

  public CatalogService catalogs() {
    return catalogs;
  }

  public NamespaceService namespaces() {
    return namespaces;
  }

  public WarehouseService warehouses() {
    return warehouses;
  }

  public UserService users() {
    return users;
  }

  public AuditService audit() {
    return audit;
  }

  public SearchService search() {
    return search;
  }

  public GrantService grants() {
    return grants;
  }

  /**
   * Checks, before any work, that the session's principal holds {@code privilege} on {@code scope} — for callers
   * that do work of their own before a service call that checks it again (an Iceberg commit writes its metadata file
   * before it moves the pointer).
   *
   * @throws io.pangolin.api.ForbiddenException it does not, but may see the scope
   * @throws io.pangolin.api.NotFoundException it may not even see it
   */
  public void require(io.pangolin.api.Privilege privilege, io.pangolin.api.GrantScope scope) {
    MetadataStore store = resolver.store(ctx);
    engine.access.require(store, ctx, privilege, scope, "scope " + scope);
  }

  /**
   * Records in the audit log that table maintenance changed {@code asset} (snapshots expired, files deleted): one
   * {@code asset.maintenance} event with the counts as details. The caller must hold write on the asset (checked
   * again here); the commit that expired snapshots is audited on its own as {@code asset.commit}.
   */
  public void auditMaintenance(io.pangolin.api.Asset asset, Map<String, String> details) {
    io.pangolin.api.AssetKey key = new io.pangolin.api.AssetKey(asset.catalog(), asset.namespace(), asset.name());
    MetadataStore store = resolver.store(ctx);
    engine.access.require(store, ctx, io.pangolin.api.Privilege.WRITE, Access.scopeOf(key), "asset " + key);
    engine.recordSuccess(store, ctx, "asset.maintenance", "asset", String.valueOf(key), asset.id(), details);
  }

  /** The scope of a session: resolves the tenant once and remembers the catalogs it looked up. */
  private static final class Resolver implements Scope {
    private record Resolved(Tenant tenant, MetadataStore store) {}

    private final Engine engine;
    private final String tenant;
    private final Map<String, CatalogBinding> bindings = new ConcurrentHashMap<>();
    private record NamespaceKey(String catalog, NamespaceName name) {}
    private final Map<NamespaceKey, Namespace> namespaces = new ConcurrentHashMap<>();
    private volatile Resolved resolved;

    Resolver(Engine engine, String tenant) {
      this.engine = engine;
      this.tenant = tenant;
    }

    Resolved resolve() {
      Resolved r = resolved;
      if (r == null) {
        synchronized (this) {
          r = resolved;
          if (r == null) {
            Tenant t = engine.requireTenant(tenant);
            r = new Resolved(t, engine.tenantStore(tenant));
            resolved = r;
          }
        }
      }
      return r;
    }

    @Override
    public MetadataStore store(RequestContext ctx) {
      if (!tenant.equals(ctx.tenant())) {
        throw new IllegalArgumentException("this session serves tenant '" + Names.shorten(tenant)
            + "', not the context's tenant");
      }
      Authz.require(ctx, Authz.Need.MEMBER);
      return resolve().store();
    }

    @Override
    public Optional<CatalogBinding> binding(MetadataStore store, RequestContext ctx, String catalog) {
      CatalogBinding known = bindings.get(catalog);
      if (known != null) {
        return Optional.of(known);
      }
      Optional<CatalogBinding> found = store.getCatalogBinding(ctx.tenant(), catalog);
      found.ifPresent(b -> bindings.put(catalog, b));
      return found;
    }

    @Override
    public Optional<Namespace> namespace(MetadataStore store, RequestContext ctx, String catalog,
        NamespaceName name) {
      NamespaceKey key = new NamespaceKey(catalog, name);
      Namespace known = namespaces.get(key);
      if (known != null) {
        return Optional.of(known);
      }
      Optional<Namespace> found = store.getNamespace(ctx.tenant(), catalog, name);
      found.ifPresent(n -> namespaces.put(key, n));
      return found;
    }

    @Override
    public void lookupsChanged() {
      bindings.clear();
      namespaces.clear();
    }
  }
}
