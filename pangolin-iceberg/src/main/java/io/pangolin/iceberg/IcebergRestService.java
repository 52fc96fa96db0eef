package io.pangolin.iceberg;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.RequestContext;
import io.pangolin.core.Names;
import io.pangolin.core.Pangolin;
import io.pangolin.spi.ReadConsistency;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.Endpoint;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.CreateViewRequest;
import org.apache.iceberg.rest.requests.FetchScanTasksRequest;
import org.apache.iceberg.rest.requests.PlanTableScanRequest;
import org.apache.iceberg.rest.requests.RegisterTableRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.ReportMetricsRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.CreateNamespaceResponse;
import org.apache.iceberg.rest.responses.FetchScanTasksResponse;
import org.apache.iceberg.rest.responses.PlanTableScanResponse;
import org.apache.iceberg.rest.responses.GetNamespaceResponse;
import org.apache.iceberg.rest.responses.ImmutableLoadCredentialsResponse;
import org.apache.iceberg.rest.responses.ListNamespacesResponse;
import org.apache.iceberg.rest.responses.ListTablesResponse;
import org.apache.iceberg.rest.responses.LoadCredentialsResponse;
import org.apache.iceberg.rest.responses.LoadViewResponse;
import org.apache.iceberg.rest.responses.ImmutableLoadViewResponse;
import org.apache.iceberg.rest.responses.UpdateNamespacePropertiesResponse;
import org.apache.iceberg.view.ViewMetadata;

/**
 * The operations of the Iceberg REST Catalog API (1.10 spec), independent of HTTP: typed requests in, Iceberg
 * response models out, failures as Iceberg or Pangolin exceptions (see {@link IcebergErrors} for their HTTP mapping).
 * Most operations delegate to Iceberg's {@link CatalogHandlers} over a {@link PangolinCatalog}; listings page through
 * Pangolin's own page tokens; namespace property updates are one atomic update; commits are checked in memory
 * ({@link MetadataUpdates}) before anything is written; the multi-table commit is atomic.
 * Thread-safe; one per process.
 */
public final class IcebergRestService implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(IcebergRestService.class.getName());

  /** Every endpoint this server implements, announced by {@code GET /v1/config}. */
  public static final List<Endpoint> ENDPOINTS = List.of(
      Endpoint.V1_LIST_NAMESPACES,
      Endpoint.V1_LOAD_NAMESPACE,
      Endpoint.V1_NAMESPACE_EXISTS,
      Endpoint.V1_CREATE_NAMESPACE,
      Endpoint.V1_UPDATE_NAMESPACE,
      Endpoint.V1_DELETE_NAMESPACE,
      Endpoint.V1_COMMIT_TRANSACTION,
      Endpoint.V1_LIST_TABLES,
      Endpoint.V1_LOAD_TABLE,
      Endpoint.V1_TABLE_EXISTS,
      Endpoint.V1_CREATE_TABLE,
      Endpoint.V1_UPDATE_TABLE,
      Endpoint.V1_DELETE_TABLE,
      Endpoint.V1_RENAME_TABLE,
      Endpoint.V1_REGISTER_TABLE,
      Endpoint.V1_REPORT_METRICS,
      Endpoint.V1_TABLE_CREDENTIALS,
      // scan planning, at the spec's paths (Iceberg 1.10's Endpoint constants omit the namespace segment)
      Endpoint.create("POST", "/v1/{prefix}/namespaces/{namespace}/tables/{table}/plan"),
      Endpoint.create("GET", "/v1/{prefix}/namespaces/{namespace}/tables/{table}/plan/{plan-id}"),
      Endpoint.create("DELETE", "/v1/{prefix}/namespaces/{namespace}/tables/{table}/plan/{plan-id}"),
      Endpoint.create("POST", "/v1/{prefix}/namespaces/{namespace}/tables/{table}/tasks"),
      Endpoint.V1_LIST_VIEWS,
      Endpoint.V1_LOAD_VIEW,
      Endpoint.V1_VIEW_EXISTS,
      Endpoint.V1_CREATE_VIEW,
      Endpoint.V1_UPDATE_VIEW,
      Endpoint.V1_DELETE_VIEW,
      Endpoint.V1_RENAME_VIEW);

  /** Which snapshots a table load returns. */
  public enum SnapshotMode {
    /** All snapshots (the default). */
    ALL,
    /** Only snapshots referenced by a branch or tag; clients load the rest lazily. */
    REFS;

    /** Parses the {@code snapshots} query parameter; absent means {@link #ALL}. */
    public static SnapshotMode parse(String value) {
      if (value == null || value.isEmpty()) {
        return ALL;
      }
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "all" -> ALL;
        case "refs" -> REFS;
        default -> throw new BadRequestException("Invalid snapshots mode '%s': use all or refs", value);
      };
    }
  }

  /**
   * What a write of the Iceberg API is audited as: the action and resource type of the management API's write that
   * it performs (a commit is {@code asset.commit}, as it is when the catalog records it).
   */
  public enum Write {
    CREATE_NAMESPACE("namespace.create", "namespace"),
    UPDATE_NAMESPACE("namespace.update", "namespace"),
    DROP_NAMESPACE("namespace.delete", "namespace"),
    CREATE("asset.create", "asset"),
    COMMIT("asset.commit", "asset"),
    DROP("asset.delete", "asset"),
    RENAME("asset.rename", "asset"),
    COMMIT_TRANSACTION("asset.commit-multi", "asset");

    private final String action;
    private final String resourceType;

    Write(String action, String resourceType) {
      this.action = action;
      this.resourceType = resourceType;
    }

    public String action() {
      return action;
    }

    public String resourceType() {
      return resourceType;
    }
  }

  private final IcebergCatalogs catalogs;
  private final StorageAccess storage;

  public IcebergRestService(Pangolin pangolin) {
    this(pangolin, MetadataCache.DEFAULT_MAX_BYTES);
  }

  /** @param metadataCacheBytes bound of the cache of parsed metadata files (0 disables it) */
  public IcebergRestService(Pangolin pangolin, long metadataCacheBytes) {
    this(pangolin, metadataCacheBytes, MetadataCache.DEFAULT_MAX_FILE_BYTES);
  }

  /**
   * @param metadataCacheBytes bound of the cache of parsed metadata files (0 disables it)
   * @param maxMetadataFileBytes largest metadata file read (larger ones are refused with a 400, unread)
   */
  public IcebergRestService(Pangolin pangolin, long metadataCacheBytes, long maxMetadataFileBytes) {
    this(pangolin, metadataCacheBytes, maxMetadataFileBytes, List.of(new S3CredentialVendor()));
  }

  /**
   * @param metadataCacheBytes bound of the cache of parsed metadata files (0 disables it)
   * @param maxMetadataFileBytes largest metadata file read (larger ones are refused with a 400, unread)
   * @param vendors the credential vendors for {@code X-Iceberg-Access-Delegation: vended-credentials}, by storage
   */
  public IcebergRestService(Pangolin pangolin, long metadataCacheBytes, long maxMetadataFileBytes,
      List<CredentialVendor> vendors) {
    this.catalogs = new IcebergCatalogs(pangolin, metadataCacheBytes, maxMetadataFileBytes);
    this.storage = new StorageAccess(pangolin, vendors);
  }

  public IcebergCatalogs catalogs() {
    return catalogs;
  }

  /**
   * Runs one request's write — {@code body} may parse the request too — so that a failure is audited exactly once
   * ({@link Pangolin#auditedWrite}): the failed write of the catalog it reached, or else {@code write} on
   * {@code resourceName} (asked for only then, so it may name what {@code body} parsed) with the error code of the
   * failure's HTTP status. The caller's permission to write is checked first, so a reader's commit writes no file.
   */
  public <T> T audited(RequestContext ctx, Write write, Supplier<String> resourceName, Supplier<T> body) {
    return catalogs.pangolin().auditedWrite(ctx, write.action(), write.resourceType(), resourceName,
        IcebergErrors::auditCode, body);
  }

  private PangolinCatalog open(RequestContext ctx, String catalog) {
    return catalogs.open(ctx, catalog);
  }

  /**
   * Runs a write whose reads decide it — the table a commit checks its requirements against and whose version its
   * compare-and-swap expects, whether a name is taken or a table exists to drop or rename — with every store read on
   * the primary and past every cache ({@link ReadConsistency#fromPrimary}). A lagging replica, or another instance's
   * cache entry whose invalidation has not arrived (or never will: that instance was killed), would otherwise give a
   * stale base, and the commit would fail with a 409 that no concurrent writer caused, however often it is retried.
   * The tenant and catalog are resolved before, as for a read. Plain reads ({@link #loadTable}) stay on replicas and
   * caches.
   */
  private static <T> T deciding(Supplier<T> write) {
    return ReadConsistency.fromPrimary(write);
  }

  private static void deciding(Runnable write) {
    ReadConsistency.fromPrimary(() -> {
      write.run();
      return null;
    });
  }

  // ---- config --------------------------------------------------------------------------------------------

  /**
   * Client configuration for {@code catalog} of the context's tenant: the {@code prefix} override
   * ({@code <tenant>.<catalog>}) and the supported endpoints.
   *
   * @throws io.pangolin.api.NotFoundException unknown tenant or catalog
   */
  public ConfigResponse config(RequestContext ctx, String catalog) {
    open(ctx, catalog);
    return ConfigResponse.builder()
        .withOverride("prefix", new CatalogPrefix(ctx.tenant(), catalog).toString())
        .withEndpoints(new ArrayList<>(ENDPOINTS))
        .build();
  }

  // ---- namespaces ----------------------------------------------------------------------------------------

  public ListNamespacesResponse listNamespaces(RequestContext ctx, String catalog, Namespace parent,
      Optional<String> pageToken, Optional<Integer> pageSize) {
    PangolinCatalog c = open(ctx, catalog);
    Page<Namespace> page = page(p -> c.listNamespaces(parent, p), pageToken, pageSize);
    return ListNamespacesResponse.builder().addAll(new ArrayList<>(page.items())).nextPageToken(page.nextToken().orElse(null))
        .build();
  }

  public CreateNamespaceResponse createNamespace(RequestContext ctx, String catalog, CreateNamespaceRequest request) {
    return CatalogHandlers.createNamespace(open(ctx, catalog), request);
  }

  public GetNamespaceResponse loadNamespace(RequestContext ctx, String catalog, Namespace ns) {
    return CatalogHandlers.loadNamespace(open(ctx, catalog), ns);
  }

  /** @throws org.apache.iceberg.exceptions.NoSuchNamespaceException it does not exist */
  public void namespaceExists(RequestContext ctx, String catalog, Namespace ns) {
    CatalogHandlers.namespaceExists(open(ctx, catalog), ns);
  }

  /** @throws org.apache.iceberg.exceptions.NamespaceNotEmptyException it still has namespaces or assets */
  public void dropNamespace(RequestContext ctx, String catalog, Namespace ns) {
    CatalogHandlers.dropNamespace(open(ctx, catalog), ns);
  }

  public UpdateNamespacePropertiesResponse updateNamespaceProperties(RequestContext ctx, String catalog,
      Namespace ns, UpdateNamespacePropertiesRequest request) {
    PangolinCatalog c = open(ctx, catalog);
    c.checkList("removals", request.removals());
    return c.updateProperties(ns, new HashMap<>(request.updates()), new HashSet<>(request.removals()));
  }

  // ---- tables --------------------------------------------------------------------------------------------

  public ListTablesResponse listTables(RequestContext ctx, String catalog, Namespace ns, Optional<String> pageToken,
      Optional<Integer> pageSize) {
    PangolinCatalog c = open(ctx, catalog);
    Page<TableIdentifier> page = page(p -> c.listTables(ns, p), pageToken, pageSize);
    return ListTablesResponse.builder().addAll(new ArrayList<>(page.items())).nextPageToken(page.nextToken().orElse(null)).build();
  }

  /** Creates a table, or with {@code stage-create} only returns the metadata a later create-commit starts from. */
  public LoadedTable createTable(RequestContext ctx, String catalog, Namespace ns, CreateTableRequest request) {
    return createTable(ctx, catalog, ns, request, Set.of());
  }

  /**
   * Like {@link #createTable(RequestContext, String, Namespace, CreateTableRequest)}, with the storage access the
   * client asked for ({@code X-Iceberg-Access-Delegation}) in the answer's {@code config} / {@code storage-credentials}.
   */
  public LoadedTable createTable(RequestContext ctx, String catalog, Namespace ns, CreateTableRequest request,
      Set<AccessDelegation> delegation) {
    PangolinCatalog c = open(ctx, catalog);
    return deciding(() -> {
      c.requireNamespace(ns);
      if (request.location() != null) {
        c.requestedLocation(TableIdentifier.of(ns, request.name()), request.location());
      }
      c.checkProperties(request.properties());
      storage.check(c.warehouse(), delegation);
      LoadedTable t = request.stageCreate()
          ? LoadedTable.staged(CatalogHandlers.stageTableCreate(c, ns, request).tableMetadata())
          : answer(c, CatalogHandlers.createTable(c, ns, request).tableMetadata());
      return delegated(c, TableIdentifier.of(ns, request.name()), t, delegation, !request.stageCreate(), true);
    });
  }

  /** Registers an existing metadata file (inside the warehouse root) as a new table. */
  public LoadedTable registerTable(RequestContext ctx, String catalog, Namespace ns,
      RegisterTableRequest request) {
    return registerTable(ctx, catalog, ns, request, Set.of());
  }

  /** Like {@link #registerTable(RequestContext, String, Namespace, RegisterTableRequest)}, with storage access. */
  public LoadedTable registerTable(RequestContext ctx, String catalog, Namespace ns,
      RegisterTableRequest request, Set<AccessDelegation> delegation) {
    PangolinCatalog c = open(ctx, catalog);
    return deciding(() -> {
      c.requireNamespace(ns);
      c.checkLocation(request.metadataLocation());
      storage.check(c.warehouse(), delegation);
      LoadedTable t = answer(c, CatalogHandlers.registerTable(c, ns, request).tableMetadata());
      return delegated(c, TableIdentifier.of(ns, request.name()), t, delegation, true, false);
    });
  }

  /**
   * {@code r} of a table just created or registered, with the storage access asked for. If that fails (the identity
   * provider refusing or unreachable), the table is dropped again — purged if this request wrote its metadata — so
   * that an error answer leaves nothing behind.
   */
  private LoadedTable delegated(PangolinCatalog c, TableIdentifier ident, LoadedTable t,
      Set<AccessDelegation> delegation, boolean created, boolean purge) {
    StorageAccess.Delegated d;
    try {
      d = storage.delegate(c, ident, t.tableMetadata(), delegation, true);
    } catch (RuntimeException e) {
      if (created) {
        try {
          c.dropTable(ident, purge);
        } catch (RuntimeException undo) {
          e.addSuppressed(undo);
        }
      }
      throw e;
    }
    return t.delegated(d);
  }

  /**
   * Loads a table: one asset read, the metadata from the cache of parsed metadata files (storage is read only the
   * first time a metadata file is seen), the answer serialized from the cached JSON.
   *
   * @throws NoSuchTableException it does not exist
   */
  public LoadedTable loadTable(RequestContext ctx, String catalog, TableIdentifier ident, SnapshotMode mode) {
    return loadTable(ctx, catalog, ident, mode, Set.of());
  }

  /** Like {@link #loadTable(RequestContext, String, TableIdentifier, SnapshotMode)}, with the storage access asked for. */
  public LoadedTable loadTable(RequestContext ctx, String catalog, TableIdentifier ident, SnapshotMode mode,
      Set<AccessDelegation> delegation) {
    PangolinCatalog c = open(ctx, catalog);
    TableMetadata current = current(c, ident).current();
    LoadedTable loaded = loaded(c, current, mode);
    return delegation.isEmpty() ? loaded : loaded.delegated(storage.delegate(c, ident, current, delegation, false));
  }

  /** The operations of an existing table, its metadata read. @throws NoSuchTableException it does not exist */
  private static PangolinTableOperations current(PangolinCatalog c, TableIdentifier ident) {
    if (!c.isValidIdentifier(ident)) {
      throw c.noSuchTable(ident);
    }
    PangolinTableOperations ops = c.newTableOps(ident);
    if (ops.current() == null) {
      throw c.noSuchTable(ident);
    }
    return ops;
  }

  /** @throws NoSuchTableException it does not exist (explaining a table registered without metadata) */
  private static void requireTable(PangolinCatalog c, TableIdentifier ident) {
    if (!c.tableExists(ident)) {
      throw c.noSuchTable(ident);
    }
  }

  /**
   * The answer of a create or register whose table ops read {@code metadata}'s file through the metadata cache.
   * Iceberg's {@code LoadTableResponse} hands out a copy of the metadata, so the cached entry of that (immutable) file
   * is taken instead: the same content, with its JSON already built.
   */
  private static LoadedTable answer(PangolinCatalog c, TableMetadata metadata) {
    MetadataCache.CachedTable cached = c.metadataCache().cachedTable(c.warehouse(), metadata.metadataFileLocation());
    return loaded(cached, cached != null ? cached.metadata() : metadata, SnapshotMode.ALL);
  }

  /** The answer for {@code metadata} (read through {@code c}), its JSON from the metadata cache where present. */
  private static LoadedTable loaded(PangolinCatalog c, TableMetadata metadata, SnapshotMode mode) {
    return loaded(c.metadataCache().cachedTable(c.warehouse(), metadata.metadataFileLocation()), metadata, mode);
  }

  /** The answer for {@code metadata}, its JSON from {@code cached} (null: none) if that entry is this metadata. */
  private static LoadedTable loaded(MetadataCache.CachedTable cached, TableMetadata metadata, SnapshotMode mode) {
    String location = metadata.metadataFileLocation();
    boolean hit = cached != null && cached.metadata() == metadata;
    String selection = mode.name().toLowerCase(Locale.ROOT);
    if (mode == SnapshotMode.ALL) {
      String json = hit ? cached.json() : TableMetadataParser.toJson(metadata);
      return new LoadedTable(location, metadata, json, selection, Map.of());
    }
    TableMetadata refs = refsOnly(metadata);
    String json = hit ? cached.refsOnlyJson(IcebergRestService::refsOnly) : TableMetadataParser.toJson(refs);
    return new LoadedTable(location, refs, json, selection, Map.of());
  }

  private static TableMetadata refsOnly(TableMetadata m) {
    return TableMetadata.buildFrom(m).withMetadataLocation(m.metadataFileLocation())
        .suppressHistoricalSnapshots().discardChanges().build();
  }

  /** @throws NoSuchTableException it does not exist */
  public void tableExists(RequestContext ctx, String catalog, TableIdentifier ident) {
    requireTable(open(ctx, catalog), ident);
  }

  /** Drops a table; with {@code purge}, also deletes its data and metadata files through the FileIO. */
  public void dropTable(RequestContext ctx, String catalog, TableIdentifier ident, boolean purge) {
    PangolinCatalog c = open(ctx, catalog);
    deciding(() -> {
      if (!c.dropTable(ident, purge)) {
        throw c.noSuchTable(ident);
      }
    });
  }

  public void renameTable(RequestContext ctx, String catalog, RenameTableRequest request) {
    PangolinCatalog c = open(ctx, catalog);
    deciding(() -> CatalogHandlers.renameTable(c, request));
  }

  /**
   * Commits to one table, or completes a staged create ({@code assert-create}). Requirements are checked and updates
   * applied by Iceberg's metadata builder in memory ({@link MetadataUpdates}) before anything is written: a
   * requirement that does not hold is a 409, an invalid update a 400, and neither writes a file. A commit that loses
   * the compare-and-swap to a concurrent one (its file deleted) is retried on the new state, requirements checked
   * again, as Iceberg's reference handler does (4 retries, backoff from 100 ms).
   */
  public LoadedTable updateTable(RequestContext ctx, String catalog, TableIdentifier ident,
      UpdateTableRequest request) {
    if (request.identifier() != null && !request.identifier().equals(ident)) {
      throw new BadRequestException("Identifier in the body (%s) does not match the path (%s)",
          request.identifier(), ident);
    }
    PangolinCatalog c = open(ctx, catalog);
    checkLists(c, request);
    boolean create = request.requirements().stream()
        .anyMatch(UpdateRequirement.AssertTableDoesNotExist.class::isInstance);
    return loaded(c, deciding(() -> create ? createCommit(c, ident, request) : commit(c, ident, request)),
        SnapshotMode.ALL);
  }

  private static TableMetadata createCommit(PangolinCatalog c, TableIdentifier ident, UpdateTableRequest request) {
    if (!c.isValidIdentifier(ident)) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", ident.namespace());
    }
    c.requireNamespace(ident.namespace());
    PangolinTableOperations ops = c.newTableOps(ident);
    if (ops.current() != null) {
      throw new CommitFailedException("Requirement failed: table already exists");
    }
    TableMetadata metadata = MetadataUpdates.create(request);
    if (metadata.location() != null) {
      c.requestedLocation(ident, metadata.location()); // the name and the location, before a file is written
    }
    ops.commit(null, metadata);
    return ops.current();
  }

  private static TableMetadata commit(PangolinCatalog c, TableIdentifier ident, UpdateTableRequest request) {
    PangolinTableOperations ops = current(c, ident);
    return retryingLostRaces(attempt -> {
      TableMetadata base = attempt == 0 ? ops.current() : ops.refresh();
      TableMetadata updated = MetadataUpdates.apply(base, request); // a failed requirement is final: no retry
      if (updated.changes().isEmpty()) {
        return base;
      }
      try {
        ops.commit(base, updated);
      } catch (CommitFailedException e) {
        throw new LostRace(e); // a concurrent commit won the compare-and-swap: retry on the new state
      }
      return ops.current();
    });
  }

  /**
   * Runs {@code attempt} (0, 1, …) again while it throws {@link LostRace}: Iceberg's defaults, 4 retries waiting
   * 100 ms, doubling. An interrupted thread stops retrying. After the last, the lost race's exception is thrown.
   */
  private static <T> T retryingLostRaces(IntFunction<T> attempt) {
    AtomicInteger n = new AtomicInteger();
    try {
      return COMMIT_RETRY.executeSupplier(() -> attempt.apply(n.getAndIncrement()));
    } catch (LostRace e) {
      throw e.lost;
    }
  }

  private static final Retry COMMIT_RETRY = Retry.of("iceberg-commit", RetryConfig.custom()
      .maxAttempts(TableProperties.COMMIT_NUM_RETRIES_DEFAULT + 1)
      .intervalFunction(IntervalFunction.ofExponentialBackoff(TableProperties.COMMIT_MIN_RETRY_WAIT_MS_DEFAULT, 2.0))
      .retryOnException(e -> e instanceof LostRace && !Thread.currentThread().isInterrupted())
      .build());

  /** A commit that lost the compare-and-swap to a concurrent one: retried (a failed requirement is not). */
  private static final class LostRace extends RuntimeException {
    private final transient CommitFailedException lost;

    LostRace(CommitFailedException lost) {
      super(lost.getMessage(), null, false, false);
      this.lost = lost;
    }
  }

  /** Commits changes to several tables atomically: all advance or none does. */
  public void commitTransaction(RequestContext ctx, String catalog, CommitTransactionRequest request) {
    PangolinCatalog c = open(ctx, catalog);
    c.checkList("table-changes", request.tableChanges());
    request.tableChanges().forEach(change -> checkLists(c, change));
    deciding(() -> c.commitTransaction(request.tableChanges()));
  }

  /** The requirements and updates of one commit within the deployment's list bound. */
  private static void checkLists(PangolinCatalog c, UpdateTableRequest request) {
    c.checkList("requirements", request.requirements());
    c.checkList("updates", request.updates());
  }

  /**
   * Accepts a scan or commit report for a table of an existing namespace. The table need not exist yet: engines
   * report while a staged create is still open (the server keeps no state for staged creates, so it cannot tell such a
   * table from a missing one). Reports are not stored: the caller counts them by type, and they are logged at debug
   * level.
   *
   * @return the report type ({@code scan-report} or {@code commit-report}) for the caller's metrics
   * @throws org.apache.iceberg.exceptions.NoSuchNamespaceException the namespace does not exist
   */
  public String reportMetrics(RequestContext ctx, String catalog, TableIdentifier ident,
      ReportMetricsRequest request) {
    PangolinCatalog c = open(ctx, catalog);
    Names.asset(ident.name());
    c.requireNamespace(ident.namespace());
    // SCAN_REPORT → scan-report, COMMIT_REPORT → commit-report (the report-type of the request)
    String type = request.reportType().name().toLowerCase(Locale.ROOT).replace('_', '-');
    LOG.log(System.Logger.Level.DEBUG, () -> "metrics report " + type + " for " + ctx.tenant() + "/" + catalog
        + "." + ident + ": " + request.report());
    return type;
  }

  /**
   * Vended storage credentials for a table (read-write if the caller may write it, else read-only), restricted to
   * its locations.
   *
   * @throws io.pangolin.api.ValidationException the warehouse is not configured for vending (400)
   */
  public LoadCredentialsResponse loadCredentials(RequestContext ctx, String catalog, TableIdentifier ident) {
    PangolinCatalog c = open(ctx, catalog);
    TableMetadata current = current(c, ident).current();
    return ImmutableLoadCredentialsResponse.builder().addCredentials(storage.vend(c, ident, current, false)).build();
  }

  /**
   * Signs one S3 request of a client with remote signing (Iceberg's S3 signer protocol, at the per-table endpoint):
   * the caller must be able to read the table; the request must stay inside the table's locations; a write request
   * needs write permission on the table. Refusals are audited.
   *
   * @param body the sign request JSON ({@code region}, {@code method}, {@code uri}, {@code headers}, {@code body})
   * @return the URI and headers to send; {@link SignedRequest#cacheable()} for GET and HEAD
   */
  public SignedRequest sign(RequestContext ctx, String catalog, TableIdentifier ident, String body) {
    PangolinCatalog c = open(ctx, catalog);
    TableMetadata current = current(c, ident).current();
    S3RequestSigner.Signed s = storage.sign(c, ident, current, body);
    return new SignedRequest(IcebergJson.mapper().createObjectNode().put("uri", s.uri().toString())
        .set("headers", IcebergJson.mapper().valueToTree(s.headers())).toString(), s.cacheable());
  }

  /**
   * A signed S3 request as the signer protocol answers it.
   *
   * @param json {@code {"uri": …, "headers": {name: [values]}}}
   * @param cacheable whether the client may cache it ({@code Cache-Control: private}): GET and HEAD only
   */
  public record SignedRequest(String json, boolean cacheable) {}

  // ---- scan planning ------------------------------------------------------------------------------------

  /** Plans a scan on the server, synchronously: the response is {@code completed} with every file scan task. */
  public PlanTableScanResponse planTableScan(RequestContext ctx, String catalog, TableIdentifier ident,
      PlanTableScanRequest request) {
    return ScanPlanning.plan(open(ctx, catalog).loadTable(ident), request);
  }

  /** @throws NoSuchPlanException always (after checking the table): plans complete synchronously */
  public PlanTableScanResponse fetchPlanningResult(RequestContext ctx, String catalog, TableIdentifier ident,
      String planId) {
    requireTable(open(ctx, catalog), ident);
    throw NoSuchPlanException.planId(planId);
  }

  /** @throws NoSuchPlanException always (after checking the table): there is never a plan in progress */
  public void cancelPlanning(RequestContext ctx, String catalog, TableIdentifier ident, String planId) {
    requireTable(open(ctx, catalog), ident);
    throw NoSuchPlanException.planId(planId);
  }

  /** @throws NoSuchPlanException always (after checking the table): no plan tasks are handed out */
  public FetchScanTasksResponse fetchScanTasks(RequestContext ctx, String catalog, TableIdentifier ident,
      FetchScanTasksRequest request) {
    requireTable(open(ctx, catalog), ident);
    throw NoSuchPlanException.planTask(request.planTask());
  }

  // ---- views ---------------------------------------------------------------------------------------------

  public ListTablesResponse listViews(RequestContext ctx, String catalog, Namespace ns, Optional<String> pageToken,
      Optional<Integer> pageSize) {
    PangolinCatalog c = open(ctx, catalog);
    Page<TableIdentifier> page = page(p -> c.listViews(ns, p), pageToken, pageSize);
    return ListTablesResponse.builder().addAll(new ArrayList<>(page.items())).nextPageToken(page.nextToken().orElse(null)).build();
  }

  public LoadViewResponse createView(RequestContext ctx, String catalog, Namespace ns, CreateViewRequest request) {
    PangolinCatalog c = open(ctx, catalog);
    return deciding(() -> {
      c.requireNamespace(ns);
      if (request.location() != null) {
        c.requestedLocation(TableIdentifier.of(ns, request.name()), request.location());
      }
      c.checkProperties(request.properties());
      MetadataUpdates.checkViewVersion(request.viewVersion()); // only SQL representations, at least one
      return CatalogHandlers.createView(c, ns, request);
    });
  }

  public LoadViewResponse loadView(RequestContext ctx, String catalog, TableIdentifier ident) {
    return CatalogHandlers.loadView(open(ctx, catalog), ident);
  }

  /** @throws org.apache.iceberg.exceptions.NoSuchViewException it does not exist */
  public void viewExists(RequestContext ctx, String catalog, TableIdentifier ident) {
    PangolinCatalog c = open(ctx, catalog);
    if (!c.viewExists(ident)) {
      throw c.noSuchView(ident);
    }
  }

  /**
   * Replaces a view: requirements checked and updates applied by Iceberg's view metadata builder in memory
   * ({@link MetadataUpdates}) before anything is written; retried like a table commit after a lost race.
   */
  public LoadViewResponse updateView(RequestContext ctx, String catalog, TableIdentifier ident,
      UpdateTableRequest request) {
    PangolinCatalog c = open(ctx, catalog);
    checkLists(c, request);
    return deciding(() -> replaceView(c, ident, request));
  }

  private static LoadViewResponse replaceView(PangolinCatalog c, TableIdentifier ident, UpdateTableRequest request) {
    if (!c.isValidIdentifier(ident)) {
      throw c.noSuchView(ident);
    }
    PangolinViewOperations ops = c.newViewOps(ident);
    if (ops.current() == null) {
      throw c.noSuchView(ident);
    }
    ViewMetadata result = retryingLostRaces(attempt -> {
      ViewMetadata base = attempt == 0 ? ops.current() : ops.refresh();
      ViewMetadata updated = MetadataUpdates.apply(base, request);
      if (updated.changes().isEmpty()) {
        return base;
      }
      try {
        ops.commit(base, updated);
      } catch (CommitFailedException e) {
        throw new LostRace(e);
      }
      return ops.current();
    });
    return ImmutableLoadViewResponse.builder().metadata(result).metadataLocation(result.metadataFileLocation())
        .build();
  }

  public void dropView(RequestContext ctx, String catalog, TableIdentifier ident) {
    PangolinCatalog c = open(ctx, catalog);
    deciding(() -> {
      if (!c.dropView(ident)) {
        throw c.noSuchView(ident);
      }
    });
  }

  public void renameView(RequestContext ctx, String catalog, RenameTableRequest request) {
    PangolinCatalog c = open(ctx, catalog);
    deciding(() -> CatalogHandlers.renameView(c, request));
  }

  // ---- paging --------------------------------------------------------------------------------------------

  /**
   * One page when the client asked for a page size (clamped to {@link PageRequest#MAX_SIZE}), otherwise every item:
   * clients that do not page (older ones) get the complete listing.
   */
  static <T> Page<T> page(Function<PageRequest, Page<T>> lister, Optional<String> pageToken,
      Optional<Integer> pageSize) {
    Objects.requireNonNull(pageToken, "pageToken");
    Optional<String> token = pageToken.filter(t -> !t.isEmpty());
    if (pageSize.isPresent()) {
      int size = pageSize.get();
      if (size < 1) {
        throw new BadRequestException("Invalid pageSize %s: must be positive", size);
      }
      size = Math.min(size, PageRequest.MAX_SIZE);
      return lister.apply(token.isPresent() ? PageRequest.after(token.get(), size) : PageRequest.first(size));
    }
    Page<T> p = lister.apply(token.isPresent() ? PageRequest.after(token.get(), PageRequest.MAX_SIZE)
        : PageRequest.first(PageRequest.MAX_SIZE));
    if (p.nextToken().isEmpty()) {
      return p; // the common case: everything fits in one page, no copy into a second list
    }
    List<T> all = new ArrayList<>(p.items());
    while (p.nextToken().isPresent()) {
      p = lister.apply(PageRequest.after(p.nextToken().get(), PageRequest.MAX_SIZE));
      all.addAll(p.items());
    }
    return Page.last(all);
  }

  @Override
  public void close() {
    catalogs.close();
    storage.close();
  }
}
