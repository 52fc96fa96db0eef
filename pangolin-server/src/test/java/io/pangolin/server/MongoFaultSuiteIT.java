package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.pangolin.server.Api.Res;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * The fault suite on MongoDB, for what applies there: one packaged server over a mongo-java-server of this test's own
 * (its data kept in a backend that outlives the server), which goes away — every connection closed, nothing
 * listening — and comes back on the same port while two clients create assets and read them. Meanwhile only 2xx or
 * 503 with {@code Retry-After}; afterwards every acknowledged create is there and the server serves again.
 */
@TestInstance(Lifecycle.PER_CLASS)
class MongoFaultSuiteIT {
  private static final Duration BOUND = Duration.ofSeconds(120);
  private static final String TENANT = "mongo-faults";
  private static final String ASSETS = "/api/v1/catalogs/prod/namespaces/sales/assets";

  private final MongoBackend data = keptOpen(new MemoryBackend());
  private final int port = ServerProcess.freePort();
  private volatile MongoServer mongo;
  private Path work;
  private ServerProcess server;
  private Api api;

  /** The backend with {@code close()} ignored: a stopped MongoServer closes its backend, the data must survive. */
  private static MongoBackend keptOpen(MongoBackend backend) {
    return (MongoBackend) Proxy.newProxyInstance(MongoBackend.class.getClassLoader(),
        new Class<?>[] {MongoBackend.class}, (proxy, method, args) -> {
          if (method.getName().equals("close") && method.getParameterCount() == 0) {
            return null;
          }
          try {
            return method.invoke(backend, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @BeforeAll
  void start() throws Exception {
    work = Files.createTempDirectory("pangolin-mongo-faults");
    mongo = new MongoServer(data);
    mongo.bind("127.0.0.1", port);
    server = ServerProcess.start("mongo", Map.of("pangolin.store.type", "mongo",
        "pangolin.store.mongo.connection-string", "mongodb://127.0.0.1:" + port,
        "pangolin.store.mongo.database", "pangolin_faults",
        "pangolin.store.mongo.server-selection-timeout-ms", "2000",
        "pangolin.store.mongo.connect-timeout-ms", "1000",
        "pangolin.store.mongo.socket-timeout-ms", "5000"), work);
    server.awaitReady(BOUND);
    api = new Api(server.uri());
    TestAuth.rootToken(server.uri());
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      if (mongo != null) {
        mongo.shutdownNow();
      }
      io.pangolin.store.postgres.OsProcesses.deleteRecursively(work);
    }
  }

  @Test
  void mongoGoneAndBack_answersOnly503WithRetryAfter_andLosesNoAcknowledgedCreate() throws Exception {
    api.post("/api/v1/tenants", null, Map.of("name", TENANT)).is(201);
    api.post("/api/v1/warehouses", TENANT, Map.of("name", "lake", "storageRoot", "file://" + work)).is(201);
    api.post("/api/v1/catalogs", TENANT, Map.of("name", "prod", "warehouse", "lake")).is(201);
    api.post("/api/v1/catalogs/prod/namespaces", TENANT, Map.of("name", "sales")).is(201);

    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicLong ops = new AtomicLong();
    AtomicBoolean back = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<?>> clients = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      int client = c;
      clients.add(pool.submit(() -> {
        int tail = 0;
        for (int i = 0; i < 2000 && tail < 20; i++) {
          if (back.get()) {
            tail++;
          }
          String name = "m" + client + "_" + i;
          try {
            Res r = api.post(ASSETS, TENANT, Map.of("name", name, "kind", "ML_MODEL"));
            if (r.status() == 201) {
              acknowledged.add(name);
              Res read = api.get(ASSETS + "/" + name, TENANT);
              if (read.status() != 200 && !(read.status() == 503 && read.headers().firstValue("Retry-After")
                  .isPresent())) {
                failures.add("read " + name + ": " + read.status() + " " + read.body());
              }
            } else if (r.status() != 503 || r.headers().firstValue("Retry-After").isEmpty()) {
              failures.add("create " + name + ": " + r.status() + " " + r.body());
            }
          } catch (UncheckedIOException e) {
            failures.add("no answer for " + name + ": " + e.getCause());
          }
          ops.incrementAndGet();
        }
      }));
    }
    try {
      long before = ops.get();
      Awaitility.await().atMost(BOUND).until(() -> ops.get() > before + 30);
      long t0 = System.nanoTime();
      mongo.shutdownNow();
      long during = ops.get();
      Awaitility.await().atMost(BOUND).until(() -> ops.get() > during + 4); // requests meet the outage
      mongo = new MongoServer(data);
      mongo.bind("127.0.0.1", port);
      long restored = System.nanoTime();
      Awaitility.await("a create through the server again").atMost(BOUND).pollInterval(Duration.ofMillis(20))
          .until(() -> api.post(ASSETS, TENANT, Map.of("name", "probe" + System.nanoTime(), "kind", "ML_MODEL"))
              .status() == 201);
      long full = System.nanoTime();
      System.out.printf("fault suite (mongo): server gone for %d ms, then to a successful create %d ms%n",
          TimeUnit.NANOSECONDS.toMillis(restored - t0), TimeUnit.NANOSECONDS.toMillis(full - restored));
    } finally {
      back.set(true);
      for (Future<?> f : clients) {
        f.get(5, TimeUnit.MINUTES);
      }
      pool.shutdownNow();
    }

    assertThat(failures).as("answers outside 2xx / 503 with Retry-After").isEmpty();
    for (String name : acknowledged) {
      api.get(ASSETS + "/" + name, TENANT).is(200);
    }
    assertThat(acknowledged).isNotEmpty();
  }
}
