package io.pangolin.iceberg;

import java.util.Map;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.LocationProvider;
import org.apache.iceberg.io.OutputFile;

/**
 * Table operations for a dry run of Iceberg's own table maintenance: they start at the real table's current
 * metadata, keep a "commit" in memory only (no metadata file, no pointer move) and read through the real FileIO,
 * whose writes and deletes they refuse. Iceberg's {@code ExpireSnapshots} then computes exactly what it would
 * commit and delete, and its delete callback only records.
 */
final class DryRunOperations implements TableOperations {
  private final TableOperations real;
  private final FileIO readOnly;
  private TableMetadata current;

  DryRunOperations(TableOperations real) {
    this.real = real;
    this.current = real.current();
    this.readOnly = new ReadOnlyFileIO(real.io());
  }

  @Override
  public TableMetadata current() {
    return current;
  }

  @Override
  public TableMetadata refresh() {
    return current;
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    if (base != current) {
      throw new CommitFailedException("dry run: the base is not the current metadata");
    }
    current = metadata;
  }

  @Override
  public FileIO io() {
    return readOnly;
  }

  @Override
  public String metadataFileLocation(String fileName) {
    return real.metadataFileLocation(fileName);
  }

  @Override
  public LocationProvider locationProvider() {
    return real.locationProvider();
  }

  /** Reads pass through; anything that would change storage is refused. */
  private record ReadOnlyFileIO(FileIO delegate) implements FileIO {
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
      throw new UnsupportedOperationException("a dry run writes nothing");
    }

    @Override
    public void deleteFile(String path) {
      throw new UnsupportedOperationException("a dry run deletes nothing");
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
}
