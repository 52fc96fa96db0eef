package io.pangolin.iceberg;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.pangolin.api.Warehouse;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.view.ViewMetadata;
import org.apache.iceberg.view.ViewMetadataParser;

/**
 * Parsed Iceberg metadata files by location. A metadata file is never changed once written (every commit writes a
 * new one), so an entry never goes stale and needs no invalidation; entries are only evicted by size. Each table
 * entry keeps the file parsed and serialized again (the JSON a load answers with), so a warm {@code loadTable}
 * neither reads storage nor serializes the metadata.
 *
 * <p>Keys are scoped by tenant and warehouse (its version included, so a warehouse re-pointed at other storage does
 * not see entries read through its old configuration). The bound is a weight in bytes, estimated as two bytes per
 * character of the serialized metadata. Thread-safe; one per process.
 */
final class MetadataCache {
  /** Default bound: 128 MiB of serialized metadata. */
  static final long DEFAULT_MAX_BYTES = 128L << 20;
  /** Default bound of one metadata file: 64 MiB (after decompression). */
  static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;

  private record Key(String tenant, String warehouse, long warehouseVersion, String location) {}

  /** A table metadata file, parsed, with its JSON serialization. */
  static final class CachedTable {
    private final TableMetadata metadata;
    private final String json;
    private volatile String refsOnlyJson;

    CachedTable(TableMetadata metadata, String json) {
      this.metadata = metadata;
      this.json = json;
    }

    TableMetadata metadata() {
      return metadata;
    }

    /** {@link TableMetadataParser#toJson} of the metadata. */
    String json() {
      return json;
    }

    /** The serialized metadata with only the snapshots referenced by a branch or tag (computed once). */
    String refsOnlyJson(Function<TableMetadata, TableMetadata> refsOnly) {
      String j = refsOnlyJson;
      if (j == null) {
        j = TableMetadataParser.toJson(refsOnly.apply(metadata));
        refsOnlyJson = j;
      }
      return j;
    }
  }

  /** Null when disabled (bound 0): every read goes to storage. */
  private final Cache<Key, Object> cache;
  private final long maxFileBytes;
  /** Metadata files read from storage (table and view), for tests. */
  private final LongAdder storageReads = new LongAdder();

  MetadataCache(long maxBytes) {
    this(maxBytes, DEFAULT_MAX_FILE_BYTES);
  }

  /**
   * @param maxBytes bound of the cache (0 disables it)
   * @param maxFileBytes largest metadata file that is read (larger ones are refused without being read)
   */
  MetadataCache(long maxBytes, long maxFileBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative");
    }
    if (maxFileBytes < 1) {
      throw new IllegalArgumentException("maxFileBytes must be positive");
    }
    this.maxFileBytes = maxFileBytes;
    this.cache = maxBytes == 0 ? null : Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((Key k, Object v) -> (int) Math.min(Integer.MAX_VALUE, 2L * weight(v) + 2L * k.location().length()))
        .executor(Runnable::run) // evict on the calling thread: the bound holds when a put returns
        .build();
  }

  private Object get(Key key, java.util.function.Function<Key, Object> loader) {
    return cache == null ? loader.apply(key) : cache.get(key, loader);
  }

  private static long weight(Object value) {
    if (value instanceof CachedTable t) {
      return t.json().length();
    }
    return ((CachedView) value).json().length();
  }

  private record CachedView(ViewMetadata metadata, String json) {}

  long maxFileBytes() {
    return maxFileBytes;
  }

  /**
   * The table metadata file at {@code location}, read through {@code io} on a miss ({@link BoundedRead}: refused
   * if missing, not a file, or larger than the bound).
   */
  CachedTable table(Warehouse wh, FileIO io, String location) {
    Objects.requireNonNull(location, "location");
    return (CachedTable) get(key(wh, location), k -> {
      storageReads.increment();
      TableMetadata m = BoundedRead.parse(location, "table", BoundedRead.json(io, location, maxFileBytes),
          TableMetadataParser::fromJson);
      return new CachedTable(m, TableMetadataParser.toJson(m));
    });
  }

  /** The view metadata file at {@code location}, read through {@code io} on a miss. */
  ViewMetadata view(Warehouse wh, FileIO io, String location) {
    Objects.requireNonNull(location, "location");
    return ((CachedView) get(key(wh, location), k -> {
      storageReads.increment();
      ViewMetadata m = BoundedRead.parse(location, "view", BoundedRead.json(io, location, maxFileBytes),
          ViewMetadataParser::fromJson);
      return new CachedView(m, ViewMetadataParser.toJson(m));
    })).metadata();
  }

  /**
   * Enters the table metadata file this process has just written at {@code location} (so the commit's own refresh,
   * and the loads after it, do not read it back from storage): {@code written} with that location set, as parsing the
   * file would give it. A file that ends up unused (its commit failed) is an entry that is never asked for and ages
   * out.
   */
  void written(Warehouse wh, String location, TableMetadata written) {
    if (cache == null) {
      return;
    }
    TableMetadata m = TableMetadata.buildFrom(written).withMetadataLocation(location).discardChanges().build();
    cache.put(key(wh, location), new CachedTable(m, TableMetadataParser.toJson(m)));
  }

  /** Like {@link #written(Warehouse, String, TableMetadata)}, for a view metadata file. */
  void written(Warehouse wh, String location, ViewMetadata written) {
    if (cache == null) {
      return;
    }
    ViewMetadata m = ViewMetadata.buildFrom(written).setMetadataLocation(location).build();
    cache.put(key(wh, location), new CachedView(m, ViewMetadataParser.toJson(m)));
  }

  /** How many metadata files were read from storage (cache misses). */
  long storageReads() {
    return storageReads.sum();
  }

  /** The cached table entry if present (no storage read). */
  CachedTable cachedTable(Warehouse wh, String location) {
    Object v = cache == null ? null : cache.getIfPresent(key(wh, location));
    return v instanceof CachedTable t ? t : null;
  }

  long estimatedSize() {
    return cache == null ? 0 : cache.estimatedSize();
  }

  void clear() {
    if (cache != null) {
      cache.invalidateAll();
    }
  }

  private static Key key(Warehouse wh, String location) {
    return new Key(wh.tenant(), wh.name(), wh.version(), location);
  }
}
