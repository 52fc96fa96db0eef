package io.pangolin.store.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.unset;

import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import io.pangolin.api.AssetKey;
import io.pangolin.api.ConflictException;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.UnavailableException;
import io.pangolin.spi.AssetUpdate;
import io.pangolin.spi.StoreContract;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Multi-asset commits and renames without transactions: an <em>intent</em> document per operation, per-document
 * locks, and a single-document commit point. See the module README ("Fallback protocol").
 *
 * <ol>
 *   <li>Insert the intent {@code {_id: op, tenant_id, type, state: "pending", at, …}} describing every change.
 *   <li>Lock each asset (in key order, so competing commits do not wait on each other in a circle) with
 *       {@code findOneAndUpdate({key, version: expected, lock: absent}, {$set: {lock: {op, at, kind: "intent"}}})}.
 *       A rename instead locks the source and inserts the target as a pending document.
 *   <li>Commit point: {@code findOneAndUpdate({_id: op, state: "pending"}, {$set: {state: "committed"}})}.
 *   <li>Roll forward: apply each change filtered on {@code lock.op = op} (or {@code pending.op = op}), which makes
 *       every step idempotent; then delete the intent.
 * </ol>
 *
 * <p>Any failure before the commit point rolls back (unlock filtered on {@code op}, delete the intent). Readers that
 * meet a locked or intent-pending document look the intent up: committed → they roll it forward themselves and read
 * again; pending → they see the old state. An intent older than the intent timeout is finished by whoever meets it
 * (or by the maintenance sweep): a pending one is first CAS-ed to {@code aborted}, which fences off its slow writer,
 * whose own commit CAS then fails.
 */
final class Intents {
  static final String AT = Context.AT;
  static final String STATE = "state";
  static final String TYPE = "type";
  static final String TARGETS = "targets";
  static final String FROM = "from";
  static final String TO = "to";
  static final String KEY = "key";
  static final String EXPECTED = "expected";
  static final String SET = "set";
  static final String UNSET = "unset";

  static final String PENDING = "pending";
  static final String COMMITTED = "committed";
  static final String ABORTED = "aborted";

  static final String UPDATE_ASSETS = "update-assets";
  static final String RENAME = "rename";

  /** How often a writer waits for another operation's fresh lock before giving up with a conflict. */
  static final int MAX_WAITS = 40;

  private final Context ctx;
  private final StepCollection intents;
  private final StepCollection assets;

  Intents(Context ctx) {
    this.ctx = ctx;
    this.intents = ctx.steps(Schema.INTENTS);
    this.assets = ctx.steps(Schema.ASSETS);
  }

  // ---- multi-asset commit ------------------------------------------------------------------------------------

  List<Document> updateAssets(String tenant, List<AssetUpdate> updates) {
    Document intent = prepareUpdateAssets(tenant, updates);
    String op = intent.getString(Docs.ID);
    List<Document> currents = new ArrayList<>(Collections.nCopies(updates.size(), null));
    try {
      for (int i : lockOrder(updates)) {
        AssetUpdate u = updates.get(i);
        currents.set(i, lock(tenant, u.asset().key(), u.expectedVersion(), op));
      }
      commit(intent);
    } catch (RuntimeException e) {
      finishAfterFailure(intent, e);
      throw e;
    }
    rollForward(intent);
    finish(intent);
    List<Document> stored = new ArrayList<>();
    for (int i = 0; i < updates.size(); i++) {
      stored.add(Docs.mergedAsset(currents.get(i), updates.get(i).asset(), updates.get(i).expectedVersion() + 1));
    }
    return stored;
  }

  /** Step 1 of a multi-asset commit: the intent, holding every new value. */
  Document prepareUpdateAssets(String tenant, List<AssetUpdate> updates) {
    Document intent = begin(tenant, UPDATE_ASSETS);
    List<Document> targets = new ArrayList<>();
    for (AssetUpdate u : updates) {
      Docs.Content c = Docs.assetContent(u.asset());
      targets.add(new Document(KEY, Docs.assetKey(tenant, u.asset().key()))
          .append(EXPECTED, u.expectedVersion())
          .append(SET, c.set())
          .append(UNSET, new ArrayList<>(c.unset())));
    }
    intent.append(TARGETS, targets);
    intents.insertOne(intent);
    return intent;
  }

  private static List<Integer> lockOrder(List<AssetUpdate> updates) {
    Comparator<AssetKey> byKey = Comparator.comparing(AssetKey::catalog)
        .thenComparing(AssetKey::namespace)
        .thenComparing(AssetKey::name);
    return IntStream.range(0, updates.size()).boxed()
        .sorted(Comparator.comparing(i -> updates.get(i).asset().key(), byKey))
        .toList();
  }

  // ---- rename -------------------------------------------------------------------------------------------------

  /**
   * @param guards inserts the pending target and verifies the target namespace (the create half of the protocol)
   */
  Document rename(String tenant, AssetKey from, AssetKey to, ProtocolWrites guards,
      AtomicWrites.Parent targetNamespace, List<AtomicWrites.Quota> quotas) {
    Document intent = prepareRename(tenant, from, to);
    String op = intent.getString(Docs.ID);
    Document target;
    try {
      Document source = lock(tenant, from, null, op);
      target = renamedCopy(source, to, op);
      guards.insertPending(Schema.ASSETS, Docs.assetKey(tenant, to), target, op, "asset '" + to + "'");
      guards.checkParents(List.of(targetNamespace));
      guards.checkQuotas(quotas);
      commit(intent);
    } catch (RuntimeException e) {
      finishAfterFailure(intent, e);
      throw e;
    }
    rollForward(intent);
    finish(intent);
    target.remove(Docs.PENDING);
    return target;
  }

  /** Step 1 of a rename: the intent. */
  Document prepareRename(String tenant, AssetKey from, AssetKey to) {
    Document intent = begin(tenant, RENAME).append(FROM, Docs.assetKey(tenant, from))
        .append(TO, Docs.assetKey(tenant, to));
    intents.insertOne(intent);
    return intent;
  }

  /** The target document of a rename: the source's content at the new key, one version on, pending for {@code op}. */
  Document renamedCopy(Document source, AssetKey to, String op) {
    Document target = new Document(source);
    target.remove(Docs.ID);
    target.remove(Docs.LOCK);
    target.remove(Docs.GUARD);
    target.putAll(Docs.assetPlacement(to));
    target.put(Docs.VERSION, source.getLong(Docs.VERSION) + 1);
    target.put(Docs.PENDING, ctx.marker(op, Context.INTENT));
    return target;
  }

  // ---- steps --------------------------------------------------------------------------------------------------

  private Document begin(String tenant, String type) {
    return new Document(Docs.ID, Context.newOp())
        .append(Docs.TENANT, tenant)
        .append(TYPE, type)
        .append(STATE, PENDING)
        .append(AT, ctx.nowMicros());
  }

  /**
   * Locks one asset for intent {@code op}; waits (bounded) for another operation's fresh lock and finishes stale
   * ones. Returns the document as it was before locking.
   *
   * @param expectedVersion null: any version
   */
  Document lock(String tenant, AssetKey key, Long expectedVersion, String op) {
    Document k = Docs.assetKey(tenant, key);
    Bson filter = expectedVersion == null ? and(k, Context.live(), Context.unlocked())
        : and(k, Context.live(), Context.unlocked(), eq(Docs.VERSION, expectedVersion));
    for (int attempt = 1; ; attempt++) {
      Document before = assets.findOneAndUpdate(filter, set(Docs.LOCK, ctx.marker(op, Context.INTENT)));
      if (before != null) {
        return before;
      }
      Document current = assets.first(and(k, Context.live()));
      if (current == null) {
        throw new NotFoundException("asset '" + key + "' does not exist");
      }
      Document lock = current.get(Docs.LOCK, Document.class);
      if (lock == null) {
        if (expectedVersion != null && current.getLong(Docs.VERSION) != expectedVersion) {
          throw versionConflict(key, expectedVersion, current.getLong(Docs.VERSION));
        }
        if (attempt >= MAX_WAITS) {
          throw new ConflictException("asset '" + key + "' is being changed concurrently; retry");
        }
        continue;
      }
      if (op.equals(lock.getString(Context.OP))) {
        return current;
      }
      if (!settle(current)) {
        if (attempt >= MAX_WAITS) {
          throw new ConflictException("asset '" + key + "' is being changed by a concurrent commit; retry");
        }
        Errors.backoff(attempt);
      }
    }
  }

  static ConflictException versionConflict(AssetKey key, long expected, long found) {
    return StoreContract.versionConflict("asset '" + key + "'", expected, found);
  }

  /** The commit point. */
  void commit(Document intent) {
    Document committed = intents.findOneAndUpdate(
        and(idOf(intent), eq(STATE, PENDING)), set(STATE, COMMITTED),
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    if (committed == null) {
      throw new UnavailableException("the commit took longer than the intent timeout and was rolled back by"
          + " another writer; nothing was changed, retry");
    }
    intent.put(STATE, COMMITTED);
  }

  /** Applies every change of a committed intent; idempotent (each step is filtered on the intent's id). */
  void rollForward(Document intent) {
    String op = intent.getString(Docs.ID);
    if (RENAME.equals(intent.getString(TYPE))) {
      assets.updateOne(and(intent.get(TO, Document.class), eq(Docs.PENDING + "." + Context.OP, op)),
          unset(Docs.PENDING));
      assets.deleteOne(and(intent.get(FROM, Document.class), eq(Docs.LOCK + "." + Context.OP, op)));
      return;
    }
    for (Document t : intent.getList(TARGETS, Document.class)) {
      Document s = new Document(t.get(SET, Document.class)).append(Docs.VERSION, t.getLong(EXPECTED) + 1);
      Document u = new Document(Docs.LOCK, "");
      t.getList(UNSET, String.class).forEach(f -> u.append(f, ""));
      assets.updateOne(and(t.get(KEY, Document.class), eq(Docs.LOCK + "." + Context.OP, op)),
          new Document("$set", s).append("$unset", u));
    }
  }

  /** Undoes every mark of an intent that did not commit; idempotent. */
  void rollBack(Document intent) {
    String op = intent.getString(Docs.ID);
    if (RENAME.equals(intent.getString(TYPE))) {
      assets.deleteOne(and(intent.get(TO, Document.class), eq(Docs.PENDING + "." + Context.OP, op)));
      assets.updateOne(and(intent.get(FROM, Document.class), eq(Docs.LOCK + "." + Context.OP, op)),
          unset(Docs.LOCK));
      return;
    }
    for (Document t : intent.getList(TARGETS, Document.class)) {
      assets.updateOne(and(t.get(KEY, Document.class), eq(Docs.LOCK + "." + Context.OP, op)), unset(Docs.LOCK));
    }
  }

  void finish(Document intent) {
    intents.deleteOne(idOf(intent));
  }

  /** The writer's own clean-up after a failure: roll back (or, if the commit did land, forward). */
  private void finishAfterFailure(Document intent, RuntimeException failure) {
    try {
      Document abortedOrCurrent = abortIfPending(intent);
      if (abortedOrCurrent == null) {
        // already finished by someone else; our marks may postdate that: undo them
        rollBack(intent);
      } else if (COMMITTED.equals(abortedOrCurrent.getString(STATE))) {
        rollForward(abortedOrCurrent);
        finish(abortedOrCurrent);
      } else {
        rollBack(intent);
        finish(intent);
      }
    } catch (RuntimeException cleanup) {
      failure.addSuppressed(cleanup);
    }
  }

  /** CAS pending → aborted; returns the intent in its resulting state, or null if it no longer exists. */
  private Document abortIfPending(Document intent) {
    Document aborted = intents.findOneAndUpdate(and(idOf(intent), eq(STATE, PENDING)), set(STATE, ABORTED),
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    return aborted != null ? aborted : intents.first(idOf(intent));
  }

  /**
   * Finishes an intent for its writer: rolls a committed one forward, aborts and rolls back a pending one. Only for
   * intents that are stale (older than the intent timeout) or already decided.
   */
  void resolve(Document intent) {
    Document current = PENDING.equals(intent.getString(STATE)) ? abortIfPending(intent) : intent;
    if (current == null) {
      return;
    }
    if (COMMITTED.equals(current.getString(STATE))) {
      rollForward(current);
    } else {
      rollBack(current);
    }
    finish(current);
  }

  /** Finishes intent {@code op} of {@code tenant} if it exists; for tests and operators re-running a recovery. */
  boolean resolve(String tenant, String op) {
    Document intent = intents.first(and(eq(Docs.ID, op), eq(Docs.TENANT, tenant)));
    if (intent == null) {
      return false;
    }
    resolve(intent);
    return true;
  }

  private static Bson idOf(Document intent) {
    return and(eq(Docs.ID, intent.getString(Docs.ID)), eq(Docs.TENANT, intent.getString(Docs.TENANT)));
  }

  // ---- readers --------------------------------------------------------------------------------------------------

  /** The intent marker on an asset document (its lock or pending marker of kind intent), or null. */
  static Document intentMarker(Document asset) {
    Document lock = asset.get(Docs.LOCK, Document.class);
    if (Context.isKind(lock, Context.INTENT)) {
      return lock;
    }
    Document pending = asset.get(Docs.PENDING, Document.class);
    return Context.isKind(pending, Context.INTENT) ? pending : null;
  }

  /**
   * Settles the intent behind a marker on {@code asset} if it is decided (committed or aborted) or stale. Returns
   * true if anything may have changed, so the caller reads again; false if the marker belongs to an operation still
   * in progress, whose old state the caller should see (or wait for).
   */
  boolean settle(Document asset) {
    Document marker = intentMarker(asset);
    if (marker == null) {
      return false;
    }
    Document intent = intents.first(and(eq(Docs.ID, marker.getString(Context.OP)),
        eq(Docs.TENANT, asset.getString(Docs.TENANT))));
    if (intent == null) {
      // an orphaned mark, set by a writer after its intent was rolled back; the writer removes it unless it died
      if (!ctx.stale(marker)) {
        return false;
      }
      clearOrphan(asset, marker);
      return true;
    }
    if (PENDING.equals(intent.getString(STATE)) && !ctx.stale(intent)) {
      return false;
    }
    resolve(intent);
    return true;
  }

  private void clearOrphan(Document asset, Document marker) {
    Bson at = Docs.at(asset);
    String op = marker.getString(Context.OP);
    if (marker == asset.get(Docs.LOCK)) {
      assets.updateOne(and(at, eq(Docs.LOCK + "." + Context.OP, op)), unset(Docs.LOCK));
    } else {
      assets.deleteOne(and(at, eq(Docs.PENDING + "." + Context.OP, op)));
    }
  }

  /** Finishes every stale intent and clears orphaned intent marks; returns how many intents were finished. */
  int sweep() {
    long cutoff = ctx.nowMicros() - ctx.intentTimeout.toNanos() / 1000;
    int finished = 0;
    for (Document intent : intents.find(lt(AT, cutoff))) {
      resolve(intent);
      finished++;
    }
    Bson staleMarks = or(
        and(eq(Docs.LOCK + "." + Context.KIND, Context.INTENT), lt(Docs.LOCK + "." + AT, cutoff)),
        and(eq(Docs.PENDING + "." + Context.KIND, Context.INTENT), lt(Docs.PENDING + "." + AT, cutoff)));
    for (Document asset : assets.find(staleMarks)) {
      settle(asset);
    }
    return finished;
  }
}
