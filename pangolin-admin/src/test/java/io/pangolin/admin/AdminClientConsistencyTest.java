package io.pangolin.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client carries the consistency token: over real HTTP (a loopback server of the test's own, standing in for
 * the Pangolin servers behind a load balancer), every request after a write sends the last token answered, and a
 * refused request does not change it.
 */
class AdminClientConsistencyTest {
  private HttpServer server;
  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final AtomicInteger writes = new AtomicInteger();
  private AdminClient client;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      sent.add(Optional.ofNullable(exchange.getRequestHeaders().getFirst(AdminClient.CONSISTENCY)).orElse("none"));
      String path = exchange.getRequestURI().getPath();
      int status = path.endsWith("/refused") ? 409 : 200;
      if (status == 200 && !exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().add(AdminClient.CONSISTENCY,
            "0/" + Integer.toHexString(0x100 + writes.incrementAndGet()));
      }
      if (status == 409) {
        exchange.getResponseHeaders().add(AdminClient.CONSISTENCY, "FF/0");
      }
      byte[] body = (status == 200 ? "{}" : "{\"error\":{\"code\":\"CONFLICT\",\"message\":\"no\",\"status\":409}}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    client = new AdminClient(new Settings(url, Optional.of("t0ken"), Optional.empty(), Optional.empty(),
        Optional.empty()), Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void requestsAfterAWrite_carryTheLastTokenAnswered_andARefusedRequestChangesNothing() {
    client.get("/api/v1/catalogs");
    client.post("/api/v1/catalogs", AdminClient.object());
    client.get("/api/v1/catalogs/c");
    client.patch("/api/v1/catalogs/c", AdminClient.object());
    client.get("/api/v1/catalogs/c");
    assertThatExceptionOfType(AdminException.class)
        .isThrownBy(() -> client.post("/api/v1/catalogs/refused", AdminClient.object()));
    client.delete("/api/v1/catalogs/c");
    client.get("/api/v1/catalogs");

    assertThat(sent).containsExactly("none", "none", "0/101", "0/101", "0/102", "0/102", "0/102", "0/103");
  }
}
