package io.pangolin.store.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Prepares a database for the store, once per {@link MongoMetadataStore#open open}: detects the topology, creates
 * the indexes ({@link Schema}), shards the collections through mongos ({@link ShardingSetup}), chooses how
 * multi-document writes are done ({@link AtomicWrites}), and finishes fallback-protocol operations a previous run
 * left unfinished. Throws the driver's exceptions; the caller translates them.
 */
final class MongoBootstrap {
  private static final Logger LOG = System.getLogger(MongoBootstrap.class.getName());

  /** What the store is built from. */
  record Prepared(Context ctx, Topology topology, ShardingSetup.Report sharding, Intents intents,
      ProtocolWrites protocol, AtomicWrites writes) {}

  private MongoBootstrap() {}

  static Prepared prepare(MongoStoreConfig config, StoreOptions options, MongoClient client) {
    MongoDatabase db = client.getDatabase(config.database());
    MongoDatabase admin = client.getDatabase("admin");
    Context ctx = new Context(db, options.clock(), config.intentTimeout());
    Topology topology = Topology.detect(admin);
    Schema schema = new Schema(config.shardKeyMode());
    schema.ensureIndexes(db);
    schema.ensureGuards(db);
    ShardingSetup.Report sharding = ShardingSetup.apply(admin, config.database(), schema, topology);
    Intents intents = new Intents(ctx);
    ProtocolWrites protocol = new ProtocolWrites(ctx, intents);
    AtomicWrites writes = chooseWrites(config, topology, client, ctx, protocol);
    LOG.log(Level.INFO, "MongoDB store on " + config.describe() + ": " + topology.describe() + ", "
        + writes.describe() + ", " + sharding.summary());
    int recovered = protocol.sweep();
    if (recovered > 0) {
      LOG.log(Level.WARNING, "MongoDB store: finished " + recovered + " interrupted operations of a previous run");
    }
    int migrated = new Placements(db.getCollection(Placements.COLLECTION))
        .migrateLegacy(db.getCollection(Schema.TENANTS));
    if (migrated > 0) {
      LOG.log(Level.INFO, "MongoDB store: moved " + migrated + " placements out of the tenant collection into '"
          + Placements.COLLECTION + "'");
    }
    return new Prepared(ctx, topology, sharding, intents, protocol, writes);
  }

  private static AtomicWrites chooseWrites(MongoStoreConfig config, Topology topology, MongoClient client,
      Context ctx, ProtocolWrites protocol) {
    boolean supported = topology.supportsTransactions();
    return switch (config.transactions()) {
      case OFF -> protocol;
      case AUTO -> supported ? new TransactionalWrites(client, ctx) : protocol;
      case ON -> {
        if (!supported) {
          LOG.log(Level.WARNING, "MongoDB store: transactions=on, but the " + topology.describe() + " does not"
              + " report transaction support; multi-document writes will fail");
        }
        yield new TransactionalWrites(client, ctx);
      }
    };
  }
}
