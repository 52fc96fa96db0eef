package io.pangolin.iceberg;

import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.ConflictException;
import io.pangolin.api.NewAsset;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.PangolinException;
import io.pangolin.api.UnavailableException;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.BaseMetastoreTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileIO;

/**
 * Table operations over a Pangolin asset of kind {@link AssetKind#ICEBERG_TABLE}. A refresh reads the asset and
 * remembers its version; a commit writes the new metadata file through the warehouse's FileIO and moves the
 * asset's metadata pointer with a compare-and-swap on that version. Not thread-safe (one per request).
 */
final class PangolinTableOperations extends BaseMetastoreTableOperations {
  private final PangolinCatalog catalog;
  private final TableIdentifier ident;
  private final AssetKey key;
  /** Metadata file of the last successful commit through this instance, to pin {@link #current()} to it. */
  private String committedLocation;
  private long assetVersion = -1;

  PangolinTableOperations(PangolinCatalog catalog, TableIdentifier ident) {
    this.catalog = catalog;
    this.ident = ident;
    this.key = catalog.key(ident);
  }

  /** Reads a metadata file through the process-wide cache of parsed (immutable) metadata files. */
  private TableMetadata read(String location) {
    return catalog.metadataCache().table(catalog.warehouse(), io(), location).metadata();
  }

  AssetKey key() {
    return key;
  }

  /** The asset version that {@link #current()} was read at: the compare-and-swap token of the next commit. */
  long assetVersion() {
    return assetVersion;
  }

  @Override
  protected String tableName() {
    return catalog.name() + "." + ident;
  }

  @Override
  public FileIO io() {
    return catalog.io();
  }

  @Override
  protected void doRefresh() {
    Optional<Asset> asset = catalog.findAsset(key, AssetKind.ICEBERG_TABLE);
    if (asset.isEmpty()) {
      if (currentMetadataLocation() != null) {
        throw new NoSuchTableException("Table does not exist: %s", ident);
      }
      assetVersion = -1;
      refreshFromMetadataLocation(null);
      return;
    }
    assetVersion = asset.get().version();
    String location = asset.get().metadataLocation().orElseThrow(() -> catalog.noSuchTable(ident));
    catalog.checkStoredMetadataLocation(location);
    refreshFromMetadataLocation(location, BoundedRead.RETRY, BoundedRead.RETRIES, this::read);
  }

  /**
   * Commits, then pins {@link #current()} to exactly the committed metadata. The base class would re-read the pointer
   * lazily, and under concurrent commits that can be a later commit's state — the commit response must describe this
   * commit, or a client would attribute another writer's snapshot to itself.
   */
  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    committedLocation = null;
    super.commit(base, metadata);
    if (committedLocation != null) {
      refreshFromMetadataLocation(committedLocation, BoundedRead.RETRY, BoundedRead.RETRIES, this::read);
    }
  }

  @Override
  protected void doCommit(TableMetadata base, TableMetadata metadata) {
    checkLocations(metadata);
    catalog.requireWrite(ident, base == null); // before the metadata file is written
    if (base == null) {
      create(metadata);
      return;
    }
    String newLocation = write(false, metadata);
    long expected = assetVersion;
    try {
      try {
        assetVersion = catalog.session().assets()
            .commitMetadata(catalog.context(), key, expected, newLocation).version();
      } catch (UnavailableException unknown) {
        // the compare-and-swap may or may not have happened: find out before answering (a 503 tells the client
        // that nothing was committed, and it then deletes the files of its commit)
        assetVersion = Outcomes.resolve(unknown, () -> catalog.session().assets()
            .commitMetadata(catalog.context(), key, expected, newLocation).version(), () -> ours(newLocation));
      }
      committedLocation = newLocation;
    } catch (ConflictException | NotFoundException e) {
      io().deleteFile(newLocation);
      throw new CommitFailedException(e, "Cannot commit %s: the table was changed concurrently", tableName());
    } catch (Outcomes.Unknown e) {
      throw new CommitStateUnknownException(e.getCause());
    } catch (PangolinException e) {
      io().deleteFile(newLocation);
      throw e;
    }
  }

  /** Creates the asset (create, stage-create commit, register). Register keeps the given metadata file. */
  private void create(TableMetadata metadata) {
    catalog.requireNamespace(ident.namespace());
    String location = write(true, metadata);
    boolean written = !location.equals(metadata.metadataFileLocation());
    NewAsset asset = new NewAsset(key.name(), AssetKind.ICEBERG_TABLE, Optional.of(metadata.location()), Map.of(),
        Optional.of(location));
    try {
      try {
        assetVersion = catalog.session().assets().create(catalog.context(), key.catalog(), key.namespace(), asset)
            .version();
      } catch (UnavailableException unknown) {
        // as for a commit: a create answered 503 must not exist, so find out whether it happened
        assetVersion = Outcomes.resolve(unknown, () -> catalog.session().assets().create(catalog.context(),
            key.catalog(), key.namespace(), asset).version(), () -> ours(location));
      }
      committedLocation = location;
    } catch (AlreadyExistsException e) {
      deleteIf(written, location);
      throw catalog.alreadyExists(ident, e);
    } catch (NotFoundException e) {
      deleteIf(written, location);
      throw new NoSuchNamespaceException(e, "Namespace does not exist: %s", ident.namespace());
    } catch (Outcomes.Unknown e) {
      throw new CommitStateUnknownException(e.getCause());
    } catch (RuntimeException e) {
      deleteIf(written, location);
      throw e;
    }
  }

  /**
   * After a retried write was refused (the table moved, or exists): whether the first attempt, whose answer was lost,
   * is what moved it — the asset, read from the primary, points at {@code location} or lists it in its metadata log.
   *
   * @return the asset version if it was ours, empty if the refusal stands
   */
  Optional<Long> ours(String location) {
    Optional<Asset> asset = Outcomes.onPrimary(() -> catalog.findAsset(key, AssetKind.ICEBERG_TABLE));
    if (asset.isEmpty()) {
      return Optional.empty();
    }
    String current = asset.get().metadataLocation().orElseThrow();
    if (current.equals(location) || read(current).previousFiles().stream()
        .anyMatch(e -> e.file().equals(location))) {
      return Optional.of(asset.get().version());
    }
    return Optional.empty();
  }

  /** Validates and writes the metadata file of a multi-table commit; the pointer moves later, for all tables. */
  String writeForTransaction(TableMetadata metadata) {
    checkLocations(metadata);
    catalog.requireWrite(ident, false);
    return write(false, metadata);
  }

  /** Writes the metadata file (unless it is the given one); a storage failure is a 503, nothing was committed. */
  private String write(boolean newTable, TableMetadata metadata) {
    String location;
    try {
      location = writeNewMetadataIfRequired(newTable, metadata);
    } catch (RuntimeException e) {
      if (BoundedRead.isStorageFailure(e)) {
        throw BoundedRead.unavailable("write", metadata.location() + "/metadata", e);
      }
      throw e;
    }
    if (!location.equals(metadata.metadataFileLocation())) {
      catalog.metadataCache().written(catalog.warehouse(), location, metadata); // not read back by the refresh
    }
    return location;
  }

  private void checkLocations(TableMetadata metadata) {
    catalog.checkLocation(metadata.location());
    catalog.checkProperties(metadata.properties());
    if (metadata.metadataFileLocation() != null) {
      catalog.checkLocation(metadata.metadataFileLocation());
    }
  }

  private void deleteIf(boolean written, String location) {
    if (written) {
      io().deleteFile(location);
    }
  }
}
