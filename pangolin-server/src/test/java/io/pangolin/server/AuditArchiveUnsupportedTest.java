package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The audit archive routes over a plugin store that keeps no archive ({@link NoArchiveStoreProvider}): the engine
 * asks {@code supportsAuditArchive()} first, so each route answers a clear 400 error JSON (never a 500) and nothing
 * changes — the live log keeps its events and records the refused archival as a failure.
 */
@HelidonTest
class AuditArchiveUnsupportedTest {
  static {
    System.setProperty("pangolin.store.type", NoArchiveStoreProvider.NAME);
  }

  @Inject
  WebTarget target;

  @AfterAll
  static void cleanUp() {
    System.clearProperty("pangolin.store.type");
  }

  @Test
  void archiveRoutes_onAStoreWithoutArchive_answer400WithTheReason_andChangeNothing() {
    Api api = new Api(target.getUri());
    String t = "no-archive-" + ProcessHandle.current().pid();
    api.post("/api/v1/tenants", null, Map.of("name", t)).is(201);
    long liveBefore = api.get("/api/v1/audit/count", t).is(200).json().path("count").asLong();

    Api.Res archive = api.post("/api/v1/audit/archive", t, Map.of("olderThanDays", 90))
        .isError(400, "VALIDATION_FAILED");
    assertThat(archive.json().path("error").path("message").asText()).contains("audit archive");
    api.get("/api/v1/audit?archived=true", t).isError(400, "VALIDATION_FAILED");
    api.get("/api/v1/audit/count?archived=true", t).isError(400, "VALIDATION_FAILED");

    // the live log still answers, with nothing moved; the refused archival is recorded as a failure
    assertThat(api.get("/api/v1/audit/count?action=catalog.create", t).is(200).json().path("count").asLong())
        .isZero();
    assertThat(api.get("/api/v1/audit/count?action=audit.archive&result=FAILURE", t).is(200).json()
        .path("count").asLong()).isEqualTo(1);
    assertThat(api.get("/api/v1/audit/count", t).is(200).json().path("count").asLong()).isEqualTo(liveBefore + 1);
  }
}
