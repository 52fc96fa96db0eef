package io.pangolin.iceberg;

import io.pangolin.api.ValidationException;
import io.pangolin.core.Names;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;

/**
 * Reads a metadata file with bounds: a location that is missing or not a regular file fails at once with Iceberg's
 * {@link NotFoundException} (404), a file larger than the bound — before or after gzip decompression — with
 * {@link ValidationException} (400), without reading it. Only I/O failures are worth retrying ({@link #RETRY}).
 */
final class BoundedRead {
  /** Attempts after the first for transient I/O failures of a metadata read (backoff 100 ms, 400 ms). */
  static final int RETRIES = 2;
  /** Retry a metadata read only after an I/O failure, never after a refusal or a missing file. */
  static final Predicate<Exception> RETRY = e -> (e instanceof UncheckedIOException || e instanceof RuntimeIOException)
      && !(e instanceof NotFoundException);

  private BoundedRead() {}

  static String json(FileIO io, String location, long maxBytes) {
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
