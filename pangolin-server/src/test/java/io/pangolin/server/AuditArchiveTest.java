package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import io.pangolin.api.AuditEvent;
import io.pangolin.api.AuditResult;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.ProviderConfig;
import io.pangolin.spi.Providers;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/audit/archive} and {@code GET /api/v1/audit?archived=true} over HTTP (PostgreSQL store; every
 * store's archive is tested by the TCK's audit area). Old events are appended through a second store over the same
 * database with the timestamps the test needs — the engine stamps events with its own clock.
 */
@HelidonTest
class AuditArchiveTest {
  @Inject
  WebTarget target;

  private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  private static final String DB = "pangolin_audit_archive_" + ProcessHandle.current().pid();
  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/" + DB;

  static {
    exec("DROP DATABASE IF EXISTS " + DB);
    exec("CREATE DATABASE " + DB);
    System.setProperty("pangolin.store.type", "postgres");
    System.setProperty("pangolin.store.postgres.url", URL);
    System.setProperty("pangolin.store.postgres.user", "postgres");
  }

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
    System.clearProperty("pangolin.store.type");
    System.clearProperty("pangolin.store.postgres.url");
    System.clearProperty("pangolin.store.postgres.user");
    exec("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
  }

  private static AuditEvent old(String tenant, String action, Instant at) {
    return new AuditEvent(UUID.randomUUID().toString(), tenant, "seeder", action, "catalog", "c", "c",
        AuditResult.SUCCESS, at.truncatedTo(ChronoUnit.MICROS), "r-" + UUID.randomUUID(), Map.of());
  }

  @Test
  void archive_movesOldEventsOfTheTenant_andArchivedQueriesReadThem() {
    Api api = new Api(target.getUri());
    String t = "archive-" + ProcessHandle.current().pid();
    String other = t + "-other";
    api.post("/api/v1/tenants", null, Map.of("name", t)).is(201);
    api.post("/api/v1/tenants", null, Map.of("name", other)).is(201);
    Instant now = Instant.now();
    try (MetadataStore store = Providers.store("postgres")
        .open(ProviderConfig.of(Map.of("url", URL, "user", "postgres")))) {
      for (String tenant : List.of(t, other)) {
        store.appendAudit(old(tenant, "catalog.create", now.minus(Duration.ofDays(200))));
        store.appendAudit(old(tenant, "catalog.update", now.minus(Duration.ofDays(100))));
        store.appendAudit(old(tenant, "catalog.delete", now.minus(Duration.ofDays(10))));
      }
    }
    long liveBefore = api.get("/api/v1/audit/count", t).is(200).json().path("count").asLong();

    JsonNode r = api.post("/api/v1/audit/archive", t, Map.of("olderThanDays", 90)).is(200).json();
    assertThat(r.path("archived").asLong()).isEqualTo(2);
    Instant before = Instant.parse(r.path("before").asText());
    assertThat(before).isBetween(now.minus(Duration.ofDays(91)), Instant.now().minus(Duration.ofDays(90)));

    JsonNode archived = api.get("/api/v1/audit?archived=true", t).is(200).json().path("items");
    assertThat(archived).hasSize(2);
    assertThat(archived.get(0).path("action").asText()).isEqualTo("catalog.update");
    assertThat(archived.get(1).path("action").asText()).isEqualTo("catalog.create");
    assertThat(api.get("/api/v1/audit/count?archived=true&action=catalog.create", t).is(200).json()
        .path("count").asLong()).isEqualTo(1);
    // the log lost the two and gained the archival's own event
    assertThat(api.get("/api/v1/audit/count", t).is(200).json().path("count").asLong()).isEqualTo(liveBefore - 1);
    assertThat(api.get("/api/v1/audit?action=audit.archive", t).is(200).json().path("items")).hasSize(1);
    // the other tenant is untouched
    assertThat(api.get("/api/v1/audit/count?archived=true", other).is(200).json().path("count").asLong()).isZero();
    // again: nothing left
    assertThat(api.post("/api/v1/audit/archive", t, Map.of("olderThanDays", 90)).is(200).json()
        .path("archived").asLong()).isZero();

    for (String bad : List.of("{}", "{\"olderThanDays\":0}", "{\"olderThanDays\":\"90\"}",
        "{\"olderThanDays\":99999}", "{\"olderThanDays\":90,\"x\":1}")) {
      assertThat(api.post("/api/v1/audit/archive", t, bad).code()).as(bad).isEqualTo("VALIDATION_FAILED");
    }
    assertThat(api.get("/api/v1/audit?archived=maybe", t).code()).isEqualTo("VALIDATION_FAILED");
    assertThat(api.get("/api/v1/audit/count?archived=true", t).is(200).json().path("count").asLong()).isEqualTo(2);
  }
}
