package io.pangolin.store.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.unset;

import com.mongodb.MongoException;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.result.DeleteResult;
import com.mongodb.client.result.UpdateResult;
import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.AssetKey;
import io.pangolin.api.ConflictException;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.UnavailableException;
import io.pangolin.spi.AssetUpdate;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The fallback protocol for deployments without multi-document transactions (standalone servers, and any deployment
 * with {@code transactions=off}). Never silently partial: each operation has a single-document decision point, every
 * step is filtered on the operation's id so it can be re-run, and a crashed operation is rolled back or forward by
 * whoever meets it after the intent timeout. See the module README ("Fallback protocol").
 *
 * <ul>
 *   <li><b>Create with parents</b> (write, then check): insert the document with a pending marker (readers skip
 *       it), verify each parent exists and is not being deleted, then publish by removing the marker
 *       ({@code updateOne({key, pending.op: op})}); on a missing parent, retract it.
 *   <li><b>Refused delete</b> (lock, then check): lock the parent with a delete marker, look for children
 *       <em>including pending ones</em>, then {@code deleteOne({key, lock.op: op})}; if a child exists, unlock.
 *       Whichever of a create and a delete writes its marker first makes the other one see it, so a child is never
 *       left without its parent.
 *   <li><b>Catalog moving to another warehouse</b>: a claim on the catalog ({@code claim: {warehouse, op, at}})
 *       stands for the new reference while the warehouse is verified; warehouse deletes treat claims as references.
 *   <li><b>Multi-asset commits and renames</b>: {@link Intents}.
 * </ul>
 */
final class ProtocolWrites implements AtomicWrites {
  private final Context ctx;
  private final Intents intents;

  ProtocolWrites(Context ctx, Intents intents) {
    this.ctx = ctx;
    this.intents = intents;
  }

  @Override
  public String describe() {
    return "fallback protocol (no transactions)";
  }

  // ---- create with parents ------------------------------------------------------------------------------------

  @Override
  public void insert(String collection, Document key, Document doc, List<Parent> parents, List<Quota> quotas,
      String what) {
    String op = Context.newOp();
    Document pending = new Document(doc).append(Docs.PENDING, ctx.marker(op, Context.CREATE));
    insertPending(collection, key, pending, op, what);
    try {
      checkParents(parents);
      checkQuotas(quotas);
    } catch (RuntimeException e) {
      retractQuietly(collection, key, op, e);
      throw e;
    }
    publish(collection, key, op, what);
  }

  /** Step 1 of a create: the pending insert. Retracts stale pending documents in the way. */
  void insertPending(String collection, Document key, Document pending, String op, String what) {
    StepCollection c = ctx.steps(collection);
    for (int attempt = 1; ; attempt++) {
      try {
        c.insertOne(pending);
        return;
      } catch (MongoException e) {
        if (!Errors.isDuplicateKey(e)) {
          throw e;
        }
      }
      Document existing = c.first(key);
      if (existing == null) {
        if (attempt >= Intents.MAX_WAITS) {
          throw new AlreadyExistsException(what + " already exists");
        }
        continue;
      }
      Document marker = existing.get(Docs.PENDING, Document.class);
      if (marker == null) {
        throw new AlreadyExistsException(what + " already exists");
      }
      if (op.equals(marker.getString(Context.OP))) {
        return;
      }
      boolean changed = Context.isKind(marker, Context.INTENT) ? intents.settle(existing)
          : ctx.stale(marker) && retract(collection, key, marker.getString(Context.OP));
      if (!changed) {
        if (attempt >= Intents.MAX_WAITS) {
          throw new AlreadyExistsException(what + " is being created concurrently");
        }
        Errors.backoff(attempt);
      }
    }
  }

  /** Step 2 of a create: every parent exists, is not pending and not locked for deletion (waits for a fresh lock). */
  void checkParents(List<Parent> parents) {
    for (Parent p : parents) {
      StepCollection c = ctx.steps(p.collection());
      for (int attempt = 1; ; attempt++) {
        Document d = c.first(p.key());
        if (d == null || d.containsKey(Docs.PENDING)) {
          throw new NotFoundException(p.description() + " does not exist");
        }
        Document lock = d.get(Docs.LOCK, Document.class);
        if (!Context.isKind(lock, Context.DELETE)) {
          break;
        }
        if (ctx.stale(lock)) {
          unlock(p.collection(), p.key(), lock.getString(Context.OP));
          continue;
        }
        if (attempt >= Intents.MAX_WAITS) {
          throw new UnavailableException(p.description() + " is being deleted concurrently; nothing was written,"
              + " retry");
        }
        Errors.backoff(attempt);
      }
    }
  }

  /**
   * Step 2 of a create (after the parents): write, then count. The count includes this operation's pending document
   * and every other one's, finished or not, so of creates racing for the last unit each one sees the others that
   * inserted before it counted: none gets past the quota (near it, racing creates may all be refused).
   */
  void checkQuotas(List<Quota> quotas) {
    for (Quota q : quotas) {
      if (ctx.steps(q.collection()).count(q.filter()) > q.max()) {
        throw q.refusal();
      }
    }
  }

  /** Step 3 of a create: the decision point. */
  private void publish(String collection, Document key, String op, String what) {
    UpdateResult r = ctx.steps(collection).updateOne(and(key, eq(Docs.PENDING + "." + Context.OP, op)),
        unset(Docs.PENDING));
    if (r.getMatchedCount() == 0) {
      throw new UnavailableException(what + ": the create took longer than the intent timeout and was rolled back"
          + " by another writer; nothing was written, retry");
    }
  }

  boolean retract(String collection, Document key, String op) {
    return ctx.steps(collection).deleteOne(and(key, eq(Docs.PENDING + "." + Context.OP, op))).getDeletedCount() > 0;
  }

  private void retractQuietly(String collection, Document key, String op, RuntimeException failure) {
    try {
      retract(collection, key, op);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  void unlock(String collection, Document key, String op) {
    ctx.steps(collection).updateOne(and(key, eq(Docs.LOCK + "." + Context.OP, op)), unset(Docs.LOCK));
  }

  // ---- refused delete ------------------------------------------------------------------------------------------

  @Override
  public void delete(String collection, Document key, List<Children> children, String what) {
    String op = Context.newOp();
    lockForDelete(collection, key, op, what);
    try {
      checkNoChildren(children);
    } catch (RuntimeException e) {
      try {
        unlock(collection, key, op);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    finishDelete(collection, key, op, what);
  }

  /** Step 3 of a delete: the decision point, fenced by the lock's op. */
  void finishDelete(String collection, Document key, String op, String what) {
    DeleteResult r = ctx.steps(collection).deleteOne(and(key, eq(Docs.LOCK + "." + Context.OP, op)));
    if (r.getDeletedCount() == 0) {
      throw new UnavailableException(what + ": the delete took longer than the intent timeout and its lock was"
          + " broken by another writer; nothing was deleted, retry");
    }
  }

  /** Step 1 of a delete. */
  void lockForDelete(String collection, Document key, String op, String what) {
    StepCollection c = ctx.steps(collection);
    Document lock = ctx.marker(op, Context.DELETE);
    for (int attempt = 1; ; attempt++) {
      if (c.findOneAndUpdate(and(key, Context.live(), Context.unlocked()), set(Docs.LOCK, lock)) != null) {
        return;
      }
      Document current = c.first(key);
      if (current == null || current.containsKey(Docs.PENDING)) {
        throw new NotFoundException(what + " does not exist");
      }
      Document held = current.get(Docs.LOCK, Document.class);
      if (held == null) {
        if (attempt >= Intents.MAX_WAITS) {
          throw new ConflictException(what + " is being changed concurrently; retry");
        }
        continue;
      }
      boolean changed = Context.isKind(held, Context.INTENT) ? intents.settle(current)
          : ctx.stale(held) && c.updateOne(and(key, eq(Docs.LOCK + "." + Context.OP, held.getString(Context.OP))),
              unset(Docs.LOCK)).getModifiedCount() > 0;
      if (!changed) {
        if (attempt >= Intents.MAX_WAITS) {
          throw new ConflictException(what + " is being deleted or changed concurrently; retry");
        }
        Errors.backoff(attempt);
      }
    }
  }

  /** Step 2 of a delete: pending children count (their creates may still succeed); stale ones are cleared first. */
  void checkNoChildren(List<Children> children) {
    for (Children ch : children) {
      StepCollection c = ctx.steps(ch.collection());
      for (int attempt = 1; ; attempt++) {
        Document child = c.first(ch.filter());
        if (child == null) {
          break;
        }
        if (attempt >= Intents.MAX_WAITS || !clearStale(ch.collection(), child)) {
          throw new ConflictException(ch.description());
        }
      }
    }
  }

  /** Clears what a stale or decided operation left on {@code doc}; true if something changed. */
  private boolean clearStale(String collection, Document doc) {
    if (Intents.intentMarker(doc) != null) {
      return intents.settle(doc);
    }
    Document at = Docs.at(doc);
    Document pending = doc.get(Docs.PENDING, Document.class);
    if (pending != null && ctx.stale(pending)) {
      return ctx.steps(collection).deleteOne(and(at, eq(Docs.PENDING + "." + Context.OP,
          pending.getString(Context.OP)))).getDeletedCount() > 0;
    }
    Document claim = doc.get(Docs.CLAIM, Document.class);
    if (claim != null && ctx.stale(claim)) {
      return ctx.steps(collection).updateOne(and(at, eq(Docs.CLAIM + "." + Context.OP,
          claim.getString(Context.OP))), unset(Docs.CLAIM)).getModifiedCount() > 0;
    }
    return false;
  }

  // ---- catalog → warehouse -----------------------------------------------------------------------------------

  @Override
  public Document updateCatalogWarehouse(Document key, long expectedVersion, Docs.Content content, Parent warehouse,
      String what) {
    StepCollection c = ctx.steps(Schema.CATALOGS);
    String op = Context.newOp();
    Document claim = ctx.marker(op, "claim").append("warehouse", warehouse.key().getString(Docs.NAME));
    if (c.findOneAndUpdate(and(key, Context.live(), eq(Docs.VERSION, expectedVersion)), set(Docs.CLAIM, claim))
        == null) {
      throw MongoMetadataStore.missingOrConflict(c.first(and(key, Context.live())), what, expectedVersion);
    }
    Bson mine = eq(Docs.CLAIM + "." + Context.OP, op);
    try {
      checkParents(List.of(warehouse));
    } catch (RuntimeException e) {
      try {
        c.updateOne(and(key, mine), unset(Docs.CLAIM));
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    Document stored = c.findOneAndUpdate(and(key, mine, eq(Docs.VERSION, expectedVersion)),
        content.update(expectedVersion + 1, Docs.CLAIM),
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    if (stored == null) {
      c.updateOne(and(key, mine), unset(Docs.CLAIM));
      throw MongoMetadataStore.missingOrConflict(c.first(and(key, Context.live())), what, expectedVersion);
    }
    return stored;
  }

  // ---- multi-document commits ----------------------------------------------------------------------------------

  @Override
  public List<Document> updateAssets(String tenant, List<AssetUpdate> updates) {
    return intents.updateAssets(tenant, updates);
  }

  @Override
  public Document renameAsset(String tenant, AssetKey from, AssetKey to, Parent targetNamespace,
      List<Quota> quotas) {
    return intents.rename(tenant, from, to, this, targetNamespace, quotas);
  }

  // ---- recovery ------------------------------------------------------------------------------------------------

  /**
   * Clears every stale mark of creates, deletes and claims, and finishes stale intents. Safe to run at any time and
   * any number of times, from any instance.
   *
   * @return how many marks or intents were cleared
   */
  int sweep() {
    int cleared = intents.sweep();
    long cutoff = ctx.nowMicros() - ctx.intentTimeout.toNanos() / 1000;
    for (String collection : List.of(Schema.TENANTS, Schema.WAREHOUSES, Schema.CATALOGS, Schema.NAMESPACES,
        Schema.ASSETS, Schema.USERS)) {
      StepCollection c = ctx.steps(collection);
      for (Document d : c.find(and(eq(Docs.PENDING + "." + Context.KIND, Context.CREATE),
          lt(Docs.PENDING + "." + Context.AT, cutoff)))) {
        cleared += clearStale(collection, d) ? 1 : 0;
      }
      for (Document d : c.find(and(eq(Docs.LOCK + "." + Context.KIND, Context.DELETE),
          lt(Docs.LOCK + "." + Context.AT, cutoff)))) {
        Document lock = d.get(Docs.LOCK, Document.class);
        cleared += (int) c.updateOne(and(Docs.at(d),
            eq(Docs.LOCK + "." + Context.OP, lock.getString(Context.OP))), unset(Docs.LOCK)).getModifiedCount();
      }
    }
    for (Document d : ctx.steps(Schema.CATALOGS).find(lt(Docs.CLAIM + "." + Context.AT, cutoff))) {
      cleared += clearStale(Schema.CATALOGS, d) ? 1 : 0;
    }
    return cleared;
  }
}
