package io.pangolin.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP benchmark (a program, not a test). For one run, on this machine:
 *
 * <ol>
 *   <li>the bare Helidon MP baseline ({@code GET /bare}) in a JVM of its own, pinned like the servers;</li>
 *   <li>for each server jar ({@code --server-jar} "new", optional {@code --compare-jar} "old") and each variant
 *       (PostgreSQL uncached / with the caffeine-redis cache): a fresh database, the server, the seed, then every
 *       chosen scenario; then the server is stopped and the database, Redis keys and warehouse files removed;</li>
 *   <li>a table: req/s, p50/p95/p99, errors, and req/s relative to bare and to the old jar.</li>
 * </ol>
 */
public final class Main {
  private static final Duration READY_BOUND = Duration.ofMinutes(3);

  private final Options options;
  private final Cleanup cleanup = new Cleanup();
  private final Report report = new Report();
  private final Services services;
  private final String serverCpus;
  private final Headers headers;
  private final String runId = Long.toString(System.currentTimeMillis() / 1000, 36);
  private Path logDir;

  private Main(Options options) {
    this.options = options;
    this.services = new Services(options.pgUrl(), options.pgUser(), options.redis());
    boolean pin = !options.serverCpus().equalsIgnoreCase("none") && ServerProcess.onPath("taskset");
    this.serverCpus = pin ? options.serverCpus() : null;
    this.headers = new Headers(Scenario.TENANT, options.token());
  }

  public static void main(String[] args) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(Options.USAGE);
      return;
    }
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "\n\n" + Options.USAGE);
      System.exit(2);
      return;
    }
    int status;
    try {
      status = new Main(options).run();
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    }
    System.exit(status); // runs the clean-up hook too (it is empty by now unless something went wrong)
  }

  private int run() throws Exception {
    Map<String, Path> jars = new LinkedHashMap<>();
    jars.put(Report.NEW, options.serverJar());
    if (options.compareJar() != null) {
      jars.put(Report.OLD, options.compareJar());
    }
    for (Path jar : jars.values()) {
      if (!Files.isRegularFile(jar)) {
        System.err.println(jar + " does not exist: build it first (see pangolin-benchmarks/README.md)");
        return 2;
      }
    }
    logDir = Files.createTempDirectory("pangolin-bench-logs-");
    String postgres;
    try {
      postgres = services.postgresVersion();
    } catch (Exception e) {
      System.err.println("PostgreSQL is not reachable at " + options.pgUrl() + " (pg_isready -h 127.0.0.1): " + e);
      return 1;
    }
    String redis;
    try {
      redis = services.redisVersion();
    } catch (IOException e) {
      redis = null;
      System.err.println("Redis is not reachable at " + options.redis() + " (redis-cli ping): " + e
          + " — the cached variant will be skipped");
    }
    String loadAtStart = loadAverage();
    facts(jars, postgres, redis);
    System.out.println("Pangolin HTTP benchmark — server logs in " + logDir);
    if (serverCpus != null && Runtime.getRuntime().availableProcessors() > 1) {
      System.out.println("warning: the load client is not pinned and competes with the servers for their core; "
          + "run it as taskset -c 1 java ... (run.sh does)");
    }

    report.add(bare("-", "io.helidon.microprofile.cdi.Main"));
    report.add(bare("mappers", TunedBareMain.class.getName()));
    for (Map.Entry<String, Path> jar : options.scenarios().isEmpty() ? Map.<String, Path>of().entrySet()
        : jars.entrySet()) {
      for (String variant : options.variants()) {
        if (variant.startsWith("cached") && redis == null) {
          for (String s : options.scenarios()) {
            report.add(new Report.Row(jar.getKey(), variant, s, null, "Redis not reachable at " + options.redis()));
          }
          continue;
        }
        pangolin(jar.getKey(), jar.getValue(), variant);
      }
    }

    report.fact("load average", loadAtStart + " at start, " + loadAverage() + " at end (1/5/15 min; this run "
        + "alone adds about 2: anything above means other work shared the machine)");
    System.out.println();
    System.out.print(report.text());
    if (report.clean()) {
      Services.deleteTree(logDir);
    } else {
      System.out.println("\nServer logs kept in " + logDir);
    }
    if (options.markdown() != null) {
      Files.writeString(options.markdown(), report.markdown());
      System.out.println("\nMarkdown written to " + options.markdown());
    }
    return 0;
  }

  /**
   * A bare endpoint. Variant {@code -} (stock Helidon MP's main) is always measured first and is the denominator of
   * "vs bare"; variant {@code mappers} is the same endpoint started like the Pangolin server (one global
   * MapperManager, see {@link TunedBareMain}), so a reader sees how much of a ratio comes from that one setting.
   */
  private Report.Row bare(String variant, String mainClass) throws Exception {
    int mark = cleanup.mark();
    try {
      // the same class path as this JVM: this jar (bare resource + beans.xml) and its libs/, Helidon MP included
      ServerProcess server = ServerProcess.start("bare", options.java(), serverCpus, options.serverProps(),
          List.of("-cp", System.getProperty("java.class.path"), mainClass), logDir);
      cleanup.add("stop the bare server", server::close);
      server.awaitReady("/bare", READY_BOUND);
      Scenario bare = Scenario.bare(server.authority());
      warmJvm("bare", variant, server, bare);
      return measure("bare", variant, server, bare);
    } catch (Exception e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      System.err.println("[bare] failed: " + why);
      return new Report.Row("bare", variant, Scenario.BARE, null, firstLine(why));
    } finally {
      cleanup.closeTo(mark);
    }
  }

  /** One server jar with one variant: fresh database, start, seed, every chosen scenario, clean up. */
  private void pangolin(String label, Path jar, String variant) {
    int mark = cleanup.mark();
    String db = "pangolin_bench_" + runId + "_" + label + "_" + variant.replace('-', '_');
    Path warehouse = Path.of("/tmp/pangolin-bench-" + db);
    int done = 0;
    try {
      services.createDatabase(db);
      cleanup.add("drop database " + db, () -> services.dropDatabase(db));
      cleanup.add("delete " + warehouse, () -> Services.deleteTree(warehouse));
      Map<String, String> props = new LinkedHashMap<>(options.serverProps());
      props.put("pangolin.store.type", "postgres");
      props.put("pangolin.store.postgres.url", services.jdbcUrl(db));
      props.put("pangolin.store.postgres.user", options.pgUser());
      props.put("pangolin.store.postgres.maintenance-interval-s", "0");
      props.put("pangolin.auth.bootstrap-credentials", RootToken.BOOTSTRAP); // ignored by servers without auth
      boolean noauth = variant.endsWith("-noauth");
      if (variant.startsWith("cached")) {
        props.put("pangolin.cache.type", "caffeine-redis");
        props.put("pangolin.cache.redis-address", services.redisAddress());
        props.put("pangolin.cache.key-prefix", db);
        props.put("pangolin.cache.topic", db + ":invalidations");
        cleanup.add("delete Redis keys " + db + "*", () -> services.deleteRedisKeys(db));
      }
      List<String> launch = noauth
          ? List.of("-cp", NoAuth.jar(jar, logDir) + java.io.File.pathSeparator + jar.toAbsolutePath(),
              mainClass(jar))
          : List.of("-jar", jar.toAbsolutePath().toString());
      ServerProcess server = ServerProcess.start(label + "-" + variant, options.java(), serverCpus, props, launch,
          logDir);
      cleanup.add("stop server " + label + "/" + variant, server::close);
      server.awaitReady("/health/ready", READY_BOUND);
      // with authentication: a root token (root names the tenant with the header); without: no token
      Headers headers = noauth ? new Headers(Scenario.TENANT, null)
          : options.token() != null ? this.headers
          : new Headers(Scenario.TENANT, RootToken.fetch(server.authority()).orElse(null));
      long seedStart = System.nanoTime();
      new Seeder(server, headers).seed(warehouse.toUri().toString(), options.catalogs(), options.tables());
      System.out.printf("[%s/%s] seeded %d catalogs, %d tables in %.1f s%n", label, variant, options.catalogs(),
          options.tables(), (System.nanoTime() - seedStart) / 1e9);
      warmJvm(label, variant, server, Scenario.mix("reads", Scenario.READS.stream()
          .map(name -> Scenario.pangolin(name, server.authority(), headers, options.tables())).toList()));
      for (String name : options.scenarios()) {
        if (!server.handle().isAlive()) {
          throw new IllegalStateException("the server exited; its log: " + server.log());
        }
        Scenario scenario = Scenario.pangolin(name, server.authority(), headers, options.tables());
        report.add(measure(label, variant, server, scenario));
        done++;
      }
    } catch (Exception e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      System.err.println("[" + label + "/" + variant + "] failed: " + why);
      // the lines not measured are reported as failed, with the reason
      for (String name : options.scenarios().subList(done, options.scenarios().size())) {
        report.add(new Report.Row(label, variant, name, null, firstLine(why)));
      }
    } finally {
      cleanup.closeTo(mark);
    }
  }

  /**
   * A fresh server JVM on one core needs 15-20 s of load before the JIT has settled (with a 5 s warm-up the bare
   * endpoint measured a third of its steady req/s): run {@code scenario} unrecorded for {@code --jvm-warmup}.
   */
  private void warmJvm(String label, String variant, ServerProcess server, Scenario scenario)
      throws InterruptedException {
    if (options.jvmWarmup().isZero()) {
      return;
    }
    LoadGenerator.Result r = load(server).run(scenario, options.jvmWarmup(), Duration.ZERO);
    System.out.printf("[%s/%s] JVM warm-up %d s (%s)%s%n", label, variant, options.jvmWarmup().toSeconds(),
        scenario.name(), r.errorCount() == 0 ? "" : ": " + r.errorCount() + " errors, first: " + r.firstError());
  }

  private Report.Row measure(String label, String variant, ServerProcess server, Scenario scenario)
      throws InterruptedException {
    LoadGenerator.Result r = load(server).run(scenario, options.warmup(), options.measured());
    System.out.printf(Locale.ROOT, "[%s/%s] %-16s %,9.0f req/s  p50 %6s ms  p99 %6s ms  errors %d  CPU server %s"
        + " client %s%n", label, variant, scenario.name(), r.rps(), Report.millis(r.percentileMillis(50)),
        Report.millis(r.percentileMillis(99)), r.errorCount(), Report.percent(r.serverCpu()),
        Report.percent(r.clientCpu()));
    return new Report.Row(label, variant, scenario.name(), r, null);
  }

  private LoadGenerator load(ServerProcess server) {
    return new LoadGenerator(ServerProcess.HOST, server.port(), options.connections(), server.handle());
  }

  // ---- machine facts -------------------------------------------------------------------------------------------

  private void facts(Map<String, Path> jars, String postgres, String redis) {
    report.fact("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    report.fact("machine", onlineCpus() + " CPUs online (" + cpuModel() + "), " + System.getProperty("os.name") + " "
        + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    report.fact("JDK", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version")
        + " (client and servers)");
    if (!options.serverProps().isEmpty()) {
      report.fact("server -D", options.serverProps().toString());
    }
    report.fact("pinning", "servers " + (serverCpus == null ? "not pinned" : "taskset -c " + serverCpus)
        + ", -Xmx1g; load client on CPUs " + read("/proc/self/status", "Cpus_allowed_list:")
        + "; PostgreSQL and Redis unpinned on the same machine");
    report.fact("services", "PostgreSQL " + postgres + ", Redis " + (redis == null ? "not reachable" : redis));
    report.fact("load", options.connections() + " connections, closed loop, HTTP/1.1 keep-alive; "
        + options.jvmWarmup().toSeconds() + " s JVM warm-up per server, then per scenario "
        + options.warmup().toSeconds() + " s warm-up + " + options.measured().toSeconds() + " s measured");
    report.fact("dataset", "tenant bench, " + options.catalogs() + " catalogs, bench.prod.sales with "
        + options.tables() + " Iceberg tables, file: warehouse; PostgreSQL store" + " (cached: + caffeine-redis)");
    jars.forEach((label, jar) -> report.fact(label, jar.toAbsolutePath().normalize() + gitDescribe(jar)));
  }

  /** The jar's manifest {@code Main-Class} (a server's own main, or Helidon MP's for older builds). */
  private static String mainClass(Path jar) {
    try (var file = new java.util.jar.JarFile(jar.toFile())) {
      var manifest = file.getManifest();
      String main = manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
      return main == null ? "io.helidon.microprofile.cdi.Main" : main;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static String onlineCpus() {
    try {
      String online = Files.readString(Path.of("/sys/devices/system/cpu/online")).strip(); // e.g. "0-1"
      int n = 0;
      for (String part : online.split(",")) {
        String[] range = part.split("-");
        n += range.length == 1 ? 1 : Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
      }
      return Integer.toString(n);
    } catch (IOException | RuntimeException e) {
      return "? ";
    }
  }

  private static String cpuModel() {
    String model = read("/proc/cpuinfo", "model name");
    return model.startsWith(":") ? model.substring(1).strip() : model;
  }

  /** The rest of the first line of {@code file} that starts with {@code key}, or "?". */
  private static String read(String file, String key) {
    try {
      return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(key))
          .map(l -> l.substring(key.length()).strip()).findFirst().orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  /** " (git 6b4cb24-dirty)" for a jar inside a git work tree, else "". */
  private static String gitDescribe(Path jar) {
    try {
      Process p = new ProcessBuilder("git", "-C", jar.toAbsolutePath().getParent().toString(), "describe", "--always",
          "--dirty").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 ? " (git " + out + ")" : "";
    } catch (IOException | InterruptedException e) {
      return "";
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
