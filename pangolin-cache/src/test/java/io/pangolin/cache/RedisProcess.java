package io.pangolin.cache;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import redis.embedded.core.ExecutableProvider;

/**
 * A redis-server process of the test's own, on a free loopback port, that the test may kill (SIGKILL) and start
 * again on the same port. Uses {@code $REDIS_SERVER}, else {@code /usr/bin/redis-server}, else the binary bundled in
 * embedded-redis. Never touches the shared Redis on 6379.
 */
final class RedisProcess implements AutoCloseable {
  private final int port;
  private final Path dir;
  private Process process;

  private RedisProcess(int port) throws IOException {
    this.port = port;
    this.dir = Files.createTempDirectory("pangolin-redis");
  }

  static RedisProcess start() {
    try {
      RedisProcess r = new RedisProcess(freePort());
      r.startProcess();
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  private static String binary() throws IOException {
    String env = System.getenv("REDIS_SERVER");
    if (env != null && new File(env).canExecute()) {
      return env;
    }
    if (new File("/usr/bin/redis-server").canExecute()) {
      return "/usr/bin/redis-server";
    }
    return ExecutableProvider.newJarResourceProvider().get().getAbsolutePath();
  }

  String address() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts redis-server and waits until it accepts connections. */
  synchronized void startProcess() throws IOException {
    process = new ProcessBuilder(List.of(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
      }
      try {
        if (command("PING").equals("+PONG")) {
          return;
        }
      } catch (IOException notYet) {
        Thread.onSpinWait();
      }
    }
    throw new IllegalStateException("redis-server did not start on port " + port);
  }

  /** Sends one command (RESP) and returns the first line of the reply, e.g. {@code +OK}. */
  String command(String... args) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      StringBuilder req = new StringBuilder("*").append(args.length).append("\r\n");
      for (String a : args) {
        req.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
      }
      s.getOutputStream().write(req.toString().getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String line = in.readLine();
      if (line == null) {
        throw new IOException("no reply");
      }
      return line;
    }
  }

  /** SIGKILL: no shutdown, connections reset. */
  synchronized void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  synchronized void restart() throws IOException {
    startProcess();
  }

  @Override
  public synchronized void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
