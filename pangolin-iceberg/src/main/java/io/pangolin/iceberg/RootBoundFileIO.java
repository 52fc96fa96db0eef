package io.pangolin.iceberg;

import io.pangolin.api.ValidationException;
import io.pangolin.core.Locations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.SupportsBulkOperations;

/**
 * A FileIO for purges that deletes only inside one warehouse root: a delete of a location outside it (or of one that
 * is not a valid location) is skipped and logged, never passed on. Metadata a client wrote may list any path;
 * purging a table must not delete another warehouse's (another tenant's) files. Reads are passed on unchanged.
 */
final class RootBoundFileIO implements FileIO, SupportsBulkOperations {
  private static final System.Logger LOG = System.getLogger(RootBoundFileIO.class.getName());
  private final FileIO delegate;
  private final String root;

  RootBoundFileIO(FileIO delegate, String root) {
    this.delegate = delegate;
    this.root = Locations.canonical("storage root", root);
  }

  boolean inside(String location) {
    try {
      return Locations.below(root, Locations.canonical("location", location));
    } catch (ValidationException e) {
      return false;
    }
  }

  @Override
  public InputFile newInputFile(String path) {
    return delegate.newInputFile(path);
  }

  @Override
  public InputFile newInputFile(String path, long length) {
    return delegate.newInputFile(path, length);
  }

  @Override
  public OutputFile newOutputFile(String path) {
    throw new UnsupportedOperationException("a purge writes nothing");
  }

  @Override
  public void deleteFile(String path) {
    if (inside(path)) {
      delegate.deleteFile(path);
    } else {
      skipped(1);
    }
  }

  @Override
  public void deleteFiles(Iterable<String> paths) throws BulkDeletionFailureException {
    List<String> inside = new ArrayList<>();
    int skipped = 0;
    for (String p : paths) {
      if (inside(p)) {
        inside.add(p);
      } else {
        skipped++;
      }
    }
    if (skipped > 0) {
      skipped(skipped);
    }
    if (delegate instanceof SupportsBulkOperations bulk) {
      try {
        bulk.deleteFiles(inside);
        return;
      } catch (BulkDeletionFailureException | UnsupportedOperationException e) {
        // a store without a working multi-object delete (GCS's S3 interface, some S3-compatible servers): one by
        // one; deleting a file that the bulk call did delete is harmless
        LOG.log(System.Logger.Level.WARNING, "bulk delete failed (" + e.getClass().getSimpleName()
            + "); deleting " + inside.size() + " file(s) one by one");
      }
    }
    int failed = 0;
    for (String p : inside) {
      try {
        delegate.deleteFile(p);
      } catch (RuntimeException e) {
        failed++;
      }
    }
    if (failed > 0) {
      throw new BulkDeletionFailureException(failed);
    }
  }

  private static void skipped(int count) {
    LOG.log(System.Logger.Level.WARNING, "purge skipped " + count + " file(s) outside the warehouse root");
  }

  @Override
  public Map<String, String> properties() {
    return delegate.properties();
  }

  @Override
  public void close() {
    // the delegate belongs to the catalog
  }
}
