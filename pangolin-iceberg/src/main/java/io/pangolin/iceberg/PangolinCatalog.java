package io.pangolin.iceberg;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetEntry;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.CatalogBinding;
import io.pangolin.api.ConflictException;
import io.pangolin.api.MetadataCommit;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NamespaceService;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.RequestContext;
import io.pangolin.api.UnavailableException;
import io.pangolin.api.Warehouse;
import io.pangolin.core.LocationPolicy;
import io.pangolin.core.Names;
import io.pangolin.api.GrantScope;
import io.pangolin.api.Privilege;
import io.pangolin.core.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.UpdateNamespacePropertiesResponse;
import org.apache.iceberg.view.BaseMetastoreViewCatalog;

/**
 * An Iceberg {@link org.apache.iceberg.catalog.Catalog}, {@link SupportsNamespaces} and
 * {@link org.apache.iceberg.catalog.ViewCatalog} over one Pangolin catalog, acting for one {@link RequestContext}.
 * Every write goes through the Pangolin services, so naming rules, the namespace depth limit, quotas and the audit
 * log apply. Table and view metadata is Iceberg's own ({@code TableMetadata}, {@code ViewMetadata}), written through
 * the warehouse's {@link FileIO}.
 *
 * <p>Cheap to create; obtain one per request from {@link IcebergCatalogs#open}. Not thread-safe.
 */
public final class PangolinCatalog extends BaseMetastoreViewCatalog implements SupportsNamespaces {
  private final Session session;
  private final RequestContext ctx;
  private final io.pangolin.api.Catalog catalog;
  private final Warehouse warehouse;
  private final FileIO io;
  private final MetadataCache metadata;
  private final Map<String, String> properties;

  PangolinCatalog(Session session, CatalogBinding binding, FileIO io, MetadataCache metadata) {
    this.session = Objects.requireNonNull(session, "session");
    this.ctx = session.context();
    this.catalog = binding.catalog();
    this.warehouse = binding.warehouse();
    this.io = Objects.requireNonNull(io, "io");
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    // only table defaults/overrides are taken from the catalog's properties (no class names from there)
    Map<String, String> props = new HashMap<>();
    catalog.properties().forEach((k, v) -> {
      if (k.startsWith(CatalogProperties.TABLE_DEFAULT_PREFIX) || k.startsWith(CatalogProperties.TABLE_OVERRIDE_PREFIX)) {
        props.put(k, v);
      }
    });
    this.properties = Map.copyOf(props);
  }

  @Override
  public String name() {
    return catalog.name();
  }

  @Override
  protected Map<String, String> properties() {
    return properties;
  }

  Session session() {
    return session;
  }

  /**
   * Checks that the caller may create {@code ident} in its namespace ({@code create}) or write it, before a metadata
   * file is written (the service checks again when the pointer moves).
   */
  void requireWrite(TableIdentifier ident, boolean create) {
    java.util.List<String> levels = java.util.List.of(ident.namespace().levels());
    session.require(create ? Privilege.CREATE : Privilege.WRITE, create
        ? GrantScope.namespace(catalog.name(), levels)
        : GrantScope.asset(catalog.name(), levels, ident.name()));
  }

  Warehouse warehouse() {
    return warehouse;
  }

  MetadataCache metadataCache() {
    return metadata;
  }

  RequestContext context() {
    return ctx;
  }

  FileIO io() {
    return io;
  }

  /** The storage root of the catalog's warehouse. */
  public String warehouseRoot() {
    return warehouse.storageRoot();
  }

  // ---- identifiers and helpers ---------------------------------------------------------------------------

  static NamespaceName name(Namespace ns) {
    return new NamespaceName(Arrays.asList(ns.levels()));
  }

  static Namespace namespace(NamespaceName name) {
    return Namespace.of(name.levels().toArray(String[]::new));
  }

  AssetKey key(TableIdentifier ident) {
    return new AssetKey(catalog.name(), name(ident.namespace()), ident.name());
  }

  /**
   * The Iceberg table or view at {@code key}: the asset if it exists, is of {@code kind} and has a metadata file. An
   * asset of an Iceberg kind registered through the management API without a metadata location is a name taken in
   * the catalog, not a table or view the Iceberg API can serve: for it this is empty, and the Iceberg operations
   * answer as for a missing table or view ({@link #noSuchTable}, {@link #noSuchView}) — creating another under its
   * name is refused as a name already taken.
   */
  Optional<Asset> findAsset(AssetKey key, AssetKind kind) {
    if (key.namespace().isRoot()) {
      return Optional.empty();
    }
    return session.assets().find(ctx, key).filter(a -> a.kind() == kind && hasMetadata(a));
  }

  private static boolean hasMetadata(Asset a) {
    return a.metadataLocation().isPresent();
  }

  /** The 404 for a table that does not exist, saying so if the name is an Iceberg table without metadata. */
  NoSuchTableException noSuchTable(TableIdentifier ident) {
    return withoutMetadata(ident, AssetKind.ICEBERG_TABLE)
        ? new NoSuchTableException("Table does not exist: %s (it is registered in the catalog without Iceberg "
            + "metadata: no metadata file to load or commit to; register a metadata file under another name or "
            + "delete it through the management API)", ident)
        : new NoSuchTableException("Table does not exist: %s", ident);
  }

  /** The 404 for a view that does not exist, saying so if the name is an Iceberg view without metadata. */
  NoSuchViewException noSuchView(TableIdentifier ident) {
    return withoutMetadata(ident, AssetKind.ICEBERG_VIEW)
        ? new NoSuchViewException("View does not exist: %s (it is registered in the catalog without Iceberg "
            + "metadata: no metadata file to load or replace; delete it through the management API)", ident)
        : new NoSuchViewException("View does not exist: %s", ident);
  }

  private boolean withoutMetadata(TableIdentifier ident, AssetKind kind) {
    try {
      return isValidIdentifier(ident) && session.assets().find(ctx, key(ident))
          .filter(a -> a.kind() == kind && !hasMetadata(a)).isPresent();
    } catch (RuntimeException e) {
      return false; // the plain 404 then
    }
  }

  @Override
  public Table loadTable(TableIdentifier ident) {
    try {
      return super.loadTable(ident);
    } catch (NoSuchTableException e) {
      throw noSuchTable(ident);
    }
  }

  @Override
  public org.apache.iceberg.view.View loadView(TableIdentifier ident) {
    try {
      return super.loadView(ident);
    } catch (NoSuchViewException e) {
      throw noSuchView(ident);
    }
  }

  void requireNamespace(Namespace ns) {
    if (!namespaceExists(ns)) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", ns);
    }
  }

  /** Table and view properties naming where files are written; each must lie inside the warehouse root. */
  static final List<String> PATH_PROPERTIES = List.of(TableProperties.WRITE_METADATA_LOCATION,
      TableProperties.WRITE_DATA_LOCATION, TableProperties.OBJECT_STORE_PATH,
      TableProperties.WRITE_FOLDER_STORAGE_LOCATION);

  /** Throws a 4xx-mapped validation error unless {@code location} lies inside the warehouse root. */
  void checkLocation(String location) {
    LocationPolicy.requested(warehouse.storageRoot(), location);
  }

  /**
   * Checks the properties of a table or view: within the deployment's limits (count, key and value sizes — the same
   * bounds as every other property map, {@link Names#properties(Map, io.pangolin.core.Limits)}), and the path-valued
   * ones inside the warehouse root.
   */
  void checkProperties(Map<String, String> props) {
    Names.properties(props, session.limits());
    checkPathProperties(props);
  }

  /** Checks a list of a request against the deployment's list bound. */
  void checkList(String what, java.util.Collection<?> list) {
    if (list != null) {
      Names.list(what, list.size(), session.limits());
    }
  }

  /** Checks the path-valued properties ({@link #PATH_PROPERTIES}) of a table or view. */
  void checkPathProperties(Map<String, String> props) {
    if (props == null) {
      return;
    }
    for (String key : PATH_PROPERTIES) {
      String value = props.get(key);
      if (value != null) {
        LocationPolicy.requested(warehouse.storageRoot(), "property " + key, value);
      }
    }
  }

  /**
   * Refuses to read a stored metadata location outside the warehouse root (written before the rules, or by a
   * warehouse whose root moved): a 400 instead of reading another place's file.
   */
  void checkStoredMetadataLocation(String location) {
    LocationPolicy.requested(warehouse.storageRoot(), "metadata location", location);
  }

  /** Registers through the bounded, cached reader: the file is checked to lie in the root before it is read. */
  @Override
  public Table registerTable(TableIdentifier ident, String metadataFileLocation) {
    if (ident == null || !isValidIdentifier(ident)) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", ident == null ? "" : ident.namespace());
    }
    if (metadataFileLocation == null || metadataFileLocation.isEmpty()) {
      throw new BadRequestException("Cannot register an empty metadata file location as a table");
    }
    checkLocation(metadataFileLocation);
    if (tableExists(ident)) {
      throw new AlreadyExistsException("Table already exists: %s", ident);
    }
    PangolinTableOperations ops = newTableOps(ident);
    TableMetadata metadata = metadataCache().table(warehouse, io, metadataFileLocation).metadata();
    ops.commit(null, metadata);
    return new BaseTable(ops, fullTableName(name(), ident), metricsReporter());
  }

  /** The Iceberg exception for a name that is taken, saying by what. */
  AlreadyExistsException alreadyExists(TableIdentifier ident, RuntimeException cause) {
    return new AlreadyExistsException(cause, "%s with same name already exists: %s", takenBy(ident), ident);
  }

  /**
   * The Iceberg exception for a rename whose target name is taken, worded as the reference catalogs word it
   * ({@code InMemoryCatalog}, {@code JdbcCatalog}: "Cannot rename a to b. Table already exists").
   */
  private AlreadyExistsException renameTargetExists(TableIdentifier from, TableIdentifier to,
      RuntimeException cause) {
    return new AlreadyExistsException(cause, "Cannot rename %s to %s. %s already exists", from, to, takenBy(to));
  }

  /** What holds {@code ident}: "Table", "View", "Asset (kind)", or "Asset" when it cannot be read. */
  private String takenBy(TableIdentifier ident) {
    Optional<AssetKind> kind = Optional.empty();
    try {
      kind = session.assets().find(ctx, key(ident)).map(Asset::kind);
    } catch (RuntimeException e) {
      // unreadable: report the original conflict
    }
    return kind.map(k -> switch (k) {
      case ICEBERG_TABLE -> "Table";
      case ICEBERG_VIEW -> "View";
      default -> "Asset (" + k.name().toLowerCase(Locale.ROOT) + ")";
    }).orElse("Asset");
  }

  @Override
  protected boolean isValidIdentifier(TableIdentifier ident) {
    return !ident.namespace().isEmpty();
  }

  @Override
  protected PangolinTableOperations newTableOps(TableIdentifier ident) {
    return new PangolinTableOperations(this, ident);
  }

  @Override
  protected PangolinViewOperations newViewOps(TableIdentifier ident) {
    return new PangolinViewOperations(this, ident);
  }

  /** A fresh location from the Foundation's location policy (hash-prefixed under the warehouse root). */
  @Override
  protected String defaultWarehouseLocation(TableIdentifier ident) {
    return session.assets().planLocation(ctx, catalog.name(), name(ident.namespace()), ident.name(),
        Optional.empty());
  }

  /** Validates a location a client asked for: inside the warehouse root, normalised. */
  public String requestedLocation(TableIdentifier ident, String location) {
    return session.assets().planLocation(ctx, catalog.name(), name(ident.namespace()), ident.name(),
        Optional.of(location));
  }

  // ---- tables --------------------------------------------------------------------------------------------

  @Override
  public List<TableIdentifier> listTables(Namespace ns) {
    return Page.all(page -> listTables(ns, page));
  }

  /** One page of the tables of {@code ns}, in name order. */
  public Page<TableIdentifier> listTables(Namespace ns, PageRequest page) {
    return listAssets(ns, AssetKind.ICEBERG_TABLE, page);
  }

  private Page<TableIdentifier> listAssets(Namespace ns, AssetKind kind, PageRequest page) {
    try {
      NamespaceName name = name(ns);
      Page<AssetEntry> p = session.assets().listEntries(ctx, catalog.name(), name, Optional.of(kind), page);
      // tables and views without metadata are not served by the Iceberg API (see findAsset): not listed either
      Namespace namespace = namespace(name);
      return new Page<>(p.items().stream().filter(AssetEntry::hasMetadataLocation)
          .map(e -> TableIdentifier.of(namespace, e.name())).toList(), p.nextToken());
    } catch (NotFoundException e) {
      throw new NoSuchNamespaceException(e, "Namespace does not exist: %s", ns);
    }
  }


  @Override
  public boolean tableExists(TableIdentifier ident) {
    return isValidIdentifier(ident) && findAsset(key(ident), AssetKind.ICEBERG_TABLE).isPresent();
  }

  /**
   * Drops the table. With {@code purge}, its data, manifests, manifest lists, statistics and metadata files (current
   * and previous) are deleted through the FileIO after the table is gone from the catalog — only files inside the
   * warehouse root: a file the metadata lists elsewhere is skipped ({@link RootBoundFileIO}).
   */
  @Override
  public boolean dropTable(TableIdentifier ident, boolean purge) {
    if (!tableExists(ident)) {
      return false;
    }
    TableMetadata last = null;
    if (purge) {
      TableOperations ops = newTableOps(ident);
      try {
        last = ops.current();
      } catch (NoSuchTableException e) {
        return false;
      }
    }
    try {
      session.assets().delete(ctx, key(ident));
    } catch (NotFoundException e) {
      return false;
    }
    if (last != null) {
      CatalogUtil.dropTableData(new RootBoundFileIO(io, warehouse.storageRoot()), last);
    }
    return true;
  }

  @Override
  public void renameTable(TableIdentifier from, TableIdentifier to) {
    rename(from, to, AssetKind.ICEBERG_TABLE);
  }

  private void rename(TableIdentifier from, TableIdentifier to, AssetKind kind) {
    boolean table = kind == AssetKind.ICEBERG_TABLE;
    if (!isValidIdentifier(from) || findAsset(key(from), kind).isEmpty()) {
      throw table ? noSuchTable(from) : noSuchView(from);
    }
    if (!isValidIdentifier(to)) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", to.namespace());
    }
    requireNamespace(to.namespace());
    try {
      session.assets().rename(ctx, key(from), key(to));
    } catch (io.pangolin.api.AlreadyExistsException e) {
      throw renameTargetExists(from, to, e);
    } catch (NotFoundException e) {
      if (!namespaceExists(to.namespace())) {
        throw new NoSuchNamespaceException(e, "Namespace does not exist: %s", to.namespace());
      }
      throw table ? new NoSuchTableException(e, "Table does not exist: %s", from)
          : new NoSuchViewException(e, "View does not exist: %s", from);
    }
  }

  /**
   * Commits changes to several tables atomically: every requirement is checked against the table's current
   * metadata, the updates are applied with Iceberg's {@link TableMetadata.Builder}, each new metadata file is
   * written, and then one multi-asset compare-and-swap moves all pointers — or none.
   *
   * <p>A lost answer of that compare-and-swap is resolved as for a single table ({@link Outcomes}): the same
   * compare-and-swap is retried while the store is unreachable; if it is refused, the transaction happened when one of
   * its tables, read from the primary, points at (or lists in its metadata log) the metadata file this transaction
   * wrote for it — the compare-and-swap moves all pointers or none, so one table is proof for all.
   *
   * @throws CommitFailedException a requirement does not hold or a table changed concurrently; nothing changed
   * @throws CommitStateUnknownException the store stayed unreachable for {@link Outcomes#BOUND} after the answer of
   *     the compare-and-swap was lost; the metadata files are kept (the tables may point at them)
   */
  public void commitTransaction(List<UpdateTableRequest> changes) {
    commitTransaction(changes, Outcomes.BOUND);
  }

  /** As {@link #commitTransaction(List)}, with another bound for a lost answer (tests). */
  void commitTransaction(List<UpdateTableRequest> changes, Duration outcomeBound) {
    record Staged(PangolinTableOperations ops, TableMetadata base, TableMetadata current, boolean changed) {}
    Map<TableIdentifier, Staged> staged = new LinkedHashMap<>();
    // every requirement and update of every table is checked before any file is written
    for (UpdateTableRequest change : changes) {
      TableIdentifier ident = change.identifier();
      if (ident == null) {
        throw new BadRequestException("Invalid table change: identifier is required");
      }
      if (change.requirements().stream().anyMatch(UpdateRequirement.AssertTableDoesNotExist.class::isInstance)) {
        throw new BadRequestException("Tables cannot be created in a multi-table transaction: %s", ident);
      }
      Staged s = staged.get(ident);
      if (s == null) {
        if (!isValidIdentifier(ident)) {
          throw noSuchTable(ident);
        }
        PangolinTableOperations ops = newTableOps(ident);
        TableMetadata base = ops.current();
        if (base == null) {
          throw noSuchTable(ident);
        }
        s = new Staged(ops, base, base, false);
      }
      TableMetadata updated = MetadataUpdates.apply(s.current(), change);
      staged.put(ident, new Staged(s.ops(), s.base(), updated, s.changed() || !updated.changes().isEmpty()));
    }

    List<String> written = new ArrayList<>();
    List<MetadataCommit> commits = new ArrayList<>();
    Map<String, PangolinTableOperations> writers = new LinkedHashMap<>();
    try {
      for (Staged s : staged.values()) {
        if (s.changed()) {
          String location = s.ops().writeForTransaction(s.current());
          written.add(location);
          writers.put(location, s.ops());
          commits.add(new MetadataCommit(s.ops().key(), s.ops().assetVersion(), location));
        }
      }
      if (!commits.isEmpty()) {
        try {
          session.assets().commitMetadata(ctx, commits);
        } catch (UnavailableException unknown) {
          // as for one table: a 503 would tell the client nothing was committed, so find out first
          Outcomes.resolve(unknown, outcomeBound, () -> session.assets().commitMetadata(ctx, commits),
              () -> ours(writers));
        }
      }
    } catch (ConflictException | NotFoundException e) {
      written.forEach(io::deleteFile);
      throw new CommitFailedException(e, "Cannot commit transaction: a table was changed concurrently");
    } catch (Outcomes.Unknown e) {
      throw new CommitStateUnknownException(e.getCause());
    } catch (RuntimeException e) { // also a metadata file that could not be written: 503, nothing was committed
      written.forEach(io::deleteFile);
      throw e;
    }
  }

  /**
   * After the retried compare-and-swap of a transaction was refused: whether the lost first attempt is what happened,
   * i.e. one of its tables ({@code writers}: the metadata file written for it → its operations) shows its new file.
   *
   * @return present (an empty list; the answer is not used) if it happened, else empty
   */
  private Optional<List<Asset>> ours(Map<String, PangolinTableOperations> writers) {
    for (Map.Entry<String, PangolinTableOperations> w : writers.entrySet()) {
      if (w.getValue().ours(w.getKey()).isPresent()) {
        return Optional.of(List.of());
      }
    }
    return Optional.empty();
  }

  // ---- views ---------------------------------------------------------------------------------------------

  @Override
  public List<TableIdentifier> listViews(Namespace ns) {
    return Page.all(page -> listViews(ns, page));
  }

  public Page<TableIdentifier> listViews(Namespace ns, PageRequest page) {
    return listAssets(ns, AssetKind.ICEBERG_VIEW, page);
  }

  @Override
  public boolean viewExists(TableIdentifier ident) {
    return isValidIdentifier(ident) && findAsset(key(ident), AssetKind.ICEBERG_VIEW).isPresent();
  }

  @Override
  public boolean dropView(TableIdentifier ident) {
    if (!viewExists(ident)) {
      return false;
    }
    try {
      session.assets().delete(ctx, key(ident));
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  @Override
  public void renameView(TableIdentifier from, TableIdentifier to) {
    rename(from, to, AssetKind.ICEBERG_VIEW);
  }

  // ---- namespaces ----------------------------------------------------------------------------------------

  @Override
  public void createNamespace(Namespace ns, Map<String, String> metadata) {
    try {
      session.namespaces().create(ctx, catalog.name(), name(ns), metadata == null ? Map.of() : metadata);
    } catch (io.pangolin.api.AlreadyExistsException e) {
      throw new AlreadyExistsException(e, "Namespace already exists: %s", ns);
    } catch (NotFoundException e) {
      throw new NoSuchNamespaceException(e, "Parent namespace does not exist: %s",
          Namespace.of(Arrays.copyOf(ns.levels(), Math.max(0, ns.length() - 1))));
    }
  }

  @Override
  public List<Namespace> listNamespaces(Namespace ns) {
    return Page.all(page -> listNamespaces(ns, page));
  }

  /** One page of the direct children of {@code parent} (the empty namespace: top level). */
  public Page<Namespace> listNamespaces(Namespace parent, PageRequest page) {
    try {
      Page<NamespaceName> p = session.namespaces().listNames(ctx, catalog.name(), name(parent), page);
      return new Page<>(p.items().stream().map(PangolinCatalog::namespace).toList(), p.nextToken());
    } catch (NotFoundException e) {
      throw new NoSuchNamespaceException(e, "Namespace does not exist: %s", parent);
    }
  }

  @Override
  public Map<String, String> loadNamespaceMetadata(Namespace ns) {
    if (ns.isEmpty()) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", ns);
    }
    try {
      Map<String, String> props = new HashMap<>(session.namespaces().get(ctx, catalog.name(), name(ns)).properties());
      // engines (Trino) derive table locations from it: the user's, or where the location policy puts the namespace
      props.computeIfAbsent(LocationPolicy.NAMESPACE_LOCATION,
          k -> LocationPolicy.namespaceLocation(warehouse.storageRoot(), catalog.name(), name(ns)));
      return props;
    } catch (NotFoundException e) {
      throw new NoSuchNamespaceException(e, "Namespace does not exist: %s", ns);
    }
  }

  @Override
  public boolean namespaceExists(Namespace ns) {
    return !ns.isEmpty() && session.namespaces().exists(ctx, catalog.name(), name(ns));
  }

  /** @throws NamespaceNotEmptyException the namespace has child namespaces, tables, views or other assets */
  @Override
  public boolean dropNamespace(Namespace ns) {
    if (!namespaceExists(ns)) {
      return false;
    }
    try {
      session.namespaces().delete(ctx, catalog.name(), name(ns));
      return true;
    } catch (NotFoundException e) {
      return false;
    } catch (ConflictException e) {
      throw new NamespaceNotEmptyException(e, "Namespace %s is not empty: %s", ns, e.getMessage());
    }
  }

  @Override
  public boolean setProperties(Namespace ns, Map<String, String> props) {
    updateProperties(ns, props, Set.of());
    return true;
  }

  @Override
  public boolean removeProperties(Namespace ns, Set<String> keys) {
    return !updateProperties(ns, Map.of(), keys).removed().isEmpty();
  }

  /** Sets and removes namespace properties in one atomic update, reporting removal keys that were missing. */
  public UpdateNamespacePropertiesResponse updateProperties(Namespace ns, Map<String, String> updates,
      Set<String> removals) {
    if (ns.isEmpty()) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", ns);
    }
    try {
      NamespaceService.PropertiesUpdate u =
          session.namespaces().updateProperties(ctx, catalog.name(), name(ns), updates, removals);
      return UpdateNamespacePropertiesResponse.builder()
          .addUpdated(new ArrayList<>(u.updated()))
          .addRemoved(new ArrayList<>(u.removed()))
          .addMissing(new ArrayList<>(u.missing()))
          .build();
    } catch (NotFoundException e) {
      throw new NoSuchNamespaceException(e, "Namespace does not exist: %s", ns);
    }
  }

  /** Nothing to release: the FileIO belongs to {@link IcebergCatalogs}. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "PangolinCatalog[" + ctx.tenant() + "/" + catalog.name() + "]";
  }
}
