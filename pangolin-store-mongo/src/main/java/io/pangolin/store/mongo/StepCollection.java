package io.pangolin.store.mongo;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.result.DeleteResult;
import com.mongodb.client.result.UpdateResult;
import java.util.Objects;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * One collection as the steps of a multi-document write see it: every command is retried on its own
 * ({@link Errors#retrying}) while it certainly did not reach the server — above all when the driver paused the
 * connection pool because another operation's connection failed — and reads also after a failure of unknown outcome.
 * A step that fails for good leaves its operation to the fallback protocol's recovery, as a crash would. Iterating
 * {@link #find} is not retried (only the maintenance sweep iterates, and it runs again).
 */
final class StepCollection {
  private final MongoCollection<Document> c;

  StepCollection(MongoCollection<Document> c) {
    this.c = Objects.requireNonNull(c, "c");
  }

  Document first(Bson filter) {
    return Errors.retrying(true, () -> c.find(filter).first());
  }

  long count(Bson filter) {
    return Errors.retrying(true, () -> c.countDocuments(filter));
  }

  FindIterable<Document> find(Bson filter) {
    return c.find(filter);
  }

  void insertOne(Document doc) {
    Errors.retrying(false, () -> c.insertOne(doc));
  }

  UpdateResult updateOne(Bson filter, Bson update) {
    return Errors.retrying(false, () -> c.updateOne(filter, update));
  }

  DeleteResult deleteOne(Bson filter) {
    return Errors.retrying(false, () -> c.deleteOne(filter));
  }

  Document findOneAndUpdate(Bson filter, Bson update) {
    return Errors.retrying(false, () -> c.findOneAndUpdate(filter, update));
  }

  Document findOneAndUpdate(Bson filter, Bson update, FindOneAndUpdateOptions options) {
    return Errors.retrying(false, () -> c.findOneAndUpdate(filter, update, options));
  }
}
