package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import io.pangolin.api.AuditEvent;
import io.pangolin.api.AuditQuery;
import io.pangolin.api.AuditResult;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.PageRequest;
import io.pangolin.api.RequestContext;
import io.pangolin.api.ServiceCredentials;
import io.pangolin.core.Pangolin;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.TransientApiMetadata;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Storage access delegation end to end: remote signing with the real Iceberg client ({@code RESTCatalog} +
 * {@code S3FileIO}, no storage keys on the client) against s3proxy (an S3-compatible server in this JVM, checking
 * SigV4 with the warehouse's keys); the signer's refusals; vended credentials through the AWS SDK's STS client.
 *
 * <p>AWS STS cannot run here, so the STS endpoint is a small fake (an HTTP server on 127.0.0.1 answering
 * {@code AssumeRole} with the protocol's XML) — the one fake of this test. It records what the server asks for (role,
 * session policy, duration, the signing key id), which is what the test checks; it issues made-up keys that no
 * store accepts.
 */
@HelidonTest
class StorageDelegationTest {
  private static final String BUCKET = "sign-bucket";
  private static final String KEY_ID = "pangolin-key";
  private static final String SECRET = "pangolin-secret-never-leaves";
  private static final String ROLE = "arn:aws:iam::123456789012:role/lake-access";
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "name", Types.StringType.get()));
  private static BlobStoreContext blobs;
  private static S3Proxy s3;
  private static HttpServer sts;
  private static final List<Map<String, String>> STS_CALLS = new CopyOnWriteArrayList<>();

  @Inject
  WebTarget target;

  @Inject
  Pangolin pangolin;

  private String tenant;
  private String root;
  private ServiceCredentials writer;
  private ServiceCredentials reader;

  @BeforeAll
  static void startStores() throws Exception {
    // s3proxy predates the AWS SDK's default request checksums (SDK 2.30+), like older MinIO and Ceph
    System.setProperty("aws.requestChecksumCalculation", "WHEN_REQUIRED");
    System.setProperty("aws.responseChecksumValidation", "WHEN_REQUIRED");
    blobs = ContextBuilder.newBuilder(new TransientApiMetadata()).credentials("unused", "unused")
        .build(BlobStoreContext.class);
    s3 = S3Proxy.builder().blobStore(blobs.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V4, KEY_ID, SECRET).build();
    s3.start();
    for (int i = 0; i < 500 && !"STARTED".equals(s3.getState()); i++) {
      Thread.sleep(10);
    }
    assertThat(s3.getState()).isEqualTo("STARTED");
    blobs.getBlobStore().createContainerInLocation(null, BUCKET);

    sts = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sts.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> form = new HashMap<>();
      for (String pair : body.split("&")) {
        int eq = pair.indexOf('=');
        form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
      form.put("authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      STS_CALLS.add(form);
      int n = STS_CALLS.size();
      if (form.getOrDefault("RoleArn", "").endsWith("/denied")) {
        byte[] denied = ("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
            + "<Code>AccessDenied</Code><Message>not authorized to assume the role</Message></Error>"
            + "<RequestId>d-" + n + "</RequestId></ErrorResponse>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        exchange.sendResponseHeaders(403, denied.length);
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(denied);
        }
        return;
      }
      String xml = "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
          + "<Credentials><AccessKeyId>ASIAVENDED" + n + "</AccessKeyId><SecretAccessKey>vended-secret-" + n
          + "</SecretAccessKey><SessionToken>vended-token-" + n + "</SessionToken><Expiration>"
          + Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS) + "</Expiration></Credentials>"
          + "<AssumedRoleUser><AssumedRoleId>AROAFAKE:s</AssumedRoleId><Arn>" + ROLE + "/s</Arn></AssumedRoleUser>"
          + "</AssumeRoleResult><ResponseMetadata><RequestId>r-" + n + "</RequestId></ResponseMetadata>"
          + "</AssumeRoleResponse>";
      byte[] out = xml.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/xml");
      exchange.sendResponseHeaders(200, out.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
      }
    });
    sts.start();
  }

  @AfterAll
  static void stopStores() throws Exception {
    System.clearProperty("aws.requestChecksumCalculation");
    System.clearProperty("aws.responseChecksumValidation");
    if (sts != null) {
      sts.stop(0);
    }
    if (s3 != null) {
      s3.stop();
    }
    if (blobs != null) {
      blobs.close();
    }
  }

  @BeforeEach
  void seed() {
    tenant = "sign-" + SEQ.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    root = "s3://" + BUCKET + "/" + tenant;
    RequestContext admin = RequestContext.of(tenant, "test-admin");
    pangolin.tenants().create(admin, tenant, Map.of());
    Map<String, String> props = new HashMap<>(storage());
    props.put("sts.role-arn", ROLE);
    props.put("sts.endpoint", "http://127.0.0.1:" + sts.getAddress().getPort());
    props.put("sts.duration-seconds", "1800");
    pangolin.warehouses().create(admin, "lake", root, props);
    pangolin.catalogs().create(admin, "prod", "lake", Map.of());
    pangolin.namespaces().create(admin, "prod", NamespaceName.of("sales"), Map.of());
    writer = pangolin.principals().create(admin, "engine", Set.of("tenant-writer"), Optional.empty());
    reader = pangolin.principals().create(admin, "analyst", Set.of("tenant-user"), Optional.empty());
  }

  private static Map<String, String> storage() {
    return Map.of("s3.endpoint", "http://127.0.0.1:" + s3.getPort(), "s3.path-style-access", "true",
        "client.region", "us-east-1", "s3.access-key-id", KEY_ID, "s3.secret-access-key", SECRET);
  }

  private URI base() {
    return target.getUri();
  }

  private String bearer(ServiceCredentials c) {
    return "Bearer " + TestAuth.token(base(), c.principal().clientId(), c.clientSecret());
  }

  private Api as(ServiceCredentials c) {
    return new Api(base()).as(bearer(c));
  }

  private String v1() {
    return "/v1/" + tenant + ".prod";
  }

  private static List<String> keys(String prefix) {
    List<String> keys = new ArrayList<>();
    for (StorageMetadata m : blobs.getBlobStore().list(BUCKET, ListContainerOptions.Builder.recursive())) {
      if (m.getName().startsWith(prefix)) {
        keys.add(m.getName());
      }
    }
    return keys;
  }

  private RESTCatalog signingClient(ServiceCredentials c) {
    RESTCatalog catalog = new RESTCatalog();
    Map<String, String> props = new HashMap<>();
    props.put("uri", base().toString());
    props.put("warehouse", tenant + ".prod");
    props.put("credential", c.principal().clientId() + ":" + c.clientSecret());
    props.put("header.X-Iceberg-Access-Delegation", "remote-signing");
    props.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
    // the client's own S3 settings: its HTTP client and the S3-only client factory; no keys, no endpoint, no region
    props.put("http-client.type", "urlconnection");
    props.put("s3.client-factory-impl", "org.apache.iceberg.aws.s3.DefaultS3FileIOAwsClientFactory");
    catalog.initialize("signing", props);
    return catalog;
  }

  // ---- remote signing: the real client end to end ------------------------------------------------------

  @Test
  void remoteSigning_createAppendScanPurge_withTheRealClientAndNoStorageKeys() throws Exception {
    TableIdentifier id = TableIdentifier.of("sales", "orders");
    String location;
    try (RESTCatalog catalog = signingClient(writer)) {
      Table table = catalog.buildTable(id, SCHEMA).withPartitionSpec(PartitionSpec.unpartitioned()).create();
      location = table.location();
      assertThat(location).startsWith(root + "/");
      assertThat(table.io().properties()).containsEntry("s3.remote-signing-enabled", "true")
          .doesNotContainKeys("s3.access-key-id", "s3.secret-access-key");

      table.newAppend().appendFile(writeParquet(table, 1L, 2L, 3L)).commit();
      table.newAppend().appendFile(writeParquet(table, 4L)).commit();

      List<Long> ids = new ArrayList<>();
      try (CloseableIterable<Record> rows = IcebergGenerics.read(catalog.loadTable(id)).build()) {
        rows.forEach(r -> ids.add((Long) r.getField("id")));
      }
      assertThat(ids).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
      String prefix = location.substring(("s3://" + BUCKET + "/").length()) + "/";
      assertThat(keys(prefix)).anyMatch(k -> k.endsWith(".parquet")).anyMatch(k -> k.endsWith(".avro"))
          .anyMatch(k -> k.endsWith(".metadata.json"));

      // what a load answers the client: the table's signer endpoint and the store's settings, never a key
      Api.Res load = as(writer).send("GET", v1() + "/namespaces/sales/tables/orders", null, null,
          Map.of("X-Iceberg-Access-Delegation", "remote-signing")).is(200);
      assertThat(load.json().path("config").path("s3.signer.endpoint").asText())
          .isEqualTo("v1/" + tenant + ".prod/namespaces/sales/tables/orders/sign");
      assertThat(load.json().path("config").path("s3.endpoint").asText()).isEqualTo(endpoint());
      assertThat(load.body()).doesNotContain(SECRET).doesNotContain(KEY_ID).doesNotContain("storage-credentials");

      assertThat(catalog.dropTable(id, true)).isTrue();
      assertThat(keys(prefix)).isEmpty();
    }
    // the warehouse's secret is stored encrypted (pangolin.secrets.keys of the test run) and answered masked
    Map<String, String> stored = pangolin.warehouses().get(RequestContext.of(tenant, "test-admin"), "lake")
        .storageProperties();
    assertThat(stored.get("s3.secret-access-key")).startsWith("enc:v1:test-2:").doesNotContain(SECRET);
    Api.Res warehouse = new Api(base()).get("/api/v1/warehouses/lake", tenant).is(200);
    assertThat(warehouse.json().path("storageProperties").path("s3.secret-access-key").asText()).isEqualTo("****");
    assertThat(warehouse.body()).doesNotContain(SECRET).doesNotContain("enc:v1");
  }

  private static DataFile writeParquet(Table table, long... ids) throws IOException {
    GenericRecord record = GenericRecord.create(table.schema());
    String path = table.locationProvider().newDataLocation("part-" + UUID.randomUUID() + ".parquet");
    DataWriter<Record> writer = Parquet.writeData(table.io().newOutputFile(path)).schema(table.schema())
        .createWriterFunc(GenericParquetWriter::create).withSpec(table.spec()).build();
    try (writer) {
      for (long id : ids) {
        writer.write(record.copy(Map.of("id", id, "name", "n" + id)));
      }
    }
    return writer.toDataFile();
  }

  // ---- the signer's decisions ----------------------------------------------------------------------------

  /** Creates sales.t1 (without delegation) and returns its location's key (no trailing slash). */
  private String createTable(String name) {
    Api.Res r = as(writer).send("POST", v1() + "/namespaces/sales/tables", null,
        "{\"name\":\"" + name + "\",\"schema\":{\"type\":\"struct\",\"schema-id\":0,\"fields\":[{\"id\":1,"
            + "\"name\":\"id\",\"required\":true,\"type\":\"long\"}]}}", Map.of()).is(200);
    return r.json().path("metadata").path("location").asText().substring(("s3://" + BUCKET + "/").length());
  }

  private String endpoint() {
    return "http://127.0.0.1:" + s3.getPort();
  }

  private static String signRequest(String method, String uri) {
    return signRequest(method, uri, null);
  }

  private static String signRequest(String method, String uri, String body) {
    ObjectNode n = Api.JSON.createObjectNode().put("region", "us-east-1").put("method", method).put("uri", uri);
    n.putObject("headers").putArray("amz-sdk-invocation-id").add("abc");
    if (body != null) {
      n.put("body", body);
    }
    return n.toString();
  }

  private Api.Res sign(ServiceCredentials who, String table, String json) {
    return as(who).send("POST", v1() + "/namespaces/sales/tables/" + table + "/sign", null, json, Map.of());
  }

  private static void assertIcebergError(Api.Res r, int status, String type) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    JsonNode error = r.json().path("error");
    assertThat(error.path("code").asInt()).isEqualTo(status);
    assertThat(error.path("type").asText()).isEqualTo(type);
    assertThat(error.path("message").asText()).isNotBlank();
    assertThat(r.body()).doesNotContain(SECRET).doesNotContain("\tat ");
  }

  @Test
  void signer_signsInsideTheTable_refusesOutsideIt_andAReadersWrite() {
    String t1 = createTable("t1");
    String t2 = createTable("t2");
    String file = endpoint() + "/" + BUCKET + "/" + t1 + "/data/f.parquet";

    Api.Res get = sign(writer, "t1", signRequest("GET", file)).is(200);
    assertThat(get.headers().firstValue("Cache-Control")).contains("private");
    JsonNode signed = get.json();
    assertThat(signed.path("uri").asText()).isEqualTo(file);
    assertThat(signed.path("headers").path("Authorization").get(0).asText())
        .startsWith("AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/").contains("/us-east-1/s3/aws4_request");
    assertThat(signed.path("headers").path("x-amz-content-sha256").get(0).asText()).isEqualTo("UNSIGNED-PAYLOAD");
    assertThat(signed.path("headers").path("amz-sdk-invocation-id").get(0).asText()).isEqualTo("abc");
    assertThat(get.body()).doesNotContain(SECRET);

    Api.Res put = sign(writer, "t1", signRequest("PUT", file)).is(200);
    assertThat(put.headers().firstValue("Cache-Control")).contains("no-store");
    // virtual-host style, a multipart part, a listing by the table's prefix, a DeleteObjects inside the table
    String vhost = "http://" + BUCKET + ".127.0.0.1:" + s3.getPort();
    sign(writer, "t1", signRequest("GET", vhost + "/" + t1 + "/metadata/v1.metadata.json")).is(200);
    sign(writer, "t1", signRequest("PUT", file + "?partNumber=1&uploadId=u1")).is(200);
    sign(writer, "t1", signRequest("GET", endpoint() + "/" + BUCKET + "?list-type=2&prefix=" + t1 + "/data/"))
        .is(200);
    String inside = "<Delete><Object><Key>" + t1 + "/data/a.parquet</Key></Object><Object><Key>" + t1
        + "/metadata/b.avro</Key></Object></Delete>";
    sign(writer, "t1", signRequest("POST", endpoint() + "/" + BUCKET + "?delete", inside)).is(200);

    // outside the table: another table, the warehouse root, another bucket, a listing of a wider prefix
    assertIcebergError(sign(writer, "t1", signRequest("GET", endpoint() + "/" + BUCKET + "/" + t2 + "/data/f")),
        403, "ForbiddenException");
    assertIcebergError(sign(writer, "t1", signRequest("GET", endpoint() + "/" + BUCKET + "/" + tenant + "/x")),
        403, "ForbiddenException");
    assertIcebergError(sign(writer, "t1", signRequest("GET", endpoint() + "/other-bucket/" + t1 + "/data/f")),
        403, "ForbiddenException");
    assertIcebergError(sign(writer, "t1", signRequest("GET", endpoint() + "/" + BUCKET + "?list-type=2&prefix="
        + t1)), 403, "ForbiddenException");
    assertIcebergError(sign(writer, "t1", signRequest("GET", "http://" + BUCKET + ".evil.example/" + t1 + "/f")),
        403, "ForbiddenException");
    String oneOutside = "<Delete><Object><Key>" + t1 + "/data/a.parquet</Key></Object><Object><Key>" + t2
        + "/data/b.parquet</Key></Object></Delete>";
    assertIcebergError(sign(writer, "t1", signRequest("POST", endpoint() + "/" + BUCKET + "?delete", oneOutside)),
        403, "ForbiddenException");

    // a reader may read, not write
    sign(reader, "t1", signRequest("GET", file)).is(200);
    sign(reader, "t1", signRequest("HEAD", file)).is(200);
    for (String method : List.of("PUT", "POST", "DELETE")) {
      assertIcebergError(sign(reader, "t1", signRequest(method, file)), 403, "ForbiddenException");
    }
    assertIcebergError(sign(reader, "t1", signRequest("POST", endpoint() + "/" + BUCKET + "?delete", inside)), 403,
        "ForbiddenException");
    // a table the caller cannot see, and no token at all
    assertThat(sign(writer, "missing", signRequest("GET", file)).status()).isEqualTo(404);
    assertThat(new Api(base()).as("").send("POST", v1() + "/namespaces/sales/tables/t1/sign", null,
        signRequest("GET", file), Map.of()).status()).isEqualTo(401);

    List<AuditEvent> refused = pangolin.audit().query(RequestContext.of(tenant, "test-admin"),
        action("storage.sign"), PageRequest.first(100)).items();
    assertThat(refused).isNotEmpty().allMatch(e -> e.result() == AuditResult.FAILURE);
    assertThat(refused.toString()).doesNotContain(SECRET);
  }

  @Test
  void signer_hostileInputs_areIcebergErrorsNever5xx() {
    String t1 = createTable("t1");
    String file = endpoint() + "/" + BUCKET + "/" + t1 + "/data/f.parquet";
    List<String> bad = List.of(
        "{not json",
        "[]",
        "{}",
        "{\"region\":\"us-east-1\",\"method\":\"GET\",\"headers\":{}}",
        "{\"region\":\"us-east-1\",\"method\":\"GET\",\"uri\":\"" + file + "\"}",
        "{\"region\":\"us-east-1\",\"method\":\"GET\",\"uri\":\"" + file + "\",\"headers\":{\"a\":\"b\"}}",
        "{\"region\":1,\"method\":\"GET\",\"uri\":\"" + file + "\",\"headers\":{}}",
        signRequest("GET", "ftp://127.0.0.1/" + BUCKET + "/" + t1 + "/f"),
        signRequest("GET", "s3://" + BUCKET + "/" + t1 + "/f"),
        signRequest("GET", "not a uri at all"),
        signRequest("PATCH", file),
        signRequest("GET", endpoint() + "/" + BUCKET + "/" + t1 + "/../other/f"),
        signRequest("GET", endpoint() + "/" + BUCKET + "/" + t1 + "/%2e%2e/other/f"),
        signRequest("POST", endpoint() + "/" + BUCKET + "?delete", "<Delete><Object><Key>x"),
        signRequest("POST", endpoint() + "/" + BUCKET + "?delete",
            "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Delete><Object><Key>&e;"
                + "</Key></Object></Delete>"),
        signRequest("POST", endpoint() + "/" + BUCKET + "?delete", null),
        "{\"region\":\"us-east-1\",\"method\":\"GET\",\"uri\":\"" + file + "\",\"headers\":{},\"pad\":\""
            + "x".repeat(2 << 20) + "\"}");
    for (String body : bad) {
      Api.Res r = sign(writer, "t1", body);
      assertThat(r.status()).as("%s → %s", body.length() > 200 ? body.substring(0, 200) : body, r.body())
          .isBetween(400, 499);
      assertThat(r.json().path("error").path("code").asInt()).isEqualTo(r.status());
      assertThat(r.json().path("error").path("type").asText()).isNotBlank();
      assertThat(r.body()).doesNotContain(SECRET).doesNotContain("\tat ").doesNotContain("root:");
    }
  }

  private static AuditQuery action(String action) {
    return new AuditQuery(Optional.empty(), Optional.of(action), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  // ---- vended credentials --------------------------------------------------------------------------------

  private JsonNode policyOfLastCall() throws IOException {
    return Api.JSON.readTree(STS_CALLS.get(STS_CALLS.size() - 1).get("Policy"));
  }

  private static List<String> actions(JsonNode policy) {
    List<String> out = new ArrayList<>();
    policy.path("Statement").forEach(s -> s.path("Action").forEach(a -> out.add(a.asText())));
    return out;
  }

  @Test
  void vendedCredentials_assumeTheRoleWithAPolicyScopedToTheTable_readOnlyForAReader() throws IOException {
    String t1 = createTable("t1");
    int before = STS_CALLS.size();
    Api.Res load = as(writer).send("GET", v1() + "/namespaces/sales/tables/t1", null, null,
        Map.of("X-Iceberg-Access-Delegation", "vended-credentials")).is(200);
    JsonNode config = load.json().path("config");
    assertThat(config.path("s3.access-key-id").asText()).startsWith("ASIAVENDED");
    assertThat(config.path("s3.session-token").asText()).startsWith("vended-token-");
    assertThat(config.path("s3.endpoint").asText()).isEqualTo(endpoint());
    JsonNode credential = load.json().path("storage-credentials").get(0);
    assertThat(credential.path("prefix").asText()).isEqualTo("s3://" + BUCKET + "/" + t1);
    assertThat(credential.path("config").path("s3.secret-access-key").asText()).startsWith("vended-secret-");
    assertThat(load.body()).doesNotContain(SECRET).doesNotContain(KEY_ID);

    assertThat(STS_CALLS).hasSize(before + 1);
    Map<String, String> call = STS_CALLS.get(before);
    assertThat(call).containsEntry("Action", "AssumeRole").containsEntry("RoleArn", ROLE)
        .containsEntry("DurationSeconds", "1800");
    assertThat(call.get("RoleSessionName")).startsWith("pangolin-");
    assertThat(call.get("authorization")).contains("Credential=" + KEY_ID + "/"); // the warehouse's identity
    JsonNode policy = policyOfLastCall();
    assertThat(policy.toString()).contains("arn:aws:s3:::" + BUCKET + "/" + t1 + "/*")
        .contains("\"" + t1 + "/*\"").doesNotContain("arn:aws:s3:::" + BUCKET + "/*")
        .doesNotContain("arn:aws:s3:::" + BUCKET + "/" + tenant + "/*");
    assertThat(actions(policy)).contains("s3:GetObject", "s3:PutObject", "s3:DeleteObject");

    // cached per table and principal: a second load and the credentials endpoint reuse them
    Api.Res again = as(writer).send("GET", v1() + "/namespaces/sales/tables/t1/credentials", null, null, Map.of())
        .is(200);
    assertThat(again.json().path("storage-credentials").get(0).path("config").path("s3.access-key-id").asText())
        .isEqualTo(config.path("s3.access-key-id").asText());
    assertThat(STS_CALLS).hasSize(before + 1);

    // a reader gets its own, read-only credentials
    Api.Res read = as(reader).send("GET", v1() + "/namespaces/sales/tables/t1/credentials", null, null, Map.of())
        .is(200);
    assertThat(STS_CALLS).hasSize(before + 2);
    assertThat(read.json().path("storage-credentials").get(0).path("config").path("s3.access-key-id").asText())
        .isNotEqualTo(config.path("s3.access-key-id").asText());
    assertThat(actions(policyOfLastCall())).contains("s3:GetObject", "s3:ListBucket")
        .doesNotContain("s3:PutObject", "s3:DeleteObject");

    // create with vending: read-write credentials for the new table's own location
    Api.Res created = as(writer).send("POST", v1() + "/namespaces/sales/tables", null,
        "{\"name\":\"t3\",\"schema\":{\"type\":\"struct\",\"schema-id\":0,\"fields\":[]}}",
        Map.of("X-Iceberg-Access-Delegation", "vended-credentials")).is(200);
    String t3 = created.json().path("metadata").path("location").asText();
    assertThat(created.json().path("storage-credentials").get(0).path("prefix").asText()).isEqualTo(t3);
    assertThat(policyOfLastCall().toString()).contains(t3.substring("s3://".length()) + "/*");

    List<AuditEvent> vended = pangolin.audit().query(RequestContext.of(tenant, "test-admin"),
        action("storage.credentials.vend"), PageRequest.first(100)).items();
    assertThat(vended).hasSizeGreaterThanOrEqualTo(4).allMatch(e -> e.result() == AuditResult.SUCCESS);
    assertThat(vended.toString()).doesNotContain("vended-secret").doesNotContain(SECRET);
  }

  @Test
  void vendedCredentials_withoutARole_areRefusedWith400_notAnEmptyAnswer() {
    RequestContext admin = RequestContext.of(tenant, "test-admin");
    pangolin.warehouses().create(admin, "plain", root + "-plain", storage());
    pangolin.catalogs().create(admin, "plain", "plain", Map.of());
    pangolin.namespaces().create(admin, "plain", NamespaceName.of("sales"), Map.of());
    String v = "/v1/" + tenant + ".plain/namespaces/sales/tables";
    as(writer).send("POST", v, null, "{\"name\":\"t\",\"schema\":{\"type\":\"struct\",\"schema-id\":0,"
        + "\"fields\":[]}}", Map.of()).is(200);
    assertIcebergError(as(writer).send("GET", v + "/t/credentials", null, null, Map.of()), 400,
        "BadRequestException");
    Api.Res r = as(writer).send("GET", v + "/t", null, null,
        Map.of("X-Iceberg-Access-Delegation", "vended-credentials"));
    assertIcebergError(r, 400, "BadRequestException");
    assertThat(r.json().path("error").path("message").asText()).contains("sts.role-arn");
    // asking for both falls back to remote signing when the warehouse cannot vend
    Api.Res both = as(writer).send("GET", v + "/t", null, null,
        Map.of("X-Iceberg-Access-Delegation", "vended-credentials,remote-signing")).is(200);
    assertThat(both.json().path("config").path("s3.remote-signing-enabled").asText()).isEqualTo("true");
    assertThat(both.json().path("config").path("s3.signer.endpoint").asText())
        .isEqualTo("v1/" + tenant + ".plain/namespaces/sales/tables/t/sign");
    assertThat(both.body()).doesNotContain(SECRET).doesNotContain(KEY_ID);
    assertIcebergError(as(writer).send("GET", v + "/t", null, null, Map.of("X-Iceberg-Access-Delegation", "magic")),
        400, "BadRequestException");
    // a create asking for what the warehouse cannot give is refused before anything is written
    assertIcebergError(as(writer).send("POST", v, null, "{\"name\":\"t9\",\"schema\":{\"type\":\"struct\","
        + "\"schema-id\":0,\"fields\":[]}}", Map.of("X-Iceberg-Access-Delegation", "vended-credentials")), 400,
        "BadRequestException");
    assertThat(as(writer).send("HEAD", v + "/t9", null, null, Map.of()).status()).isEqualTo(404);
  }

  @Test
  void vendedCredentials_refusedBySts_are403_andACreateLeavesNothingBehind() {
    RequestContext admin = RequestContext.of(tenant, "test-admin");
    Map<String, String> props = new HashMap<>(storage());
    props.put("sts.role-arn", "arn:aws:iam::123456789012:role/denied");
    props.put("sts.endpoint", "http://127.0.0.1:" + sts.getAddress().getPort());
    pangolin.warehouses().create(admin, "denied", root + "-denied", props);
    pangolin.catalogs().create(admin, "denied", "denied", Map.of());
    pangolin.namespaces().create(admin, "denied", NamespaceName.of("sales"), Map.of());
    String v = "/v1/" + tenant + ".denied/namespaces/sales/tables";
    Api.Res r = as(writer).send("POST", v, null, "{\"name\":\"t\",\"schema\":{\"type\":\"struct\","
        + "\"schema-id\":0,\"fields\":[]}}", Map.of("X-Iceberg-Access-Delegation", "vended-credentials"));
    assertIcebergError(r, 403, "ForbiddenException");
    assertThat(as(writer).send("HEAD", v + "/t", null, null, Map.of()).status()).isEqualTo(404);
    assertThat(keys(tenant + "-denied/")).isEmpty();
    List<AuditEvent> refused = pangolin.audit().query(admin, action("storage.credentials.vend"),
        PageRequest.first(10)).items();
    assertThat(refused).hasSize(1).allMatch(e -> e.result() == AuditResult.FAILURE);
  }
}
