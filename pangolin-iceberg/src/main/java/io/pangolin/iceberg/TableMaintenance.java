package io.pangolin.iceberg;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.ConflictException;
import io.pangolin.api.GrantScope;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Page;
import io.pangolin.api.Privilege;
import io.pangolin.api.RequestContext;
import io.pangolin.api.UnavailableException;
import io.pangolin.api.ValidationException;
import io.pangolin.core.Locations;
import io.pangolin.core.Names;
import io.pangolin.core.Session;
import io.pangolin.iceberg.MaintenanceReport.TableReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.PartitionStatisticsFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Table maintenance executed by the server, so that the tables of every engine benefit:
 * <ol>
 *   <li><b>snapshot expiry</b> through Iceberg's own {@code ExpireSnapshots} on a table over
 *       {@link PangolinTableOperations}: the commit takes the normal path (permission, compare-and-swap, audit) and
 *       Iceberg decides which snapshots go (branch and tag heads and their retention respected) and which data,
 *       manifest and manifest-list files become unreachable; those are deleted through the warehouse's FileIO, only
 *       inside the warehouse root ({@link RootBoundFileIO});</li>
 *   <li><b>old metadata files</b>, per the table's {@code write.metadata.delete-after-commit.enabled}: metadata files
 *       of the table's metadata location that it no longer lists (neither current nor in its metadata log) and that
 *       were written before its current one;</li>
 *   <li><b>orphan files</b>: files under the table's data and metadata locations, listed through the FileIO
 *       ({@link SupportsPrefixOperations}), created before the orphan cutoff and referenced by no snapshot, manifest,
 *       statistics file or metadata file of the table.</li>
 * </ol>
 * A dry run runs the same Iceberg code over {@link DryRunOperations}: no commit, no delete, the same report.
 * Every table changed gets one {@code asset.maintenance} audit event. Thread-safe; one per process.
 */
public final class TableMaintenance {
  private static final System.Logger LOG = System.getLogger(TableMaintenance.class.getName());

  /** What a removed file was, for the report. */
  private enum Kind { DATA, MANIFEST, MANIFEST_LIST, METADATA, ORPHAN }

  private final IcebergCatalogs catalogs;

  public TableMaintenance(IcebergCatalogs catalogs) {
    this.catalogs = Objects.requireNonNull(catalogs, "catalogs");
  }

  /**
   * Maintains one Iceberg table.
   *
   * @throws NotFoundException no such asset (or the caller may not see it)
   * @throws io.pangolin.api.ForbiddenException the caller may not write it
   * @throws ValidationException the asset is not an Iceberg table with metadata, or orphan removal was asked for on
   *     a storage that cannot list files
   * @throws ConflictException the table kept changing concurrently
   */
  public MaintenanceReport table(Session session, AssetKey key, MaintenanceOptions options) {
    Objects.requireNonNull(options, "options");
    RequestContext ctx = session.context();
    session.require(Privilege.WRITE, GrantScope.asset(key.catalog(), key.namespace().levels(), key.name()));
    Asset asset = session.assets().get(ctx, key);
    if (asset.kind() != AssetKind.ICEBERG_TABLE) {
      throw new ValidationException("asset '" + Names.shorten(key.toString()) + "' is of kind " + asset.kind()
          + ": maintenance runs on Iceberg tables only");
    }
    if (asset.metadataLocation().isEmpty()) {
      throw new ValidationException("asset '" + Names.shorten(key.toString())
          + "' is an Iceberg table without a metadata file: nothing to maintain");
    }
    PangolinCatalog catalog = open(session, key.catalog(), options);
    return new MaintenanceReport(options.dryRun(), options.asOf(), List.of(run(session, catalog, asset, options)));
  }

  /**
   * Maintains every Iceberg table of {@code catalog} in {@code namespace} and below it ({@link NamespaceName#ROOT}:
   * the whole catalog); other assets and tables without metadata are skipped. Tables are done one after the other,
   * each committed on its own.
   */
  public MaintenanceReport catalog(Session session, String catalog, NamespaceName namespace,
      MaintenanceOptions options) {
    Objects.requireNonNull(options, "options");
    RequestContext ctx = session.context();
    session.require(Privilege.WRITE, GrantScope.namespace(catalog, namespace.levels()));
    PangolinCatalog c = open(session, catalog, options);
    if (!namespace.isRoot() && !session.namespaces().exists(ctx, catalog, namespace)) {
      throw new NotFoundException("namespace '" + Names.shorten(namespace.toString()) + "' does not exist");
    }
    List<TableReport> reports = new ArrayList<>();
    visit(session, catalog, namespace, asset -> reports.add(run(session, c, asset, options)));
    return new MaintenanceReport(options.dryRun(), options.asOf(), reports);
  }

  private PangolinCatalog open(Session session, String catalog, MaintenanceOptions options) {
    PangolinCatalog c = catalogs.open(session, catalog);
    if (options.removeOrphanFiles() && !(c.io() instanceof SupportsPrefixOperations)) {
      throw new ValidationException("the FileIO of warehouse '" + Names.shorten(c.warehouse().name())
          + "' cannot list files, so orphan files cannot be found");
    }
    return c;
  }

  private static void visit(Session session, String catalog, NamespaceName ns, Consumer<Asset> table) {
    RequestContext ctx = session.context();
    if (!ns.isRoot()) {
      Page.all(page -> session.assets().list(ctx, catalog, ns, Optional.of(AssetKind.ICEBERG_TABLE), page)).stream()
          .filter(a -> a.metadataLocation().isPresent())
          .forEach(table);
    }
    for (io.pangolin.api.Namespace child : Page.all(page -> session.namespaces().list(ctx, catalog, ns, page))) {
      visit(session, catalog, child.name(), table);
    }
  }


  // ---- one table -----------------------------------------------------------------------------------------

  private TableReport run(Session session, PangolinCatalog catalog, Asset asset, MaintenanceOptions options) {
    TableIdentifier ident = TableIdentifier.of(PangolinCatalog.namespace(asset.namespace()), asset.name());
    Table table;
    try {
      table = catalog.loadTable(ident);
    } catch (NoSuchTableException e) {
      throw new NotFoundException("Iceberg table '" + Names.shorten(ident.toString()) + "' does not exist");
    }
    TableOperations ops = ((BaseTable) table).operations();
    TableMetadata before = ops.current();
    Removals removals = new Removals(catalog.io(), new RootBoundFileIO(catalog.io(), catalog.warehouseRoot()),
        options.dryRun());
    TableMetadata after = before;
    if (options.removeOldSnapshots() && !before.snapshots().isEmpty()) {
      after = expire(catalog, ident, ops, before, options, removals);
    }
    String current = after.metadataFileLocation() != null ? after.metadataFileLocation()
        : before.metadataFileLocation();
    if (options.cleanMetadataFiles() && deleteAfterCommit(after)) {
      cleanMetadata(catalog.io(), after, current, removals);
    }
    if (options.removeOrphanFiles()) {
      removeOrphans(catalog.io(), after, current, options, removals);
    }
    Set<Long> kept = new HashSet<>();
    after.snapshots().forEach(s -> kept.add(s.snapshotId()));
    List<Long> expired = before.snapshots().stream().map(Snapshot::snapshotId).filter(id -> !kept.contains(id))
        .sorted().toList();
    TableReport report = removals.report(asset, expired, after.snapshots().size());
    if (!options.dryRun() && report.changed()) {
      session.auditMaintenance(asset, Map.of("snapshotsExpired", String.valueOf(expired.size()),
          "filesRemoved", String.valueOf(report.filesRemoved().size()),
          "bytesRemoved", String.valueOf(report.bytesRemoved())));
    }
    return report;
  }

  /** Iceberg's {@code ExpireSnapshots}, committed through the table's operations (or a dry run of them). */
  private static TableMetadata expire(PangolinCatalog catalog, TableIdentifier ident, TableOperations ops,
      TableMetadata before, MaintenanceOptions options, Removals removals) {
    FileIO io = catalog.io();
    Set<String> manifestLists = new HashSet<>();
    Set<String> manifests = new HashSet<>();
    for (Snapshot s : before.snapshots()) {
      if (s.manifestListLocation() != null) {
        manifestLists.add(s.manifestListLocation());
      }
      s.allManifests(io).forEach(m -> manifests.add(m.path()));
    }
    // the metadata files a commit drops from the log are deleted by the commit itself (delete-after-commit):
    // measured now, reported after
    Map<String, Long> logged = new LinkedHashMap<>();
    if (deleteAfterCommit(before)) {
      logged(before).forEach(f -> logged.put(f, removals.size(f)));
    }
    TableOperations target = options.dryRun() ? new DryRunOperations(ops) : ops;
    Table table = new BaseTable(target, catalog.name() + "." + ident);
    try {
      table.expireSnapshots()
          .expireOlderThan(options.snapshotCutoff().toEpochMilli())
          .retainLast(options.retainLast())
          .deleteWith(path -> removals.remove(path,
              manifestLists.contains(path) ? Kind.MANIFEST_LIST : manifests.contains(path) ? Kind.MANIFEST
                  : Kind.DATA))
          .commit();
    } catch (CommitFailedException e) {
      throw new ConflictException("table '" + Names.shorten(ident.toString())
          + "' was changed concurrently; run the maintenance again");
    } catch (CommitStateUnknownException e) {
      throw new UnavailableException("the outcome of the maintenance commit of '" + Names.shorten(ident.toString())
          + "' is unknown; run the maintenance again");
    }
    TableMetadata after = target.current();
    if (after != before && !logged.isEmpty()) {
      Set<String> still = new HashSet<>(logged(after));
      logged.forEach((path, size) -> {
        if (!still.contains(path) && size >= 0) {
          removals.record(path, Kind.METADATA, size);
        }
      });
    }
    return after;
  }

  private static boolean deleteAfterCommit(TableMetadata metadata) {
    return PropertyUtil.propertyAsBoolean(metadata.properties(),
        TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED,
        TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED_DEFAULT);
  }

  /** The current metadata file and those in the metadata log. */
  private static List<String> logged(TableMetadata metadata) {
    List<String> files = new ArrayList<>();
    metadata.previousFiles().forEach(e -> files.add(e.file()));
    if (metadata.metadataFileLocation() != null) {
      files.add(metadata.metadataFileLocation());
    }
    return files;
  }

  private static String metadataDir(TableMetadata metadata) {
    String dir = metadata.properties().get(TableProperties.WRITE_METADATA_LOCATION);
    return strip(dir != null ? dir : metadata.location() + "/metadata");
  }

  private static String dataDir(TableMetadata metadata) {
    String dir = metadata.properties().get(TableProperties.WRITE_DATA_LOCATION);
    if (dir == null) {
      dir = metadata.properties().get(TableProperties.OBJECT_STORE_PATH);
    }
    if (dir == null) {
      dir = metadata.properties().get(TableProperties.WRITE_FOLDER_STORAGE_LOCATION);
    }
    return strip(dir != null ? dir : metadata.location() + "/data");
  }

  private static String strip(String dir) {
    return dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
  }

  private static boolean isMetadataFile(String path) {
    return path.endsWith(".metadata.json");
  }

  /** Metadata files the table no longer lists, written before its current metadata file. */
  private static void cleanMetadata(FileIO io, TableMetadata after, String current, Removals removals) {
    if (!(io instanceof SupportsPrefixOperations prefixes)) {
      return; // nothing to list with: only the files the commit itself dropped are cleaned
    }
    Set<String> listed = new HashSet<>();
    listed.add(key(current));
    after.previousFiles().forEach(e -> listed.add(key(e.file())));
    List<FileInfo> files = list(prefixes, metadataDir(after));
    long currentCreated = files.stream().filter(f -> key(f.location()).equals(key(current)))
        .mapToLong(FileInfo::createdAtMillis).findFirst().orElse(Long.MIN_VALUE);
    for (FileInfo f : files) {
      if (isMetadataFile(f.location()) && !listed.contains(key(f.location()))
          && f.createdAtMillis() < currentCreated) {
        removals.remove(f.location(), Kind.METADATA, f.size());
      }
    }
  }

  /** Files under the data and metadata locations that nothing of the table references. */
  private static void removeOrphans(FileIO io, TableMetadata after, String current, MaintenanceOptions options,
      Removals removals) {
    SupportsPrefixOperations prefixes = (SupportsPrefixOperations) io;
    Set<String> reachable = reachable(io, after, current);
    long cutoff = options.orphanCutoff().toEpochMilli();
    Set<String> dirs = new TreeSet<>();
    dirs.add(dataDir(after));
    dirs.add(metadataDir(after));
    Set<String> seen = new HashSet<>();
    for (String dir : dirs) {
      for (FileInfo f : list(prefixes, dir)) {
        String k = key(f.location());
        if (seen.add(k) && !reachable.contains(k) && f.createdAtMillis() < cutoff) {
          removals.remove(f.location(), Kind.ORPHAN, f.size());
        }
      }
    }
  }

  /** Every file the table's metadata references (canonical forms). */
  private static Set<String> reachable(FileIO io, TableMetadata metadata, String current) {
    Set<String> out = new HashSet<>();
    out.add(key(current));
    metadata.previousFiles().forEach(e -> out.add(key(e.file())));
    metadata.statisticsFiles().stream().map(StatisticsFile::path).forEach(p -> out.add(key(p)));
    metadata.partitionStatisticsFiles().stream().map(PartitionStatisticsFile::path).forEach(p -> out.add(key(p)));
    Set<String> manifestsRead = new HashSet<>();
    for (Snapshot s : metadata.snapshots()) {
      if (s.manifestListLocation() != null) {
        out.add(key(s.manifestListLocation()));
      }
      for (ManifestFile m : s.allManifests(io)) {
        out.add(key(m.path()));
        if (manifestsRead.add(m.path())) {
          contentFiles(io, metadata, m).forEach(p -> out.add(key(p)));
        }
      }
    }
    return out;
  }

  private static List<String> contentFiles(FileIO io, TableMetadata metadata, ManifestFile m) {
    List<String> paths = new ArrayList<>();
    try (ManifestReader<? extends ContentFile<?>> reader = m.content() == ManifestContent.DELETES
        ? ManifestFiles.readDeleteManifest(m, io, metadata.specsById())
        : ManifestFiles.read(m, io, metadata.specsById())) {
      for (ContentFile<?> f : reader) {
        paths.add(f.location());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return paths;
  }

  private static List<FileInfo> list(SupportsPrefixOperations io, String dir) {
    List<FileInfo> files = new ArrayList<>();
    io.listPrefix(dir + "/").forEach(files::add);
    return files;
  }

  /** The form locations are compared in ({@code file:/x} and {@code file:///x} are the same file). */
  private static String key(String location) {
    try {
      return Locations.canonical("location", location);
    } catch (ValidationException e) {
      return location;
    }
  }

  /** The files removed by one table's run (or, in a dry run, that would be), with their sizes. */
  private static final class Removals {
    private record Removed(Kind kind, long size) {}

    private final FileIO io;
    private final RootBoundFileIO bounded;
    private final boolean dryRun;
    private final Map<String, Removed> removed = new ConcurrentHashMap<>();
    private final Set<String> keys = ConcurrentHashMap.newKeySet();

    Removals(FileIO io, RootBoundFileIO bounded, boolean dryRun) {
      this.io = io;
      this.bounded = bounded;
      this.dryRun = dryRun;
    }

    /** The file's size, or -1 if it does not exist (or cannot be read). */
    long size(String path) {
      try {
        return io.newInputFile(path).getLength();
      } catch (RuntimeException e) {
        return -1;
      }
    }

    /** Removes a file Iceberg's expiry let go: measured first; skipped if gone already or outside the root. */
    void remove(String path, Kind kind) {
      remove(path, kind, -1);
    }

    void remove(String path, Kind kind, long knownSize) {
      if (!bounded.inside(path)) {
        LOG.log(System.Logger.Level.WARNING, "maintenance skipped a file outside the warehouse root");
        return;
      }
      if (keys.contains(key(path))) {
        return;
      }
      long size = knownSize >= 0 ? knownSize : size(path);
      if (size < 0) {
        return;
      }
      if (!dryRun) {
        bounded.deleteFile(path);
      }
      record(path, kind, size);
    }

    /** Records a file removed by the commit itself. */
    void record(String path, Kind kind, long size) {
      if (keys.add(key(path))) {
        removed.put(path, new Removed(kind, size));
      }
    }

    TableReport report(Asset asset, List<Long> expired, int kept) {
      Map<Kind, Integer> counts = new HashMap<>();
      long bytes = 0;
      for (Removed r : removed.values()) {
        counts.merge(r.kind(), 1, Integer::sum);
        bytes += r.size();
      }
      return new TableReport(asset.catalog(), asset.namespace().toString(), asset.name(), expired, kept,
          counts.getOrDefault(Kind.DATA, 0), counts.getOrDefault(Kind.MANIFEST, 0),
          counts.getOrDefault(Kind.MANIFEST_LIST, 0), counts.getOrDefault(Kind.METADATA, 0),
          counts.getOrDefault(Kind.ORPHAN, 0), bytes, new TreeSet<>(removed.keySet()).stream().toList());
    }
  }
}
