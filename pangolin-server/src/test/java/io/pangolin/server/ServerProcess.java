package io.pangolin.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Pangolin server in a JVM of its own, started from the packaged distribution
 * ({@code target/pangolin-server.jar} with {@code target/libs/}) exactly as an operator would run it.
 */
final class ServerProcess implements AutoCloseable {
  private final String name;
  private final int port;
  private final Path log;
  private final Process process;

  private ServerProcess(String name, int port, Path log, Process process) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.process = process;
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts {@code java -jar pangolin-server.jar} with {@code properties} as system properties; does not wait. */
  static ServerProcess start(String name, Map<String, String> properties, Path logDir) throws IOException {
    return start(name, freePort(), properties, logDir);
  }

  /** As {@link #start(String, Map, Path)} on a given port (e.g. the port of an instance that was killed). */
  static ServerProcess start(String name, int port, Map<String, String> properties, Path logDir) throws IOException {
    Path target = Path.of(System.getProperty("basedir", ".")).resolve("target");
    Path jar = target.resolve("pangolin-server.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: this test runs in the integration-test phase");
    }
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx512m");
    command.add("-Dserver.host=127.0.0.1");
    command.add("-Dserver.port=" + port);
    command.add("-Dpangolin.auth.bootstrap-credentials=" + TestAuth.BOOTSTRAP);
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-jar");
    command.add(jar.toString());
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + ".log");
    Process p = new ProcessBuilder(command).directory(target.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    return new ServerProcess(name, port, log, p);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Waits until {@code /health/ready} answers 200 (bounded; fails early if the JVM exits). */
  void awaitReady(Duration bound) throws IOException {
    Api api = new Api(uri());
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("server " + name + " exited:\n" + Files.readString(log));
      }
      try {
        if (api.get("/health/ready", null).status() == 200) {
          return;
        }
      } catch (UncheckedIOException notYet) {
        // not listening yet
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("server " + name + " not ready within " + bound + ":\n" + Files.readString(log));
  }

  int port() {
    return port;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: the JVM stops at once, requests in flight get no answer. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM (graceful shutdown), then SIGKILL if it does not stop. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
