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
import java.util.function.LongSupplier;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.view.BaseViewOperations;
import org.apache.iceberg.view.ViewMetadata;

/** View operations over a Pangolin asset of kind {@link AssetKind#ICEBERG_VIEW}; same protocol as tables. */
final class PangolinViewOperations extends BaseViewOperations {
  private final PangolinCatalog catalog;
  private final TableIdentifier ident;
  private final AssetKey key;
  private long assetVersion = -1;

  PangolinViewOperations(PangolinCatalog catalog, TableIdentifier ident) {
    this.catalog = catalog;
    this.ident = ident;
    this.key = catalog.key(ident);
  }

  @Override
  protected String viewName() {
    return catalog.name() + "." + ident;
  }

  @Override
  protected FileIO io() {
    return catalog.io();
  }

  @Override
  protected void doRefresh() {
    Optional<Asset> asset = catalog.findAsset(key, AssetKind.ICEBERG_VIEW);
    if (asset.isEmpty()) {
      if (currentMetadataLocation() != null) {
        throw new NoSuchViewException("View does not exist: %s", ident);
      }
      assetVersion = -1;
      refreshFromMetadataLocation(null);
      return;
    }
    assetVersion = asset.get().version();
    String location = asset.get().metadataLocation().orElseThrow(() -> catalog.noSuchView(ident));
    catalog.checkStoredMetadataLocation(location);
    refreshFromMetadataLocation(location, BoundedRead.RETRY, BoundedRead.RETRIES,
        l -> catalog.metadataCache().view(catalog.warehouse(), io(), l));
  }

  @Override
  protected void doCommit(ViewMetadata base, ViewMetadata metadata) {
    catalog.checkLocation(metadata.location());
    catalog.checkProperties(metadata.properties());
    if (base == null) {
      catalog.requireNamespace(ident.namespace());
    }
    catalog.requireWrite(ident, base == null); // before the metadata file is written
    String location;
    try {
      location = writeNewMetadataIfRequired(metadata);
    } catch (RuntimeException e) {
      if (BoundedRead.isStorageFailure(e)) {
        throw BoundedRead.unavailable("write", metadata.location() + "/metadata", e);
      }
      throw e;
    }
    if (!location.equals(metadata.metadataFileLocation())) {
      catalog.metadataCache().written(catalog.warehouse(), location, metadata); // not read back by the refresh
    }
    long expected = assetVersion;
    LongSupplier write = base == null
        ? () -> catalog.session().assets().create(catalog.context(), key.catalog(), key.namespace(),
            new NewAsset(key.name(), AssetKind.ICEBERG_VIEW, Optional.of(metadata.location()), Map.of(),
                Optional.of(location))).version()
        : () -> catalog.session().assets().commitMetadata(catalog.context(), key, expected, location).version();
    try {
      try {
        assetVersion = write.getAsLong();
      } catch (UnavailableException unknown) {
        // as for tables: find out whether the lost write happened before answering (a 503 means it did not)
        assetVersion = Outcomes.resolve(unknown, write::getAsLong, () -> ours(location));
      }
    } catch (AlreadyExistsException e) {
      io().deleteFile(location);
      throw catalog.alreadyExists(ident, e);
    } catch (NotFoundException e) {
      io().deleteFile(location);
      if (base == null) {
        throw new NoSuchNamespaceException(e, "Namespace does not exist: %s", ident.namespace());
      }
      throw new CommitFailedException(e, "Cannot commit %s: the view was dropped concurrently", viewName());
    } catch (ConflictException e) {
      io().deleteFile(location);
      throw new CommitFailedException(e, "Cannot commit %s: the view was changed concurrently", viewName());
    } catch (Outcomes.Unknown e) {
      throw new CommitStateUnknownException(e.getCause());
    } catch (PangolinException e) {
      io().deleteFile(location);
      throw e;
    }
  }

  /**
   * After a retried write was refused: whether the lost first attempt is what happened — the view, read from the
   * primary, points at {@code location} (view metadata keeps no log of earlier files, so a view moved on since by
   * another writer counts as not ours).
   *
   * @return the asset version if it was ours, empty if the refusal stands
   */
  private Optional<Long> ours(String location) {
    return Outcomes.onPrimary(() -> catalog.findAsset(key, AssetKind.ICEBERG_VIEW))
        .filter(a -> a.metadataLocation().filter(location::equals).isPresent())
        .map(Asset::version);
  }
}
