package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import io.pangolin.api.RequestContext;
import io.pangolin.core.Pangolin;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP/1.1 framing over raw sockets (127.0.0.1): every malformed or hostile framing is answered with a JSON error in
 * the model of the API the path belongs to, the connection is closed where the rest of the bytes cannot be trusted,
 * and nothing a smuggled or broken request carried was executed. The server runs with a 1 s body read timeout and a
 * 64 KiB body limit; waits are bounded by a generous socket timeout that only fails the test if the server never
 * answers.
 */
@HelidonTest
@AddConfig(key = "pangolin.http.read-timeout-ms", value = "1000")
@AddConfig(key = "server.max-payload-size", value = "65536")
class HttpFramingTest {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final int SOCKET_TIMEOUT_MS = 30_000;

  @Inject
  WebTarget target;

  @Inject
  Pangolin pangolin;

  private URI base;
  private int port;
  private String tenant;
  private String auth;
  private String nsPath;
  private String prefix;

  @BeforeEach
  void seed() throws IOException {
    base = target.getUri();
    port = base.getPort();
    tenant = "framing-" + SEQ.incrementAndGet();
    RequestContext admin = RequestContext.of(tenant, "test-admin");
    pangolin.tenants().create(admin, tenant, Map.of());
    pangolin.warehouses().create(admin, "lake", "file://" + Files.createTempDirectory("pangolin-framing"), Map.of());
    pangolin.catalogs().create(admin, "prod", "lake", Map.of());
    auth = "Authorization: " + TestAuth.rootBearer(base) + "\r\n";
    nsPath = "/api/v1/catalogs/prod/namespaces";
    prefix = "/v1/" + tenant + ".prod";
  }

  // ---- smuggling ---------------------------------------------------------------------------------------------

  @Test
  void contentLengthWithTransferEncoding_is400_closes_andTheSmuggledRequestNeverRuns() throws IOException {
    String smuggled = managementCreate("smuggled");
    Raw r = exchange("POST " + nsPath + " HTTP/1.1\r\n" + host() + auth + tenantHeader()
        + "Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "0\r\n\r\n" + smuggled);
    r.isManagementError(400, "BAD_REQUEST").isClosed();
    assertThat(r.json().path("error").path("message").asText()).contains("Content-Length", "Transfer-Encoding");
    assertManagementNamespaceAbsent("smuggled");
  }

  @Test
  void contentLengthWithTransferEncoding_onIceberg_isTheIcebergErrorModel_andNothingRuns() throws IOException {
    String smuggled = "POST " + prefix + "/namespaces HTTP/1.1\r\n" + host() + auth
        + "Content-Type: application/json\r\nContent-Length: 23\r\n\r\n{\"namespace\":[\"smug\"]}";
    Raw r = exchange("POST " + prefix + "/namespaces HTTP/1.1\r\n" + host() + auth
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
        + "0\r\n\r\n" + smuggled);
    r.isIcebergError(400, "BadRequestException").isClosed();
    assertThat(new Api(base).get(prefix + "/namespaces/smug", null).status()).isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(strings = {"identity", "Chunked", "gzip, chunked", "chunked, chunked", "chunked\r\nTransfer-Encoding: chunked"})
  void transferEncodingOtherThanChunked_is400_closes_andTheBodyIsNeverARequest(String te) throws IOException {
    String name = "te" + Math.abs(te.hashCode());
    Raw r = exchange("POST " + nsPath + " HTTP/1.1\r\n" + host() + auth + tenantHeader()
        + "Content-Type: application/json\r\nTransfer-Encoding: " + te + "\r\n\r\n" + managementCreate(name));
    r.isManagementError(400, "BAD_REQUEST").isClosed();
    assertManagementNamespaceAbsent(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-5", "+5", "5 5", "0x10", "1e3", "5\r\nContent-Length: 6"})
  void invalidContentLength_is400JsonAndCloses(String cl) throws IOException {
    Raw r = exchange("POST " + nsPath + " HTTP/1.1\r\n" + host() + auth + tenantHeader()
        + "Content-Type: application/json\r\nContent-Length: " + cl + "\r\n\r\n{\"name\":\"cl\"}"
        + managementCreate("afterlength"));
    r.isManagementError(400, "BAD_REQUEST").isClosed();
    assertManagementNamespaceAbsent("cl");
    assertManagementNamespaceAbsent("afterlength");
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "99999999999999999999999"})
  void nonNumericContentLength_isAnsweredByTheDirectHandlerInJson(String cl) throws IOException {
    exchange("POST " + prefix + "/namespaces HTTP/1.1\r\n" + host() + auth
        + "Content-Type: application/json\r\nContent-Length: " + cl + "\r\n\r\n{}")
        .isIcebergError(400, "BadRequestException").isClosed();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ZZ", "-1", "FFFFFFFFFF", "80000000", " 5", "5;ext=1"})
  void chunkSizeThatIsNotHex_is400_closes_andNothingRuns(String size) throws IOException {
    String body = "{\"name\":\"chunky\"}";
    Raw r = exchange("POST " + nsPath + " HTTP/1.1\r\n" + host() + auth + tenantHeader()
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + size + "\r\n" + body
        + "\r\n0\r\n\r\n" + managementCreate("afterchunk"));
    r.isManagementError(400, "BAD_REQUEST").isClosed();
    assertManagementNamespaceAbsent("chunky");
    assertManagementNamespaceAbsent("afterchunk");
  }

  @Test
  void chunkedBodyWithTrailers_is400OnIceberg() throws IOException {
    exchange("POST " + prefix + "/namespaces HTTP/1.1\r\n" + host() + auth
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "17\r\n{\"namespace\":[\"trail\"]}\r\n0\r\nX-Trailer: 1\r\n\r\n")
        .isIcebergError(400, "BadRequestException").isClosed();
    assertThat(new Api(base).get(prefix + "/namespaces/trail", null).status()).isEqualTo(404);
  }

  // ---- slow / stalled bodies ----------------------------------------------------------------------------------

  @Test
  void contentLengthLargerThanTheData_endsTheConnectionWithinTheReadTimeout() throws IOException {
    Raw r = exchange("POST " + nsPath + " HTTP/1.1\r\n" + host() + auth + tenantHeader()
        + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":\"stalled\"}");
    assertThat(r.closed).as("the server must end a stalled body by itself").isTrue();
    if (r.status != 0) {
      r.isManagementError(408, "REQUEST_TIMEOUT");
    }
    assertManagementNamespaceAbsent("stalled");
  }

  @Test
  void chunkLargerThanTheData_endsTheConnectionWithinTheReadTimeout() throws IOException {
    Raw r = exchange("POST " + prefix + "/namespaces HTTP/1.1\r\n" + host() + auth
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n100\r\n{\"namespace\":[\"slow\"]}");
    assertThat(r.closed).as("the server must end a stalled body by itself").isTrue();
    if (r.status != 0) {
      r.isIcebergError(408, "RequestTimeoutException");
    }
    assertThat(new Api(base).get(prefix + "/namespaces/slow", null).status()).isEqualTo(404);
  }

  // ---- size limits ---------------------------------------------------------------------------------------------

  @Test
  void bodyOverTheLimit_is413BeforeTheBodyIsSent_inBothModels() throws IOException {
    exchange("POST " + nsPath + " HTTP/1.1\r\n" + host() + auth + tenantHeader()
        + "Content-Type: application/json\r\nContent-Length: 209715200\r\n\r\n")
        .isManagementError(413, "PAYLOAD_TOO_LARGE").isClosed();
    Raw iceberg = exchange("POST " + prefix + "/namespaces HTTP/1.1\r\n" + host() + auth
        + "Content-Type: application/json\r\nContent-Length: 209715200\r\n\r\n");
    iceberg.isIcebergError(413, "PayloadTooLargeException").isClosed();
    assertThat(iceberg.json().path("error").path("message").asText()).contains("65536", "server.max-payload-size");
  }

  @Test
  void chunkedBodyOverTheLimit_is413AndCloses() throws IOException {
    // one chunk announced larger than the limit: refused before its data is read
    exchange("POST " + prefix + "/namespaces HTTP/1.1\r\n" + host() + auth
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n20000\r\n{")
        .isIcebergError(413, "PayloadTooLargeException").isClosed();
    // many small chunks adding up to more than the limit
    StringBuilder chunks = new StringBuilder();
    String piece = "x".repeat(4096);
    for (int i = 0; i < 20; i++) {
      chunks.append("1000\r\n").append(piece).append("\r\n");
    }
    exchange("POST " + nsPath + " HTTP/1.1\r\n" + host() + auth + tenantHeader()
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks + "0\r\n\r\n")
        .isManagementError(413, "PAYLOAD_TOO_LARGE").isClosed();
  }

  // ---- request line and headers --------------------------------------------------------------------------------

  @Test
  void longRequestLine_is414Json() throws IOException {
    exchange("GET /api/v1/" + "a".repeat(10_000) + " HTTP/1.1\r\n" + host() + "\r\n")
        .isManagementError(414, "URI_TOO_LONG").isClosed();
  }

  @Test
  void oversizeHeaderAndHeaderFlood_are431Json() throws IOException {
    exchange("GET /api/v1/tenants HTTP/1.1\r\n" + host() + "X-Big: " + "a".repeat(20_000) + "\r\n\r\n")
        .isManagementError(431, "REQUEST_HEADER_FIELDS_TOO_LARGE").isClosed();
    StringBuilder flood = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      flood.append("X-H").append(i).append(": v\r\n");
    }
    exchange("GET " + prefix + "/namespaces HTTP/1.1\r\n" + host() + flood + "\r\n")
        .isIcebergError(431, "RequestHeaderFieldsTooLargeException").isClosed();
  }

  @ParameterizedTest
  @ValueSource(strings = {"GARBAGE", "GET /api/v1/tenants", "GET  HTTP/1.1", "GET /api/v1/tenants HTTP/2.0",
      "GET /api/v1/tenants http/1.1", "GET /api/v1/ten ants HTTP/1.1", "GET /api/v1/%zz HTTP/1.1",
      "GET /api/v1/tenants?a=%G1 HTTP/1.1"})
  void malformedRequestLine_is400Json(String line) throws IOException {
    exchange(line + "\r\n" + host() + "\r\n").isManagementError(400, "BAD_REQUEST").isClosed();
  }

  @Test
  void badPercentEncodingUnderV1_isTheIcebergErrorModel() throws IOException {
    exchange("GET " + prefix + "/namespaces/%zz HTTP/1.1\r\n" + host() + auth + "\r\n")
        .isIcebergError(400, "BadRequestException").isClosed();
  }

  @Test
  void http10_is400Json() throws IOException {
    exchange("GET /api/v1/tenants HTTP/1.0\r\n" + host() + "\r\n")
        .isManagementError(400, "BAD_REQUEST").isClosed();
  }

  // ---- what stays working --------------------------------------------------------------------------------------

  @Test
  void validChunkedAndLengthBodies_keepTheConnection_forTheNextRequest() throws IOException {
    String create = "{\"name\":\"kept\"}";
    String chunked = "POST " + nsPath + " HTTP/1.1\r\n" + host() + auth + tenantHeader()
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        + Integer.toHexString(create.length()) + "\r\n" + create + "\r\n0\r\n\r\n";
    String get = "GET " + nsPath + "/kept HTTP/1.1\r\n" + host() + auth + tenantHeader() + "\r\n";
    try (Socket s = socket()) {
      OutputStream out = s.getOutputStream();
      out.write((chunked + get).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      Raw first = Raw.read(in);
      assertThat(first.status).as(first.body).isEqualTo(201);
      Raw second = Raw.read(in);
      assertThat(second.status).as(second.body).isEqualTo(200);
      assertThat(second.json().path("name").asText()).isEqualTo("kept");
    }
  }

  @Test
  void rejectedMediaType_keepsTheConnection_becauseTheBodyWasRead() throws IOException {
    String body = "{\"namespace\":[\"plain\"]}";
    String post = "POST " + prefix + "/namespaces HTTP/1.1\r\n" + host() + auth
        + "Content-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    String get = "GET " + prefix + "/namespaces/plain HTTP/1.1\r\n" + host() + auth + "\r\n";
    try (Socket s = socket()) {
      s.getOutputStream().write((post + get).getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      Raw first = Raw.read(in);
      first.isIcebergError(415, "UnsupportedMediaTypeException");
      Raw second = Raw.read(in);
      second.isIcebergError(404, "NoSuchNamespaceException");
    }
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  private String host() {
    return "Host: 127.0.0.1:" + port + "\r\n";
  }

  private String tenantHeader() {
    return "X-Pangolin-Tenant: " + tenant + "\r\n";
  }

  private String managementCreate(String name) {
    String body = "{\"name\":\"" + name + "\"}";
    return "POST " + nsPath + " HTTP/1.1\r\n" + host() + auth + tenantHeader()
        + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
  }

  private void assertManagementNamespaceAbsent(String name) {
    new Api(base).get(nsPath + "/" + name, tenant).isError(404, "NOT_FOUND");
  }

  private Socket socket() throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(SOCKET_TIMEOUT_MS);
    return s;
  }

  /** Sends {@code request} as is, reads one response (if any) and whether the server then closed the connection. */
  private Raw exchange(String request) throws IOException {
    try (Socket s = socket()) {
      try {
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
      } catch (SocketException e) {
        // the server may refuse and close before the whole request is written (413): read its answer anyway
      }
      InputStream in = s.getInputStream();
      Raw r;
      try {
        r = Raw.read(in);
      } catch (SocketException e) {
        return new Raw(0, Map.of(), "", true);
      }
      if (r.status == 0) {
        return r;
      }
      return new Raw(r.status, r.headers, r.body, closedAfter(in));
    }
  }

  /** Whether the peer closed: EOF or reset before the (generous) timeout; a timeout means it kept it open. */
  private static boolean closedAfter(InputStream in) throws IOException {
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true;
    }
  }

  /** One raw HTTP/1.1 response; status 0 when the server closed without answering. */
  record Raw(int status, Map<String, String> headers, String body, boolean closed) {
    static Raw read(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int b;
      int state = 0;
      while (state < 4 && (b = in.read()) != -1) {
        head.write(b);
        state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
            : b == '\r' ? 1 : 0;
      }
      if (head.size() == 0) {
        return new Raw(0, Map.of(), "", true);
      }
      String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      byte[] body = in.readNBytes(length);
      return new Raw(status, headers, new String(body, StandardCharsets.UTF_8), false);
    }

    JsonNode json() {
      try {
        return Api.JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    Raw isManagementError(int expected, String code) {
      assertThat(status).as("status of %s", body).isEqualTo(expected);
      assertThat(headers.get("content-type")).startsWith("application/json");
      JsonNode error = json().path("error");
      assertThat(error.path("code").asText()).as(body).isEqualTo(code);
      assertThat(error.path("status").asInt()).as(body).isEqualTo(expected);
      assertThat(error.path("message").asText()).isNotBlank();
      assertThat(error.path("requestId").asText()).isNotBlank().isEqualTo(headers.get("x-request-id"));
      assertThat(body).doesNotContain("Exception").doesNotContain("java.");
      return this;
    }

    Raw isIcebergError(int expected, String type) {
      assertThat(status).as("status of %s", body).isEqualTo(expected);
      assertThat(headers.get("content-type")).startsWith("application/json");
      JsonNode error = json().path("error");
      assertThat(error.path("code").asInt()).as(body).isEqualTo(expected);
      assertThat(error.path("type").asText()).as(body).isEqualTo(type);
      assertThat(error.path("message").asText()).isNotBlank().doesNotContain("java.");
      assertThat(error.has("status")).isFalse();
      return this;
    }

    Raw isClosed() {
      assertThat(closed).as("connection closed after %d %s", status, body).isTrue();
      assertThat(headers.get("connection")).isEqualToIgnoringCase("close");
      return this;
    }
  }
}
