package io.pangolin.iceberg;

import io.pangolin.api.ValidationException;
import io.pangolin.api.Warehouse;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.io.FileIO;

/**
 * One {@link FileIO} per warehouse, chosen from its storage root and configured from its storage properties:
 *
 * <ul>
 *   <li>{@code file:} — {@link LocalFileIO};
 *   <li>{@code s3:}, {@code s3a:}, {@code s3n:} — Iceberg's {@code S3FileIO} (iceberg-aws and the AWS SDK must be on the
 *       class path), with the warehouse's properties under Iceberg's names ({@code s3.endpoint},
 *       {@code s3.path-style-access}, {@code s3.access-key-id}, {@code s3.secret-access-key}, {@code client.region},
 *       …) or the short aliases {@code endpoint}, {@code path-style-access}, {@code access-key-id},
 *       {@code secret-access-key}, {@code session-token}, {@code region}; the SDK's URL-connection HTTP client is used
 *       unless {@code http-client.type} says otherwise;
 *   <li>any scheme — the class named by the storage property {@code io-impl}.
 * </ul>
 *
 * Instances are cached per tenant and warehouse and replaced when the warehouse changes. Thread-safe.
 */
final class WarehouseFileIOs implements AutoCloseable {
  static final String S3_FILE_IO = "org.apache.iceberg.aws.s3.S3FileIO";
  /** Default connect timeout of the S3 client. */
  static final int S3_CONNECT_TIMEOUT_MS = 3_000;
  /** Default socket (read) timeout of the S3 client: the longest silence of a connection. */
  static final int S3_SOCKET_TIMEOUT_MS = 30_000;
  /** Default retries of a failed S3 call (backoff 100 ms to 1 s). */
  static final int S3_RETRIES = 2;
  private static final Map<String, String> S3_ALIASES = Map.of(
      "endpoint", "s3.endpoint",
      "path-style-access", "s3.path-style-access",
      "access-key-id", "s3.access-key-id",
      "secret-access-key", "s3.secret-access-key",
      "session-token", "s3.session-token",
      "region", "client.region");

  private record Cached(long version, String root, FileIO io) {}

  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /**
   * The FileIO of {@code wh}, built from {@code storageProperties} (the warehouse's properties with its secrets
   * decrypted; asked for only when the FileIO is built).
   */
  FileIO forWarehouse(Warehouse wh, Function<Warehouse, Map<String, String>> storageProperties) {
    String key = wh.tenant() + "/" + wh.name();
    Cached c = cache.compute(key, (k, old) -> {
      if (old != null && old.version() == wh.version() && old.root().equals(wh.storageRoot())) {
        return old;
      }
      if (old != null) {
        old.io().close();
      }
      return new Cached(wh.version(), wh.storageRoot(), open(wh.storageRoot(), storageProperties.apply(wh)));
    });
    return c.io();
  }

  /** Opens a FileIO for a storage root; see the class comment for the rules. */
  static FileIO open(String storageRoot, Map<String, String> storageProperties) {
    Map<String, String> props = new HashMap<>(storageProperties);
    String impl = props.remove("io-impl");
    if (impl != null) {
      return CatalogUtil.loadFileIO(impl, props, null);
    }
    String scheme = scheme(storageRoot);
    switch (scheme) {
      case "file" -> {
        LocalFileIO io = new LocalFileIO();
        io.initialize(props);
        return io;
      }
      case "s3", "s3a", "s3n" -> {
        return CatalogUtil.loadFileIO(S3_FILE_IO, s3Properties(props), null);
      }
      default -> throw new ValidationException("no FileIO for storage scheme '" + scheme
          + "'; set the warehouse storage property io-impl to a FileIO class");
    }
  }

  static Map<String, String> s3Properties(Map<String, String> storageProperties) {
    Map<String, String> props = new HashMap<>();
    storageProperties.forEach((k, v) -> props.put(S3_ALIASES.getOrDefault(k, k), v));
    props.putIfAbsent("http-client.type", "urlconnection");
    // bounded in time: an unreachable or stalled endpoint fails a metadata read or write within seconds (503), not
    // after the SDK's default of five retries with up to 20 s backoff; each can be overridden per warehouse
    props.putIfAbsent("http-client.urlconnection.connection-timeout-ms", String.valueOf(S3_CONNECT_TIMEOUT_MS));
    props.putIfAbsent("http-client.urlconnection.socket-timeout-ms", String.valueOf(S3_SOCKET_TIMEOUT_MS));
    props.putIfAbsent("s3.retry.num-retries", String.valueOf(S3_RETRIES));
    props.putIfAbsent("s3.retry.min-wait-ms", "100");
    props.putIfAbsent("s3.retry.max-wait-ms", "1000");
    // the S3-only client factory: the default one also needs the KMS, STS, Glue and DynamoDB SDK modules
    props.putIfAbsent("s3.client-factory-impl", "org.apache.iceberg.aws.s3.DefaultS3FileIOAwsClientFactory");
    return props;
  }

  static String scheme(String location) {
    int colon = location.indexOf(':');
    return colon < 0 ? "file" : location.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() {
    cache.values().forEach(c -> c.io().close());
    cache.clear();
  }
}
