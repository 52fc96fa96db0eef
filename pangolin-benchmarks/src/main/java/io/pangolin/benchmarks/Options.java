package io.pangolin.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line options; {@link #USAGE} lists them with their defaults. */
record Options(int connections, Duration jvmWarmup, Duration warmup, Duration measured, List<String> scenarios,
    List<String> variants, Path serverJar, Path compareJar, Path markdown, String token, int tables, int catalogs,
    String serverCpus, String pgUrl, String pgUser, String redis, String java, Map<String, String> serverProps) {

  static final List<String> VARIANTS = List.of("uncached", "cached", "cached-noauth");

  static final String USAGE = """
      Usage: java -jar pangolin-benchmarks.jar [options]     (run the client pinned: taskset -c 1 java -jar ...)
        --server-jar PATH     Pangolin server jar ("new")        [pangolin-server/target/pangolin-server.jar]
        --compare-jar PATH    a second server jar ("old"): same scenarios, ratio new/old reported
        --scenarios LIST      comma-separated, from (bare always runs)                       [all]
                              %s
        --variants LIST       uncached (PostgreSQL), cached (PostgreSQL + caffeine-redis),  [uncached,cached]
                              cached-noauth (cached, authentication off: see NoAuth)
        --connections N       concurrent connections, closed loop                            [64]
        --jvm-warmup S        warm-up seconds of each fresh server JVM (bare; Pangolin:
                              a mix of the read scenarios), not recorded                     [20]
        --warmup S            warm-up seconds per scenario (not recorded)                    [5]
        --seconds S           measured seconds per scenario                                  [15]
        --tables N            tables seeded in bench.prod.sales                              [200]
        --catalogs N          catalogs seeded (prod + N-1)                                   [20]
        --markdown FILE       also write the report as Markdown
        --token TOKEN         bearer token for every request to Pangolin                     [$PANGOLIN_TOKEN]
        --server-cpus LIST    taskset -c CPU list for every server JVM, or "none"            [0]
        --pg-url URL          PostgreSQL, without database        [jdbc:postgresql://127.0.0.1:5432]
        --pg-user USER        PostgreSQL user (trust auth)                                   [postgres]
        --redis URL           Redis for the cached variant                                   [redis://127.0.0.1:6379]
        --java PATH           java for the server JVMs                                       [this JVM's]
        --server-prop K=V     a -D system property for every server JVM, bare included (repeatable),
                              e.g. server.connection-options.tcp-no-delay=true
      """.formatted(String.join(",", Scenario.PANGOLIN));

  static Options parse(String[] args) {
    int connections = 64;
    int jvmWarmup = 20;
    int warmup = 5;
    int seconds = 15;
    List<String> scenarios = Scenario.PANGOLIN;
    List<String> variants = List.of("uncached", "cached");
    Path serverJar = Path.of("pangolin-server/target/pangolin-server.jar");
    Path compareJar = null;
    Path markdown = null;
    String token = System.getenv("PANGOLIN_TOKEN");
    int tables = 200;
    int catalogs = 20;
    String serverCpus = "0";
    String pgUrl = "jdbc:postgresql://127.0.0.1:5432";
    String pgUser = "postgres";
    String redis = "redis://127.0.0.1:6379";
    String java = ProcessHandle.current().info().command().orElse("java");
    Map<String, String> serverProps = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + flag);
      }
      String v = args[++i];
      switch (flag) {
        case "--connections" -> connections = positive(flag, v);
        case "--jvm-warmup" -> jvmWarmup = Integer.parseInt(v);
        case "--warmup" -> warmup = Integer.parseInt(v);
        case "--seconds" -> seconds = positive(flag, v);
        case "--scenarios" -> scenarios = scenarios(v);
        case "--variants" -> variants = variants(v);
        case "--server-jar" -> serverJar = Path.of(v);
        case "--compare-jar" -> compareJar = Path.of(v);
        case "--markdown" -> markdown = Path.of(v);
        case "--token" -> token = v;
        case "--tables" -> tables = positive(flag, v);
        case "--catalogs" -> catalogs = positive(flag, v);
        case "--server-cpus" -> serverCpus = v;
        case "--pg-url" -> pgUrl = v;
        case "--pg-user" -> pgUser = v;
        case "--redis" -> redis = v;
        case "--java" -> java = v;
        case "--server-prop" -> {
          int eq = v.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("--server-prop needs KEY=VALUE, got " + v);
          }
          serverProps.put(v.substring(0, eq), v.substring(eq + 1));
        }
        default -> throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    if (warmup < 0 || jvmWarmup < 0) {
      throw new IllegalArgumentException("--warmup and --jvm-warmup must be >= 0");
    }
    return new Options(connections, Duration.ofSeconds(jvmWarmup), Duration.ofSeconds(warmup),
        Duration.ofSeconds(seconds), scenarios, variants, serverJar, compareJar, markdown, token, tables, catalogs,
        serverCpus, pgUrl, pgUser, redis, java, serverProps);
  }

  private static int positive(String flag, String v) {
    int n = Integer.parseInt(v);
    if (n <= 0) {
      throw new IllegalArgumentException(flag + " must be > 0");
    }
    return n;
  }

  /** The chosen Pangolin scenarios, always in the canonical order (reads before writes); "bare" is implied. */
  private static List<String> scenarios(String list) {
    List<String> chosen = split(list);
    for (String s : chosen) {
      if (!s.equals(Scenario.BARE) && !Scenario.PANGOLIN.contains(s)) {
        throw new IllegalArgumentException("unknown scenario '" + s + "'; known: " + Scenario.BARE + ","
            + String.join(",", Scenario.PANGOLIN));
      }
    }
    return Scenario.PANGOLIN.stream().filter(chosen::contains).toList();
  }

  private static List<String> variants(String list) {
    List<String> chosen = split(list);
    for (String v : chosen) {
      if (!VARIANTS.contains(v)) {
        throw new IllegalArgumentException("unknown variant '" + v + "'; known: " + String.join(",", VARIANTS));
      }
    }
    return VARIANTS.stream().filter(chosen::contains).toList();
  }

  private static List<String> split(String list) {
    return new ArrayList<>(Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
  }
}
