package io.pangolin.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code pangolin-admin} as a process: {@code java -jar target/pangolin-admin.jar …}, with an environment of
 * its own (only the {@code PANGOLIN_*} variables given here) and a home directory of its own (no operator config file
 * leaks into a test).
 */
final class Cli {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a run printed and returned. */
  record Result(int exitCode, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("stdout is not JSON: " + out + "\nstderr: " + err, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private final Map<String, String> env;
  private final Path home;

  Cli(Map<String, String> env, Path home) {
    this.env = Map.copyOf(env);
    this.home = home;
  }

  /** The same CLI with these environment variables added or replaced. */
  Cli with(Map<String, String> more) {
    Map<String, String> e = new HashMap<>(env);
    e.putAll(more);
    return new Cli(e, home);
  }

  Result run(String... args) {
    return run(List.of(), args);
  }

  /** Runs with extra JVM options (e.g. {@code -Dpangolin.admin.stderr-tty=true}). */
  Result run(List<String> jvmOptions, String... args) {
    Path jar = Path.of(System.getProperty("pangolin.admin.jar", "target/pangolin-admin.jar"));
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx128m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Duser.home=" + home);
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(home, "out-", ".txt");
      Path err = Files.createTempFile(home, "err-", ".txt");
      ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      pb.environment().keySet().removeIf(k -> k.startsWith("PANGOLIN_"));
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError("pangolin-admin " + String.join(" ", args) + " did not end within 120 s");
      }
      Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
