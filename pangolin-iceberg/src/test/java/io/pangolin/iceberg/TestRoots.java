package io.pangolin.iceberg;

import java.nio.file.Path;
import java.util.List;

/** Local storage roots of the tests: the JVM's temporary directory, where every {@code @TempDir} is created. */
final class TestRoots {
  static final List<Path> TMP = List.of(Path.of(System.getProperty("java.io.tmpdir")));

  private TestRoots() {}
}
