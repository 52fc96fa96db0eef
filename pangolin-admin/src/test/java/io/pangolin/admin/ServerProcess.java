package io.pangolin.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged Pangolin server ({@code pangolin-server/target/pangolin-server.jar} with its {@code libs/}) in a JVM of
 * its own, as an operator runs it (the same approach as pangolin-server's {@code ServerProcess} for its ITs), with a
 * known root principal bootstrapped.
 */
final class ServerProcess implements AutoCloseable {
  static final String ROOT_ID = "admin-it-root";
  static final String ROOT_SECRET = "admin-it-root-secret-0123456789";

  private final int port;
  private final Path log;
  private final Process process;

  private ServerProcess(int port, Path log, Process process) {
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

  /** Starts the server with {@code properties} as system properties and waits until it is ready (bounded). */
  static ServerProcess start(String name, Map<String, String> properties) throws IOException {
    Path jar = Path.of(System.getProperty("pangolin.server.jar", "../pangolin-server/target/pangolin-server.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build pangolin-server first (mvn verify -pl pangolin-admin "
          + "-am)");
    }
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx384m");
    command.add("-Dserver.host=127.0.0.1");
    command.add("-Dserver.port=" + port);
    command.add("-Dpangolin.auth.bootstrap-credentials=" + ROOT_ID + ":" + ROOT_SECRET);
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    Path logDir = Path.of("target", "admin-it");
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + "-server.log");
    Process p = new ProcessBuilder(command).directory(jar.toAbsolutePath().getParent().toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ServerProcess server = new ServerProcess(port, log, p);
    try {
      server.awaitReady(Duration.ofSeconds(120));
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  private void awaitReady(Duration bound) throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited:\n" + Files.readString(log));
      }
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri().resolve("/health/ready"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("the server was not ready within " + bound + ":\n" + Files.readString(log));
  }

  /** SIGTERM (graceful shutdown), then SIGKILL if it does not stop. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
