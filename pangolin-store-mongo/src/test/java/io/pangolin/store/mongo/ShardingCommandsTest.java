package io.pangolin.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoClientSettings;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import io.pangolin.spi.tck.Fixtures;
import io.pangolin.store.mongo.MongoStoreConfig.ShardKeyMode;
import io.pangolin.store.mongo.MongoStoreConfig.TransactionMode;
import io.pangolin.store.mongo.ShardingSetup.Outcome;
import java.util.List;
import java.util.Optional;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/**
 * The sharding setup, checked by command monitoring on the driver. mongo-java-server cannot shard: it answers
 * {@code enableSharding} and {@code shardCollection} with CommandNotFound (59). So these tests prove which commands
 * the store sends with which shard keys, that the store detects mongos from the handshake and reports the refusal —
 * not that a real cluster then distributes or routes anything.
 */
class ShardingCommandsTest {

  private static BsonDocument json(String json) {
    return BsonDocument.parse(json);
  }

  /** The command's own fields, without what the driver adds ($db, lsid, $clusterTime …). */
  private static BsonDocument shardingPart(CommandRecorder.Sent s) {
    BsonDocument c = s.command();
    BsonDocument out = new BsonDocument(s.name(), c.get(s.name()));
    if (c.containsKey("key")) {
      out.append("key", c.get("key"));
    }
    return out;
  }

  private static List<BsonDocument> expected(String db, ShardKeyMode mode) {
    boolean mt = mode == ShardKeyMode.MULTI_TENANT;
    return List.of(
        json("{enableSharding: '" + db + "'}"),
        json("{shardCollection: '" + db + ".warehouses', key: {tenant_id: 1, name: 1}}"),
        json("{shardCollection: '" + db + ".users', key: {tenant_id: 1, name: 1}}"),
        json("{shardCollection: '" + db + ".catalogs', key: "
            + (mt ? "{tenant_id: 1, catalog: 1}" : "{catalog: 1}") + "}"),
        json("{shardCollection: '" + db + ".namespaces', key: "
            + (mt ? "{tenant_id: 1, catalog: 1}" : "{catalog: 1, namespace: 1}") + "}"),
        json("{shardCollection: '" + db + ".assets', key: "
            + (mt ? "{tenant_id: 1, catalog: 1}" : "{catalog: 1, namespace: 1}") + "}"),
        json("{shardCollection: '" + db + ".audit_events', key: {tenant_id: 1, _id: 1}}"),
        json("{shardCollection: '" + db + ".audit_archive', key: {tenant_id: 1, _id: 1}}"),
        json("{shardCollection: '" + db + ".intents', key: {tenant_id: 1, _id: 1}}"));
  }

  @Test
  void openThroughMongos_enablesShardingAndShardsEveryCollectionWithTheMultiTenantKeys_andReportsCommandNotFound() {
    MongoServer mongos = TestServers.pretendMongos();
    CommandRecorder recorder = new CommandRecorder();
    String db = TestServers.database("sharded_mt");
    try (MongoMetadataStore store = MongoMetadataStore.open(
        TestServers.config(TestServers.uri(mongos), db).transactions(TransactionMode.OFF).build(),
        new StoreOptions(java.time.Clock.systemUTC(), b -> b.addCommandListener(recorder)))) {

      assertThat(store.topology().kind()).isEqualTo(Topology.Kind.MONGOS);
      List<CommandRecorder.Sent> sent = recorder.named("enableSharding", "shardCollection");
      assertThat(sent).allMatch(s -> s.database().equals("admin"));
      assertThat(sent).map(ShardingCommandsTest::shardingPart)
          .containsExactlyElementsOf(expected(db, ShardKeyMode.MULTI_TENANT));
      assertThat(store.sharding().skipped()).isFalse();
      assertThat(store.sharding().complete()).isFalse();
      assertThat(store.sharding().steps()).hasSize(9).allSatisfy(step -> {
        assertThat(step.outcome()).isEqualTo(Outcome.UNSUPPORTED);
        assertThat(step.code()).isEqualTo(59);
      });
      assertThat(store.health().detail()).contains("sharded cluster (mongos)", "0/9 commands applied");
      // the store still works on the unsharded collections
      String tenant = store.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))).name();
      assertThat(store.getTenant(tenant)).isPresent();
    } finally {
      mongos.shutdownNow();
    }
  }

  @Test
  void setupFedAMongosTopology_sendsTheSingleTenantKeys() {
    CommandRecorder recorder = new CommandRecorder();
    String db = TestServers.database("sharded_st");
    try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(TestServers.sharedUri()))
        .addCommandListener(recorder).build())) {
      Topology mongos = new Topology(Topology.Kind.MONGOS, Optional.empty(), true, 13);

      ShardingSetup.Report report = ShardingSetup.apply(client.getDatabase("admin"), db,
          new Schema(ShardKeyMode.SINGLE_TENANT), mongos);

      assertThat(recorder.named("enableSharding", "shardCollection")).map(ShardingCommandsTest::shardingPart)
          .containsExactlyElementsOf(expected(db, ShardKeyMode.SINGLE_TENANT));
      assertThat(report.steps()).extracting(ShardingSetup.Step::outcome).containsOnly(Outcome.UNSUPPORTED);
    }
  }

  @Test
  void openOnAStandaloneServer_sendsNoShardingCommand_andSaysSo() {
    CommandRecorder recorder = new CommandRecorder();
    try (MongoMetadataStore store = MongoMetadataStore.open(
        TestServers.config(TestServers.sharedUri(), TestServers.database("unsharded")).build(),
        new StoreOptions(java.time.Clock.systemUTC(), b -> b.addCommandListener(recorder)))) {

      assertThat(store.topology().kind()).isEqualTo(Topology.Kind.STANDALONE);
      assertThat(recorder.named("enableSharding", "shardCollection")).isEmpty();
      assertThat(store.sharding().skipped()).isTrue();
      assertThat(store.sharding().summary()).contains("sharding skipped", "standalone server, not mongos");
    }
  }

  @Test
  void topologyDetection_readsMongosReplicaSetAndStandaloneFromTheHandshake() {
    assertThat(Topology.of(org.bson.Document.parse("{msg: 'isdbgrid', maxWireVersion: 21,"
        + " logicalSessionTimeoutMinutes: 30}")).supportsTransactions()).isTrue();
    assertThat(Topology.of(org.bson.Document.parse("{setName: 'rs0', maxWireVersion: 7,"
        + " logicalSessionTimeoutMinutes: 30}"))).satisfies(t -> {
          assertThat(t.kind()).isEqualTo(Topology.Kind.REPLICA_SET);
          assertThat(t.supportsTransactions()).isTrue();
        });
    assertThat(Topology.of(org.bson.Document.parse("{msg: 'isdbgrid', maxWireVersion: 7,"
        + " logicalSessionTimeoutMinutes: 30}")).supportsTransactions()).as("mongos before 4.2").isFalse();
    assertThat(Topology.of(org.bson.Document.parse("{setName: 'rs0', maxWireVersion: 13}"))
        .supportsTransactions()).as("no sessions").isFalse();
    assertThat(Topology.of(org.bson.Document.parse("{ismaster: true, maxWireVersion: 13,"
        + " logicalSessionTimeoutMinutes: 30}"))).satisfies(t -> {
          assertThat(t.kind()).isEqualTo(Topology.Kind.STANDALONE);
          assertThat(t.supportsTransactions()).isFalse();
        });
  }
}
