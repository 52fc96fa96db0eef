package io.pangolin.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.pangolin.api.PageRequest;
import io.pangolin.api.Tenant;
import io.pangolin.spi.PlacementRecord;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * At start-up the store moves the placements earlier versions kept as tenant documents named
 * {@code ~placement~<tenant>} into the placements collection (fields, timestamps and version kept) and deletes those
 * documents; a document copied by an interrupted earlier start-up is only deleted.
 */
class PlacementMigrationTest {
  private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.123456789Z");
  private static final Instant UPDATED = Instant.parse("2026-02-03T04:05:06Z");

  private static void insertTenant(MongoCollection<Document> tenants, String name, Map<String, String> props,
      long version) {
    tenants.insertOne(Docs.tenantDoc(new Tenant(name, props, CREATED, UPDATED, version), version));
  }

  @Test
  void legacyPlacementDocuments_becomePlacementRecords_idempotently() {
    String database = TestServers.database("legacy");
    Instant since = Instant.parse("2026-02-03T04:00:00.5Z");
    try (MongoClient c = MongoClients.create(TestServers.sharedUri())) {
      MongoCollection<Document> tenants = c.getDatabase(database).getCollection(Schema.TENANTS);
      insertTenant(tenants, "acme", Map.of("display-name", "ACME"), 1);
      insertTenant(tenants, "~placement~acme", Map.ofEntries(Map.entry("tier", "hybrid"),
          Map.entry("target", "pangolin_t_acme"), Map.entry("catalogs", "4"), Map.entry("move.tier", "dedicated"),
          Map.entry("move.target", "eu/pangolin_t_acme"), Map.entry("move.state", "switching"),
          Map.entry("move.id", "m-1"), Map.entry("move.since", since.toString()), Map.entry("cleanup.tier", "shared"),
          Map.entry("cleanup.target", ""), Map.entry("cleanup.digest", "d-1")), 7);

      PlacementRecord expected = new PlacementRecord("acme", new PlacementRecord.Place("hybrid", "pangolin_t_acme"),
          4, Optional.of(new PlacementRecord.Move(new PlacementRecord.Place("dedicated", "eu/pangolin_t_acme"),
              PlacementRecord.MoveState.SWITCHING, "m-1", since)),
          Optional.of(new PlacementRecord.Cleanup(new PlacementRecord.Place("shared", ""), "d-1")), CREATED,
          UPDATED, 7);
      try (MongoMetadataStore store = open(database)) {
        assertThat(store.getPlacement("acme")).contains(expected);
        assertThat(store.listTenants(PageRequest.first(100)).items()).extracting(Tenant::name)
            .containsExactly("acme");
      }

      // an earlier start-up copied it but stopped before deleting the tenant document
      insertTenant(tenants, "~placement~acme", Map.of("tier", "shared", "target", "", "catalogs", "0"), 3);
      try (MongoMetadataStore store = open(database)) {
        assertThat(store.getPlacement("acme")).contains(expected);
        assertThat(store.listPlacements(PageRequest.first(100)).items()).containsExactly(expected);
        assertThat(store.listTenants(PageRequest.first(100)).items()).extracting(Tenant::name)
            .containsExactly("acme");
      }
    }
  }

  private static MongoMetadataStore open(String database) {
    return MongoMetadataStore.open(TestServers.config(TestServers.sharedUri(), database).build(),
        StoreOptions.defaults());
  }
}
