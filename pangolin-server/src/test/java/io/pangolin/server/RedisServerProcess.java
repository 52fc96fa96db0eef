package io.pangolin.server;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import redis.embedded.core.ExecutableProvider;

/**
 * A redis-server of the test's own on a free loopback port, which the test may kill (SIGKILL) and start again on the
 * same port — never the shared Redis on 6379. Uses {@code $REDIS_SERVER}, else {@code /usr/bin/redis-server}, else
 * the binary bundled in embedded-redis.
 */
final class RedisServerProcess implements AutoCloseable {
  private final int port;
  private final Path dir;
  private Process process;

  RedisServerProcess(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  String address() {
    return "redis://127.0.0.1:" + port;
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

  /** Starts redis-server and waits until it answers PING. */
  synchronized void start() throws IOException {
    Files.createDirectories(dir);
    process = new ProcessBuilder(List.of(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString()))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
        .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
      }
      if (pings()) {
        return;
      }
      Thread.onSpinWait();
    }
    throw new IllegalStateException("redis-server did not start on port " + port);
  }

  private boolean pings() {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(2000);
      OutputStream out = s.getOutputStream();
      out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] reply = new byte[7];
      return in.readNBytes(reply, 0, 7) == 7 && new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException notYet) {
      return false;
    }
  }

  /** SIGKILL: no shutdown, every connection reset. */
  synchronized void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public synchronized void close() {
    if (process != null) {
      process.destroyForcibly();
    }
  }
}
