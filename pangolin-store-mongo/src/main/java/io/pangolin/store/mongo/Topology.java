package io.pangolin.store.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoDatabase;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;

/**
 * What the store is connected to, detected from the {@code hello} response (or {@code isMaster} where a server does
 * not know {@code hello}, e.g. mongo-java-server or MongoDB before 4.4.2).
 *
 * @param kind {@code msg: "isdbgrid"} means mongos; a {@code setName} means a replica set member
 * @param sessions the response carries {@code logicalSessionTimeoutMinutes}: the deployment supports sessions
 * @param maxWireVersion 7 = MongoDB 4.0 (replica-set transactions), 8 = 4.2 (sharded transactions)
 */
record Topology(Kind kind, Optional<String> setName, boolean sessions, int maxWireVersion) {
  enum Kind { STANDALONE, REPLICA_SET, MONGOS }

  static final int WIRE_4_0 = 7;
  static final int WIRE_4_2 = 8;

  Topology {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(setName, "setName");
  }

  /** Runs {@code hello}, falling back to {@code isMaster} on CommandNotFound. */
  static Topology detect(MongoDatabase admin) {
    Document response;
    try {
      response = admin.runCommand(new Document("hello", 1));
    } catch (MongoCommandException e) {
      if (e.getErrorCode() != Errors.COMMAND_NOT_FOUND) {
        throw e;
      }
      response = admin.runCommand(new Document("isMaster", 1));
    }
    return of(response);
  }

  static Topology of(Document hello) {
    Optional<String> setName = Optional.ofNullable(hello.getString("setName"));
    Kind kind = "isdbgrid".equals(hello.getString("msg")) ? Kind.MONGOS
        : setName.isPresent() ? Kind.REPLICA_SET : Kind.STANDALONE;
    Object wire = hello.get("maxWireVersion");
    return new Topology(kind, setName, hello.get("logicalSessionTimeoutMinutes") != null,
        wire instanceof Number n ? n.intValue() : 0);
  }

  /** Multi-document transactions: a replica set of 4.0+ or mongos of 4.2+, with sessions. */
  boolean supportsTransactions() {
    return sessions && (kind == Kind.REPLICA_SET && maxWireVersion >= WIRE_4_0
        || kind == Kind.MONGOS && maxWireVersion >= WIRE_4_2);
  }

  String describe() {
    return switch (kind) {
      case STANDALONE -> "standalone server";
      case REPLICA_SET -> "replica set '" + setName.orElse("") + "'";
      case MONGOS -> "sharded cluster (mongos)";
    };
  }
}
