package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.microprofile.server.Server;
import io.pangolin.iceberg.LocalFileIO;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile input over both APIs, above the socket (raw HTTP framing is {@code HttpFramingTest}'s): malformed,
 * truncated, mistyped, deeply nested and oversized JSON, unknown and missing fields, hostile names, paths, locations,
 * query parameters and headers, wrong content types, Iceberg updates and requirements that must not apply.
 *
 * <p>The cases are generated from tables (route × hostile input). Every case asserts
 * <ul>
 *   <li>the expected 4xx status (never a 5xx); where several 4xx are defensible the set is given and the preferred
 *       one is named in a comment;
 *   <li>a JSON body in the error model of the route's API: the Iceberg {@code ErrorModel}
 *       {@code {"error":{"message","type","code"}}} under {@code /v1}, ours {@code {"error":{"code","message",
 *       "status","requestId"}}} under {@code /api/v1}; no Java class names or stack traces in the message, and no
 *       more than {@value #ECHO_LIMIT} characters of the input echoed back;
 *   <li>that nothing changed. After each case a quick fingerprint is read (the successful audit events and the usage
 *       counts of both tenants, the tenant list, the Iceberg table's metadata location, uuid and snapshot, the view's
 *       version, the files under both warehouse roots); when it differs, the full one (every listing with versions)
 *       says what changed. Each group ends with a check of the full fingerprint, for what the quick one missed.
 * </ul>
 *
 * <p>Unknown top-level fields are expected to be refused (400) on the Iceberg routes too, as the management API
 * refuses them: the Build asks for one consistent rule. Cases that the Iceberg reference implementation accepts by
 * design (unknown metrics report types, {@code select} of unknown columns, statistics of any snapshot) are not here.
 *
 * <p>The server runs in this JVM, started with Helidon's {@link Server} builder rather than {@code @HelidonTest},
 * whose JUnit extension does not run dynamic tests.
 */
class HostileInputTest {
  private static final int ECHO_LIMIT = 200;
  private static final Pattern JAVA_NAME = Pattern.compile("\\b(java|javax|jakarta|com|org|io)\\.[a-z]+\\.");
  private static final Pattern STACK = Pattern.compile("Exception:|\\bat io\\.|\\bat java\\.|\\tat ");
  private static final Set<Integer> BAD = Set.of(400);
  private static final Set<Integer> MISSING = Set.of(404);
  private static final Set<Integer> CONFLICT = Set.of(409);
  private static final Set<Integer> FORBIDDEN = Set.of(403);
  private static final Set<Integer> UNSUPPORTED = Set.of(415);
  /** An invalid name in a path: 400 preferred (the name can never exist), 404 defensible. */
  private static final Set<Integer> BAD_OR_MISSING = Set.of(400, 404);
  /** Oversized input: 400 when under the body limit (property limits), 413 above it. */
  private static final Set<Integer> BAD_OR_TOO_LARGE = Set.of(400, 413);
  /** A GET with a body: ignoring the body (200) or refusing it (400) are both fine; changing something is not. */
  private static final Set<Integer> IGNORED_OR_BAD = Set.of(200, 400, 413);
  private static final String SCHEMA = "{\"type\":\"struct\",\"schema-id\":0,\"fields\":["
      + "{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\"},"
      + "{\"id\":2,\"name\":\"category\",\"required\":false,\"type\":\"string\"}]}";
  private static final String MB = "x".repeat(1 << 20);

  private static Server server;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicInteger requests = new AtomicInteger();
  private String base;
  private Api api;
  private Fixture fx;
  private Map<String, String> last;

  /** What the cases address. */
  record Fixture(String t, String other, Path root, Path otherRoot, String v1, String otherV1, String svcBearer,
      String metadataLocation, String tableLocation, String tableUuid, long snapshot, long parentSnapshot,
      String otherMetadataLocation, String otherTableLocation, String copiedMetadata, String viewUuid) {}

  /** One hostile request and the statuses it may get. */
  record Case(String group, String name, String method, String path, String tenant, byte[] body,
      List<Map.Entry<String, String>> headers, String authorization, Set<Integer> expected, String prepare) {
    Case(String group, String name, String method, String path, String tenant, byte[] body,
        List<Map.Entry<String, String>> headers, String authorization, Set<Integer> expected) {
      this(group, name, method, path, tenant, body, headers, authorization, expected, null);
    }

    Case header(String name, String value) {
      List<Map.Entry<String, String>> h = new ArrayList<>(headers);
      h.add(new java.util.AbstractMap.SimpleImmutableEntry<>(name, value));
      return new Case(group, this.name, method, path, tenant, body, h, authorization, expected, prepare);
    }

    Case auth(String authorization) {
      return new Case(group, name, method, path, tenant, body, headers, authorization, expected, prepare);
    }

    Case tenant(String tenant) {
      return new Case(group, name, method, path, tenant, body, headers, authorization, expected, prepare);
    }

    Case body(byte[] body, String prepare) {
      return new Case(group, name, method, path, tenant, body, headers, authorization, expected, prepare);
    }

    boolean iceberg() {
      return path.startsWith("/v1/");
    }

    boolean hasHeader(String name) {
      return headers.stream().anyMatch(e -> e.getKey().equalsIgnoreCase(name));
    }
  }

  record Res(int status, String body, HttpHeaders headers) {}

  // ------------------------------------------------------------------------------------------------------ the suite

  @BeforeAll
  static void startServer() {
    server = Server.builder().host("127.0.0.1").port(0).build().start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.stop();
    }
  }

  @TestFactory
  Stream<DynamicNode> hostileInput_isRefusedWith4xxInTheApisErrorModel_andChangesNothing() throws Exception {
    base = "http://127.0.0.1:" + server.port();
    api = new Api(URI.create(base));
    fx = fixture();
    last = fingerprint(true);
    assertThat(fingerprint(true)).as("the fingerprint is stable when nothing is written").isEqualTo(last);

    List<Case> cases = new ArrayList<>();
    managementBodies(cases);
    managementNamesAndProperties(cases);
    managementLocations(cases);
    managementPaths(cases);
    managementQueries(cases);
    headers(cases);
    icebergBodies(cases);
    icebergNamespaces(cases);
    icebergCreateTable(cases);
    icebergRegister(cases);
    icebergTableCommits(cases);
    icebergViews(cases);
    icebergRenamesAndTransactions(cases);
    icebergScanAndMetrics(cases);
    icebergQueries(cases);
    icebergPaths(cases);
    httpLevel(cases);
    // last, as an accepted one would drop the table the other cases address
    cases.add(ice("Iceberg drop table with a bad purgeRequested", "purgeRequested=maybe", "DELETE",
        "/namespaces/sales/tables/orders?purgeRequested=maybe", null, BAD));
    cases.add(ice("Iceberg drop table with a bad purgeRequested", "purgeRequested=1", "DELETE",
        "/namespaces/sales/tables/orders?purgeRequested=1", null, BAD));
    assertThat(cases).hasSizeGreaterThanOrEqualTo(300);

    Map<String, List<Case>> groups = uniqueNames(cases).stream()
        .collect(Collectors.groupingBy(Case::group, LinkedHashMap::new, Collectors.toList()));
    return groups.entrySet().stream().map(g -> DynamicContainer.dynamicContainer(g.getKey(), Stream.concat(
        g.getValue().stream().map(c -> DynamicTest.dynamicTest(c.name() + " → " + expected(c), () -> run(c))),
        Stream.of(DynamicTest.dynamicTest("(group check) nothing changed in the full fingerprint",
            () -> groupUnchanged(g.getKey()))))));
  }

  /** What no quick fingerprint of the group's cases noticed, the full one must not show either. */
  private void groupUnchanged(String group) {
    Map<String, String> now = fingerprint(true);
    List<String> changed = diff(last, now);
    last = now;
    assertThat(changed).as("[%s] (group check): nothing changed in the full fingerprint", group).isEmpty();
  }

  private static List<String> diff(Map<String, String> before, Map<String, String> after) {
    List<String> changed = new ArrayList<>();
    for (String key : new TreeSet<>(union(before.keySet(), after.keySet()))) {
      if (!Objects.equals(before.get(key), after.get(key))) {
        changed.add(key + ": " + clip(before.get(key)) + " → " + clip(after.get(key)));
      }
    }
    return changed;
  }

  private static String expected(Case c) {
    return c.expected().stream().sorted().map(String::valueOf).collect(Collectors.joining("|"));
  }

  /**
   * Gives every case names of its own ({@code hx_} becomes {@code hx<n>_}, and the source of a rename
   * {@code rename_me} a table or view {@code rm<n>} created just before the case), so that a request wrongly
   * accepted by the server fails its own case only, not the ones after it.
   */
  private static List<Case> uniqueNames(List<Case> cases) {
    List<Case> out = new ArrayList<>();
    int n = 0;
    for (Case c : cases) {
      String body = c.body() == null ? null : new String(c.body(), StandardCharsets.UTF_8);
      if (body == null || !Arrays.equals(body.getBytes(StandardCharsets.UTF_8), c.body())
          || !(body.contains("hx_") || body.contains("rename_me"))) {
        out.add(c);
        continue;
      }
      n++;
      String u = body.replace("hx_", "hx" + n + "_");
      String prepare = null;
      if (u.contains("rename_me_view")) {
        u = u.replace("rename_me_view", "rmv" + n);
        prepare = "view rmv" + n;
      } else if (u.contains("rename_me")) {
        u = u.replace("rename_me", "rm" + n);
        prepare = "table rm" + n;
      }
      out.add(c.body(u.getBytes(StandardCharsets.UTF_8), prepare));
    }
    return out;
  }

  private void run(Case c) {
    if (c.prepare() != null) {
      String[] kind = c.prepare().split(" ");
      if (kind[0].equals("view")) {
        api.post(fx.v1() + "/namespaces/sales/views", null, view(kind[1])).is(200);
      } else {
        api.post(fx.v1() + "/namespaces/sales/tables", null, "{\"name\":\"" + kind[1] + "\",\"schema\":" + SCHEMA
            + "}").is(200);
      }
      last = fingerprint(true);
    }
    Res r = send(c);
    SoftAssertions soft = new SoftAssertions();
    String shown = r.body().length() > 400 ? r.body().substring(0, 400) + "…" : r.body();
    soft.assertThat(r.status()).as("[%s] %s: never a 5xx; body %s", c.group(), c.name(), shown).isLessThan(500);
    soft.assertThat(c.expected()).as("[%s] %s: status %d, expected %s; body %s", c.group(), c.name(), r.status(),
        expected(c), shown).contains(r.status());
    if (r.status() >= 400 && !c.method().equals("HEAD")) {
      errorModel(soft, c, r);
    }
    if (r.status() == 304) {
      soft.fail("[%s] %s: 304 for a request that matches no entity tag", c.group(), c.name());
    }
    Map<String, String> quick = fingerprint(false);
    if (!quick.entrySet().stream().allMatch(e -> e.getValue().equals(last.get(e.getKey())))) {
      Map<String, String> now = fingerprint(true);
      soft.assertThat(diff(last, now)).as("[%s] %s: nothing changed", c.group(), c.name()).isEmpty();
      last = now;
    }
    soft.assertAll();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> s = new TreeSet<>(a);
    s.addAll(b);
    return s;
  }

  private static String clip(String s) {
    return s == null ? "(none)" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }

  /** The error body of {@code c}'s API, its message free of class names, stack traces and long echoes. */
  private void errorModel(SoftAssertions soft, Case c, Res r) {
    String what = "[" + c.group() + "] " + c.name() + ": ";
    soft.assertThat(r.headers().firstValue("Content-Type").orElse("")).as(what + "error Content-Type")
        .startsWith("application/json");
    soft.assertThat(r.body().length()).as(what + "error body size").isLessThan(16_384);
    JsonNode error;
    try {
      error = Api.JSON.readTree(r.body()).path("error");
    } catch (IOException | RuntimeException e) {
      soft.fail(what + "error body is not JSON: " + clip(r.body()));
      return;
    }
    String message = error.path("message").asText("");
    soft.assertThat(error.path("message").isTextual() && !message.isBlank()).as(what + "error.message in "
        + clip(r.body())).isTrue();
    if (c.iceberg()) {
      soft.assertThat(error.path("type").isTextual() && !error.path("type").asText().isBlank())
          .as(what + "ErrorModel error.type in " + clip(r.body())).isTrue();
      soft.assertThat(error.path("code").isInt() && error.path("code").asInt() == r.status())
          .as(what + "ErrorModel error.code == status in " + clip(r.body())).isTrue();
      soft.assertThat(error.path("stack").isMissingNode() || error.path("stack").isEmpty())
          .as(what + "no stack in " + clip(r.body())).isTrue();
    } else {
      soft.assertThat(error.path("code").isTextual() && !error.path("code").asText().isBlank())
          .as(what + "error.code in " + clip(r.body())).isTrue();
      soft.assertThat(error.path("status").isInt() && error.path("status").asInt() == r.status())
          .as(what + "error.status == status in " + clip(r.body())).isTrue();
      soft.assertThat(error.path("requestId").asText()).as(what + "error.requestId in " + clip(r.body()))
          .isNotBlank();
    }
    soft.assertThat(JAVA_NAME.matcher(message).find()).as(what + "a Java class name in '" + clip(message) + "'")
        .isFalse();
    soft.assertThat(STACK.matcher(r.body()).find()).as(what + "a stack trace in " + clip(r.body())).isFalse();
    for (String input : inputs(c)) {
      String echoed = echo(message, input);
      soft.assertThat(echoed).as(what + "more than " + ECHO_LIMIT + " characters of the input echoed").isNull();
    }
  }

  /** What the caller sent, as the server would decode it. */
  private static List<String> inputs(Case c) {
    List<String> in = new ArrayList<>();
    if (c.body() != null) {
      in.add(new String(c.body(), StandardCharsets.UTF_8));
    }
    in.add(percentDecode(c.path()));
    c.headers().forEach(h -> in.add(h.getValue() == null ? "" : h.getValue()));
    if (c.tenant() != null) {
      in.add(c.tenant());
    }
    return in;
  }

  private static String percentDecode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
          && Character.digit(s.charAt(i + 2), 16) >= 0) {
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.writeBytes(String.valueOf(ch).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** A run of more than {@value #ECHO_LIMIT} characters of {@code input} found in {@code text}, or null. */
  static String echo(String text, String input) {
    int w = ECHO_LIMIT + 1;
    if (text.length() < w || input.length() < w) {
      return null;
    }
    long b = 1_000_003L;
    long top = 1;
    for (int i = 1; i < w; i++) {
      top *= b;
    }
    Map<Long, List<Integer>> windows = new HashMap<>();
    long h = 0;
    for (int i = 0; i < text.length(); i++) {
      h = h * b + text.charAt(i);
      if (i >= w) {
        h -= text.charAt(i - w) * top * b;
      }
      if (i >= w - 1) {
        windows.computeIfAbsent(h, k -> new ArrayList<>()).add(i - w + 1);
      }
    }
    h = 0;
    for (int i = 0; i < input.length(); i++) {
      h = h * b + input.charAt(i);
      if (i >= w) {
        h -= input.charAt(i - w) * top * b;
      }
      if (i >= w - 1) {
        List<Integer> at = windows.get(h);
        if (at != null) {
          int start = i - w + 1;
          for (int t : at) {
            if (text.regionMatches(t, input, start, w)) {
              return text.substring(t, t + w);
            }
          }
        }
      }
    }
    return null;
  }

  private Res send(Case c) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + c.path())).timeout(Duration.ofSeconds(20))
        .header("X-Request-Id", "hostile-" + requests.incrementAndGet());
    if (c.tenant() != null) {
      b.header(RequestContextResolver.TENANT_HEADER, c.tenant());
    }
    String auth = c.authorization() != null ? c.authorization() : TestAuth.rootBearer(URI.create(base));
    if (!auth.isEmpty()) {
      b.header("Authorization", auth);
    }
    if (c.body() != null && !c.hasHeader("Content-Type")) {
      b.header("Content-Type", "application/json");
    }
    for (Map.Entry<String, String> h : c.headers()) {
      if (h.getValue() != null) {
        b.header(h.getKey(), h.getValue());
      }
    }
    b.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(c.body()));
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Res(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r.headers());
    } catch (IOException e) {
      throw new UncheckedIOException("[" + c.group() + "] " + c.name() + ": no HTTP response", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------------------------------------ case builders

  private Case mgmt(String group, String name, String method, String path, Object body, Set<Integer> expected) {
    String tenant = path.startsWith("/api/v1/tenants") || path.startsWith("/api/v1/auth") ? null : fx.t();
    return new Case(group, name, method, path, tenant, bytes(body), List.of(), null, expected);
  }

  private Case ice(String group, String name, String method, String path, Object body, Set<Integer> expected) {
    return new Case(group, name, method, fx.v1() + path, null, bytes(body), List.of(), null, expected);
  }

  private static byte[] bytes(Object body) {
    if (body == null) {
      return null;
    }
    if (body instanceof byte[] b) {
      return b;
    }
    return (body instanceof String s ? s : Api.json(body)).getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Map<String, Object> with(Map<String, Object> valid, String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>(valid);
    m.put(key, value);
    return m;
  }

  private static Map<String, Object> without(Map<String, Object> valid, String key) {
    Map<String, Object> m = new LinkedHashMap<>(valid);
    m.remove(key);
    return m;
  }

  private static JsonNode tree(String json) {
    try {
      return Api.JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> manyProperties(int n) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.put("key-" + i, "value-" + i);
    }
    return m;
  }

  /** Bodies that are not a JSON object of the route's shape, whatever the route. */
  private static Map<String, byte[]> malformedBodies() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("malformed JSON", bytes("{\"name\": }"));
    m.put("JSON array", bytes("[]"));
    m.put("JSON number", bytes("42"));
    m.put("JSON null", bytes("null"));
    m.put("JSON string", bytes("\"text\""));
    m.put("JSON boolean", bytes("true"));
    m.put("100 000 nested arrays", bytes("[".repeat(100_000)));
    m.put("100 000 nested objects", bytes("{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000)));
    m.put("number of 100 000 digits", bytes("{\"name\":1" + "0".repeat(100_000) + "}"));
    m.put("empty body", new byte[0]);
    m.put("invalid UTF-8 between tokens", new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
    m.put("raw NUL in a JSON string", bytes("{\"name\":\"a\u0000b\"}"));
    return m;
  }

  /** Bodies derived from the route's valid body: each is wrong in exactly one way. */
  private static Map<String, Object> derivedBodies(String valid, boolean strictKeys) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("truncated JSON", valid.substring(0, valid.length() / 2));
    m.put("JSON comment", "/* x */" + valid);
    m.put("trailing garbage", valid + " x");
    m.put("two JSON documents", valid + valid);
    m.put("unknown top-level field", valid.substring(0, valid.length() - 1) + ",\"bogus\":1}");
    if (strictKeys) {
      m.put("duplicate keys", valid.substring(0, valid.length() - 1) + "," + valid.substring(1));
    }
    int value = valid.indexOf("\":\"");
    if (value > 0) {
      // bytes that are not UTF-8 inside a string value the route reads
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.writeBytes(valid.substring(0, value + 3).getBytes(StandardCharsets.UTF_8));
      b.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
      b.writeBytes(valid.substring(value + 3).getBytes(StandardCharsets.UTF_8));
      m.put("invalid UTF-8 in a string value", b.toByteArray());
    }
    return m;
  }

  /** The valid body of the route with every wrong Content-Type: 415. */
  private void contentTypes(List<Case> cases, Case valid) {
    for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/xml",
        "application/octet-stream"}) {
      cases.add(new Case(valid.group(), "valid body as " + type, valid.method(), valid.path(), valid.tenant(),
          valid.body(), List.of(), null, UNSUPPORTED).header("Content-Type", type));
    }
    cases.add(new Case(valid.group(), "valid body without Content-Type", valid.method(), valid.path(),
        valid.tenant(), valid.body(), List.of(), null, UNSUPPORTED).header("Content-Type", null));
  }

  // ------------------------------------------------------------------------------------------- management API

  /** A management write route: its valid body and its required fields. */
  private record WriteRoute(String method, String path, Map<String, Object> valid, Set<String> required,
      boolean contentTypeCases) {}

  private List<WriteRoute> managementWrites() {
    String ns = "/api/v1/catalogs/prod/namespaces";
    String assets = ns + "/sales/assets";
    Map<String, Object> upd = map("updates", map("hk", "v"), "removals", List.of("gone"));
    return List.of(
        new WriteRoute("POST", "/api/v1/tenants", map("name", "hx_tenant", "properties", map("k", "v")),
            Set.of("name"), true),
        new WriteRoute("PATCH", "/api/v1/tenants/" + fx.t(), upd, Set.of(), true),
        new WriteRoute("POST", "/api/v1/tenants/" + fx.t() + "/placement", map("tier", "no-such-tier"),
            Set.of("tier"), false),
        new WriteRoute("POST", "/api/v1/warehouses", map("name", "hx_wh", "storageRoot", "s3://hostile-bucket/wh",
            "storageProperties", map("region", "eu")), Set.of("name", "storageRoot"), true),
        new WriteRoute("PATCH", "/api/v1/warehouses/lake", upd, Set.of(), true),
        new WriteRoute("POST", "/api/v1/catalogs", map("name", "hx_cat", "warehouse", "lake", "properties",
            map("k", "v")), Set.of("name", "warehouse"), true),
        new WriteRoute("PATCH", "/api/v1/catalogs/prod", upd, Set.of(), true),
        new WriteRoute("POST", ns, map("name", "hx_ns", "properties", map("k", "v")), Set.of("name"), true),
        new WriteRoute("PATCH", ns + "/sales", upd, Set.of(), true),
        new WriteRoute("POST", assets, map("name", "hx_asset", "kind", "ML_MODEL", "properties", map("k", "v")),
            Set.of("name", "kind"), true),
        new WriteRoute("PATCH", assets + "/churn", upd, Set.of(), true),
        new WriteRoute("POST", assets + "/churn/rename", map("namespace", "sales", "name", "churn_renamed"),
            Set.of("namespace", "name"), true),
        new WriteRoute("POST", assets + "/orders/maintenance", map("asOf", "2026-12-05T10:00:00Z", "dryRun", true,
            "removeOrphanFiles", true), Set.of(), true),
        new WriteRoute("POST", "/api/v1/catalogs/prod/maintenance", map("namespace", "sales", "dryRun", true,
            "cleanMetadataFiles", false), Set.of(), true),
        new WriteRoute("POST", "/api/v1/audit/archive", map("olderThanDays", 90), Set.of("olderThanDays"), true),
        new WriteRoute("POST", "/api/v1/users", map("name", "hx_user", "email", "hx@example.com", "properties",
            map("k", "v")), Set.of("name"), true),
        new WriteRoute("PATCH", "/api/v1/users/alice", map("email", "alice@example.org", "updates", map("k", "v"),
            "removals", List.of("gone")), Set.of(), true),
        new WriteRoute("PUT", "/api/v1/users/alice/password", map("password", "a long enough password"),
            Set.of("password"), true),
        new WriteRoute("POST", "/api/v1/service-users", map("name", "hx_svc", "roles", List.of("tenant-user")),
            Set.of("name"), true),
        new WriteRoute("PATCH", "/api/v1/service-users/svc", map("enabled", true), Set.of("enabled"), true),
        new WriteRoute("POST", "/api/v1/auth/login", map("tenant", fx.t(), "username", "alice", "password",
            "wrong password!"), Set.of("tenant", "username", "password"), true));
  }

  private void managementBodies(List<Case> cases) {
    for (WriteRoute w : managementWrites()) {
      String group = "management " + w.method() + " " + w.path().replace(fx.t(), "{tenant}") + ": body";
      for (Map.Entry<String, byte[]> b : malformedBodies().entrySet()) {
        cases.add(mgmt(group, b.getKey(), w.method(), w.path(), b.getValue(), BAD));
      }
      for (Map.Entry<String, Object> b : derivedBodies(Api.json(w.valid()), true).entrySet()) {
        cases.add(mgmt(group, b.getKey(), w.method(), w.path(), b.getValue(), BAD));
      }
      cases.add(mgmt(group, "1 MB unknown field", w.method(), w.path(), with(w.valid(), "bogus", MB),
          BAD_OR_TOO_LARGE));
      for (Map.Entry<String, Object> f : w.valid().entrySet()) {
        String k = f.getKey();
        Object v = f.getValue();
        if (w.required().contains(k)) {
          cases.add(mgmt(group, "missing '" + k + "'", w.method(), w.path(), without(w.valid(), k), BAD));
          cases.add(mgmt(group, "'" + k + "' null", w.method(), w.path(), with(w.valid(), k, null), BAD));
        }
        if (v instanceof String s) {
          cases.add(mgmt(group, "'" + k + "' a number", w.method(), w.path(), with(w.valid(), k, 5), BAD));
          cases.add(mgmt(group, "'" + k + "' an array", w.method(), w.path(), with(w.valid(), k, List.of(s)), BAD));
        } else if (v instanceof Map<?, ?>) {
          cases.add(mgmt(group, "'" + k + "' a string", w.method(), w.path(), with(w.valid(), k, "k=v"), BAD));
          cases.add(mgmt(group, "'" + k + "' with a number value", w.method(), w.path(),
              with(w.valid(), k, map("k", 1)), BAD));
          cases.add(mgmt(group, "'" + k + "' with a null value", w.method(), w.path(),
              with(w.valid(), k, map("k", null)), BAD));
        } else if (v instanceof List<?>) {
          cases.add(mgmt(group, "'" + k + "' a string", w.method(), w.path(), with(w.valid(), k, "a"), BAD));
          cases.add(mgmt(group, "'" + k + "' with a number element", w.method(), w.path(),
              with(w.valid(), k, List.of(1)), BAD));
          cases.add(mgmt(group, "'" + k + "' with a null element", w.method(), w.path(),
              with(w.valid(), k, Arrays.asList("a", null)), BAD));
        } else if (v instanceof Boolean) {
          cases.add(mgmt(group, "'" + k + "' a string", w.method(), w.path(), with(w.valid(), k, "no"), BAD));
          cases.add(mgmt(group, "'" + k + "' a number", w.method(), w.path(), with(w.valid(), k, 0), BAD));
        }
      }
      if (w.contentTypeCases()) {
        contentTypes(cases, mgmt(group, "", w.method(), w.path(), w.valid(), UNSUPPORTED));
      }
    }
  }

  /** Hostile names; all are invalid for every kind of name of the management API. */
  private static Map<String, String> hostileNames() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("NUL", "a\u0000b");
    m.put("newline", "a\nb");
    m.put("escape character", "a\u001b[31mb");
    m.put("..", "..");
    m.put("path traversal", "../../etc/passwd");
    m.put("encoded traversal", "%2e%2e%2f%2e%2e");
    m.put("backslash traversal", "..\\..\\windows");
    m.put("300 characters", "n".repeat(300));
    m.put("100 000 characters", "n".repeat(100_000));
    m.put("empty", "");
    m.put("right-to-left override", "a\u202eb");
    m.put("non-ASCII", "caf\u00e9");
    return m;
  }

  private void managementNamesAndProperties(List<Case> cases) {
    String ns = "/api/v1/catalogs/prod/namespaces";
    Map<String, Map<String, Object>> creates = new LinkedHashMap<>();
    creates.put("/api/v1/tenants", map("properties", map()));
    creates.put("/api/v1/warehouses", map("storageRoot", "s3://hostile-bucket/names"));
    creates.put("/api/v1/catalogs", map("warehouse", "lake"));
    creates.put(ns, map());
    creates.put(ns + "/sales/assets", map("kind", "ML_MODEL"));
    creates.put("/api/v1/users", map());
    creates.put("/api/v1/service-users", map("roles", List.of("tenant-user")));
    for (Map.Entry<String, Map<String, Object>> route : creates.entrySet()) {
      String group = "management POST " + route.getKey() + ": hostile names";
      for (Map.Entry<String, String> n : hostileNames().entrySet()) {
        cases.add(mgmt(group, "name " + n.getKey(), "POST", route.getKey(), with(route.getValue(), "name",
            n.getValue()), BAD));
      }
    }
    // renames and namespace names of several levels
    String rename = ns + "/sales/assets/churn/rename";
    for (Map.Entry<String, String> n : hostileNames().entrySet()) {
      cases.add(mgmt("management POST …/assets/{asset}/rename: hostile names", "new name " + n.getKey(), "POST",
          rename, map("namespace", "sales", "name", n.getValue()), BAD));
    }
    for (String bad : List.of("sales..x", ".sales", "sales.", "sales.emea.a.b.c", "sales.a\u0000b",
        "sales." + "n".repeat(200))) {
      cases.add(mgmt("management POST …/assets/{asset}/rename: hostile names", "target namespace '" + clip(bad)
          .replace("\u0000", "\\0") + "'", "POST", rename, map("namespace", bad, "name", "x"),
          bad.startsWith("sales.emea.a") ? BAD_OR_MISSING : BAD));
      cases.add(mgmt("management POST …/namespaces: hostile names", "dotted name '" + clip(bad)
          .replace("\u0000", "\\0") + "'", "POST", ns, map("name", bad), BAD));
    }
    // property limits: the same on every route that takes properties
    Map<String, String> propertyRoutes = new LinkedHashMap<>();
    propertyRoutes.put("POST /api/v1/catalogs", "properties");
    propertyRoutes.put("PATCH /api/v1/catalogs/prod", "updates");
    propertyRoutes.put("POST " + ns, "properties");
    propertyRoutes.put("PATCH " + ns + "/sales", "updates");
    propertyRoutes.put("POST /api/v1/warehouses", "storageProperties");
    propertyRoutes.put("PATCH /api/v1/warehouses/lake", "updates");
    propertyRoutes.put("PATCH /api/v1/tenants/" + fx.t(), "updates");
    propertyRoutes.put("POST " + ns + "/sales/assets", "properties");
    Map<String, Object> hostileProps = new LinkedHashMap<>();
    hostileProps.put("2 000 properties", manyProperties(2_000));
    hostileProps.put("a value of 100 000 characters", map("k", "v".repeat(100_000)));
    hostileProps.put("a key of 300 characters", map("k".repeat(300), "v"));
    hostileProps.put("an empty key", map("", "v"));
    hostileProps.put("a key with a NUL", map("k\u0000", "v"));
    hostileProps.put("a key with a newline", map("k\nx", "v"));
    for (Map.Entry<String, String> route : propertyRoutes.entrySet()) {
      String[] mp = route.getKey().split(" ", 2);
      Map<String, Object> valid = switch (mp[1]) {
        case "/api/v1/catalogs" -> map("name", "hx_props", "warehouse", "lake");
        case "/api/v1/warehouses" -> map("name", "hx_props", "storageRoot", "s3://hostile-bucket/props");
        default -> mp[1].endsWith("/assets") ? map("name", "hx_props", "kind", "ML_MODEL")
            : mp[1].endsWith("/namespaces") ? map("name", "hx_props") : map();
      };
      String group = "management " + route.getKey().replace(fx.t(), "{tenant}") + ": property limits";
      for (Map.Entry<String, Object> p : hostileProps.entrySet()) {
        cases.add(mgmt(group, p.getKey(), mp[0], mp[1], with(valid, route.getValue(), p.getValue()), BAD));
      }
      cases.add(mgmt(group, "a value of 1 MB", mp[0], mp[1], with(valid, route.getValue(), map("k", MB)),
          BAD_OR_TOO_LARGE));
    }
    // roles, passwords, expiry
    String group = "management service users and passwords";
    cases.add(mgmt(group, "unknown role", "POST", "/api/v1/service-users", map("name", "hx_svc", "roles",
        List.of("superuser")), BAD));
    cases.add(mgmt(group, "role root for a tenant principal", "POST", "/api/v1/service-users", map("name",
        "hx_svc", "roles", List.of("root")), Set.of(400, 403)));
    cases.add(mgmt(group, "expiresAt not an instant", "POST", "/api/v1/service-users", map("name", "hx_svc",
        "roles", List.of("tenant-user"), "expiresAt", "tomorrow"), BAD));
    cases.add(mgmt(group, "password too short", "PUT", "/api/v1/users/alice/password", map("password", "x"), BAD));
    cases.add(mgmt(group, "password of 100 000 characters", "PUT", "/api/v1/users/alice/password",
        map("password", "p".repeat(100_000)), BAD));
    cases.add(mgmt(group, "password with an unknown role", "PUT", "/api/v1/users/alice/password",
        map("password", "a long enough password", "roles", List.of("superuser")), BAD));
    cases.add(mgmt(group, "tenant of an unknown tier", "POST", "/api/v1/tenants", map("name", "hx-tier", "tier",
        "platinum"), BAD));
    cases.add(mgmt(group, "tenant on an unknown server", "POST", "/api/v1/tenants", map("name", "hx-tier",
        "tier", "dedicated", "server", "nowhere"), BAD));
    cases.add(mgmt(group, "asset of an unknown kind", "POST", ns + "/sales/assets", map("name", "hx_kind",
        "kind", "SPREADSHEET"), BAD));
    cases.add(mgmt(group, "asset into a missing namespace", "POST", ns + "/nope/assets", map("name", "hx_kind",
        "kind", "ML_MODEL"), MISSING));
    cases.add(mgmt(group, "catalog on a missing warehouse", "POST", "/api/v1/catalogs", map("name", "hx_cat",
        "warehouse", "nope"), MISSING));
    cases.add(mgmt(group, "existing catalog", "POST", "/api/v1/catalogs", map("name", "prod", "warehouse",
        "lake"), CONFLICT));
    cases.add(mgmt(group, "existing asset", "POST", ns + "/sales/assets", map("name", "churn", "kind",
        "ML_MODEL"), CONFLICT));
    cases.add(mgmt(group, "rename onto an existing asset", "POST", ns + "/sales/assets/churn/rename",
        map("namespace", "sales", "name", "orders"), CONFLICT));
    cases.add(mgmt(group, "delete a non-empty namespace", "DELETE", ns + "/sales", null, CONFLICT));
    cases.add(mgmt(group, "delete a warehouse in use", "DELETE", "/api/v1/warehouses/lake", null, CONFLICT));
  }

  /** Locations nobody may claim: other schemes, system paths, metadata services, traversal, another tenant. */
  private Map<String, String> hostileLocations() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("file:///etc", "file:///etc");
    m.put("file:///etc/passwd", "file:///etc/passwd");
    m.put("instance metadata service", "http://169.254.169.254/latest/meta-data");
    m.put("gopher", "gopher://127.0.0.1:6379/_INFO");
    m.put("relative traversal", "../../escape");
    m.put("relative path", "relative/path");
    m.put("traversal out of the own root", fx.root().toUri() + "../" + fx.otherRoot().getFileName());
    m.put("other tenant's root", fx.otherRoot().toUri().toString());
    m.put("inside the other tenant's root", fx.otherRoot().toUri() + "stolen");
    m.put("all of local storage", "file:///tmp");
    m.put("jar", "jar:file:/tmp/x.jar!/");
    m.put("remote file host", "file://evil.example.com/share");
    return m;
  }

  private void managementLocations(List<Case> cases) {
    String assets = "/api/v1/catalogs/prod/namespaces/sales/assets";
    for (Map.Entry<String, String> l : hostileLocations().entrySet()) {
      // another tenant's root is a conflict (409) on warehouses, as ManagementApiTest has it; traversal that ends
      // there may be refused as traversal (400) or as that root (409)
      boolean other = l.getKey().contains("other tenant") || l.getKey().contains("traversal out");
      Set<Integer> root = other ? Set.of(400, 409) : BAD;
      cases.add(mgmt("management warehouse storage roots", "POST " + l.getKey(), "POST", "/api/v1/warehouses",
          map("name", "hx_loc", "storageRoot", l.getValue()), l.getKey().equals("other tenant's root") ? CONFLICT
              : root));
      cases.add(mgmt("management warehouse storage roots", "PATCH " + l.getKey(), "PATCH", "/api/v1/warehouses/lake",
          map("storageRoot", l.getValue()), root));
      cases.add(mgmt("management asset locations", "location " + l.getKey(), "POST", assets,
          map("name", "hx_loc", "kind", "PARQUET", "location", l.getValue()), BAD));
      cases.add(mgmt("management asset locations", "metadataLocation " + l.getKey(), "POST", assets,
          map("name", "hx_loc", "kind", "ICEBERG_TABLE", "metadataLocation", l.getValue()), BAD));
    }
    cases.add(mgmt("management asset locations", "metadataLocation of the other tenant's table", "POST", assets,
        map("name", "hx_loc", "kind", "ICEBERG_TABLE", "metadataLocation", fx.otherMetadataLocation()), BAD));
    cases.add(mgmt("management asset locations", "location of 5 000 characters", "POST", assets,
        map("name", "hx_loc", "kind", "PARQUET", "location", fx.root().toUri() + "l".repeat(5_000)), BAD));
  }

  /** Hostile path segments, percent-encoded as a client would send them. */
  private static Map<String, String> hostileSegments() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("NUL", "a%00b");
    m.put("encoded ..", "%2e%2e");
    m.put("encoded traversal", "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd");
    m.put("overlong UTF-8 dots", "%C0%AE%C0%AE");
    m.put("invalid UTF-8", "%FF%FE");
    m.put("300 characters", "n".repeat(300));
    m.put("backslash traversal", "..%5C..%5Cetc");
    return m;
  }

  private void managementPaths(List<Case> cases) {
    String ns = "/api/v1/catalogs/prod/namespaces";
    String assets = ns + "/sales/assets";
    Map<String, Object> upd = map("updates", map("hk", "v"));
    record PathRoute(String method, String template, Object body) {}
    List<PathRoute> routes = List.of(
        new PathRoute("GET", "/api/v1/tenants/{x}", null),
        new PathRoute("GET", "/api/v1/tenants/{x}/usage", null),
        new PathRoute("PATCH", "/api/v1/tenants/{x}", upd),
        new PathRoute("DELETE", "/api/v1/tenants/{x}", null),
        new PathRoute("GET", "/api/v1/warehouses/{x}", null),
        new PathRoute("PATCH", "/api/v1/warehouses/{x}", upd),
        new PathRoute("DELETE", "/api/v1/warehouses/{x}", null),
        new PathRoute("GET", "/api/v1/catalogs/{x}", null),
        new PathRoute("PATCH", "/api/v1/catalogs/{x}", upd),
        new PathRoute("DELETE", "/api/v1/catalogs/{x}", null),
        new PathRoute("GET", "/api/v1/catalogs/{x}/namespaces", null),
        new PathRoute("POST", "/api/v1/catalogs/{x}/namespaces", map("name", "hx_ns")),
        new PathRoute("GET", ns + "/{x}", null),
        new PathRoute("HEAD", ns + "/{x}", null),
        new PathRoute("PATCH", ns + "/{x}", upd),
        new PathRoute("DELETE", ns + "/{x}", null),
        new PathRoute("GET", ns + "/{x}/assets", null),
        new PathRoute("POST", ns + "/{x}/assets", map("name", "hx_asset", "kind", "ML_MODEL")),
        new PathRoute("GET", assets + "/{x}", null),
        new PathRoute("PATCH", assets + "/{x}", upd),
        new PathRoute("DELETE", assets + "/{x}", null),
        new PathRoute("POST", assets + "/{x}/rename", map("namespace", "sales", "name", "hx_renamed")),
        new PathRoute("GET", "/api/v1/users/{x}", null),
        new PathRoute("PUT", "/api/v1/users/{x}/password", map("password", "a long enough password")),
        new PathRoute("DELETE", "/api/v1/users/{x}", null),
        new PathRoute("GET", "/api/v1/service-users/{x}", null),
        new PathRoute("POST", "/api/v1/service-users/{x}/rotate", null),
        new PathRoute("DELETE", "/api/v1/service-users/{x}", null));
    for (PathRoute r : routes) {
      String group = "management " + r.method() + " " + r.template() + ": hostile path parameter";
      for (Map.Entry<String, String> s : hostileSegments().entrySet()) {
        cases.add(mgmt(group, s.getKey(), r.method(), r.template().replace("{x}", s.getValue()), r.body(), BAD));
      }
    }
    // a raw "..": normalized away by the server (an unknown route, 404) or refused (400)
    for (String p : List.of("/api/v1/catalogs/..", assets + "/..%2F..")) {
      cases.add(mgmt("management raw .. in paths", "GET " + p, "GET", p, null, BAD_OR_MISSING));
      cases.add(mgmt("management raw .. in paths", "DELETE " + p, "DELETE", p, null, Set.of(400, 404, 405)));
    }
  }

  private void managementQueries(List<Case> cases) {
    List<String> lists = List.of("/api/v1/warehouses", "/api/v1/catalogs", "/api/v1/catalogs/prod/namespaces",
        "/api/v1/catalogs/prod/namespaces/sales/assets", "/api/v1/users", "/api/v1/service-users", "/api/v1/audit",
        "/api/v1/search", "/api/v1/tenants");
    String token = api.get("/api/v1/catalogs/prod/namespaces?pageSize=1", fx.t()).is(200).json()
        .path("nextPageToken").asText();
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("pageSize=0", "pageSize=0");
    bad.put("pageSize negative", "pageSize=-1");
    bad.put("pageSize not a number", "pageSize=abc");
    bad.put("pageSize above the maximum", "pageSize=1001");
    bad.put("pageSize beyond int", "pageSize=2147483648");
    bad.put("pageSize in exponent form", "pageSize=1e3");
    bad.put("pageToken garbage", "pageToken=garbage!");
    bad.put("pageToken of 3 000 characters", "pageToken=" + "x".repeat(3_000));
    bad.put("pageToken with NUL", "pageToken=a%00b");
    bad.put("pageToken of another listing", "pageToken=" + token);
    for (String list : lists) {
      for (Map.Entry<String, String> q : bad.entrySet()) {
        if (q.getKey().equals("pageToken of another listing") && list.endsWith("/namespaces")) {
          continue;
        }
        cases.add(mgmt("management GET " + list + ": bad query parameters", q.getKey(), "GET",
            list + "?" + q.getValue(), null, BAD));
      }
    }
    String group = "management filters";
    for (String q : List.of("/api/v1/audit?from=yesterday", "/api/v1/audit?to=31/12/2025",
        "/api/v1/audit?result=MAYBE", "/api/v1/audit/count?from=2025-13-45T00:00:00Z",
        "/api/v1/search?kind=SPREADSHEET",
        "/api/v1/search?property==v", "/api/v1/catalogs/prod/namespaces/sales/assets?kind=%00",
        "/api/v1/catalogs/prod/namespaces?parent=a%00b", "/api/v1/catalogs/prod/namespaces?parent=sales..x",
        "/api/v1/catalogs/prod/namespaces?parent=" + "n".repeat(300))) {
      cases.add(mgmt(group, q.substring(8, Math.min(q.length(), 90)), "GET", q, null, BAD));
    }
    cases.add(mgmt(group, "namespaces of a missing parent", "GET", "/api/v1/catalogs/prod/namespaces?parent=nope",
        null, MISSING));
  }

  private void headers(List<Case> cases) {
    String group = "X-Pangolin-Tenant";
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("empty", "");
    bad.put("blank", "   ");
    bad.put("traversal", "../" + fx.t());
    bad.put("upper case", fx.t().toUpperCase(java.util.Locale.ROOT));
    bad.put("300 characters", "t".repeat(300));
    bad.put("with a space", "a b");
    bad.put("a list", fx.t() + "," + fx.other());
    bad.put("wildcard", "*");
    bad.put("percent-encoded", "%2e%2e");
    bad.put("non-ASCII", "t\u00e9");
    for (Map.Entry<String, String> h : bad.entrySet()) {
      for (String path : List.of("/api/v1/catalogs", "/api/v1/catalogs/prod/namespaces")) {
        // an invalid tenant name is a 400 (preferred: it can never exist) or a 404
        cases.add(mgmt(group, h.getKey() + " on GET " + path, "GET", path, null, BAD_OR_MISSING).tenant(h.getValue()));
      }
      cases.add(mgmt(group, h.getKey() + " on POST /api/v1/catalogs", "POST", "/api/v1/catalogs",
          map("name", "hx_cat", "warehouse", "lake"), BAD_OR_MISSING).tenant(h.getValue()));
    }
    // two values: ambiguous, so 400 preferred; read as the one invalid name "a,b" it is a 404
    cases.add(mgmt(group, "given twice", "GET", "/api/v1/catalogs", null, BAD_OR_MISSING).header(
        RequestContextResolver.TENANT_HEADER, fx.other()));
    cases.add(mgmt(group, "given twice on a write", "POST", "/api/v1/catalogs", map("name", "hx_cat", "warehouse",
        "lake"), BAD_OR_MISSING).header(RequestContextResolver.TENANT_HEADER, fx.other()));
    cases.add(mgmt(group, "missing on a tenant route", "POST", "/api/v1/catalogs", map("name", "hx_cat",
        "warehouse", "lake"), BAD).tenant(null));
    cases.add(mgmt(group, "another tenant by a tenant's service user", "POST", "/api/v1/catalogs/prod/namespaces",
        map("name", "hx_ns"), FORBIDDEN).tenant(fx.other()).auth(fx.svcBearer()));
    cases.add(mgmt(group, "another tenant by a tenant's service user, read", "GET", "/api/v1/catalogs", null,
        FORBIDDEN).tenant(fx.other()).auth(fx.svcBearer()));
    cases.add(ice(group, "not the prefix's tenant", "POST", "/namespaces", "{\"namespace\":[\"hx_ns\"]}",
        FORBIDDEN).tenant(fx.other()));
    cases.add(new Case(group, "another tenant's prefix by a tenant's service user", "POST",
        fx.otherV1() + "/namespaces", null, bytes("{\"namespace\":[\"hx_ns\"]}"), List.of(), fx.svcBearer(),
        FORBIDDEN));
    cases.add(new Case(group, "another tenant's table by a tenant's service user", "POST",
        fx.otherV1() + "/namespaces/sales/tables/secret", null, bytes(commit("{\"action\":\"set-properties\","
        + "\"updates\":{\"hk\":\"v\"}}")), List.of(), fx.svcBearer(), FORBIDDEN));

    String etag = "If-None-Match";
    String table = "/namespaces/sales/tables/orders";
    String view = "/namespaces/sales/views/v_orders";
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("unquoted garbage", "garbage");
    tags.put("weak prefix only", "W/");
    tags.put("a lone quote", "\"");
    tags.put("1 000 characters", "\"" + "e".repeat(1_000) + "\"");
    tags.put("500 tags", IntStream.range(0, 500).mapToObj(i -> "\"t" + i + "\"").collect(Collectors.joining(",")));
    tags.put("another table's tag", "\"" + fx.otherMetadataLocation().hashCode() + "\"");
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      // a tag that matches nothing: the full answer (200), never a 304 nor a 5xx; refusing it (400) is defensible
      cases.add(ice("If-None-Match", "load table with " + tag.getKey(), "GET", table, null, Set.of(200, 400))
          .header(etag, tag.getValue()));
      cases.add(ice("If-None-Match", "load view with " + tag.getKey(), "GET", view, null, Set.of(200, 400))
          .header(etag, tag.getValue()));
    }
    cases.add(ice("If-None-Match", "any tag of a missing table", "GET", "/namespaces/sales/tables/nope", null,
        MISSING).header(etag, "*"));

    group = "bodies on GET";
    cases.add(mgmt(group, "malformed JSON on GET /api/v1/catalogs", "GET", "/api/v1/catalogs", "{\"name\": }",
        IGNORED_OR_BAD));
    cases.add(mgmt(group, "1 MB on GET /api/v1/catalogs/prod", "GET", "/api/v1/catalogs/prod", MB, IGNORED_OR_BAD));
    cases.add(mgmt(group, "a create body on GET /api/v1/catalogs", "GET", "/api/v1/catalogs", map("name", "hx_cat",
        "warehouse", "lake"), IGNORED_OR_BAD));
    cases.add(ice(group, "nested arrays on GET namespaces", "GET", "/namespaces", "[".repeat(100_000),
        IGNORED_OR_BAD));
    cases.add(ice(group, "1 MB on GET table", "GET", table, MB, IGNORED_OR_BAD));
    cases.add(ice(group, "a commit body on GET table", "GET", table, commit("{\"action\":\"set-properties\","
        + "\"updates\":{\"hk\":\"v\"}}"), IGNORED_OR_BAD));
  }

  // ---------------------------------------------------------------------------------------------- Iceberg REST

  private static String commit(String... updates) {
    return "{\"requirements\":[],\"updates\":[" + String.join(",", updates) + "]}";
  }

  private static String commitWith(String requirement, String... updates) {
    return "{\"requirements\":[" + requirement + "],\"updates\":[" + String.join(",", updates) + "]}";
  }

  private static String view(String name) {
    return "{\"name\":\"" + name + "\",\"schema\":" + SCHEMA + ",\"view-version\":{\"version-id\":1,"
        + "\"timestamp-ms\":1,\"schema-id\":0,\"summary\":{},\"default-namespace\":[\"sales\"],\"representations\":"
        + "[{\"type\":\"sql\",\"sql\":\"select 1\",\"dialect\":\"spark\"}]},\"properties\":{}}";
  }

  private static final String SET_PROPS = "{\"action\":\"set-properties\",\"updates\":{\"hostile\":\"yes\"}}";

  /** Iceberg routes with a body: a valid body (null: none that would succeed) for the derived cases. */
  private Map<String, String> icebergWrites() {
    Map<String, String> m = new LinkedHashMap<>();
    String orders = "{\"namespace\":[\"sales\"],\"name\":\"orders\"}";
    m.put("POST /namespaces", "{\"namespace\":[\"hx_ns\"],\"properties\":{\"k\":\"v\"}}");
    m.put("POST /namespaces/sales/properties", "{\"updates\":{\"hk\":\"v\"},\"removals\":[]}");
    m.put("POST /namespaces/sales/tables", "{\"name\":\"hx_table\",\"schema\":" + SCHEMA + "}");
    m.put("POST /namespaces/sales/register", "{\"name\":\"hx_reg\",\"metadata-location\":\"" + fx.copiedMetadata()
        + "\"}");
    m.put("POST /namespaces/sales/tables/orders", commit(SET_PROPS));
    m.put("POST /tables/rename", "{\"source\":{\"namespace\":[\"sales\"],\"name\":\"rename_me\"},"
        + "\"destination\":{\"namespace\":[\"sales\"],\"name\":\"hx_renamed\"}}");
    m.put("POST /transactions/commit", "{\"table-changes\":[{\"identifier\":" + orders + ",\"requirements\":[],"
        + "\"updates\":[" + SET_PROPS + "]}]}");
    m.put("POST /namespaces/sales/views", view("hx_view"));
    m.put("POST /namespaces/sales/views/v_orders", commit(SET_PROPS));
    m.put("POST /views/rename", "{\"source\":{\"namespace\":[\"sales\"],\"name\":\"rename_me_view\"},\"destination\":"
        + "{\"namespace\":[\"sales\"],\"name\":\"hx_renamed_view\"}}");
    m.put("POST /namespaces/sales/tables/orders/plan", null);
    m.put("POST /namespaces/sales/tables/orders/metrics", null);
    m.put("POST /namespaces/sales/tables/orders/tasks", null);
    return m;
  }

  private void icebergBodies(List<Case> cases) {
    for (Map.Entry<String, String> w : icebergWrites().entrySet()) {
      String[] mp = w.getKey().split(" ", 2);
      String group = "Iceberg " + w.getKey() + ": body";
      for (Map.Entry<String, byte[]> b : malformedBodies().entrySet()) {
        cases.add(ice(group, b.getKey(), mp[0], mp[1], b.getValue(), BAD));
      }
      if (w.getValue() == null) {
        continue;
      }
      for (Map.Entry<String, Object> b : derivedBodies(w.getValue(), false).entrySet()) {
        if (b.getKey().equals("unknown top-level field")) {
          // the Iceberg API ignores a few small unknown top-level fields, as the reference server and the spec's
          // forward compatibility do (documented in pangolin-iceberg/README.md); more, or larger, are refused below
          continue;
        }
        cases.add(ice(group, b.getKey(), mp[0], mp[1], b.getValue(), BAD));
      }
      StringBuilder many = new StringBuilder(w.getValue().substring(0, w.getValue().length() - 1));
      for (int i = 0; i < 17; i++) {
        many.append(",\"bogus").append(i).append("\":1");
      }
      cases.add(ice(group, "17 unknown top-level fields", mp[0], mp[1], many.append('}').toString(), BAD));
      cases.add(ice(group, "1 MB unknown field", mp[0], mp[1], w.getValue().substring(0, w.getValue().length() - 1)
          + ",\"bogus\":\"" + MB + "\"}", BAD_OR_TOO_LARGE));
      contentTypes(cases, ice(group, "", mp[0], mp[1], w.getValue(), UNSUPPORTED));
    }
    String group = "Iceberg POST /namespaces/sales/tables/orders/plan: body";
    contentTypes(cases, ice(group, "", "POST", "/namespaces/sales/tables/orders/plan", "{}", UNSUPPORTED));
  }

  private void icebergNamespaces(List<Case> cases) {
    String group = "Iceberg POST /namespaces: hostile namespaces";
    for (Map.Entry<String, String> n : hostileNames().entrySet()) {
      if (!icebergHostile(n.getKey())) {
        continue;
      }
      cases.add(ice(group, "level " + n.getKey(), "POST", "/namespaces", map("namespace", List.of(n.getValue())),
          BAD));
    }
    cases.add(ice(group, "empty namespace", "POST", "/namespaces", "{\"namespace\":[]}", BAD));
    cases.add(ice(group, "an empty level", "POST", "/namespaces", "{\"namespace\":[\"sales\",\"\"]}", BAD));
    cases.add(ice(group, "deeper than the limit", "POST", "/namespaces",
        "{\"namespace\":[\"sales\",\"emea\",\"a\",\"b\",\"c\"]}", BAD));
    cases.add(ice(group, "100 levels", "POST", "/namespaces", map("namespace", IntStream.range(0, 100)
        .mapToObj(i -> "l" + i).toList()), BAD));
    cases.add(ice(group, "a level of a number", "POST", "/namespaces", "{\"namespace\":[1]}", BAD));
    cases.add(ice(group, "a level of null", "POST", "/namespaces", "{\"namespace\":[null]}", BAD));
    cases.add(ice(group, "namespace a string", "POST", "/namespaces", "{\"namespace\":\"sales\"}", BAD));
    cases.add(ice(group, "existing", "POST", "/namespaces", "{\"namespace\":[\"sales\"]}", CONFLICT));
    cases.add(ice(group, "existing nested", "POST", "/namespaces", "{\"namespace\":[\"sales\",\"emea\"]}", CONFLICT));
    cases.add(ice(group, "properties not strings", "POST", "/namespaces",
        "{\"namespace\":[\"hx_ns\"],\"properties\":{\"k\":1}}", BAD));
    cases.add(ice(group, "properties a list", "POST", "/namespaces",
        "{\"namespace\":[\"hx_ns\"],\"properties\":[\"k\"]}", BAD));
    for (Map.Entry<String, Object> p : icebergProperties().entrySet()) {
      cases.add(ice(group, "properties: " + p.getKey(), "POST", "/namespaces", map("namespace", List.of("hx_ns"),
          "properties", p.getValue()), tooLarge(p.getKey()) ? BAD_OR_TOO_LARGE : BAD));
    }
    // a namespace location is a location like any other: inside the warehouse root only
    for (Map.Entry<String, String> l : hostileLocations().entrySet()) {
      cases.add(ice("Iceberg namespace locations", "create with location " + l.getKey(), "POST", "/namespaces",
          map("namespace", List.of("hx_ns"), "properties", map("location", l.getValue())), BAD));
      cases.add(ice("Iceberg namespace locations", "set location " + l.getKey(), "POST",
          "/namespaces/sales/properties", map("updates", map("location", l.getValue()), "removals", List.of()), BAD));
    }
    group = "Iceberg POST /namespaces/{namespace}/properties: hostile updates";
    String props = "/namespaces/props/properties";
    cases.add(ice(group, "the same key updated and removed", "POST", props,
        "{\"updates\":{\"a\":\"1\"},\"removals\":[\"a\"]}", Set.of(400, 422)));
    cases.add(ice(group, "updates a list", "POST", props, "{\"updates\":[\"a\"]}", BAD));
    cases.add(ice(group, "updates with a number", "POST", props, "{\"updates\":{\"a\":1}}", BAD));
    cases.add(ice(group, "updates with null", "POST", props, "{\"updates\":{\"a\":null}}", BAD));
    cases.add(ice(group, "removals a string", "POST", props, "{\"removals\":\"a\"}", BAD));
    cases.add(ice(group, "removals with a number", "POST", props, "{\"removals\":[1]}", BAD));
    for (Map.Entry<String, Object> p : icebergProperties().entrySet()) {
      cases.add(ice(group, p.getKey(), "POST", props, map("updates", p.getValue(), "removals", List.of()),
          tooLarge(p.getKey()) ? BAD_OR_TOO_LARGE : BAD));
    }
    cases.add(ice(group, "of a missing namespace", "POST", "/namespaces/nope/properties",
        "{\"updates\":{\"a\":\"1\"}}", MISSING));
  }

  /**
   * Whether a hostile name of the management API is hostile to Iceberg too: the spec allows non-ASCII names and a
   * literal '%'; names with '..', control characters, or beyond the length limits are refused by both.
   */
  private static boolean icebergHostile(String kind) {
    return !kind.equals("non-ASCII") && !kind.equals("encoded traversal");
  }

  private static boolean tooLarge(String kind) {
    return kind.contains("MB") || kind.startsWith("100 000 p");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(String json) {
    return Api.JSON.convertValue(tree(json), Map.class);
  }

  /** Property maps beyond the limits both APIs share. */
  private static Map<String, Object> icebergProperties() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("100 000 properties", manyProperties(100_000));
    m.put("2 000 properties", manyProperties(2_000));
    m.put("a value of 1 MB", map("k", MB));
    m.put("a value of 100 000 characters", map("k", "v".repeat(100_000)));
    m.put("a key of 300 characters", map("k".repeat(300), "v"));
    m.put("an empty key", map("", "v"));
    m.put("a key with a NUL", map("k\u0000", "v"));
    return m;
  }

  private void icebergCreateTable(List<Case> cases) {
    String group = "Iceberg POST /namespaces/{namespace}/tables: hostile tables";
    String tables = "/namespaces/sales/tables";
    JsonNode schema = tree(SCHEMA);
    for (Map.Entry<String, String> n : hostileNames().entrySet()) {
      if (!icebergHostile(n.getKey())) {
        continue;
      }
      cases.add(ice(group, "name " + n.getKey(), "POST", tables, map("name", n.getValue(), "schema", schema), BAD));
    }
    cases.add(ice(group, "existing table", "POST", tables, map("name", "orders", "schema", schema), CONFLICT));
    cases.add(ice(group, "name of an existing view", "POST", tables, map("name", "v_orders", "schema", schema),
        CONFLICT));
    cases.add(ice(group, "in a missing namespace", "POST", "/namespaces/nope/tables", map("name", "hx_table",
        "schema", schema), MISSING));
    cases.add(ice(group, "missing schema", "POST", tables, "{\"name\":\"hx_table\"}", BAD));
    cases.add(ice(group, "missing name", "POST", tables, "{\"schema\":" + SCHEMA + "}", BAD));
    cases.add(ice(group, "field id not a number", "POST", tables, "{\"name\":\"hx_table\",\"schema\":{\"type\":"
        + "\"struct\",\"fields\":[{\"id\":\"x\",\"name\":\"a\",\"required\":true,\"type\":\"long\"}]}}", BAD));
    cases.add(ice(group, "unknown field type", "POST", tables, "{\"name\":\"hx_table\",\"schema\":{\"type\":"
        + "\"struct\",\"fields\":[{\"id\":1,\"name\":\"a\",\"required\":true,\"type\":\"nope\"}]}}", BAD));
    cases.add(ice(group, "duplicate field ids", "POST", tables, "{\"name\":\"hx_table\",\"schema\":{\"type\":"
        + "\"struct\",\"fields\":[{\"id\":1,\"name\":\"a\",\"required\":true,\"type\":\"long\"},{\"id\":1,\"name\":"
        + "\"b\",\"required\":true,\"type\":\"long\"}]}}", BAD));
    cases.add(ice(group, "partition spec on an unknown field", "POST", tables, "{\"name\":\"hx_table\",\"schema\":"
        + SCHEMA + ",\"partition-spec\":{\"spec-id\":0,\"fields\":[{\"source-id\":99,\"field-id\":1000,\"name\":"
        + "\"p\",\"transform\":\"identity\"}]}}", BAD));
    cases.add(ice(group, "sort order on an unknown field", "POST", tables, "{\"name\":\"hx_table\",\"schema\":"
        + SCHEMA + ",\"write-order\":{\"order-id\":1,\"fields\":[{\"transform\":\"identity\",\"source-id\":99,"
        + "\"direction\":\"asc\",\"null-order\":\"nulls-first\"}]}}", BAD));
    cases.add(ice(group, "stage-create not a boolean", "POST", tables, "{\"name\":\"hx_table\",\"schema\":" + SCHEMA
        + ",\"stage-create\":\"yes\"}", BAD));
    cases.add(ice(group, "format-version 99", "POST", tables, "{\"name\":\"hx_table\",\"schema\":" + SCHEMA
        + ",\"properties\":{\"format-version\":\"99\"}}", BAD));
    for (Map.Entry<String, Object> p : icebergProperties().entrySet()) {
      cases.add(ice(group, "properties: " + p.getKey(), "POST", tables, map("name", "hx_table", "schema", schema,
          "properties", p.getValue()), tooLarge(p.getKey()) ? BAD_OR_TOO_LARGE : BAD));
    }
    for (Map.Entry<String, String> l : hostileLocations().entrySet()) {
      cases.add(ice("Iceberg table locations", "create with location " + l.getKey(), "POST", tables,
          map("name", "hx_table", "schema", schema, "location", l.getValue()), BAD));
    }
    cases.add(ice("Iceberg table locations", "create inside the other tenant's table", "POST", tables,
        map("name", "hx_table", "schema", schema, "location", fx.otherTableLocation() + "/inner"), BAD));
    cases.add(ice("Iceberg table locations", "create with write.data.path in /etc", "POST", tables,
        map("name", "hx_table", "schema", schema, "properties", map("write.data.path", "file:///etc")), BAD));
    cases.add(ice("Iceberg table locations", "create with write.metadata.path of the other tenant", "POST", tables,
        map("name", "hx_table", "schema", schema, "properties", map("write.metadata.path",
            fx.otherRoot().toUri().toString())), BAD));
  }

  private void icebergRegister(List<Case> cases) {
    String group = "Iceberg POST /namespaces/{namespace}/register: hostile metadata locations";
    String register = "/namespaces/sales/register";
    for (Map.Entry<String, String> l : hostileLocations().entrySet()) {
      cases.add(ice(group, l.getKey(), "POST", register, map("name", "hx_reg", "metadata-location", l.getValue()),
          BAD));
    }
    cases.add(ice(group, "the other tenant's metadata file", "POST", register, map("name", "hx_reg",
        "metadata-location", fx.otherMetadataLocation()), BAD));
    cases.add(ice(group, "traversal to the other tenant's metadata file", "POST", register, map("name", "hx_reg",
        "metadata-location", fx.root().toUri() + "../" + fx.otherRoot().getFileName() + "/"
            + fx.otherRoot().relativize(Path.of(URI.create(fx.otherMetadataLocation())))), BAD));
    cases.add(ice(group, "a directory", "POST", register, map("name", "hx_reg", "metadata-location",
        fx.root().resolve("dir.metadata.json").toUri().toString()), MISSING));
    cases.add(ice(group, "a missing file", "POST", register, map("name", "hx_reg", "metadata-location",
        fx.root().resolve("missing.metadata.json").toUri().toString()), MISSING));
    cases.add(ice(group, "a file that is not metadata", "POST", register, map("name", "hx_reg", "metadata-location",
        fx.root().resolve("garbage.metadata.json").toUri().toString()), BAD));
    cases.add(ice(group, "an empty file", "POST", register, map("name", "hx_reg", "metadata-location",
        fx.root().resolve("empty.metadata.json").toUri().toString()), BAD));
    cases.add(ice(group, "the name of an existing table", "POST", register, map("name", "orders",
        "metadata-location", fx.copiedMetadata()), CONFLICT));
    cases.add(ice(group, "name ..", "POST", register, map("name", "..", "metadata-location", fx.copiedMetadata()),
        BAD));
    cases.add(ice(group, "name with NUL", "POST", register, map("name", "a\u0000b", "metadata-location",
        fx.copiedMetadata()), BAD));
    cases.add(ice(group, "metadata-location a number", "POST", register, "{\"name\":\"hx_reg\","
        + "\"metadata-location\":5}", BAD));
    cases.add(ice(group, "missing metadata-location", "POST", register, "{\"name\":\"hx_reg\"}", BAD));
    cases.add(ice(group, "into a missing namespace", "POST", "/namespaces/nope/register", map("name", "hx_reg",
        "metadata-location", fx.copiedMetadata()), MISSING));
  }

  private void icebergTableCommits(List<Case> cases) {
    String orders = "/namespaces/sales/tables/orders";
    String group = "Iceberg commit table: invalid updates";
    Map<String, String> updates = new LinkedHashMap<>();
    updates.put("unknown action", "{\"action\":\"no-such-update\"}");
    updates.put("action missing", "{\"updates\":{\"a\":\"b\"}}");
    updates.put("action a number", "{\"action\":5}");
    updates.put("update a string", "\"set-properties\"");
    updates.put("set-default-spec of an unknown spec id", "{\"action\":\"set-default-spec\",\"spec-id\":99}");
    updates.put("set-current-schema of an unknown schema id", "{\"action\":\"set-current-schema\",\"schema-id\":42}");
    updates.put("set-current-schema with a string id", "{\"action\":\"set-current-schema\",\"schema-id\":\"one\"}");
    updates.put("set-default-sort-order of an unknown order id",
        "{\"action\":\"set-default-sort-order\",\"sort-order-id\":77}");
    updates.put("set-snapshot-ref to an unknown snapshot", "{\"action\":\"set-snapshot-ref\",\"ref-name\":\"main\","
        + "\"type\":\"branch\",\"snapshot-id\":123456789}");
    updates.put("set-snapshot-ref of an unknown type", "{\"action\":\"set-snapshot-ref\",\"ref-name\":\"x\","
        + "\"type\":\"weird\",\"snapshot-id\":" + fx.snapshot() + "}");
    updates.put("assign-uuid on an existing table", "{\"action\":\"assign-uuid\",\"uuid\":\"" + UUID.randomUUID()
        + "\"}");
    updates.put("assign-uuid not a uuid", "{\"action\":\"assign-uuid\",\"uuid\":\"not-a-uuid\"}");
    updates.put("upgrade-format-version down to 1", "{\"action\":\"upgrade-format-version\",\"format-version\":1}");
    updates.put("upgrade-format-version to 99", "{\"action\":\"upgrade-format-version\",\"format-version\":99}");
    updates.put("add-schema with duplicate field ids", "{\"action\":\"add-schema\",\"schema\":{\"type\":\"struct\","
        + "\"schema-id\":1,\"fields\":[{\"id\":1,\"name\":\"a\",\"required\":true,\"type\":\"long\"},{\"id\":1,"
        + "\"name\":\"b\",\"required\":false,\"type\":\"string\"}]}}");
    updates.put("add-schema of an unknown type", "{\"action\":\"add-schema\",\"schema\":{\"type\":\"struct\","
        + "\"schema-id\":1,\"fields\":[{\"id\":3,\"name\":\"a\",\"required\":false,\"type\":\"nope\"}]}}");
    updates.put("add-spec on an unknown field", "{\"action\":\"add-spec\",\"spec\":{\"spec-id\":1,\"fields\":"
        + "[{\"source-id\":99,\"field-id\":1000,\"name\":\"p\",\"transform\":\"identity\"}]}}");
    updates.put("add-sort-order on an unknown field", "{\"action\":\"add-sort-order\",\"sort-order\":{\"order-id\":1,"
        + "\"fields\":[{\"transform\":\"identity\",\"source-id\":99,\"direction\":\"asc\",\"null-order\":"
        + "\"nulls-first\"}]}}");
    updates.put("add-snapshot older than the last sequence number", "{\"action\":\"add-snapshot\",\"snapshot\":{"
        + "\"snapshot-id\":987654321,\"parent-snapshot-id\":" + fx.snapshot() + ",\"sequence-number\":0,"
        + "\"timestamp-ms\":1,\"manifest-list\":\"" + fx.tableLocation() + "/metadata/snap-x.avro\",\"summary\":"
        + "{\"operation\":\"append\"},\"schema-id\":0}}");
    updates.put("remove-schemas of the current schema", "{\"action\":\"remove-schemas\",\"schema-ids\":[0]}");
    updates.put("remove-partition-specs of the default spec",
        "{\"action\":\"remove-partition-specs\",\"spec-ids\":[0]}");
    updates.put("set-properties with a number", "{\"action\":\"set-properties\",\"updates\":{\"k\":1}}");
    updates.put("set-properties without updates", "{\"action\":\"set-properties\"}");
    updates.put("remove-properties a string", "{\"action\":\"remove-properties\",\"removals\":\"k\"}");
    for (Map.Entry<String, String> u : updates.entrySet()) {
      cases.add(ice(group, u.getKey(), "POST", orders, commit(u.getValue()), BAD));
      // a valid update before the invalid one must not be applied either
      cases.add(ice(group, "set-properties, then " + u.getKey(), "POST", orders, commit(SET_PROPS, u.getValue()),
          BAD));
    }
    for (Map.Entry<String, Object> p : icebergProperties().entrySet()) {
      // on a table of their own: accepted, they would make every later read of orders slow
      cases.add(ice(group, "set-properties " + p.getKey(), "POST", "/namespaces/sales/tables/big_props",
          commit("{\"action\":\"set-properties\",\"updates\":" + Api.json(p.getValue()) + "}"),
          tooLarge(p.getKey()) ? BAD_OR_TOO_LARGE : BAD));
    }
    for (Map.Entry<String, String> l : hostileLocations().entrySet()) {
      cases.add(ice("Iceberg table locations", "set-location " + l.getKey(), "POST", orders,
          commit("{\"action\":\"set-location\",\"location\":" + Api.json(l.getValue()) + "}"), BAD));
    }
    cases.add(ice("Iceberg table locations", "set-properties write.data.path in /etc", "POST", orders,
        commit("{\"action\":\"set-properties\",\"updates\":{\"write.data.path\":\"file:///etc\"}}"), BAD));

    group = "Iceberg commit table: failing requirements";
    Map<String, String> reqs = new LinkedHashMap<>();
    reqs.put("assert-table-uuid of another uuid", "{\"type\":\"assert-table-uuid\",\"uuid\":\"" + UUID.randomUUID()
        + "\"}");
    reqs.put("assert-ref-snapshot-id main of another snapshot", "{\"type\":\"assert-ref-snapshot-id\",\"ref\":"
        + "\"main\",\"snapshot-id\":" + fx.parentSnapshot() + "}");
    reqs.put("assert-ref-snapshot-id main absent", "{\"type\":\"assert-ref-snapshot-id\",\"ref\":\"main\","
        + "\"snapshot-id\":null}");
    reqs.put("assert-ref-snapshot-id of a missing ref", "{\"type\":\"assert-ref-snapshot-id\",\"ref\":\"nope\","
        + "\"snapshot-id\":" + fx.snapshot() + "}");
    reqs.put("assert-current-schema-id 7", "{\"type\":\"assert-current-schema-id\",\"current-schema-id\":7}");
    reqs.put("assert-last-assigned-field-id 99", "{\"type\":\"assert-last-assigned-field-id\","
        + "\"last-assigned-field-id\":99}");
    reqs.put("assert-last-assigned-partition-id 9999", "{\"type\":\"assert-last-assigned-partition-id\","
        + "\"last-assigned-partition-id\":9999}");
    reqs.put("assert-default-spec-id 5", "{\"type\":\"assert-default-spec-id\",\"default-spec-id\":5}");
    reqs.put("assert-default-sort-order-id 5", "{\"type\":\"assert-default-sort-order-id\","
        + "\"default-sort-order-id\":5}");
    reqs.put("assert-create on an existing table", "{\"type\":\"assert-create\"}");
    for (Map.Entry<String, String> r : reqs.entrySet()) {
      cases.add(ice(group, r.getKey(), "POST", orders, commitWith(r.getValue(), SET_PROPS), CONFLICT));
    }
    group = "Iceberg commit table: invalid requirements";
    Map<String, String> invalid = new LinkedHashMap<>();
    invalid.put("unknown requirement type", "{\"type\":\"assert-nothing\"}");
    invalid.put("requirement without type", "{\"uuid\":\"" + fx.tableUuid() + "\"}");
    invalid.put("assert-table-uuid with a number", "{\"type\":\"assert-table-uuid\",\"uuid\":5}");
    invalid.put("assert-current-schema-id with a string", "{\"type\":\"assert-current-schema-id\","
        + "\"current-schema-id\":\"zero\"}");
    invalid.put("assert-view-uuid on a table", "{\"type\":\"assert-view-uuid\",\"uuid\":\"" + fx.tableUuid()
        + "\"}");
    for (Map.Entry<String, String> r : invalid.entrySet()) {
      cases.add(ice(group, r.getKey(), "POST", orders, commitWith(r.getValue(), SET_PROPS), BAD));
    }
    cases.add(ice(group, "requirements a string", "POST", orders, "{\"requirements\":\"none\",\"updates\":["
        + SET_PROPS + "]}", BAD));
    cases.add(ice(group, "updates an object", "POST", orders, "{\"updates\":{\"action\":\"set-properties\"}}", BAD));

    group = "Iceberg commit table: missing targets";
    cases.add(ice(group, "a missing table", "POST", "/namespaces/sales/tables/nope", commit(SET_PROPS), MISSING));
    cases.add(ice(group, "a missing namespace", "POST", "/namespaces/nope/tables/orders", commit(SET_PROPS),
        MISSING));
    cases.add(ice(group, "a view as a table", "POST", "/namespaces/sales/tables/v_orders", commit(SET_PROPS),
        MISSING));
    // an ICEBERG_TABLE asset created through the management API, without metadata: a 4xx, whichever
    String mgmtTable = "/namespaces/sales%1Femea/tables/mgmt_table";
    Set<Integer> no = Set.of(400, 404, 409, 422);
    cases.add(ice(group, "load a management table without metadata", "GET", mgmtTable, null, no));
    cases.add(ice(group, "commit to a management table without metadata", "POST", mgmtTable, commit(SET_PROPS), no));
    cases.add(ice(group, "plan a management table without metadata", "POST", mgmtTable + "/plan", "{}", no));
  }

  private void icebergViews(List<Case> cases) {
    String v = "/namespaces/sales/views/v_orders";
    String group = "Iceberg commit view: invalid updates";
    String version = "{\"version-id\":2,\"timestamp-ms\":2,\"schema-id\":0,\"summary\":{},\"default-namespace\":"
        + "[\"sales\"],\"representations\":[%s]}";
    Map<String, String> updates = new LinkedHashMap<>();
    updates.put("unknown action", "{\"action\":\"no-such-update\"}");
    updates.put("representation of an unknown type", "{\"action\":\"add-view-version\",\"view-version\":"
        + version.formatted("{\"type\":\"unknown-repr\",\"sql\":\"select 2\",\"dialect\":\"spark\"}") + "}");
    updates.put("representation without type", "{\"action\":\"add-view-version\",\"view-version\":"
        + version.formatted("{\"sql\":\"select 2\",\"dialect\":\"spark\"}") + "}");
    updates.put("representation a string", "{\"action\":\"add-view-version\",\"view-version\":"
        + version.formatted("\"select 2\"") + "}");
    updates.put("add-view-version of an unknown schema", "{\"action\":\"add-view-version\",\"view-version\":"
        + version.formatted("{\"type\":\"sql\",\"sql\":\"select 2\",\"dialect\":\"spark\"}")
            .replace("\"schema-id\":0", "\"schema-id\":99") + "}");
    updates.put("set-current-view-version of an unknown version",
        "{\"action\":\"set-current-view-version\",\"view-version-id\":99}");
    updates.put("assign-uuid on an existing view", "{\"action\":\"assign-uuid\",\"uuid\":\"" + UUID.randomUUID()
        + "\"}");
    updates.put("upgrade-format-version to 2", "{\"action\":\"upgrade-format-version\",\"format-version\":2}");
    updates.put("a table update (set-default-spec)", "{\"action\":\"set-default-spec\",\"spec-id\":0}");
    updates.put("set-properties with a number", "{\"action\":\"set-properties\",\"updates\":{\"k\":1}}");
    for (Map.Entry<String, String> u : updates.entrySet()) {
      cases.add(ice(group, u.getKey(), "POST", v, commit(u.getValue()), BAD));
      cases.add(ice(group, "set-properties, then " + u.getKey(), "POST", v, commit(SET_PROPS, u.getValue()), BAD));
    }
    cases.add(ice(group, "set-properties 100 000 properties", "POST", "/namespaces/sales/views/big_props_view",
        commit("{\"action\":\"set-properties\",\"updates\":" + Api.json(manyProperties(100_000)) + "}"),
        BAD_OR_TOO_LARGE));
    for (Map.Entry<String, String> l : hostileLocations().entrySet()) {
      cases.add(ice("Iceberg view locations", "set-location " + l.getKey(), "POST", v,
          commit("{\"action\":\"set-location\",\"location\":" + Api.json(l.getValue()) + "}"), BAD));
    }
    group = "Iceberg commit view: requirements";
    cases.add(ice(group, "assert-view-uuid of another uuid", "POST", v, commitWith("{\"type\":\"assert-view-uuid\","
        + "\"uuid\":\"" + UUID.randomUUID() + "\"}", SET_PROPS), CONFLICT));
    cases.add(ice(group, "unknown requirement type", "POST", v, commitWith("{\"type\":\"assert-nothing\"}",
        SET_PROPS), BAD));
    cases.add(ice(group, "assert-table-uuid on a view", "POST", v, commitWith("{\"type\":\"assert-table-uuid\","
        + "\"uuid\":\"" + fx.viewUuid() + "\"}", SET_PROPS), BAD));
    cases.add(ice(group, "a missing view", "POST", "/namespaces/sales/views/nope", commit(SET_PROPS), MISSING));
    cases.add(ice(group, "a table as a view", "POST", "/namespaces/sales/views/orders", commit(SET_PROPS), MISSING));

    group = "Iceberg POST /namespaces/{namespace}/views: hostile views";
    String views = "/namespaces/sales/views";
    String ok = view("hx_view");
    cases.add(ice(group, "representation of an unknown type", "POST", views,
        ok.replace("\"type\":\"sql\"", "\"type\":\"unknown-repr\""), BAD));
    cases.add(ice(group, "representation without sql", "POST", views,
        ok.replace("\"sql\":\"select 1\",", ""), BAD));
    cases.add(ice(group, "no representations", "POST", views,
        ok.replace("[{\"type\":\"sql\",\"sql\":\"select 1\",\"dialect\":\"spark\"}]", "[]"), BAD));
    cases.add(ice(group, "two representations of one dialect", "POST", views,
        ok.replace("[{\"type\":\"sql\",\"sql\":\"select 1\",\"dialect\":\"spark\"}]",
            "[{\"type\":\"sql\",\"sql\":\"select 1\",\"dialect\":\"spark\"},{\"type\":\"sql\",\"sql\":\"select 2\","
                + "\"dialect\":\"spark\"}]"), BAD));
    cases.add(ice(group, "missing view-version", "POST", views, "{\"name\":\"hx_view\",\"schema\":" + SCHEMA + "}",
        BAD));
    cases.add(ice(group, "missing schema", "POST", views, ok.replace("\"schema\":" + SCHEMA + ",", ""), BAD));
    cases.add(ice(group, "existing view", "POST", views, view("v_orders"), CONFLICT));
    cases.add(ice(group, "name of an existing table", "POST", views, view("orders"), CONFLICT));
    cases.add(ice(group, "in a missing namespace", "POST", "/namespaces/nope/views", ok, MISSING));
    for (String bad : List.of("..", "a\u0000b", "n".repeat(300), "n".repeat(100_000), "")) {
      String name = bad.isEmpty() ? "empty" : bad.equals("..") ? ".." : bad.length() > 3 ? bad.length()
          + " characters" : "NUL";
      Map<String, Object> body = with(asMap(ok), "name", bad);
      cases.add(ice(group, "name " + name, "POST", views, body, BAD));
    }
    for (Map.Entry<String, String> l : hostileLocations().entrySet()) {
      Map<String, Object> body = with(asMap(ok), "location", l.getValue());
      cases.add(ice("Iceberg view locations", "create with location " + l.getKey(), "POST", views, body, BAD));
    }
  }

  private void icebergRenamesAndTransactions(List<Case> cases) {
    for (String kind : List.of("tables", "views")) {
      String group = "Iceberg POST /" + kind + "/rename";
      String path = "/" + kind + "/rename";
      String source = kind.equals("tables") ? "orders" : "v_orders";
      String other = kind.equals("tables") ? "v_orders" : "orders";
      String src = "{\"namespace\":[\"sales\"],\"name\":\"" + source + "\"}";
      cases.add(ice(group, "a missing source", "POST", path, "{\"source\":{\"namespace\":[\"sales\"],\"name\":"
          + "\"nope\"},\"destination\":{\"namespace\":[\"sales\"],\"name\":\"hx_renamed\"}}", MISSING));
      cases.add(ice(group, "a source in a missing namespace", "POST", path, "{\"source\":{\"namespace\":[\"nope\"],"
          + "\"name\":\"" + source + "\"},\"destination\":{\"namespace\":[\"sales\"],\"name\":\"hx_renamed\"}}",
          MISSING));
      cases.add(ice(group, "onto itself", "POST", path, "{\"source\":" + src + ",\"destination\":" + src + "}",
          CONFLICT));
      cases.add(ice(group, "onto the name of a " + (kind.equals("tables") ? "view" : "table"), "POST", path,
          "{\"source\":" + src + ",\"destination\":{\"namespace\":[\"sales\"],\"name\":\"" + other + "\"}}",
          CONFLICT));
      cases.add(ice(group, "into a missing namespace", "POST", path, "{\"source\":" + src + ",\"destination\":"
          + "{\"namespace\":[\"nope\"],\"name\":\"hx_renamed\"}}", MISSING));
      cases.add(ice(group, "missing destination", "POST", path, "{\"source\":" + src + "}", BAD));
      cases.add(ice(group, "source a string", "POST", path, "{\"source\":\"sales." + source + "\",\"destination\":"
          + "{\"namespace\":[\"sales\"],\"name\":\"x\"}}", BAD));
      cases.add(ice(group, "destination namespace a string", "POST", path, "{\"source\":" + src + ",\"destination\":"
          + "{\"namespace\":\"sales\",\"name\":\"x\"}}", BAD));
      for (String bad : List.of("..", "a\u0000b", "n".repeat(300), "")) {
        String name = bad.isEmpty() ? "empty" : bad.equals("..") ? ".." : bad.length() > 3 ? "300 characters"
            : "NUL";
        cases.add(ice(group, "destination name " + name, "POST", path, map("source", tree(src), "destination",
            map("namespace", List.of("sales"), "name", bad)), BAD));
      }
      cases.add(ice(group, "destination namespace with a NUL level", "POST", path, map("source", tree(src),
          "destination", map("namespace", List.of("a\u0000b"), "name", "x")), BAD));
    }
    cases.add(ice("Iceberg POST /tables/rename", "into a namespace named like another tenant's prefix", "POST",
        "/tables/rename", map("source", tree("{\"namespace\":[\"sales\"],\"name\":\"orders\"}"), "destination",
            map("namespace", List.of(fx.other() + ".prod", "sales"), "name", "orders")), BAD_OR_MISSING));
    String group = "Iceberg POST /transactions/commit";
    String path = "/transactions/commit";
    String orders = "{\"namespace\":[\"sales\"],\"name\":\"orders\"}";
    String change = "{\"identifier\":" + orders + ",\"requirements\":[],\"updates\":[" + SET_PROPS + "]}";
    cases.add(ice(group, "no table changes", "POST", path, "{\"table-changes\":[]}", BAD));
    cases.add(ice(group, "a change without identifier", "POST", path, "{\"table-changes\":[{\"requirements\":[],"
        + "\"updates\":[" + SET_PROPS + "]}]}", BAD));
    cases.add(ice(group, "table-changes an object", "POST", path, "{\"table-changes\":" + change + "}", BAD));
    cases.add(ice(group, "a valid change and one of a missing table", "POST", path, "{\"table-changes\":[" + change
        + ",{\"identifier\":{\"namespace\":[\"sales\"],\"name\":\"nope\"},\"requirements\":[],\"updates\":["
        + SET_PROPS + "]}]}", MISSING));
    cases.add(ice(group, "a valid change and an invalid update", "POST", path, "{\"table-changes\":[{\"identifier\":"
        + orders + ",\"requirements\":[],\"updates\":[" + SET_PROPS + ",{\"action\":\"set-default-spec\","
        + "\"spec-id\":99}]}]}", BAD));
    cases.add(ice(group, "a valid change and a failing requirement", "POST", path, "{\"table-changes\":[{"
        + "\"identifier\":" + orders + ",\"requirements\":[{\"type\":\"assert-table-uuid\",\"uuid\":\""
        + UUID.randomUUID() + "\"}],\"updates\":[" + SET_PROPS + "]}]}", CONFLICT));
    cases.add(ice(group, "assign-uuid in a transaction", "POST", path, "{\"table-changes\":[{\"identifier\":" + orders
        + ",\"requirements\":[],\"updates\":[{\"action\":\"assign-uuid\",\"uuid\":\"" + UUID.randomUUID()
        + "\"}]}]}", BAD));
    cases.add(ice(group, "a view as a table", "POST", path, "{\"table-changes\":[{\"identifier\":{\"namespace\":"
        + "[\"sales\"],\"name\":\"v_orders\"},\"requirements\":[],\"updates\":[" + SET_PROPS + "]}]}", MISSING));
  }

  private void icebergScanAndMetrics(List<Case> cases) {
    String t = "/namespaces/sales/tables/orders";
    String group = "Iceberg scan planning and metrics";
    cases.add(ice(group, "plan snapshot-id a string", "POST", t + "/plan", "{\"snapshot-id\":\"latest\"}", BAD));
    // an unknown snapshot: 400 preferred (a bad request parameter), 404 defensible
    cases.add(ice(group, "plan of an unknown snapshot", "POST", t + "/plan", "{\"snapshot-id\":123456789}",
        BAD_OR_MISSING));
    cases.add(ice(group, "plan filter of an unknown type", "POST", t + "/plan", "{\"filter\":{\"type\":\"nope\"}}",
        BAD));
    cases.add(ice(group, "plan filter on an unknown column", "POST", t + "/plan", "{\"filter\":{\"type\":"
        + "\"not-null\",\"term\":\"no_such_column\"}}", BAD));
    cases.add(ice(group, "plan select a string", "POST", t + "/plan", "{\"select\":\"id\"}", BAD));
    cases.add(ice(group, "plan start-snapshot-id without end", "POST", t + "/plan", "{\"start-snapshot-id\":"
        + fx.parentSnapshot() + "}", BAD));
    cases.add(ice(group, "plan snapshot-id and an incremental range", "POST", t + "/plan", "{\"snapshot-id\":"
        + fx.snapshot() + ",\"start-snapshot-id\":" + fx.parentSnapshot() + ",\"end-snapshot-id\":" + fx.snapshot()
        + "}", BAD));
    cases.add(ice(group, "tasks plan-task a number", "POST", t + "/tasks", "{\"plan-task\":5}", BAD));
    cases.add(ice(group, "tasks without plan-task", "POST", t + "/tasks", "{}", BAD));
    cases.add(ice(group, "tasks of an unknown plan task", "POST", t + "/tasks", "{\"plan-task\":\"../../x\"}",
        MISSING));
    cases.add(ice(group, "fetch an unknown plan", "GET", t + "/plan/..%2F..%2Fx", null, MISSING));
    cases.add(ice(group, "cancel an unknown plan", "DELETE", t + "/plan/" + "p".repeat(300), null, MISSING));
    cases.add(ice(group, "metrics report-type a number", "POST", t + "/metrics", "{\"report-type\":5}", BAD));
    cases.add(ice(group, "metrics scan-report without fields", "POST", t + "/metrics",
        "{\"report-type\":\"scan-report\"}", BAD));
    cases.add(ice(group, "metrics commit-report with wrong types", "POST", t + "/metrics", "{\"report-type\":"
        + "\"commit-report\",\"table-name\":5,\"snapshot-id\":\"x\",\"sequence-number\":[],\"operation\":{},"
        + "\"metrics\":\"none\"}", BAD));
  }

  private void icebergQueries(List<Case> cases) {
    String group = "Iceberg bad query parameters";
    Map<String, String> pages = new LinkedHashMap<>();
    pages.put("pageSize=0", "pageSize=0");
    pages.put("pageSize negative", "pageSize=-1");
    pages.put("pageSize not a number", "pageSize=abc");
    pages.put("pageSize beyond int", "pageSize=2147483648");
    pages.put("pageToken garbage", "pageToken=garbage!");
    pages.put("pageToken of 3 000 characters", "pageToken=" + "x".repeat(3_000));
    for (String list : List.of("/namespaces", "/namespaces/sales/tables", "/namespaces/sales/views")) {
      for (Map.Entry<String, String> p : pages.entrySet()) {
        cases.add(ice(group, "GET " + list + " " + p.getKey(), "GET", list + "?" + p.getValue(), null, BAD));
      }
    }
    cases.add(ice(group, "namespaces of a NUL parent", "GET", "/namespaces?parent=a%00b", null, BAD_OR_MISSING));
    cases.add(ice(group, "namespaces of a parent with an empty level", "GET", "/namespaces?parent=sales%1F%1F",
        null, BAD));
    cases.add(ice(group, "namespaces of a missing parent", "GET", "/namespaces?parent=nope", null, MISSING));
    cases.add(ice(group, "load table snapshots=some", "GET", "/namespaces/sales/tables/orders?snapshots=some", null,
        BAD));
    cases.add(ice(group, "load table snapshots=NUL", "GET", "/namespaces/sales/tables/orders?snapshots=%00", null,
        BAD));
    cases.add(new Case(group, "config without warehouse", "GET", "/v1/config", null, null, List.of(), null, BAD));
    cases.add(new Case(group, "config of a NUL warehouse", "GET", "/v1/config?warehouse=a%00b.prod", null, null,
        List.of(), null, BAD_OR_MISSING));
    cases.add(new Case(group, "config of a traversal warehouse", "GET", "/v1/config?warehouse=..%2F" + fx.t()
        + ".prod", null, null, List.of(), null, BAD_OR_MISSING));
    cases.add(new Case(group, "config of another tenant's warehouse by a tenant's service user", "GET",
        "/v1/config?warehouse=" + fx.other() + ".prod", null, null, List.of(), fx.svcBearer(), FORBIDDEN));
  }

  private void icebergPaths(List<Case> cases) {
    String commit = commit(SET_PROPS);
    record PathRoute(String method, String template, String body) {}
    List<PathRoute> routes = List.of(
        new PathRoute("GET", "/namespaces/{x}", null),
        new PathRoute("HEAD", "/namespaces/{x}", null),
        new PathRoute("DELETE", "/namespaces/{x}", null),
        new PathRoute("POST", "/namespaces/{x}/properties", "{\"updates\":{\"hk\":\"v\"}}"),
        new PathRoute("GET", "/namespaces/{x}/tables", null),
        new PathRoute("POST", "/namespaces/{x}/tables", "{\"name\":\"hx_table\",\"schema\":" + SCHEMA + "}"),
        new PathRoute("GET", "/namespaces/{x}/views", null),
        new PathRoute("GET", "/namespaces/sales/tables/{x}", null),
        new PathRoute("HEAD", "/namespaces/sales/tables/{x}", null),
        new PathRoute("POST", "/namespaces/sales/tables/{x}", commit),
        new PathRoute("DELETE", "/namespaces/sales/tables/{x}", null),
        new PathRoute("GET", "/namespaces/sales/tables/{x}/credentials", null),
        new PathRoute("POST", "/namespaces/sales/tables/{x}/plan", "{}"),
        new PathRoute("GET", "/namespaces/sales/views/{x}", null),
        new PathRoute("HEAD", "/namespaces/sales/views/{x}", null),
        new PathRoute("POST", "/namespaces/sales/views/{x}", commit),
        new PathRoute("DELETE", "/namespaces/sales/views/{x}", null));
    Map<String, String> segments = new LinkedHashMap<>(hostileSegments());
    for (PathRoute r : routes) {
      String group = "Iceberg " + r.method() + " " + r.template() + ": hostile path parameter";
      Map<String, String> values = new LinkedHashMap<>(segments);
      if (r.template().startsWith("/namespaces/{x}")) {
        values.put("an empty level", "sales%1F%1Femea");
        values.put("only a separator", "%1F");
      }
      for (Map.Entry<String, String> s : values.entrySet()) {
        // an invalid name: 400 preferred, 404 (no such namespace/table/view) defensible
        cases.add(ice(group, s.getKey(), r.method(), r.template().replace("{x}", s.getValue()), r.body(),
            s.getKey().contains("empty level") || s.getKey().contains("separator") ? BAD : BAD_OR_MISSING));
      }
    }
    Map<String, String> prefixes = new LinkedHashMap<>();
    prefixes.put("no dot", "nodot");
    prefixes.put("NUL tenant", "a%00b.prod");
    prefixes.put("empty catalog", fx.t() + ".");
    prefixes.put("empty tenant", ".prod");
    prefixes.put("encoded .. catalog", fx.t() + ".%2e%2e");
    prefixes.put("traversal tenant", "..%2F" + fx.t() + ".prod");
    prefixes.put("300-character tenant", "t".repeat(300) + ".prod");
    prefixes.put("unknown tenant", "no-such-tenant.prod");
    prefixes.put("unknown catalog", fx.t() + ".nope");
    for (Map.Entry<String, String> p : prefixes.entrySet()) {
      Set<Integer> expected = p.getKey().startsWith("unknown") ? MISSING : BAD_OR_MISSING;
      String v1 = "/v1/" + p.getValue();
      String group = "Iceberg hostile prefixes";
      cases.add(new Case(group, "GET namespaces, " + p.getKey(), "GET", v1 + "/namespaces", null, null, List.of(),
          null, expected));
      cases.add(new Case(group, "POST namespaces, " + p.getKey(), "POST", v1 + "/namespaces", null,
          bytes("{\"namespace\":[\"hx_ns\"]}"), List.of(), null, expected));
      cases.add(new Case(group, "commit table, " + p.getKey(), "POST", v1 + "/namespaces/sales/tables/orders", null,
          bytes(commit), List.of(), null, expected));
    }
  }

  private void httpLevel(List<Case> cases) {
    String group = "HTTP-level errors in the API's error model";
    cases.add(ice(group, "PUT namespaces (405)", "PUT", "/namespaces", "{}", Set.of(405)));
    cases.add(ice(group, "PATCH table (405)", "PATCH", "/namespaces/sales/tables/orders", "{}", Set.of(405)));
    cases.add(ice(group, "DELETE tables/rename (405)", "DELETE", "/tables/rename", null, Set.of(405)));
    cases.add(ice(group, "unknown Iceberg route (404)", "GET", "/no-such-route", null, MISSING));
    cases.add(ice(group, "unknown route below a table (404)", "GET", "/namespaces/sales/tables/orders/nope", null,
        MISSING));
    cases.add(ice(group, "load table accepting only text/html (406)", "GET", "/namespaces/sales/tables/orders",
        null, Set.of(406)).header("Accept", "text/html"));
    cases.add(mgmt(group, "PUT /api/v1/catalogs (405)", "PUT", "/api/v1/catalogs", "{}", Set.of(405)));
    cases.add(mgmt(group, "unknown management route (404)", "GET", "/api/v1/no-such-route", null, MISSING));
    cases.add(mgmt(group, "GET catalog accepting only text/html (406)", "GET", "/api/v1/catalogs/prod", null,
        Set.of(406)).header("Accept", "text/html"));
    cases.add(mgmt(group, "POST catalogs with a charset the body is not in", "POST", "/api/v1/catalogs",
        map("name", "hx_cat", "warehouse", "lake"), Set.of(400, 415)).header("Content-Type",
        "application/json; charset=nope"));
    cases.add(ice(group, "POST namespaces with an unknown charset", "POST", "/namespaces", "{\"namespace\":"
        + "[\"hx_ns\"]}", Set.of(400, 415)).header("Content-Type", "application/json; charset=nope"));
  }

  // ---------------------------------------------------------------------------------------------------- fixture

  private Fixture fixture() throws Exception {
    String t = "hostile-" + ProcessHandle.current().pid();
    String other = t + "-other";
    Path root = Files.createTempDirectory("pangolin-hostile");
    Path otherRoot = Files.createTempDirectory("pangolin-hostile-other");
    for (String[] tr : new String[][] {{t, root.toUri().toString()}, {other, otherRoot.toUri().toString()}}) {
      api.post("/api/v1/tenants", null, Map.of("name", tr[0])).is(201);
      api.post("/api/v1/warehouses", tr[0], Map.of("name", "lake", "storageRoot", tr[1])).is(201);
      api.post("/api/v1/catalogs", tr[0], Map.of("name", "prod", "warehouse", "lake")).is(201);
      api.post("/v1/" + tr[0] + ".prod/namespaces", null, "{\"namespace\":[\"sales\"]}").is(200);
    }
    String v1 = "/v1/" + t + ".prod";
    String otherV1 = "/v1/" + other + ".prod";
    api.post(v1 + "/namespaces", null, "{\"namespace\":[\"sales\",\"emea\"]}").is(200);
    api.post(v1 + "/namespaces", null, "{\"namespace\":[\"props\"]}").is(200);
    api.post(v1 + "/namespaces/sales/tables", null, "{\"name\":\"big_props\",\"schema\":" + SCHEMA + "}").is(200);
    api.post(v1 + "/namespaces/sales/tables", null, "{\"name\":\"orders\",\"schema\":" + SCHEMA + "}").is(200);
    api.post(otherV1 + "/namespaces/sales/tables", null, "{\"name\":\"secret\",\"schema\":" + SCHEMA + "}").is(200);
    // two snapshots, committed through the REST API by the Iceberg client
    RESTCatalog client = new RESTCatalog();
    client.initialize("hostile", TestAuth.rootClient(Map.of(CatalogProperties.URI, base, "warehouse",
        t + ".prod", CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName())));
    try (client) {
      Table table = client.loadTable(TableIdentifier.of("sales", "orders"));
      for (String file : List.of("a", "b")) {
        table.newAppend().appendFile(DataFiles.builder(table.spec()).withPath(table.location() + "/data/" + file
            + ".parquet").withFileSizeInBytes(10).withRecordCount(1).build()).commit();
      }
    }
    api.post(v1 + "/namespaces/sales/views", null, view("v_orders")).is(200);
    api.post(v1 + "/namespaces/sales/views", null, view("big_props_view")).is(200);

    String assets = "/api/v1/catalogs/prod/namespaces/sales/assets";
    api.post(assets, t, Map.of("name", "churn", "kind", "ML_MODEL", "properties", Map.of("framework", "x")))
        .is(201);
    api.post("/api/v1/catalogs/prod/namespaces/sales.emea/assets", t, Map.of("name", "mgmt_table", "kind",
        "ICEBERG_TABLE")).is(201);
    api.post("/api/v1/users", t, Map.of("name", "alice", "email", "alice@example.com")).is(201);
    JsonNode svc = api.post("/api/v1/service-users", t, Map.of("name", "svc", "roles", List.of("tenant-writer")))
        .is(201).json();
    String svcBearer = "Bearer " + TestAuth.token(URI.create(base), svc.path("clientId").asText(),
        svc.path("clientSecret").asText());

    JsonNode loaded = api.get(v1 + "/namespaces/sales/tables/orders", null).is(200).json();
    JsonNode meta = loaded.path("metadata");
    long snapshot = meta.path("current-snapshot-id").asLong();
    long parent = 0;
    for (JsonNode s : meta.path("snapshots")) {
      if (s.path("snapshot-id").asLong() == snapshot) {
        parent = s.path("parent-snapshot-id").asLong();
      }
    }
    assertThat(meta.path("snapshots")).hasSize(2);
    JsonNode otherLoaded = api.get(otherV1 + "/namespaces/sales/tables/secret", null).is(200).json();
    JsonNode viewLoaded = api.get(v1 + "/namespaces/sales/views/v_orders", null).is(200).json();
    // files for register: a copy of real metadata, a directory, garbage, an empty file
    String metadataLocation = loaded.path("metadata-location").asText();
    Path copy = Files.createDirectories(root.resolve("copy")).resolve("00000-copy.metadata.json");
    Files.copy(Path.of(URI.create(metadataLocation)), copy);
    Files.createDirectories(root.resolve("dir.metadata.json"));
    Files.writeString(root.resolve("garbage.metadata.json"), "this is not table metadata");
    Files.writeString(root.resolve("empty.metadata.json"), "");
    return new Fixture(t, other, root, otherRoot, v1, otherV1, svcBearer, metadataLocation,
        meta.path("location").asText(), meta.path("table-uuid").asText(), snapshot, parent,
        otherLoaded.path("metadata-location").asText(), otherLoaded.path("metadata").path("location").asText(),
        copy.toUri().toString(), viewLoaded.path("metadata").path("view-uuid").asText());
  }

  /** One read of the fingerprint: a GET and what of its answer to keep. */
  private record Probe(String label, String path, String tenant, Function<JsonNode, String> value) {}

  /**
   * The reads of the fingerprint. The quick ones detect any change (every successful write is audited, and the
   * usage counts everything a tenant holds); the full set also says what changed.
   */
  private List<Probe> probes(boolean full) {
    List<Probe> p = new ArrayList<>();
    p.add(new Probe("tenants", "/api/v1/tenants?pageSize=1000", null, items("name", "version")));
    for (String t : List.of(fx.t(), fx.other())) {
      p.add(new Probe(t + " usage", "/api/v1/tenants/" + t + "/usage", null,
          n -> n.path("catalogs") + "/" + n.path("namespaces") + "/" + n.path("assets") + "/" + n.path("users")));
      p.add(new Probe(t + " successful audit events", "/api/v1/audit/count?result=SUCCESS", t,
          n -> n.path("count").asText()));
    }
    p.add(new Probe("table orders", fx.v1() + "/namespaces/sales/tables/orders?snapshots=refs", null,
        n -> n.path("metadata-location").asText() + " uuid " + n.path("metadata").path("table-uuid").asText()
            + " snapshot " + n.path("metadata").path("current-snapshot-id").asText()));
    p.add(new Probe("view v_orders", fx.v1() + "/namespaces/sales/views/v_orders", null,
        n -> n.path("metadata-location").asText() + " uuid " + n.path("metadata").path("view-uuid").asText()
            + " version " + n.path("metadata").path("current-version-id").asText()));
    if (!full) {
      return p;
    }
    String t = fx.t();
    p.add(new Probe("warehouses", "/api/v1/warehouses?pageSize=1000", t, items("name", "version", "storageRoot")));
    p.add(new Probe("catalogs", "/api/v1/catalogs?pageSize=1000", t, items("name", "version")));
    p.add(new Probe("users", "/api/v1/users?pageSize=1000", t, items("name", "version", "email")));
    p.add(new Probe("service users", "/api/v1/service-users?pageSize=1000", t, items("name", "version", "enabled",
        "roles")));
    String ns = "/api/v1/catalogs/prod/namespaces";
    for (String parent : List.of("", "sales", "sales.emea")) {
      p.add(new Probe("namespaces under '" + parent + "'", ns + "?pageSize=1000" + (parent.isEmpty() ? ""
          : "&parent=" + parent), t, items("name", "version")));
    }
    for (String n : List.of("sales", "sales.emea")) {
      p.add(new Probe("assets in " + n, ns + "/" + n + "/assets?pageSize=1000", t, items("name", "kind", "version",
          "location", "metadataLocation")));
    }
    p.add(new Probe("other tenant's assets", ns + "/sales/assets?pageSize=1000", fx.other(), items("name",
        "version", "metadataLocation")));
    return p;
  }

  /**
   * What the cases must not change, as label → value: the probes, read in parallel, and the files under both
   * warehouse roots.
   */
  private Map<String, String> fingerprint(boolean full) {
    String bearer = TestAuth.rootBearer(URI.create(base));
    List<Probe> probes = probes(full);
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (Probe p : probes) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + p.path())).timeout(Duration.ofSeconds(20))
          .header("Authorization", bearer).GET();
      if (p.tenant() != null) {
        b.header(RequestContextResolver.TENANT_HEADER, p.tenant());
      }
      answers.add(http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()));
    }
    Map<String, String> f = new LinkedHashMap<>();
    for (int i = 0; i < probes.size(); i++) {
      HttpResponse<String> r = answers.get(i).join();
      f.put(probes.get(i).label(), r.statusCode() != 200 ? "HTTP " + r.statusCode()
          : probes.get(i).value().apply(tree(r.body())));
    }
    f.put("files", files(fx.root()));
    f.put("other tenant's files", files(fx.otherRoot()));
    return f;
  }

  private static Function<JsonNode, String> items(String... fields) {
    return n -> {
      List<String> out = new ArrayList<>();
      for (JsonNode item : n.path("items")) {
        out.add(Arrays.stream(fields).map(f -> item.path(f).toString()).collect(Collectors.joining(" ")));
      }
      return String.join("; ", out);
    };
  }

  private static String files(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      // regular files only: object stores have no directories, and an empty local one is no data
      return walk.filter(Files::isRegularFile).map(p -> root.relativize(p) + ":" + size(p)).sorted()
          .collect(Collectors.joining(" "));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }
}
