package io.pangolin.iceberg;

import io.pangolin.api.ValidationException;
import io.pangolin.core.Names;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;

/**
 * Reads a metadata file with bounds: a location that is missing or not a regular file fails at once with Iceberg's
 * {@link NotFoundException} (404), a file larger than the bound — before or after gzip decompression — with
 * {@link ValidationException} (400), without reading it. A failure of the storage itself (an I/O error, an object
 * store that cannot be reached) is Iceberg's {@link ServiceUnavailableException} (503); only local I/O failures are
 * worth retrying here ({@link #RETRY}) — the S3 client retries by itself, within the timeouts that
 * {@link WarehouseFileIOs} gives it.
 */
final class BoundedRead {
  /** Attempts after the first for transient I/O failures of a metadata read (backoff 100 ms, 400 ms). */
  static final int RETRIES = 2;
  /** Retry a metadata read only after a local I/O failure, never after a refusal or a missing file. */
  static final Predicate<Exception> RETRY = e -> e instanceof ServiceUnavailableException
      && e.getCause() instanceof UncheckedIOException;

  private BoundedRead() {}

  static String json(FileIO io, String location, long maxBytes) {
    try {
      return read(io, location, maxBytes);
    } catch (RuntimeException e) {
      if (isStorageFailure(e)) {
        throw unavailable("read", location, e);
      }
      throw e;
    }
  }

  /**
   * Whether {@code e}, thrown by a {@link FileIO}, is a failure of the storage rather than of the request: an I/O
   * error, or any failure of the AWS SDK (unreachable endpoint, timeout, throttling, denied access) — its classes
   * are only on the runtime class path, so they are recognised by package.
   */
  static boolean isStorageFailure(Throwable e) {
    return e instanceof UncheckedIOException || e.getClass().getName().startsWith("software.amazon.awssdk.");
  }

  /** The 503 for a storage failure while doing {@code what} ({@code read}, {@code write}) at {@code location}. */
  static ServiceUnavailableException unavailable(String what, String location, RuntimeException cause) {
    return new ServiceUnavailableException(cause,
        "Cannot %s metadata file %s: the storage failed or is unreachable; retry later", what,
        Names.shorten(location));
  }

  private static String read(FileIO io, String location, long maxBytes) {
    InputFile in = io.newInputFile(location);
    if (!in.exists()) {
      throw new NotFoundException("Metadata file does not exist or is not a file: %s", Names.shorten(location));
    }
    long length = in.getLength();
    if (length > maxBytes) {
      throw tooLarge(length, maxBytes);
    }
    byte[] raw;
    try (InputStream s = in.newStream()) {
      raw = readAtMost(s, maxBytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read metadata file " + Names.shorten(location), e);
    }
    if (TableMetadataParser.Codec.fromFileName(location) == TableMetadataParser.Codec.GZIP) {
      try (InputStream s = new GZIPInputStream(new ByteArrayInputStream(raw))) {
        raw = readAtMost(s, maxBytes);
      } catch (IOException e) {
        throw new ValidationException("metadata file is not valid gzip: " + Names.shorten(location));
      }
    }
    return new String(raw, StandardCharsets.UTF_8);
  }

  /**
   * Parses a metadata file read by {@link #json}: a file that is not valid JSON or not valid Iceberg metadata is a
   * {@link BadRequestException} (400) naming the file, never an internal error.
   */
  static <T> T parse(String location, String what, String json, BiFunction<String, String, T> parser) {
    try {
      return parser.apply(location, json);
    } catch (UncheckedIOException e) {
      throw new BadRequestException(e, "Metadata file %s is not valid JSON", Names.shorten(location));
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null || e instanceof NullPointerException
          || e.getMessage().matches("(?s).*\\b(java|com|org|io)\\.[a-z].*") ? "a required field is missing or invalid"
          : Names.shorten(e.getMessage());
      throw new BadRequestException(e, "Metadata file %s is not valid Iceberg %s metadata: %s",
          Names.shorten(location), what, reason);
    }
  }

  private static byte[] readAtMost(InputStream s, long maxBytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    for (int n; (n = s.read(buf)) >= 0; ) {
      total += n;
      if (total > maxBytes) {
        throw tooLarge(total, maxBytes);
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static ValidationException tooLarge(long length, long maxBytes) {
    return new ValidationException("metadata file is larger than the limit of " + maxBytes + " bytes"
        + (length > 0 ? " (at least " + length + " bytes)" : ""));
  }
}
