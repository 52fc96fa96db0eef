package io.pangolin.iceberg;

import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.io.SupportsBulkOperations;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * A {@link FileIO} for local file systems ({@code file:/…}, {@code file:///…} or plain absolute paths) on
 * {@code java.nio}, without Hadoop — Hadoop's file system does not start on JDK 24+ ({@code getSubject is not
 * supported}). Engines that write to a {@code file:} warehouse can use it too: {@code io-impl =
 * io.pangolin.iceberg.LocalFileIO}.
 *
 * <p>Locations it returns keep the form of the location they were asked for. Thread-safe.
 */
public class LocalFileIO implements FileIO, SupportsPrefixOperations, SupportsBulkOperations {
  private static final long serialVersionUID = 1L;
  private Map<String, String> properties = Map.of();

  public LocalFileIO() {}

  @Override
  public void initialize(Map<String, String> props) {
    this.properties = Map.copyOf(new HashMap<>(Objects.requireNonNull(props, "props")));
  }

  @Override
  public Map<String, String> properties() {
    return properties;
  }

  /** The local path of a location; rejects URIs of other schemes and URIs that name a host. */
  static Path path(String location) {
    Objects.requireNonNull(location, "location");
    String p = location;
    if (p.startsWith("file:")) {
      p = p.substring("file:".length());
      if (p.startsWith("//")) {
        int slash = p.indexOf('/', 2);
        String host = slash < 0 ? p.substring(2) : p.substring(2, slash);
        if (!host.isEmpty() && !host.equals("localhost")) {
          throw new IllegalArgumentException("file location names a host: " + location);
        }
        p = slash < 0 ? "/" : p.substring(slash);
      }
    } else if (p.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      throw new IllegalArgumentException("not a local file location: " + location);
    }
    if (!p.startsWith("/")) {
      throw new IllegalArgumentException("local file locations must be absolute: " + location);
    }
    return Path.of(p);
  }

  @Override
  public InputFile newInputFile(String location) {
    return new LocalInputFile(location, path(location), -1);
  }

  @Override
  public InputFile newInputFile(String location, long length) {
    return new LocalInputFile(location, path(location), length);
  }

  @Override
  public OutputFile newOutputFile(String location) {
    return new LocalOutputFile(location, path(location));
  }

  @Override
  public void deleteFile(String location) {
    try {
      Files.deleteIfExists(path(location));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + location, e);
    }
  }

  @Override
  public void deleteFiles(Iterable<String> locations) throws BulkDeletionFailureException {
    int failed = 0;
    for (String location : locations) {
      try {
        Files.deleteIfExists(path(location));
      } catch (IOException | RuntimeException e) {
        failed++;
      }
    }
    if (failed > 0) {
      throw new BulkDeletionFailureException(failed);
    }
  }

  @Override
  public Iterable<FileInfo> listPrefix(String prefix) {
    Path root = path(prefix);
    if (!Files.exists(root)) {
      return List.of();
    }
    String base = stripSlash(prefix);
    List<FileInfo> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class);
        if (attrs.isRegularFile()) {
          String rel = root.relativize(p).toString();
          String location = rel.isEmpty() ? prefix : base + "/" + rel;
          files.add(new FileInfo(location, attrs.size(), attrs.creationTime().toMillis()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + prefix, e);
    }
    return files;
  }

  @Override
  public void deletePrefix(String prefix) {
    Path root = path(prefix);
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.deleteIfExists(p);
        } catch (DirectoryNotEmptyException e) {
          // a concurrent writer added a file; leave the directory
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + prefix, e);
    }
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private record LocalInputFile(String location, Path path, long knownLength) implements InputFile {
    @Override
    public long getLength() {
      if (knownLength >= 0) {
        return knownLength;
      }
      try {
        return Files.size(path);
      } catch (NoSuchFileException e) {
        throw new NotFoundException(e, "File does not exist: %s", location);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public SeekableInputStream newStream() {
      try {
        return new ChannelInputStream(FileChannel.open(path, StandardOpenOption.READ));
      } catch (NoSuchFileException | FileNotFoundException e) {
        throw new NotFoundException(e, "File does not exist: %s", location);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open " + location, e);
      }
    }

    @Override
    public boolean exists() {
      return Files.isRegularFile(path);
    }
  }

  private record LocalOutputFile(String location, Path path) implements OutputFile {
    @Override
    public PositionOutputStream create() {
      return open(StandardOpenOption.CREATE_NEW);
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      return open(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private PositionOutputStream open(StandardOpenOption... options) {
      try {
        Path parent = path.getParent();
        // File.mkdirs first: Files.createDirectories throws (and fills in a stack trace) inside for every missing
        // level, which a create pays for each new table's directory; it only runs to report a real failure
        if (parent != null && !parent.toFile().mkdirs() && !Files.isDirectory(parent)) {
          Files.createDirectories(parent);
        }
        List<StandardOpenOption> opts = new ArrayList<>(List.of(options));
        opts.add(StandardOpenOption.WRITE);
        return new CountingOutputStream(
            Files.newOutputStream(path, opts.toArray(StandardOpenOption[]::new)));
      } catch (FileAlreadyExistsException e) {
        throw new AlreadyExistsException(e, "File already exists: %s", location);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + location, e);
      }
    }

    @Override
    public InputFile toInputFile() {
      return new LocalInputFile(location, path, -1);
    }
  }

  private static final class ChannelInputStream extends SeekableInputStream {
    private final FileChannel channel;
    private final ByteBuffer one = ByteBuffer.allocate(1);

    ChannelInputStream(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    public long getPos() throws IOException {
      return channel.position();
    }

    @Override
    public void seek(long newPos) throws IOException {
      if (newPos < 0) {
        throw new IOException("negative position " + newPos);
      }
      channel.position(newPos);
    }

    @Override
    public int read() throws IOException {
      one.clear();
      int n = channel.read(one);
      return n <= 0 ? -1 : one.get(0) & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      return channel.read(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public long skip(long n) throws IOException {
      if (n <= 0) {
        return 0;
      }
      long pos = channel.position();
      long target = Math.min(channel.size(), pos + n);
      channel.position(target);
      return target - pos;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(Integer.MAX_VALUE, Math.max(0, channel.size() - channel.position()));
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  private static final class CountingOutputStream extends PositionOutputStream {
    private final OutputStream out;
    private long pos;

    CountingOutputStream(OutputStream out) {
      this.out = new BufferedOutputStream(out, 64 * 1024);
    }

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      pos++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      pos += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
