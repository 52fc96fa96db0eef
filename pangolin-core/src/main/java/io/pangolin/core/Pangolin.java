package io.pangolin.core;

import io.pangolin.api.AssetService;
import io.pangolin.api.AuditResult;
import io.pangolin.api.AuditService;
import io.pangolin.api.CatalogService;
import io.pangolin.api.NamespaceService;
import io.pangolin.api.PrincipalService;
import io.pangolin.api.RequestContext;
import io.pangolin.api.SearchService;
import io.pangolin.api.TenancyService;
import io.pangolin.api.TenantService;
import io.pangolin.api.UserService;
import io.pangolin.api.ValidationException;
import io.pangolin.api.WarehouseService;
import io.pangolin.spi.CacheObserver;
import io.pangolin.spi.CacheProvider;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.ProviderConfig;
import io.pangolin.spi.Providers;
import io.pangolin.spi.StoreHealth;
import io.pangolin.spi.StoreStats;
import io.pangolin.spi.TenancyStrategy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An assembled Pangolin engine: the services of {@code io.pangolin.api} over a store, with an optional cache and a
 * tenancy strategy. Thread-safe; build one per process and share it.
 *
 * <pre>{@code
 * try (Pangolin pangolin = Pangolin.builder().store("memory", ProviderConfig.empty()).build()) {
 *   RequestContext ctx = RequestContext.of("acme", "alice");
 *   pangolin.tenants().create(ctx, "acme", Map.of());
 *   pangolin.warehouses().create(ctx, "lake", "s3://bucket/lake", Map.of());
 * }
 * }</pre>
 */
public final class Pangolin implements AutoCloseable {
  private final Engine engine;
  private final TenantService tenants;
  private final WarehouseService warehouses;
  private final CatalogService catalogs;
  private final NamespaceService namespaces;
  private final AssetService assets;
  private final UserService users;
  private final AuditService audit;
  private final SearchService search;
  private final PrincipalService principals;
  private final TenantTransfer transfer;
  private final TenancyService tenancy;

  private Pangolin(Engine engine) {
    this.engine = engine;
    this.tenants = new TenantServiceImpl(engine);
    this.warehouses = new WarehouseServiceImpl(engine, engine);
    this.catalogs = new CatalogServiceImpl(engine, engine);
    this.namespaces = new NamespaceServiceImpl(engine, engine);
    this.assets = new AssetServiceImpl(engine, engine);
    this.users = new UserServiceImpl(engine, engine);
    this.audit = new AuditServiceImpl(engine, engine);
    this.search = new SearchServiceImpl(engine, engine);
    this.principals = new PrincipalServiceImpl(engine);
    this.transfer = new TenantTransfer(engine);
    this.tenancy = new TenancyServiceImpl(engine);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A session for one request of {@code ctx}: services bound to its tenant that resolve the tenant, its store and
   * each addressed catalog once (the services of this class resolve them on every call). Cheap; one per request.
   */
  public Session session(RequestContext ctx) {
    return new Session(engine, ctx);
  }

  /**
   * Runs the write of one request of {@code ctx} — say an Iceberg commit, which validates, writes a metadata file
   * and moves a pointer, possibly retrying — so that it is audited like a write of the services: a failure is
   * recorded exactly once, also when the request is refused before it reaches any service. The services'
   * successful writes inside {@code body} are recorded as usual; a failed one only if the request fails in the end
   * (then that one is the request's event), so a lost compare-and-swap that was retried successfully leaves no
   * failure. If nothing inside failed, the event is {@code action} on {@code resourceType} and the name
   * {@code resourceName} gives (asked for only then, so it may be what {@code body} parsed), with the error code
   * {@code failureCode} gives the failure (Pangolin's own exceptions carry theirs). The caller's
   * permission to write {@code resourceType} ({@code "namespace"}, {@code "asset"}, …) is checked first. Calls
   * nested on the same thread join the outermost.
   */
  public <T> T auditedWrite(RequestContext ctx, String action, String resourceType, Supplier<String> resourceName,
      Function<RuntimeException, String> failureCode, Supplier<T> body) {
    return engine.auditedRequest(ctx, action, resourceType, resourceName, failureCode, body);
  }

  /**
   * Appends an event to the audit log of {@code ctx}'s tenant for something other than a write of the services — a
   * storage credential handed out, a storage request refused. A failure of a tenant that does not exist is not
   * recorded. Never pass a secret in {@code details}.
   */
  public void audit(RequestContext ctx, String action, String resourceType, String resourceName, AuditResult result,
      Map<String, String> details) {
    engine.recordEvent(ctx, action, resourceType, resourceName, result, details);
  }

  /**
   * A warehouse's storage properties with its encrypted secrets decrypted — for the server's own storage access
   * (FileIO, signing, vending), never for an answer.
   *
   * @throws io.pangolin.api.UnavailableException a secret is encrypted with a key that is not configured
   */
  public Map<String, String> storageProperties(io.pangolin.api.Warehouse warehouse) {
    return engine.secrets.open(warehouse.storageProperties());
  }

  public TenantService tenants() {
    return tenants;
  }

  public WarehouseService warehouses() {
    return warehouses;
  }

  public CatalogService catalogs() {
    return catalogs;
  }

  public NamespaceService namespaces() {
    return namespaces;
  }

  public AssetService assets() {
    return assets;
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

  /** Service principals, passwords, authentication and the deployment's root principal. */
  public PrincipalService principals() {
    return principals;
  }

  public Limits limits() {
    return engine.limits;
  }

  /** The canonical {@code file:} roots under which warehouses may keep local storage. */
  public List<String> localStorageRoots() {
    return engine.storage.localRoots();
  }

  /** Where tenants live ({@code placement}), moving them between tiers, per-tenant usage; authorized and audited. */
  public TenancyService tenancy() {
    return tenancy;
  }

  /** Health of the control-plane store; never throws. */
  public StoreHealth health() {
    try {
      return engine.tenancy.controlPlane().health();
    } catch (RuntimeException e) {
      return StoreHealth.down(e.getClass().getSimpleName());
    }
  }

  /**
   * Reads everything of {@code tenant}'s catalog data ({@link TenantArchive}; warehouse storage properties as
   * stored — a caller that sends it anywhere decides what to leave out). Root only; audited as {@code tenant.export}.
   *
   * @throws io.pangolin.api.ForbiddenException the caller is not root
   * @throws io.pangolin.api.NotFoundException the tenant does not exist
   */
  public TenantArchive exportTenant(RequestContext ctx, String tenant) {
    return transfer.export(ctx, tenant);
  }

  /**
   * Creates the tenant of the archive {@code read} supplies — named {@code name} if given — with everything in it,
   * ids, timestamps and metadata pointers kept (versions start at 1); grants to principals are skipped (principals are not archived).
   * Root only, checked before {@code read} is called (so a refused caller's document is never looked at); audited
   * as {@code tenant.import}. Nothing is left behind when it fails.
   *
   * @throws io.pangolin.api.AlreadyExistsException the tenant exists
   * @throws io.pangolin.api.ConflictException a warehouse's storage root is held by another warehouse
   * @throws io.pangolin.api.ValidationException a name, property or storage root this deployment refuses
   */
  public TenantArchive.Imported importTenant(RequestContext ctx, Supplier<TenantArchive> read,
      Optional<String> name) {
    return transfer.importTenant(ctx, read, name);
  }

  /**
   * Takes or renews the deployment-wide lease {@code name} for {@code holder} in the control-plane store (see
   * {@link MetadataStore#tryAcquireLease}); used by servers to run periodic work on one instance at a time.
   */
  public boolean tryAcquireLease(String name, String holder, java.time.Duration ttl) {
    return engine.control().tryAcquireLease(name, holder, ttl);
  }

  /** Gives up the lease {@code name} if {@code holder} holds it. */
  public void releaseLease(String name, String holder) {
    engine.control().releaseLease(name, holder);
  }

  /**
   * Connection pools and read replicas of the control-plane store (for metrics and readiness); never throws,
   * {@link StoreStats#none()} when the store cannot tell.
   */
  public StoreStats storeStats() {
    try {
      return engine.tenancy.controlPlane().stats();
    } catch (RuntimeException e) {
      return StoreStats.none();
    }
  }

  /** Closes the cache (if any), the tenancy strategy and with it the stores. */
  @Override
  public void close() {
    engine.tenancy.close();
  }

  /** Assembles a {@link Pangolin}. Exactly one of {@code store(..)} or {@code tenancy(..)} must be given. */
  public static final class Builder {
    private MetadataStore store;
    private String storeName;
    private ProviderConfig storeConfig = ProviderConfig.empty();
    private CacheProvider cache;
    private ProviderConfig cacheConfig = ProviderConfig.empty();
    private CacheObserver cacheObserver = CacheObserver.NONE;
    private TenancyStrategy tenancy;
    private Limits limits = Limits.defaults();
    private Clock clock = Clock.systemUTC();
    private StoreObserver observer = StoreObserver.NONE;
    private List<Path> localStorageRoots = List.of();
    private StorageSecrets secrets = StorageSecrets.none();

    private Builder() {}

    /** Uses this store for every tenant (shared tenancy). The built engine closes it. */
    public Builder store(MetadataStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Opens the store of the provider named {@code providerName} (found by {@link java.util.ServiceLoader}). */
    public Builder store(String providerName, ProviderConfig config) {
      this.storeName = Objects.requireNonNull(providerName, "providerName");
      this.storeConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    /** Decorates the store with a cache from this provider. */
    public Builder cache(CacheProvider provider, ProviderConfig config) {
      this.cache = Objects.requireNonNull(provider, "provider");
      this.cacheConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    /** Decorates the store with the cache provider named {@code name}. */
    public Builder cache(String name, ProviderConfig config) {
      return cache(Providers.cache(Objects.requireNonNull(name, "name")), config);
    }

    /** Told about the cache's hits, misses, invalidations and state (metrics, readiness); default none. */
    public Builder cacheObserver(CacheObserver observer) {
      this.cacheObserver = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /**
     * Routes tenants through this strategy instead of one shared store. A {@link #cache cache} goes over the
     * strategy's routing ({@link TenancyStrategy#decorated}); the built engine closes the strategy.
     */
    public Builder tenancy(TenancyStrategy tenancy) {
      this.tenancy = Objects.requireNonNull(tenancy, "tenancy");
      return this;
    }

    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The keys that encrypt secret warehouse storage properties at rest ({@link StorageSecrets}); default none
     * (stored as given).
     */
    public Builder storageSecrets(StorageSecrets secrets) {
      this.secrets = Objects.requireNonNull(secrets, "secrets");
      return this;
    }

    /**
     * Local directories under which warehouses may use {@code file:} storage roots; default none ({@code file:}
     * refused). Object-store schemes ({@link Locations#OBJECT_STORE_SCHEMES}) are always accepted. Paths are made
     * absolute and normalised; symbolic links are not resolved, so do not point links inside them elsewhere.
     */
    public Builder localStorageRoots(List<Path> roots) {
      this.localStorageRoots = List.copyOf(Objects.requireNonNull(roots, "roots"));
      return this;
    }

    public Builder storeObserver(StoreObserver observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /**
     * @throws ValidationException nothing or too much configured, an unknown provider name, or a cache with a
     *     tenancy strategy that cannot be decorated
     */
    public Pangolin build() {
      int sources = (store != null ? 1 : 0) + (storeName != null ? 1 : 0) + (tenancy != null ? 1 : 0);
      if (sources != 1) {
        throw new ValidationException("configure exactly one of store(MetadataStore), store(name, config) or "
            + "tenancy(strategy)");
      }
      TenancyStrategy t = tenancy != null ? tenancy
          : TenancyStrategy.shared(store != null ? store : Providers.store(storeName).open(storeConfig));
      if (cache != null) {
        CacheProvider c = cache;
        // one cache over the strategy's tenant routing; its keys carry the tenant, a tier move invalidates the tenant
        try {
          t = t.decorated(s -> c.decorate(s, cacheConfig, cacheObserver));
        } catch (RuntimeException e) {
          if (storeName != null) {
            t.close(); // opened here
          }
          throw e;
        }
      }
      return new Pangolin(new Engine(t, limits, clock, observer, localStorageRoots, cache != null, secrets));
    }
  }
}
