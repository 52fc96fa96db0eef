package io.pangolin.store.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Sorts.ascending;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.FindOneAndReplaceOptions;
import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.Principal;
import io.pangolin.spi.PrincipalRecord;
import io.pangolin.spi.StoreContract;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Principals in their own unsharded collection (control plane; one small document each): {@code _id} is the
 * principal id, a unique index on (tenant key, name, kind) keeps names unique. Every write is one command. A
 * principal is created only if its tenant exists when it is written; deleting a tenant deletes its principals.
 */
final class Principals {
  static final String COLLECTION = "principals";
  static final String TENANT_KEY = "tenantKey";
  static final String SORT = "sortKey";
  private static final String TENANT = "tenant";
  private static final String NAME = "name";
  private static final String KIND = "kind";
  private static final String HASH = "credentialHash";
  private static final String ROLES = "roles";
  private static final String ENABLED = "enabled";
  private static final String EXPIRES_AT = "expiresAt";
  private static final String CREATED_AT = "createdAt";
  private static final String UPDATED_AT = "updatedAt";
  private static final String VERSION = "version";

  private final MongoCollection<Document> principals;
  private final MongoCollection<Document> tenants;

  Principals(MongoCollection<Document> principals, MongoCollection<Document> tenants) {
    this.principals = principals;
    this.tenants = tenants;
  }

  private static Document doc(PrincipalRecord p, long version) {
    Document d = new Document("_id", p.id())
        .append(TENANT_KEY, p.tenant().orElse(""))
        .append(TENANT, p.tenant().orElse(null))
        .append(NAME, p.name())
        .append(KIND, p.kind().name())
        .append(SORT, p.name() + "\u0000" + p.kind().name())
        .append(HASH, p.credentialHash())
        .append(ROLES, new ArrayList<>(p.roles()))
        .append(ENABLED, p.enabled());
    Set<String> unused = new HashSet<>();
    p.expiresAt().ifPresent(t -> Docs.putInstant(d, unused, EXPIRES_AT, t));
    Docs.putInstant(d, unused, CREATED_AT, p.createdAt());
    Docs.putInstant(d, unused, UPDATED_AT, p.updatedAt());
    return d.append(VERSION, version);
  }

  private static PrincipalRecord record(Document d) {
    return new PrincipalRecord(d.getString("_id"), Optional.ofNullable(d.getString(TENANT)), d.getString(NAME),
        Principal.Kind.valueOf(d.getString(KIND)), d.getString(HASH), Set.copyOf(d.getList(ROLES, String.class)),
        d.getBoolean(ENABLED), d.containsKey(EXPIRES_AT) ? Optional.of(Docs.instant(d, EXPIRES_AT)) : Optional.empty(),
        Docs.instant(d, CREATED_AT), Docs.instant(d, UPDATED_AT), d.getLong(VERSION));
  }

  PrincipalRecord create(PrincipalRecord p) {
    if (p.tenant().isPresent() && tenants.find(Docs.tenantKey(p.tenant().get())).first() == null) {
      throw new NotFoundException("principal '" + p.name() + "': the tenant does not exist");
    }
    try {
      principals.insertOne(doc(p, 1));
    } catch (MongoException e) {
      if (Errors.isDuplicateKey(e)) {
        throw new AlreadyExistsException("principal '" + p.name() + "' already exists", e);
      }
      throw e;
    }
    return p.withVersion(1);
  }

  Optional<PrincipalRecord> get(String id) {
    return Optional.ofNullable(principals.find(eq("_id", id)).first()).map(Principals::record);
  }

  Optional<PrincipalRecord> byName(Optional<String> tenant, Principal.Kind kind, String name) {
    return Optional.ofNullable(principals.find(and(eq(TENANT_KEY, tenant.orElse("")), eq(NAME, name),
        eq(KIND, kind.name()))).first()).map(Principals::record);
  }

  Page<PrincipalRecord> list(Optional<String> tenant, PageRequest page) {
    String listing = "principals/" + tenant.orElse("");
    List<String> pos = Paging.position(page, listing, 1);
    List<Bson> f = new ArrayList<>();
    f.add(eq(TENANT_KEY, tenant.orElse("")));
    if (pos != null) {
      f.add(gt(SORT, pos.get(0)));
    }
    List<Document> docs = principals.find(and(f)).sort(ascending(SORT)).limit(page.size() + 1)
        .into(new ArrayList<>());
    return Paging.page(docs, page.size(), Principals::record, d -> List.of(d.getString(SORT)), listing);
  }

  PrincipalRecord update(PrincipalRecord p, long expectedVersion) {
    PrincipalRecord current = get(p.id())
        .orElseThrow(() -> new NotFoundException("principal '" + p.name() + "' does not exist"));
    PrincipalRecord next = new PrincipalRecord(current.id(), current.tenant(), current.name(), current.kind(),
        p.credentialHash(), p.roles(), p.enabled(), p.expiresAt(), p.createdAt(), p.updatedAt(), expectedVersion + 1);
    Document replaced = principals.findOneAndReplace(and(eq("_id", p.id()), eq(VERSION, expectedVersion)),
        doc(next, expectedVersion + 1), new FindOneAndReplaceOptions().returnDocument(ReturnDocument.AFTER));
    if (replaced == null) {
      throw StoreContract.casFailure("principal '" + p.name() + "'", get(p.id()).map(PrincipalRecord::version),
          expectedVersion);
    }
    return record(replaced);
  }

  void delete(String id) {
    if (principals.deleteOne(eq("_id", id)).getDeletedCount() == 0) {
      throw new NotFoundException("principal does not exist");
    }
  }

  void deleteOfTenant(String tenant) {
    principals.deleteMany(eq(TENANT_KEY, tenant));
  }
}
