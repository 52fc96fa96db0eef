package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /health/ready} reports the instance degraded — and stays UP — once the recent requests are past a
 * {@code pangolin.alerts.*} threshold. The p95 threshold is 0 ms here, so any real request crosses it: behaviour,
 * not timing.
 */
@HelidonTest
@AddConfig(key = "pangolin.alerts.p95-ms", value = "0")
@AddConfig(key = "pangolin.alerts.min-requests", value = "3")
class LoadReadinessTest {
  @Inject
  WebTarget target;

  private JsonNode loadCheck(Response ready) throws Exception {
    assertThat(ready.getStatus()).isEqualTo(200);
    JsonNode body = Api.JSON.readTree(ready.readEntity(String.class));
    assertThat(body.path("status").asText()).isEqualTo("UP");
    for (JsonNode c : body.path("checks")) {
      if (c.path("name").asText().equals("pangolin-load")) {
        assertThat(c.path("status").asText()).isEqualTo("UP");
        return c.path("data");
      }
    }
    throw new AssertionError("no pangolin-load check in " + body);
  }

  @Test
  void pastTheP95Threshold_readinessIsDegraded_butStaysUp_andTheGaugeSaysSo() throws Exception {
    Api api = new Api(target.getUri());
    // fewer requests than min-requests in the window: not judged yet (each test class has its own container)
    JsonNode before = loadCheck(target.path("/health/ready").request().get());
    assertThat(before.path("requests").asLong()).isLessThan(3);
    assertThat(before.path("degraded").asBoolean()).isFalse();

    String tenant = "load-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    api.post("/api/v1/tenants", null, Map.of("name", tenant)).is(201);
    for (int i = 0; i < 3; i++) {
      api.get("/api/v1/tenants/" + tenant, null).is(200);
    }

    JsonNode after = loadCheck(target.path("/health/ready").request().get());
    assertThat(after.path("degraded").asBoolean()).isTrue();
    assertThat(after.path("reasons").asText()).contains("p95 latency").contains("threshold 0 ms")
        .doesNotContain("5xx").doesNotContain("pool");
    assertThat(after.path("requests").asLong()).isGreaterThanOrEqualTo(4);
    assertThat(after.path("errorRate").asDouble()).isZero();
    String metrics = target.path("/metrics").request().get(String.class);
    assertThat(metrics).contains("pangolin_degraded{mp_scope=\"application\",} 1.0")
        .containsPattern("pangolin_http_requests_in_flight\\{mp_scope=\"application\",} 0\\.0");
  }
}
