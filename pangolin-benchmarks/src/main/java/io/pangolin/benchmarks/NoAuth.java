package io.pangolin.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The "authentication off" variant ({@code cached-noauth}): the server has no unauthenticated mode, so for this one
 * benchmark server the run compiles {@code pangolin-benchmarks/src/noauth} (a CDI alternative of the server's
 * {@code RequestContextResolver} that makes every request root without reading a credential) against the server jar,
 * packs it with a {@code beans.xml}, and puts it before the server jar on that process's class path. Nothing of it is
 * in any shipped artifact.
 */
final class NoAuth {
  private static final Path SOURCES = Path.of("pangolin-benchmarks/src/noauth");

  private NoAuth() {}

  /** Builds the jar in {@code dir} (once per run) and returns its path. */
  static synchronized String jar(Path serverJar, Path dir) throws IOException {
    Path jar = dir.resolve("pangolin-bench-noauth.jar");
    if (Files.isRegularFile(jar)) {
      return jar.toString();
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("the cached-noauth variant needs a JDK (javac) to run the benchmark");
    }
    List<String> cp = new ArrayList<>();
    cp.add(serverJar.toAbsolutePath().toString());
    try (Stream<Path> libs = Files.list(serverJar.toAbsolutePath().getParent().resolve("libs"))) {
      libs.filter(p -> p.toString().endsWith(".jar")).forEach(p -> cp.add(p.toString()));
    }
    Path classes = Files.createDirectories(dir.resolve("noauth-classes"));
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", String.join(File.pathSeparator, cp),
        "--release", "21", "-proc:none"));
    try (Stream<Path> src = Files.walk(SOURCES)) {
      src.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
    }
    if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
      throw new IllegalStateException("compiling " + SOURCES + " failed");
    }
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
      add(j, classes, classes);
      j.putNextEntry(new JarEntry("META-INF/beans.xml"));
      j.write(Files.readAllBytes(SOURCES.resolve("META-INF/beans.xml")));
      j.closeEntry();
    }
    return jar.toString();
  }

  private static void add(JarOutputStream j, Path root, Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        if (Files.isDirectory(p)) {
          add(j, root, p);
        } else {
          j.putNextEntry(new JarEntry(root.relativize(p).toString().replace(File.separatorChar, '/')));
          j.write(Files.readAllBytes(p));
          j.closeEntry();
        }
      }
    }
  }
}
