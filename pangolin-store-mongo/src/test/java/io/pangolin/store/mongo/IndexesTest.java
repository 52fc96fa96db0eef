package io.pangolin.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.store.mongo.MongoStoreConfig.ShardKeyMode;
import io.pangolin.store.mongo.Schema.IndexSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Indexes are created at start-up, idempotently. mongo-java-server keeps unique indexes but accepts and silently
 * ignores non-unique ones, so query plans cannot be shown here: the test proves that every index is requested with
 * its exact keys (command monitoring of {@code createIndexes}) and that the unique ones exist.
 */
class IndexesTest {

  @ParameterizedTest
  @EnumSource(ShardKeyMode.class)
  void open_requestsEveryIndex_andOpeningAgainIsIdempotent(ShardKeyMode mode) {
    String db = TestServers.database("indexes");
    CommandRecorder recorder = new CommandRecorder();
    MongoStoreConfig config = TestServers.config(TestServers.sharedUri(), db).shardKeyMode(mode).build();
    StoreOptions options = new StoreOptions(Clock.systemUTC(), b -> b.addCommandListener(recorder));
    try (MongoMetadataStore first = MongoMetadataStore.open(config, options)) {
      List<Document> requested = new ArrayList<>();
      for (CommandRecorder.Sent s : recorder.named("createIndexes")) {
        String collection = s.command().getString("createIndexes").getValue();
        for (var index : s.command().getArray("indexes")) {
          BsonDocument spec = index.asDocument();
          requested.add(new Document("collection", collection).append("name", spec.getString("name").getValue())
              .append("key", Document.parse(spec.getDocument("key").toJson()))
              .append("unique", spec.containsKey("unique") && spec.getBoolean("unique").getValue()));
        }
      }
      List<Document> planned = new Schema(mode).indexes().stream()
          .map(i -> new Document("collection", i.collection()).append("name", i.name()).append("key", i.keys())
              .append("unique", i.unique()))
          .toList();
      assertThat(requested).containsExactlyInAnyOrderElementsOf(planned);

      for (IndexSpec unique : new Schema(mode).indexes().stream().filter(IndexSpec::unique).toList()) {
        List<Document> listed = first.database().getCollection(unique.collection()).listIndexes()
            .into(new ArrayList<>());
        assertThat(listed).as("indexes of %s", unique.collection()).anySatisfy(i -> {
          assertThat(i.get("key", Document.class)).isEqualTo(unique.keys());
          assertThat(i.getBoolean("unique")).isTrue();
        });
      }
    }
    try (MongoMetadataStore again = MongoMetadataStore.open(config, options)) {
      assertThat(again.health().up()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(ShardKeyMode.class)
  void everyUniqueIndex_startsWithTheShardKeyOfItsCollection(ShardKeyMode mode) {
    Schema schema = new Schema(mode);
    for (IndexSpec i : schema.indexes()) {
      schema.shardKey(i.collection()).filter(k -> i.unique()).ifPresent(key -> assertThat(
          new ArrayList<>(i.keys().keySet()).subList(0, key.size())).as(i.name())
          .containsExactlyElementsOf(key.keySet()));
    }
    assertThat(schema.indexes()).anySatisfy(i -> {
      assertThat(i.collection()).isEqualTo(Schema.AUDIT);
      assertThat(i.keys()).isEqualTo(Document.parse("{tenant_id: 1, timestamp: -1, _id: -1}"));
    }).anySatisfy(i -> {
      assertThat(i.collection()).isEqualTo(Schema.AUDIT);
      assertThat(i.keys()).isEqualTo(Document.parse("{action: 1}"));
    });
  }
}
