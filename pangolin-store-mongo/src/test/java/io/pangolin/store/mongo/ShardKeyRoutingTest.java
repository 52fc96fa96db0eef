package io.pangolin.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.AssetQuery;
import io.pangolin.api.AuditQuery;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.PageRequest;
import io.pangolin.spi.AssetUpdate;
import io.pangolin.spi.tck.Fixtures;
import io.pangolin.store.mongo.MongoStoreConfig.ShardKeyMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every query a catalog workload sends carries the shard-key prefix of its collection as equality conditions, so
 * that mongos can route it to the owning shards (checked on the commands the driver sends; mongo-java-server cannot
 * show the routing itself). Documented exceptions, not part of this workload: {@code countCatalogs}, a tenant-wide
 * search in single-tenant mode, warehouse and tenant deletes in single-tenant mode, the maintenance sweeps.
 */
class ShardKeyRoutingTest {

  /** Fields with an equality (or $in) condition at the top level of the filter or inside its $and. */
  private static Set<String> equalityFields(BsonDocument filter) {
    Set<String> out = new HashSet<>();
    for (var e : filter.entrySet()) {
      if (e.getKey().equals("$and")) {
        e.getValue().asArray().forEach(v -> out.addAll(equalityFields(v.asDocument())));
      } else if (!e.getKey().startsWith("$")) {
        BsonValue v = e.getValue();
        boolean operator = v.isDocument() && v.asDocument().keySet().stream().anyMatch(k -> k.startsWith("$"));
        if (!operator || v.asDocument().containsKey("$eq") || v.asDocument().containsKey("$in")) {
          out.add(e.getKey());
        }
      }
    }
    return out;
  }

  private static List<BsonDocument> filters(CommandRecorder.Sent s) {
    BsonDocument c = s.command();
    List<BsonDocument> out = new ArrayList<>();
    switch (s.name()) {
      case "find" -> out.add(c.getDocument("filter", new BsonDocument()));
      case "findAndModify" -> out.add(c.getDocument("query"));
      case "update" -> c.getArray("updates").forEach(u -> out.add(u.asDocument().getDocument("q")));
      case "delete" -> c.getArray("deletes").forEach(d -> out.add(d.asDocument().getDocument("q")));
      case "aggregate" -> out.add(c.getArray("pipeline").get(0).asDocument().getDocument("$match"));
      default -> { }
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(ShardKeyMode.class)
  void everyQueryOfACatalogWorkload_carriesTheShardKeyPrefix(ShardKeyMode mode) {
    CommandRecorder recorder = new CommandRecorder();
    Schema schema = new Schema(mode);
    try (MongoMetadataStore store = MongoMetadataStore.open(
        TestServers.config(TestServers.sharedUri(), TestServers.database("routing")).shardKeyMode(mode).build(),
        new StoreOptions(Clock.systemUTC(), b -> b.addCommandListener(recorder)))) {
      recorder.clear();
      String t = store.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))).name();
      store.createWarehouse(Fixtures.warehouse(t, "wh"));
      store.createCatalog(Fixtures.catalog(t, "cat", "wh"));
      store.createNamespace(Fixtures.namespace(t, "cat", NamespaceName.of("ns")));
      store.createNamespace(Fixtures.namespace(t, "cat", NamespaceName.of("ns", "sub")));
      Asset a = store.createAsset(Fixtures.asset(t, "cat", NamespaceName.of("ns"), "a", AssetKind.ICEBERG_TABLE));
      Asset b = store.createAsset(Fixtures.asset(t, "cat", NamespaceName.of("ns"), "b", AssetKind.PARQUET));
      store.updateAsset(Fixtures.withProperties(a, Map.of("k", "v")), 1);
      store.updateAssets(t, List.of(new AssetUpdate(Fixtures.withProperties(b, Map.of("k", "w")), 1)));
      store.renameAsset(t, b.key(), new AssetKey("cat", NamespaceName.of("ns", "sub"), "b2"));
      store.listAssets(t, "cat", NamespaceName.of("ns"), Optional.empty(), PageRequest.first(1));
      store.listNamespaces(t, "cat", NamespaceName.ROOT, PageRequest.first());
      store.searchAssets(t, new AssetQuery(Optional.of("cat"), Optional.of("a"), Optional.empty(),
          Optional.of("k"), Optional.empty()), PageRequest.first());
      store.countAssets(t, "cat");
      store.countAssets(t, "cat", NamespaceName.of("ns"));
      store.getAsset(t, a.key());
      store.deleteAsset(t, a.key());
      store.deleteAsset(t, new AssetKey("cat", NamespaceName.of("ns", "sub"), "b2"));
      store.deleteNamespace(t, "cat", NamespaceName.of("ns", "sub"));
      store.deleteNamespace(t, "cat", NamespaceName.of("ns"));
      store.deleteCatalog(t, "cat");
      store.createUser(Fixtures.user(t, "bob"));
      store.listUsers(t, PageRequest.first());
      store.appendAudit(Fixtures.audit(t, Fixtures.now()));
      store.queryAudit(t, AuditQuery.ALL, PageRequest.first(1));
      store.countAudit(t, AuditQuery.ALL);

      int checked = 0;
      for (CommandRecorder.Sent s : recorder.sent()) {
        BsonValue target = s.command().get(s.name());
        if (target == null || !target.isString()) {
          continue;
        }
        Optional<BsonDocument> shardKey = schema.shardKey(target.asString().getValue())
            .map(k -> BsonDocument.parse(k.toJson()));
        if (shardKey.isEmpty()) {
          continue;
        }
        String firstField = shardKey.get().getFirstKey();
        for (BsonDocument filter : filters(s)) {
          assertThat(equalityFields(filter)).as("%s on %s: %s", s.name(), target, filter.toJson())
              .contains(firstField);
          checked++;
        }
      }
      assertThat(checked).as("queries checked").isGreaterThan(30);
    }
  }
}
