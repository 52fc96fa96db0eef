package io.pangolin.store.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.inc;

import com.mongodb.MongoException;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.TransactionOptions;
import com.mongodb.WriteConcern;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.AssetKey;
import io.pangolin.api.ConflictException;
import io.pangolin.api.NotFoundException;
import io.pangolin.spi.AssetUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bson.Document;

/**
 * Multi-document writes in MongoDB transactions (replica sets of 4.0+, sharded clusters of 4.2+).
 *
 * <p>Snapshot isolation alone allows write skew: a create that only <em>reads</em> its parent and a delete that only
 * reads the children could both commit. So every create (and a rename into a namespace, and a catalog moving to a
 * warehouse) increments a {@code guard} counter on each parent, and a delete increments it on the document it
 * deletes: the two transactions then write the same document, and MongoDB aborts one of them with a write conflict
 * ({@code TransientTransactionError}), which {@link ClientSession#withTransaction} retries.
 */
final class TransactionalWrites implements AtomicWrites {
  static final TransactionOptions OPTIONS = TransactionOptions.builder()
      .readPreference(ReadPreference.primary())
      .readConcern(ReadConcern.SNAPSHOT)
      .writeConcern(WriteConcern.MAJORITY)
      .build();

  private static final FindOneAndUpdateOptions AFTER =
      new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

  private final MongoClient client;
  private final Context ctx;

  TransactionalWrites(MongoClient client, Context ctx) {
    this.client = client;
    this.ctx = ctx;
  }

  @Override
  public String describe() {
    return "multi-document transactions";
  }

  private <T> T inTransaction(Function<ClientSession, T> body) {
    try (ClientSession session = client.startSession()) {
      return session.withTransaction(() -> body.apply(session), OPTIONS);
    }
  }

  /** Turns the parent check into a write (see the class comment). */
  private void touch(ClientSession s, Parent p) {
    if (ctx.coll(p.collection()).findOneAndUpdate(s, and(p.key(), Context.live()), inc(Docs.GUARD, 1L)) == null) {
      throw new NotFoundException(p.description() + " does not exist");
    }
  }

  @Override
  public void insert(String collection, Document key, Document doc, List<Parent> parents, List<Quota> quotas,
      String what) {
    inTransaction(s -> {
      parents.forEach(p -> touch(s, p));
      checkQuotas(s, quotas);
      try {
        ctx.coll(collection).insertOne(s, doc);
      } catch (MongoException e) {
        if (Errors.isDuplicateKey(e)) {
          throw new AlreadyExistsException(what + " already exists", e);
        }
        throw e;
      }
      return null;
    });
  }

  /**
   * Counts inside the transaction after writing each quota's guard: two transactions inserting into one scope both
   * write its guard, so MongoDB aborts one of them (snapshot isolation alone would let both count the same number).
   */
  private void checkQuotas(ClientSession s, List<Quota> quotas) {
    for (Quota q : quotas) {
      touch(s, q.guard());
      if (ctx.coll(q.collection()).countDocuments(s, and(q.filter(), Context.live())) >= q.max()) {
        throw q.refusal();
      }
    }
  }

  @Override
  public void delete(String collection, Document key, List<Children> children, String what) {
    inTransaction(s -> {
      MongoCollection<Document> c = ctx.coll(collection);
      if (c.findOneAndUpdate(s, and(key, Context.live()), inc(Docs.GUARD, 1L)) == null) {
        throw new NotFoundException(what + " does not exist");
      }
      for (Children ch : children) {
        if (ctx.coll(ch.collection()).find(s, ch.filter()).first() != null) {
          throw new ConflictException(ch.description());
        }
      }
      c.deleteOne(s, key);
      return null;
    });
  }

  @Override
  public Document updateCatalogWarehouse(Document key, long expectedVersion, Docs.Content content, Parent warehouse,
      String what) {
    return inTransaction(s -> {
      touch(s, warehouse);
      MongoCollection<Document> c = ctx.coll(Schema.CATALOGS);
      Document stored = c.findOneAndUpdate(s, and(key, Context.live(), eq(Docs.VERSION, expectedVersion)),
          content.update(expectedVersion + 1), AFTER);
      if (stored == null) {
        throw MongoMetadataStore.missingOrConflict(c.find(s, and(key, Context.live())).first(), what,
            expectedVersion);
      }
      return stored;
    });
  }

  @Override
  public List<Document> updateAssets(String tenant, List<AssetUpdate> updates) {
    return inTransaction(s -> {
      MongoCollection<Document> assets = ctx.coll(Schema.ASSETS);
      List<Document> stored = new ArrayList<>();
      for (AssetUpdate u : updates) {
        AssetKey k = u.asset().key();
        Document key = Docs.assetKey(tenant, k);
        Document after = assets.findOneAndUpdate(s,
            and(key, Context.live(), Context.unlocked(), eq(Docs.VERSION, u.expectedVersion())),
            Docs.assetContent(u.asset()).update(u.expectedVersion() + 1), AFTER);
        if (after == null) {
          Document current = assets.find(s, and(key, Context.live())).first();
          if (current == null) {
            throw new NotFoundException("asset '" + k + "' does not exist");
          }
          if (current.containsKey(Docs.LOCK)) {
            throw new ConflictException("asset '" + k + "' is being changed by a concurrent commit; retry");
          }
          throw Intents.versionConflict(k, u.expectedVersion(), current.getLong(Docs.VERSION));
        }
        stored.add(after);
      }
      return stored;
    });
  }

  @Override
  public Document renameAsset(String tenant, AssetKey from, AssetKey to, Parent targetNamespace,
      List<Quota> quotas) {
    return inTransaction(s -> {
      MongoCollection<Document> assets = ctx.coll(Schema.ASSETS);
      Document fromKey = Docs.assetKey(tenant, from);
      Document source = assets.find(s, and(fromKey, Context.live())).first();
      if (source == null) {
        throw new NotFoundException("asset '" + from + "' does not exist");
      }
      touch(s, targetNamespace);
      checkQuotas(s, quotas);
      Document moved;
      try {
        moved = assets.findOneAndUpdate(s,
            and(fromKey, Context.live(), Context.unlocked(), eq(Docs.VERSION, source.getLong(Docs.VERSION))),
            new Document("$set", Docs.assetPlacement(to)).append("$inc", new Document(Docs.VERSION, 1L)), AFTER);
      } catch (MongoException e) {
        if (Errors.isDuplicateKey(e)) {
          throw new AlreadyExistsException("asset '" + to + "' already exists", e);
        }
        throw e;
      }
      if (moved == null) {
        throw new ConflictException("asset '" + from + "' was modified concurrently; retry");
      }
      return moved;
    });
  }
}
