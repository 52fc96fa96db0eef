package io.pangolin.store.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bson.Document;

/**
 * Enables sharding for the store's database and shards its collections with the keys of {@link Schema#shardKeys()}
 * — only when {@link Topology} says the store is connected through mongos. Each command is idempotent on MongoDB
 * (re-sharding with the same key succeeds); a failure is logged and reported but does not stop the store, which is
 * correct on unsharded collections too.
 */
final class ShardingSetup {
  private static final Logger LOG = System.getLogger(ShardingSetup.class.getName());

  enum Outcome {
    /** The server accepted the command. */
    APPLIED,
    /** The server does not know the command (CommandNotFound, 59), e.g. mongo-java-server. */
    UNSUPPORTED,
    /** The server refused it, e.g. a collection sharded by hand with another key. */
    FAILED
  }

  /** One command sent and how it ended. */
  record Step(Document command, Outcome outcome, int code, String message) {}

  /** What the setup did; {@code skipped} when not connected through mongos. */
  record Report(boolean skipped, String reason, List<Step> steps) {
    Report {
      Objects.requireNonNull(reason, "reason");
      steps = List.copyOf(steps);
    }

    boolean complete() {
      return !skipped && steps.stream().allMatch(s -> s.outcome() == Outcome.APPLIED);
    }

    String summary() {
      if (skipped) {
        return "sharding skipped (" + reason + ")";
      }
      long applied = steps.stream().filter(s -> s.outcome() == Outcome.APPLIED).count();
      return "sharding: " + applied + "/" + steps.size() + " commands applied";
    }
  }

  private ShardingSetup() {}

  /**
   * @param admin the {@code admin} database (sharding commands run there)
   * @param database the store's database name
   */
  static Report apply(MongoDatabase admin, String database, Schema schema, Topology topology) {
    if (topology.kind() != Topology.Kind.MONGOS) {
      String reason = "connected to a " + topology.describe() + ", not mongos";
      LOG.log(Level.INFO, "MongoDB store: " + reason + "; sharding setup skipped. Collections stay unsharded.");
      return new Report(true, reason, List.of());
    }
    List<Step> steps = new ArrayList<>();
    steps.add(run(admin, new Document("enableSharding", database)));
    for (Map.Entry<String, Document> e : schema.shardKeys().entrySet()) {
      steps.add(run(admin, new Document("shardCollection", database + "." + e.getKey()).append("key", e.getValue())));
    }
    Report report = new Report(false, "connected through mongos", steps);
    LOG.log(report.complete() ? Level.INFO : Level.WARNING, "MongoDB store: " + report.summary() + " (shard-key"
        + " mode " + schema.mode().key() + ")");
    return report;
  }

  private static Step run(MongoDatabase admin, Document command) {
    try {
      admin.runCommand(command);
      LOG.log(Level.INFO, "MongoDB store: " + command.toJson() + " applied");
      return new Step(command, Outcome.APPLIED, 0, "ok");
    } catch (MongoCommandException e) {
      if (e.getErrorCode() == Errors.COMMAND_NOT_FOUND) {
        LOG.log(Level.WARNING, "MongoDB store: the server does not support " + command.keySet().iterator().next()
            + " (CommandNotFound, code 59); " + command.toJson() + " was not applied");
        return new Step(command, Outcome.UNSUPPORTED, e.getErrorCode(), e.getErrorMessage());
      }
      LOG.log(Level.WARNING, "MongoDB store: " + command.toJson() + " failed with code " + e.getErrorCode() + " ("
          + e.getErrorCodeName() + "): " + e.getErrorMessage()
          + ". If the collection was sharded by hand with another key, queries still work but may be broadcast.");
      return new Step(command, Outcome.FAILED, e.getErrorCode(), e.getErrorMessage());
    } catch (MongoException e) {
      LOG.log(Level.WARNING, "MongoDB store: " + command.toJson() + " failed: " + e.getClass().getSimpleName());
      return new Step(command, Outcome.FAILED, e.getCode(), String.valueOf(e.getMessage()));
    }
  }
}
