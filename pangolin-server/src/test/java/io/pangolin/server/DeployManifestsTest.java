package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import io.pangolin.store.postgres.PgBouncer;
import io.pangolin.store.postgres.PostgresTestServer;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/}: every Kubernetes manifest parsed into fabric8's typed model objects and checked for the seed's
 * values and for agreement with the server — the probe and metrics paths answer on a running server, the ports line
 * up, every environment variable is a documented configuration key; the PgBouncer configuration has the seed's
 * settings and a real {@code pgbouncer} starts with them.
 */
@HelidonTest
class DeployManifestsTest {
  static final Path ROOT = repositoryRoot();
  static final Path DEPLOY = ROOT.resolve("deploy");
  private static final Path BASE = DEPLOY.resolve("kubernetes/base");
  private static final List<String> TIERS = List.of("shared", "hybrid", "dedicated");
  private static final KubernetesSerialization K8S = new KubernetesSerialization();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject
  WebTarget target;

  static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("deploy"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("no deploy/ above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  private static <T extends HasMetadata> T load(Path file, Class<T> type) {
    try (InputStream in = Files.newInputStream(file)) {
      Object parsed = K8S.unmarshal(in);
      assertThat(parsed).as(file.toString()).isInstanceOf(type);
      return type.cast(parsed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode yaml(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return JSON.valueToTree(K8S.unmarshal(in, Map.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Deployment deployment() {
    return load(BASE.resolve("deployment.yaml"), Deployment.class);
  }

  private Container container() {
    List<Container> containers = deployment().getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  @Test
  void everyManifest_isATypedKubernetesObject_andListedInItsKustomization() throws IOException {
    Map<String, Class<? extends HasMetadata>> expected = Map.of(
        "deployment.yaml", Deployment.class, "service.yaml", Service.class,
        "hpa.yaml", HorizontalPodAutoscaler.class, "pdb.yaml", PodDisruptionBudget.class,
        "servicemonitor.yaml", ServiceMonitor.class, "configmap.yaml", ConfigMap.class,
        "secret.yaml", Secret.class);
    JsonNode kustomization = yaml(BASE.resolve("kustomization.yaml"));
    Set<String> resources = new TreeSet<>();
    kustomization.path("resources").forEach(r -> resources.add(r.asText()));
    try (Stream<Path> files = Files.list(BASE)) {
      Set<String> manifests = new TreeSet<>(files.map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).toList());
      assertThat(manifests).isEqualTo(new TreeSet<>(expected.keySet()));
      assertThat(resources).isEqualTo(manifests);
    }
    expected.forEach((file, type) -> {
      HasMetadata o = load(BASE.resolve(file), type);
      assertThat(o.getMetadata().getName()).startsWith("pangolin");
    });
    for (String tier : TIERS) {
      Path overlay = DEPLOY.resolve("kubernetes/overlays/" + tier);
      JsonNode k = yaml(overlay.resolve("kustomization.yaml"));
      assertThat(k.path("resources").get(0).asText()).isEqualTo("../../base");
      assertThat(k.path("patches").get(0).path("path").asText()).isEqualTo("configmap.yaml");
      assertThat(load(overlay.resolve("configmap.yaml"), ConfigMap.class).getMetadata().getName())
          .isEqualTo("pangolin-config");
    }
  }

  @Test
  void hpa_isTheSeeds_2to10_cpu70_memory80_onTheDeployment() {
    HorizontalPodAutoscaler hpa = load(BASE.resolve("hpa.yaml"), HorizontalPodAutoscaler.class);
    assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment().getMetadata().getName());
    Map<String, Integer> utilization = new HashMap<>();
    for (MetricSpec m : hpa.getSpec().getMetrics()) {
      assertThat(m.getType()).isEqualTo("Resource");
      assertThat(m.getResource().getTarget().getType()).isEqualTo("Utilization");
      utilization.put(m.getResource().getName(), m.getResource().getTarget().getAverageUtilization());
    }
    assertThat(utilization).isEqualTo(Map.of("cpu", 70, "memory", 80));
    // utilization is relative to the requests: both must be set
    assertThat(container().getResources().getRequests()).containsKeys("cpu", "memory");
  }

  @Test
  void deployment_probesResourcesAndPorts_matchTheServer() {
    Deployment d = deployment();
    Container c = container();
    assertThat(d.getSpec().getSelector().getMatchLabels())
        .isEqualTo(d.getSpec().getTemplate().getMetadata().getLabels());
    assertThat(c.getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("http");
      assertThat(p.getContainerPort()).isEqualTo(8080); // server.port default (microprofile-config.properties)
    });
    assertThat(path(c.getLivenessProbe())).isEqualTo("/health/live");
    assertThat(path(c.getReadinessProbe())).isEqualTo("/health/ready");
    assertThat(path(c.getStartupProbe())).isEqualTo("/health/live");
    for (Probe p : List.of(c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe())) {
      assertThat(p.getHttpGet().getPort().getStrVal()).isEqualTo("http");
      assertThat(get(p.getHttpGet().getPath())).as(p.getHttpGet().getPath()).isEqualTo(200);
    }
    Map<String, Quantity> requests = c.getResources().getRequests();
    Map<String, Quantity> limits = c.getResources().getLimits();
    assertThat(limits).containsKeys("cpu", "memory");
    for (String r : List.of("cpu", "memory")) {
      assertThat(Quantity.getAmountInBytes(requests.get(r)))
          .isLessThanOrEqualTo(Quantity.getAmountInBytes(limits.get(r)));
    }

    Service svc = load(BASE.resolve("service.yaml"), Service.class);
    assertThat(svc.getSpec().getSelector()).isEqualTo(d.getSpec().getSelector().getMatchLabels());
    ServicePort sp = svc.getSpec().getPorts().get(0);
    assertThat(sp.getName()).isEqualTo("http");
    assertThat(sp.getTargetPort().getStrVal()).isEqualTo("http");

    PodDisruptionBudget pdb = load(BASE.resolve("pdb.yaml"), PodDisruptionBudget.class);
    assertThat(pdb.getApiVersion()).isEqualTo("policy/v1");
    assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(d.getSpec().getSelector().getMatchLabels());
    assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1); // below the HPA minimum of 2: a drain can proceed
  }

  @Test
  void serviceMonitor_scrapesMetrics_ofTheService() {
    ServiceMonitor sm = load(BASE.resolve("servicemonitor.yaml"), ServiceMonitor.class);
    assertThat(sm.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    Service svc = load(BASE.resolve("service.yaml"), Service.class);
    assertThat(sm.getSpec().getSelector().getMatchLabels()).isEqualTo(svc.getMetadata().getLabels());
    Endpoint ep = sm.getSpec().getEndpoints().get(0);
    assertThat(ep.getPort()).isEqualTo(svc.getSpec().getPorts().get(0).getName());
    assertThat(ep.getPath()).isEqualTo("/metrics");
    assertThat(get("/metrics")).isEqualTo(200);
  }

  @Test
  void everyEnvironmentVariable_isADocumentedConfigKey_inEveryTier() {
    Container c = container();
    List<String> refs = c.getEnvFrom().stream().map(EnvFromSource::getConfigMapRef)
        .filter(Objects::nonNull).map(r -> r.getName()).toList();
    List<String> secretRefs = c.getEnvFrom().stream().map(EnvFromSource::getSecretRef)
        .filter(Objects::nonNull).map(r -> r.getName()).toList();
    ConfigMap base = load(BASE.resolve("configmap.yaml"), ConfigMap.class);
    Secret secret = load(BASE.resolve("secret.yaml"), Secret.class);
    assertThat(refs).containsExactly(base.getMetadata().getName());
    assertThat(secretRefs).containsExactly(secret.getMetadata().getName());
    // only the JVM's own variable is set directly, never a secret in plain text
    assertThat(c.getEnv()).extracting(EnvVar::getName).containsExactly("JAVA_TOOL_OPTIONS");

    List<Pattern> documented = documentedEnvironmentNames();
    Map<String, String> secretData = secret.getStringData();
    assertThat(secretData).containsKeys("PANGOLIN_STORE_POSTGRES_PASSWORD", "PANGOLIN_AUTH_SIGNING_KEYS",
        "PANGOLIN_AUTH_BOOTSTRAP_CREDENTIALS");
    for (String tier : TIERS) {
      Map<String, String> env = new LinkedHashMap<>(base.getData());
      env.putAll(load(DEPLOY.resolve("kubernetes/overlays/" + tier + "/configmap.yaml"), ConfigMap.class).getData());
      assertThat(env).containsEntry("PANGOLIN_TENANCY_TYPE", tier);
      env.putAll(secretData);
      List<String> unknown = new ArrayList<>();
      env.keySet().forEach(name -> {
        if (documented.stream().noneMatch(p -> p.matcher(name).matches())) {
          unknown.add(name);
        }
      });
      assertThat(unknown).as("variables of tier " + tier + " that map to no documented key").isEmpty();
      // nothing secret in the ConfigMaps
      assertThat(env.keySet()).filteredOn(k -> !secretData.containsKey(k))
          .noneMatch(k -> k.contains("PASSWORD") || k.contains("SECRET") || k.contains("SIGNING_KEYS"));
    }
    // the store pools of all instances fit PgBouncer's client connections
    int poolSize = Integer.parseInt(base.getData().get("PANGOLIN_STORE_POSTGRES_POOL_SIZE"));
    int maxReplicas = load(BASE.resolve("hpa.yaml"), HorizontalPodAutoscaler.class).getSpec().getMaxReplicas();
    assertThat(poolSize * maxReplicas).isLessThanOrEqualTo(Integer.parseInt(pgbouncer().get("max_client_conn")));
    assertThat(base.getData()).containsEntry("PANGOLIN_STORE_POSTGRES_PGBOUNCER", "true");
  }

  @Test
  void pgbouncer_hasTheSeedsSettings_andARealPgbouncerRunsWithThem() throws Exception {
    Map<String, String> ini = pgbouncer();
    assertThat(ini).containsEntry("pool_mode", "transaction")
        .containsEntry("max_client_conn", "1000")
        .containsEntry("default_pool_size", "25")
        .containsEntry("ignore_startup_parameters", "extra_float_digits") // what the store README requires
        .containsEntry("server_reset_query", "");
    Map<String, String> settings = new LinkedHashMap<>(ini);
    settings.keySet().removeAll(PgBouncer.LOCAL_SETTINGS);
    settings.put("admin_users", PostgresTestServer.USER);
    PgBouncer bouncer = new PgBouncer(settings);
    bouncer.start();
    try {
      Properties p = new Properties();
      p.setProperty("user", PostgresTestServer.USER);
      p.setProperty("prepareThreshold", "0");
      try (Connection conn = DriverManager.getConnection(bouncer.url("postgres"), p);
          Statement st = conn.createStatement();
          ResultSet rs = st.executeQuery("select 41 + 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(42);
      }
      // the running PgBouncer reports the deployment's values (admin console; psql, as pgjdbc sends a SET the
      // console refuses)
      URI uri = URI.create(bouncer.url("pgbouncer").substring("jdbc:".length()));
      Process psql = new ProcessBuilder("psql", "-h", uri.getHost(), "-p", Integer.toString(uri.getPort()),
          "-U", PostgresTestServer.USER, "-d", "pgbouncer", "-AtF", "|", "-c", "SHOW CONFIG")
          .redirectErrorStream(true).start();
      String out = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(psql.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(psql.exitValue()).as(out).isZero();
      Map<String, String> shown = new HashMap<>();
      out.lines().map(l -> l.split("\\|", -1)).filter(a -> a.length >= 2).forEach(a -> shown.put(a[0], a[1]));
      assertThat(shown).containsEntry("pool_mode", "transaction").containsEntry("max_client_conn", "1000")
          .containsEntry("default_pool_size", "25");
    } finally {
      bouncer.stop();
    }
  }

  private static String path(Probe p) {
    assertThat(p).isNotNull();
    return p.getHttpGet().getPath();
  }

  private int get(String path) {
    return target.path(path).request().get().getStatus();
  }

  /** The {@code [pgbouncer]} section of deploy/pgbouncer/pgbouncer.ini. */
  static Map<String, String> pgbouncer() {
    Map<String, String> out = new LinkedHashMap<>();
    String section = "";
    try {
      for (String raw : Files.readAllLines(DEPLOY.resolve("pgbouncer/pgbouncer.ini"))) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
          continue;
        }
        if (line.startsWith("[")) {
          section = line;
        } else if (section.equals("[pgbouncer]")) {
          int eq = line.indexOf('=');
          out.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * The environment-variable form (MicroProfile Config: upper case, every non-alphanumeric as {@code _}) of every
   * key documented in a configuration table: README.md, and the key tables of the PostgreSQL store, the cache and
   * the tenancy strategies under their prefixes. A {@code <placeholder>} matches any name.
   */
  static List<Pattern> documentedEnvironmentNames() {
    List<String> keys = new ArrayList<>();
    keys.addAll(tableKeys(ROOT.resolve("README.md"), ""));
    keys.addAll(tableKeys(ROOT.resolve("pangolin-store-postgres/README.md"), "pangolin.store.postgres."));
    keys.addAll(tableKeys(ROOT.resolve("pangolin-cache/README.md"), "pangolin.cache."));
    keys.addAll(tableKeys(ROOT.resolve("pangolin-tenancy/README.md"), "pangolin.tenancy."));
    return keys.stream().filter(k -> k.startsWith("pangolin.") || k.startsWith("server."))
        .map(DeployManifestsTest::environmentPattern).toList();
  }

  private static final Pattern TABLE_ROW = Pattern.compile("^\\|([^|]+)\\|");
  private static final Pattern TICKED = Pattern.compile("`([^`]+)`");

  private static List<String> tableKeys(Path readme, String prefix) {
    List<String> keys = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(readme)) {
        Matcher row = TABLE_ROW.matcher(line);
        if (!row.find()) {
          continue;
        }
        Matcher first = TICKED.matcher(row.group(1));
        while (first.find()) {
          String token = first.group(1).strip();
          if (!token.isEmpty() && Character.isLetter(token.charAt(0)) && !token.contains(" ")) {
            keys.add(prefix + token);
          }
        }
        // key patterns named in the text of a row, e.g. dedicated.server.<name>.<store key>
        Matcher any = TICKED.matcher(line);
        while (any.find()) {
          if (any.group(1).matches("[a-z][a-z.-]*\\.<[a-z ]+>(\\.<[a-z ]+>)*")
              || any.group(1).matches("[a-z][a-z.-]*\\.<[a-z ]+>\\.[a-z.<> -]+")) {
            keys.add(prefix + any.group(1));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return keys;
  }

  private static Pattern environmentPattern(String key) {
    StringBuilder re = new StringBuilder();
    Matcher m = Pattern.compile("<[^>]+>").matcher(key);
    int at = 0;
    while (m.find()) {
      re.append(Pattern.quote(envForm(key.substring(at, m.start())))).append("[A-Z0-9_]+");
      at = m.end();
    }
    re.append(Pattern.quote(envForm(key.substring(at))));
    return Pattern.compile(re.toString());
  }

  private static String envForm(String s) {
    return s.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }
}
