package io.pangolin.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server in a JVM of its own — the bare baseline or a Pangolin server jar — on a free port of 127.0.0.1, pinned to
 * the server CPUs with {@code taskset} when available, heap {@code -Xmx1g}, output in a log file.
 */
final class ServerProcess implements AutoCloseable {
  static final String HOST = "127.0.0.1";

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

  /**
   * Starts {@code java <jvm options> -D<properties> <launch>} where {@code launch} is e.g. {@code -jar server.jar} or
   * {@code -cp ... io.helidon.microprofile.cdi.Main}; does not wait for it.
   *
   * @param cpus a {@code taskset -c} CPU list, or {@code null} not to pin
   */
  static ServerProcess start(String name, String java, String cpus, Map<String, String> properties,
      List<String> launch, Path logDir) throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>();
    if (cpus != null) {
      command.addAll(List.of("taskset", "-c", cpus)); // taskset execs java: the PID is the JVM's
    }
    command.add(java);
    command.add("-Xmx1g");
    command.add("-Dserver.host=" + HOST);
    command.add("-Dserver.port=" + port);
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.addAll(launch);
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + ".log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ServerProcess(name, port, log, p);
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  int port() {
    return port;
  }

  String authority() {
    return HOST + ":" + port;
  }

  Path log() {
    return log;
  }

  /** Waits until GET {@code path} answers 200; fails early if the JVM exits, with the end of its log. */
  void awaitReady(String path, Duration bound) throws IOException, InterruptedException {
    byte[] probe = HttpConnection.request("GET", authority(), path, "", null);
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("server " + name + " exited (" + process.exitValue() + "):\n" + logTail());
      }
      try (HttpConnection c = new HttpConnection(HOST, port)) {
        if (c.send(probe, 200).status() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("server " + name + " not ready within " + bound + ":\n" + logTail());
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** SIGTERM (graceful shutdown), then SIGKILL if it has not stopped within 20 s. Idempotent. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code program} is an executable on the PATH (for taskset). */
  static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
