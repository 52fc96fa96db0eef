package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/prometheus/pangolin-alerts.yml}: valid for {@code promtool}, every alert unit-tested by
 * {@code pangolin-alerts.test.yml} (run here with {@code promtool test rules}, which {@code .ci/run} installs), and
 * every metric the rules name exported by a running server — on PostgreSQL with a replica configured and the
 * metadata cache on, so the pool, replica and cache metrics exist.
 */
@HelidonTest
class AlertRulesTest {
  private static final Path RULES_DIR = DeployManifestsTest.DEPLOY.resolve("prometheus");
  private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  private static final String DB = "pangolin_alerts_it_" + ProcessHandle.current().pid();
  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/" + DB;
  private static final Map<String, String> PROPERTIES = Map.of(
      "pangolin.store.type", "postgres",
      "pangolin.store.postgres.url", URL,
      "pangolin.store.postgres.user", "postgres",
      // not a standby: configured, polled and out of rotation — its metrics exist all the same
      "pangolin.store.postgres.replicas", URL,
      "pangolin.cache.type", "caffeine-redis",
      "pangolin.cache.redis-address", "redis://127.0.0.1:6379");

  // Runs before the Helidon container starts (class initialisation precedes the extension's beforeAll).
  static {
    exec("DROP DATABASE IF EXISTS " + DB);
    exec("CREATE DATABASE " + DB);
    PROPERTIES.forEach(System::setProperty);
  }

  @Inject
  WebTarget target;

  private static void exec(String sql) {
    try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432 is required: " + e.getMessage(), e);
    }
  }

  @AfterAll
  static void cleanUp() {
    exec("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
    PROPERTIES.keySet().forEach(System::clearProperty);
  }

  private static String promtool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(RULES_DIR.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    assertThat(p.exitValue()).as("promtool %s:%n%s", String.join(" ", args), out).isZero();
    return out;
  }

  private static JsonNode yaml(String file) throws IOException {
    try (InputStream in = Files.newInputStream(RULES_DIR.resolve(file))) {
      return new ObjectMapper().valueToTree(new KubernetesSerialization().unmarshal(in, Map.class));
    }
  }

  private static List<JsonNode> rules() throws IOException {
    List<JsonNode> rules = new ArrayList<>();
    yaml("pangolin-alerts.yml").path("groups").forEach(g -> g.path("rules").forEach(rules::add));
    return rules;
  }

  @Test
  void promtool_checksTheRules_andTheirUnitTestsPass() throws Exception {
    assertThat(promtool("check", "rules", "pangolin-alerts.yml")).contains("SUCCESS");
    assertThat(promtool("test", "rules", "pangolin-alerts.test.yml")).contains("SUCCESS");
  }

  @Test
  void everyAlert_hasAUnitTestWhereItFires_andTheSeedsThresholdsAreThere() throws Exception {
    Set<String> alerts = new TreeSet<>();
    Map<String, String> exprs = new HashMap<>();
    for (JsonNode r : rules()) {
      if (r.has("alert")) {
        alerts.add(r.path("alert").asText());
        exprs.put(r.path("alert").asText(), r.path("expr").asText());
      }
    }
    Set<String> firing = new TreeSet<>();
    yaml("pangolin-alerts.test.yml").path("tests").forEach(t -> t.path("alert_rule_test").forEach(a -> {
      if (!a.path("exp_alerts").isEmpty()) {
        firing.add(a.path("alertname").asText());
      }
    }));
    assertThat(firing).isEqualTo(alerts);
    // the seed's thresholds
    assertThat(exprs.get("PangolinHighCpu")).endsWith("> 0.7");
    assertThat(exprs.get("PangolinHighMemory")).endsWith("> 0.8");
    assertThat(exprs.get("PangolinStorePoolSaturated")).endsWith("> 0.8");
    assertThat(exprs.get("PangolinHighLatencyP95")).endsWith("> 0.5");
    assertThat(exprs.get("PangolinHighErrorRate")).endsWith("> 0.01");
    assertThat(exprs.get("PangolinDiskAlmostFull")).endsWith("> 0.8");
  }

  @Test
  void everyMetricTheRulesName_isExportedByTheServer() throws Exception {
    Api api = new Api(target.getUri());
    String tenant = "alerts-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    api.post("/api/v1/tenants", null, Map.of("name", tenant)).is(201);
    for (int i = 0; i < 3; i++) {
      api.get("/api/v1/tenants/" + tenant, null).is(200); // a JAX-RS route, a store read, cache hits and misses
      api.get("/api/v1/catalogs", tenant).is(200);
    }
    String scrape = target.path("/metrics").request().get(String.class);
    Set<String> exported = new TreeSet<>();
    scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
        .forEach(l -> exported.add(l.split("[{ ]", 2)[0]));

    Set<String> named = new TreeSet<>();
    Pattern metric = Pattern.compile("\\b((?:pangolin|memory)_[A-Za-z0-9_]+)\\b");
    for (JsonNode r : rules()) {
      Matcher m = metric.matcher(r.path("expr").asText());
      while (m.find()) {
        named.add(m.group(1));
      }
    }
    assertThat(named).contains("pangolin_store_pool_usage_ratio", "pangolin_http_request_seconds_bucket",
        "pangolin_process_cpu_usage_ratio", "memory_usedHeap_bytes", "pangolin_disk_free_bytes",
        "pangolin_store_replica_lag_seconds", "pangolin_cache_hits_total");
    assertThat(exported).containsAll(named);
    // the pool and replica gauges carry their names as labels
    assertThat(scrape).contains("pangolin_store_pool_usage_ratio{mp_scope=\"application\",pool=\"primary\",}")
        .contains("pangolin_store_pool_connections{mp_scope=\"application\",pool=\"primary\",state=\"max\",} 10.0")
        .contains("pangolin_store_replica_in_rotation{mp_scope=\"application\",replica=\"replica-0\",} 0.0")
        .contains("pangolin_store_replica_lag_seconds{mp_scope=\"application\",replica=\"replica-0\",} -1.0");
  }
}
