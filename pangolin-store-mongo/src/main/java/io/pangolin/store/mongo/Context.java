package io.pangolin.store.mongo;

import static com.mongodb.client.model.Filters.exists;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * What the write paths share: the database, the clock and the intent timeout, and the markers of the fallback
 * protocol. A marker is {@code {op, at, kind}}: the operation's id, when it started (epoch micros) and what it is.
 */
final class Context {
  static final String OP = "op";
  static final String AT = "at";
  static final String KIND = "kind";
  /** Pending marker of a guarded create. */
  static final String CREATE = "create";
  /** Lock marker of a guarded delete. */
  static final String DELETE = "delete";
  /** Lock or pending marker of an intent (multi-document commit). */
  static final String INTENT = "intent";

  final MongoDatabase db;
  final Clock clock;
  final Duration intentTimeout;

  Context(MongoDatabase db, Clock clock, Duration intentTimeout) {
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.intentTimeout = Objects.requireNonNull(intentTimeout, "intentTimeout");
  }

  MongoCollection<Document> coll(String name) {
    return db.getCollection(name);
  }

  /** The collection for the steps of a multi-document write, each command retried while it was not sent. */
  StepCollection steps(String name) {
    return new StepCollection(db.getCollection(name));
  }

  long nowMicros() {
    return Docs.micros(clock.instant());
  }

  Document marker(String op, String kind) {
    return new Document(OP, op).append(AT, nowMicros()).append(KIND, kind);
  }

  /** True once the operation that wrote {@code marker} has had {@link #intentTimeout} to finish. */
  boolean stale(Document marker) {
    return marker.getLong(AT) + intentTimeout.toNanos() / 1000 < nowMicros();
  }

  static String newOp() {
    return UUID.randomUUID().toString();
  }

  /** Documents whose creation has finished (no pending marker). */
  static Bson live() {
    return exists(Docs.PENDING, false);
  }

  static Bson unlocked() {
    return exists(Docs.LOCK, false);
  }

  static boolean isKind(Document marker, String kind) {
    return marker != null && kind.equals(marker.getString(KIND));
  }
}
