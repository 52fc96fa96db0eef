package io.pangolin.store.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Sorts.ascending;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Moves audit events older than the retention from {@code audit_events} to {@code audit_archive}, batch by batch,
 * exactly once, without transactions:
 *
 * <ol>
 *   <li>read the oldest {@code batchSize} events older than the cutoff;
 *   <li>copy them with {@code replaceOne({tenant_id, _id}, event, upsert)}: the event id is the archive key, so
 *       copying again (after a crash, or by a second instance at the same time) writes the same document again;
 *   <li>delete exactly those ids from {@code audit_events} (per tenant, so the delete is routed by the shard key).
 * </ol>
 *
 * A crash between 2 and 3 leaves the events in both collections until the next run copies (a no-op) and deletes
 * them; the archive never holds an event twice and no event is lost. Audit queries read {@code audit_events}; the
 * archived-audit queries read {@code audit_archive}.
 */
final class AuditArchiver {
  private final MongoCollection<Document> audit;
  private final MongoCollection<Document> archive;
  private final int batchSize;

  AuditArchiver(Context ctx, int batchSize) {
    this.audit = ctx.coll(Schema.AUDIT);
    this.archive = ctx.coll(Schema.AUDIT_ARCHIVE);
    this.batchSize = batchSize;
  }

  /** Archives every event with a timestamp before {@code cutoff}; returns how many were moved. */
  long archiveBefore(Instant cutoff) {
    return archive(lt(Docs.TIMESTAMP, Docs.micros(cutoff)));
  }

  /** Archives the events of one tenant with a timestamp before {@code cutoff}, by the same three steps. */
  long archiveBefore(String tenant, Instant cutoff) {
    return archive(and(eq(Docs.TENANT, tenant), lt(Docs.TIMESTAMP, Docs.micros(cutoff))));
  }

  private long archive(org.bson.conversions.Bson old) {
    long moved = 0;
    while (true) {
      List<Document> batch = nextBatch(old);
      if (batch.isEmpty()) {
        return moved;
      }
      copy(batch);
      removeFromLive(batch);
      moved += batch.size();
      if (batch.size() < batchSize) {
        return moved;
      }
    }
  }

  /** Step 1: the oldest events before the cutoff. */
  List<Document> nextBatch(Instant cutoff) {
    return nextBatch(lt(Docs.TIMESTAMP, Docs.micros(cutoff)));
  }

  private List<Document> nextBatch(org.bson.conversions.Bson old) {
    return audit.find(old)
        .sort(ascending(Docs.TIMESTAMP, Docs.ID))
        .limit(batchSize)
        .into(new ArrayList<>());
  }

  /** Step 2: idempotent copy into the archive. */
  void copy(List<Document> batch) {
    List<WriteModel<Document>> writes = new ArrayList<>(batch.size());
    for (Document e : batch) {
      writes.add(new ReplaceOneModel<>(and(eq(Docs.TENANT, e.getString(Docs.TENANT)), eq(Docs.ID, e.get(Docs.ID))),
          e, new ReplaceOptions().upsert(true)));
    }
    archive.bulkWrite(writes, new BulkWriteOptions().ordered(false));
  }

  /** Step 3: remove the copied events from the live collection. */
  void removeFromLive(List<Document> batch) {
    Map<String, List<Object>> idsByTenant = new LinkedHashMap<>();
    for (Document e : batch) {
      idsByTenant.computeIfAbsent(e.getString(Docs.TENANT), t -> new ArrayList<>()).add(e.get(Docs.ID));
    }
    idsByTenant.forEach((tenant, ids) -> audit.deleteMany(and(eq(Docs.TENANT, tenant), in(Docs.ID, ids))));
  }
}
