package io.pangolin.store.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.regex;
import static com.mongodb.client.model.Sorts.ascending;

import com.mongodb.MongoException;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.ConflictException;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.Tenant;
import io.pangolin.spi.PlacementRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;

/**
 * Placements in their own unsharded collection (control plane; one small document per tenant, {@code _id} the
 * tenant), read and written on the primary. Every write is one command; updates are compare-and-swaps on the
 * version.
 */
final class Placements {
  static final String COLLECTION = "placements";
  /** Earlier versions kept placements as tenant documents named {@code ~placement~<tenant>}. */
  static final String LEGACY_PREFIX = "~placement~";
  private static final String TIER = "tier";
  private static final String TARGET = "target";
  private static final String CATALOGS = "catalogs";
  private static final String MOVE = "move";
  private static final String STATE = "state";
  private static final String MOVE_ID = "id";
  private static final String SINCE = "since";
  private static final String CLEANUP = "cleanup";
  private static final String DIGEST = "digest";
  private static final String CREATED_AT = "createdAt";
  private static final String UPDATED_AT = "updatedAt";
  private static final String VERSION = "version";

  private final MongoCollection<Document> placements;

  Placements(MongoCollection<Document> placements) {
    this.placements = placements.withReadPreference(ReadPreference.primary());
  }

  private static Document doc(PlacementRecord p, long version) {
    Set<String> unused = new HashSet<>();
    Document d = new Document("_id", p.tenant()).append(TIER, p.place().tier()).append(TARGET, p.place().target())
        .append(CATALOGS, p.catalogs());
    p.move().ifPresent(m -> {
      Document md = new Document(TIER, m.to().tier()).append(TARGET, m.to().target())
          .append(STATE, m.state().name()).append(MOVE_ID, m.id());
      Docs.putInstant(md, unused, SINCE, m.since());
      d.append(MOVE, md);
    });
    p.cleanup().ifPresent(c -> d.append(CLEANUP, new Document(TIER, c.from().tier())
        .append(TARGET, c.from().target()).append(DIGEST, c.digest())));
    Docs.putInstant(d, unused, CREATED_AT, p.createdAt());
    Docs.putInstant(d, unused, UPDATED_AT, p.updatedAt());
    return d.append(VERSION, version);
  }

  private static PlacementRecord record(Document d) {
    Optional<PlacementRecord.Move> move = Optional.ofNullable(d.get(MOVE, Document.class)).map(m ->
        new PlacementRecord.Move(new PlacementRecord.Place(m.getString(TIER), m.getString(TARGET)),
            PlacementRecord.MoveState.valueOf(m.getString(STATE)), m.getString(MOVE_ID), Docs.instant(m, SINCE)));
    Optional<PlacementRecord.Cleanup> cleanup = Optional.ofNullable(d.get(CLEANUP, Document.class)).map(c ->
        new PlacementRecord.Cleanup(new PlacementRecord.Place(c.getString(TIER), c.getString(TARGET)),
            c.getString(DIGEST)));
    return new PlacementRecord(d.getString("_id"), new PlacementRecord.Place(d.getString(TIER), d.getString(TARGET)),
        d.getLong(CATALOGS), move, cleanup, Docs.instant(d, CREATED_AT), Docs.instant(d, UPDATED_AT),
        d.getLong(VERSION));
  }

  private static String what(String tenant) {
    return "the placement of tenant '" + tenant + "'";
  }

  PlacementRecord create(PlacementRecord p) {
    insert(p, 1);
    return p.withVersion(1);
  }

  private void insert(PlacementRecord p, long version) {
    try {
      placements.insertOne(doc(p, version));
    } catch (MongoException e) {
      if (Errors.isDuplicateKey(e)) {
        throw new AlreadyExistsException(what(p.tenant()) + " already exists", e);
      }
      throw e;
    }
  }

  Optional<PlacementRecord> get(String tenant) {
    return Optional.ofNullable(placements.find(eq("_id", tenant)).first()).map(Placements::record);
  }

  Page<PlacementRecord> list(PageRequest page) {
    String listing = "placements";
    List<String> pos = Paging.position(page, listing, 1);
    List<Document> docs = placements.find(pos == null ? new Document() : gt("_id", pos.get(0)))
        .sort(ascending("_id")).limit(page.size() + 1).into(new ArrayList<>());
    return Paging.page(docs, page.size(), Placements::record, d -> List.of(d.getString("_id")), listing);
  }

  PlacementRecord update(PlacementRecord p, long expectedVersion) {
    Document replaced = placements.findOneAndReplace(and(eq("_id", p.tenant()), eq(VERSION, expectedVersion)),
        doc(p, expectedVersion + 1), new FindOneAndReplaceOptions().returnDocument(ReturnDocument.AFTER));
    if (replaced == null) {
      if (get(p.tenant()).isEmpty()) {
        throw new NotFoundException(what(p.tenant()) + " does not exist");
      }
      throw new ConflictException(what(p.tenant()) + " was modified concurrently (expected version "
          + expectedVersion + ")");
    }
    return record(replaced);
  }

  void delete(String tenant) {
    if (placements.deleteOne(eq("_id", tenant)).getDeletedCount() == 0) {
      throw new NotFoundException(what(tenant) + " does not exist");
    }
  }

  /**
   * Moves the placements an earlier version kept as tenant documents named {@code ~placement~<tenant>} into this
   * collection (version and timestamps kept) and deletes those documents. Idempotent: a document copied by an
   * interrupted earlier run is only deleted.
   *
   * @return how many were moved
   */
  int migrateLegacy(MongoCollection<Document> tenants) {
    int moved = 0;
    List<Document> legacy = tenants.withReadPreference(ReadPreference.primary())
        .find(regex(Docs.TENANT, "^" + LEGACY_PREFIX)).into(new ArrayList<>()); // no metacharacter in the prefix
    for (Document d : legacy) {
      Tenant row = Docs.tenant(d);
      Optional<PlacementRecord> p = fromLegacyRow(row);
      if (p.isPresent()) {
        try {
          insert(p.get(), row.version());
        } catch (AlreadyExistsException e) {
          // copied by an earlier, interrupted run
        }
      }
      tenants.deleteOne(eq("_id", d.get("_id")));
      moved++;
    }
    return moved;
  }

  /** The placement a legacy row carried in its properties; empty for a row without a tier. */
  static Optional<PlacementRecord> fromLegacyRow(Tenant row) {
    Map<String, String> p = row.properties();
    if (p.get(TIER) == null) {
      return Optional.empty();
    }
    Optional<PlacementRecord.Move> move = Optional.ofNullable(p.get("move.tier")).map(t -> new PlacementRecord.Move(
        new PlacementRecord.Place(t, p.getOrDefault("move.target", "")),
        PlacementRecord.MoveState.valueOf(p.getOrDefault("move.state", "copying").toUpperCase(Locale.ROOT)),
        p.getOrDefault("move.id", ""), Instant.parse(p.getOrDefault("move.since", Instant.EPOCH.toString()))));
    Optional<PlacementRecord.Cleanup> cleanup = Optional.ofNullable(p.get("cleanup.tier")).map(t ->
        new PlacementRecord.Cleanup(new PlacementRecord.Place(t, p.getOrDefault("cleanup.target", "")),
            p.getOrDefault("cleanup.digest", "")));
    return Optional.of(new PlacementRecord(row.name().substring(LEGACY_PREFIX.length()),
        new PlacementRecord.Place(p.get(TIER), p.getOrDefault(TARGET, "")),
        Math.max(0, Long.parseLong(p.getOrDefault(CATALOGS, "0"))), move, cleanup, row.createdAt(),
        row.updatedAt(), row.version()));
  }
}
