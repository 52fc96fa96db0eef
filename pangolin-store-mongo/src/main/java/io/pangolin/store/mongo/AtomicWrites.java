package io.pangolin.store.mongo;

import io.pangolin.api.AssetKey;
import io.pangolin.api.QuotaExceededException;
import io.pangolin.spi.AssetUpdate;
import java.util.List;
import java.util.Objects;
import org.bson.Document;

/**
 * The writes that touch more than one document and must be atomic: creates that need their parents, deletes that
 * must be refused while children exist, a catalog moving to another warehouse, multi-asset commits and renames.
 * Two implementations: {@link TransactionalWrites} (multi-document transactions) and {@link ProtocolWrites} (the
 * documented fallback protocol for deployments without transactions). Single-document writes do not come here.
 */
interface AtomicWrites {

  /** A document that must exist (created, not being deleted) for a write to be valid. */
  record Parent(String collection, Document key, String description) {
    public Parent {
      Objects.requireNonNull(collection, "collection");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(description, "description");
    }
  }

  /**
   * At most {@code max} documents of {@code collection} may match {@code filter} once a write is done; the write
   * that would pass it is refused with {@code refusal}. {@code guard} is the document whose concurrent writers a
   * transaction serialises on (the scope's parent).
   */
  record Quota(String collection, Document filter, long max, Parent guard, QuotaExceededException refusal) {
    public Quota {
      Objects.requireNonNull(collection, "collection");
      Objects.requireNonNull(filter, "filter");
      Objects.requireNonNull(guard, "guard");
      Objects.requireNonNull(refusal, "refusal");
    }
  }

  /**
   * Documents whose existence refuses a delete.
   *
   * @param description the reason given in the {@link io.pangolin.api.ConflictException}
   */
  record Children(String collection, Document filter, String description) {
    public Children {
      Objects.requireNonNull(collection, "collection");
      Objects.requireNonNull(filter, "filter");
      Objects.requireNonNull(description, "description");
    }
  }

  /**
   * Inserts {@code doc} (identified by {@code key}) if every parent exists and no quota would be passed; atomic
   * against deletes of the parents and against concurrent inserts into the quotas' scopes.
   *
   * @throws io.pangolin.api.NotFoundException a parent is missing
   * @throws io.pangolin.api.AlreadyExistsException a document with {@code key} exists
   * @throws QuotaExceededException a quota is reached
   */
  void insert(String collection, Document key, Document doc, List<Parent> parents, List<Quota> quotas, String what);

  /**
   * Deletes the document at {@code key} unless a child exists; atomic against creates of children.
   *
   * @throws io.pangolin.api.NotFoundException nothing at {@code key}
   * @throws io.pangolin.api.ConflictException a child exists
   */
  void delete(String collection, Document key, List<Children> children, String what);

  /**
   * Compare-and-swap of a catalog whose update references another warehouse, which must exist.
   *
   * @return the stored catalog document
   */
  Document updateCatalogWarehouse(Document key, long expectedVersion, Docs.Content content, Parent warehouse,
      String what);

  /** All updates or none; see {@link io.pangolin.spi.MetadataStore#updateAssets}. Returns the stored documents. */
  List<Document> updateAssets(String tenant, List<AssetUpdate> updates);

  /** Moves an asset to {@code to} (same catalog), bumping its version; returns the stored document. */
  Document renameAsset(String tenant, AssetKey from, AssetKey to, Parent targetNamespace, List<Quota> quotas);

  /** For health and logs: {@code transactions} or {@code fallback protocol}. */
  String describe();
}
