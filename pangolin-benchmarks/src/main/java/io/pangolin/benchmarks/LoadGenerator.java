package io.pangolin.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load generator: N connections, each a thread that sends its next request as soon as the
 * previous response is read. It runs {@code warmup} first (JIT, pools, caches; nothing recorded), then records for
 * {@code measured}: every request that started after the warm-up and finished before the end.
 *
 * <p>Closed loop means latency is measured under the load the server sustains, not at a fixed arrival rate (so no
 * coordinated-omission correction applies): compare req/s first, then percentiles at similar req/s.
 */
final class LoadGenerator {
  /**
   * The outcome of one scenario. Latencies (in microseconds) and req/s count successes only; errors are counted
   * in the warm-up too (a scenario that fails must not look clean). CPU: the share of one core that the server
   * process and this (client) process used during the measured period — a server well below 1.0 means the bottleneck
   * was elsewhere (client, database, locks).
   */
  record Result(String scenario, long ok, double seconds, Histogram latencyMicros, long bodyBytes,
      Map<String, Long> errors, String firstError, double serverCpu, double clientCpu) {
    double rps() {
      return ok / seconds;
    }

    long errorCount() {
      return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    double percentileMillis(double p) {
      return ok == 0 ? Double.NaN : latencyMicros.getValueAtPercentile(p) / 1000.0;
    }

    double avgBodyBytes() {
      return ok == 0 ? Double.NaN : bodyBytes / (double) ok;
    }
  }

  private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(2);

  private final String host;
  private final int port;
  private final int connections;
  private final ProcessHandle server;

  /** {@code server}: the server's process, for its CPU time. */
  LoadGenerator(String host, int port, int connections, ProcessHandle server) {
    this.host = host;
    this.port = port;
    this.connections = connections;
    this.server = server;
  }

  /** Runs {@code scenario} for {@code warmup} (not recorded), then for {@code measured} (recorded; may be zero). */
  Result run(Scenario scenario, Duration warmup, Duration measured) throws InterruptedException {
    AtomicLong sequence = new AtomicLong();
    long warmEnd = System.nanoTime() + warmup.toNanos();
    long end = warmEnd + measured.toNanos();
    CpuSampler cpu = new CpuSampler(warmEnd, end);
    List<Worker> workers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Worker w = new Worker(scenario, sequence, new SplittableRandom(31L * i + 7), warmEnd, end);
      workers.add(w);
      // platform threads: on the bare endpoint (~28k req/s) they cost the client about 45 % of its core where virtual
      // threads (park/unpark through the poller on every read) cost about 75 %, for the same req/s
      threads.add(Thread.ofPlatform().name("load-" + i).daemon().start(w));
    }
    for (Thread t : threads) {
      t.join();
    }
    cpu.thread.join();
    Histogram all = new Histogram(HIGHEST_MICROS, 3);
    Map<String, Long> errors = new TreeMap<>();
    long ok = 0;
    long bytes = 0;
    String firstError = null;
    for (Worker w : workers) {
      all.add(w.latency);
      ok += w.ok;
      bytes += w.bytes;
      w.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
      if (firstError == null) {
        firstError = w.firstError;
      }
    }
    double seconds = measured.toNanos() / 1e9;
    return new Result(scenario.name(), ok, seconds, all, bytes, errors, firstError, cpu.serverSeconds / seconds,
        cpu.clientSeconds / seconds);
  }

  /** CPU seconds of the server and of this JVM between the end of the warm-up and the end of the run. */
  private final class CpuSampler {
    final Thread thread;
    volatile double serverSeconds = Double.NaN;
    volatile double clientSeconds = Double.NaN;

    CpuSampler(long from, long to) {
      thread = Thread.ofVirtual().name("cpu-sampler").start(() -> {
        try {
          sleepUntil(from);
          double s0 = cpuSeconds(server);
          double c0 = cpuSeconds(ProcessHandle.current());
          sleepUntil(to);
          serverSeconds = cpuSeconds(server) - s0;
          clientSeconds = cpuSeconds(ProcessHandle.current()) - c0;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }

    private static double cpuSeconds(ProcessHandle p) {
      return p == null ? Double.NaN
          : p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
      long wait = nanoTime - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(Duration.ofNanos(wait));
      }
    }
  }

  /** One connection's loop; its numbers are merged after it ends (no shared counters on the hot path). */
  private final class Worker implements Runnable {
    private final Scenario scenario;
    private final AtomicLong sequence;
    private final SplittableRandom random;
    private final long warmEnd;
    private final long end;
    final Histogram latency = new Histogram(HIGHEST_MICROS, 3);
    final Map<String, Long> errors = new TreeMap<>();
    long ok;
    long bytes;
    String firstError;

    Worker(Scenario scenario, AtomicLong sequence, SplittableRandom random, long warmEnd, long end) {
      this.scenario = scenario;
      this.sequence = sequence;
      this.random = random;
      this.warmEnd = warmEnd;
      this.end = end;
    }

    @Override
    public void run() {
      try (HttpConnection connection = new HttpConnection(host, port)) {
        while (true) {
          byte[] request = scenario.requests().next(sequence.getAndIncrement(), random);
          long start = System.nanoTime();
          if (start - end >= 0) {
            return;
          }
          String error;
          String detail;
          HttpConnection.Response response = null;
          try {
            response = connection.send(request, scenario.expectedStatus());
            error = response.status() == scenario.expectedStatus() ? null : "HTTP " + response.status();
            detail = response.body();
          } catch (IOException | RuntimeException e) {
            error = e.getClass().getSimpleName();
            detail = e.getMessage();
            sleepQuietly(); // the server may be gone: do not spin on reconnects
          }
          long finish = System.nanoTime();
          boolean recorded = start - warmEnd >= 0 && finish - end <= 0;
          if (error == null) {
            if (recorded) {
              ok++;
              bytes += response.bodyBytes();
              latency.recordValue(Math.min(HIGHEST_MICROS, (finish - start) / 1000));
            }
          } else {
            errors.merge(error, 1L, Long::sum);
            if (firstError == null) {
              firstError = error + ": " + abbreviate(detail);
            }
          }
        }
      }
    }
  }

  static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    String one = s.replaceAll("\\s+", " ").strip();
    return one.length() <= 300 ? one : one.substring(0, 300) + "…";
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
