package io.pangolin.store.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs PostgreSQL's and PgBouncer's programs for test fixtures. Both refuse to run as root, so when the tests run
 * as root (as CI does) every command runs as the {@code postgres} OS user through {@code runuser}, and fixture
 * directories are handed to that user. Public for other modules' fixtures (the server's fault suite).
 */
public final class OsProcesses {
  public static final String SERVICE_USER = "postgres";
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  private OsProcesses() {}

  /** Directory of the PostgreSQL server binaries ({@code PANGOLIN_TEST_PG_BIN}, else the newest Debian one). */
  public static Path pgBin() {
    String env = System.getenv("PANGOLIN_TEST_PG_BIN");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    Path debian = Path.of("/usr/lib/postgresql");
    try (Stream<Path> versions = Files.list(debian)) {
      return versions.filter(p -> Files.isExecutable(p.resolve("bin/initdb")))
          .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", "0"))))
          .map(p -> p.resolve("bin"))
          .orElseThrow(() -> new IllegalStateException("no PostgreSQL server binaries under " + debian));
    } catch (IOException e) {
      throw new IllegalStateException("PostgreSQL server binaries not found under " + debian
          + " (install the postgresql package or set PANGOLIN_TEST_PG_BIN)", e);
    }
  }

  /** A temporary directory writable by the user the programs run as. */
  public static Path tempDir(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    if (ROOT) {
      UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVICE_USER);
      Files.setOwner(dir, owner);
    }
    return dir;
  }

  public static List<String> asServiceUser(List<String> command) {
    if (!ROOT) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", SERVICE_USER, "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Runs a command to completion as the service user; fails with its output if it fails. */
  public static void run(Path log, String... command) {
    try {
      Process p = new ProcessBuilder(asServiceUser(List.of(command))).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", command));
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("failed (" + p.exitValue() + "): " + String.join(" ", command) + "\n"
            + Files.readString(log));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts a long-running command as the service user. */
  public static Process start(Path log, String... command) throws IOException {
    return new ProcessBuilder(asServiceUser(List.of(command))).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until something accepts connections on the loopback port. */
  public static void awaitPort(int port, Path log) throws InterruptedException, IOException {
    for (int i = 0; i < 300; i++) {
      try {
        new Socket(InetAddress.getLoopbackAddress(), port).close();
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("nothing listens on port " + port + "\n" + Files.readString(log));
  }

  public static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp directory
    }
  }
}
