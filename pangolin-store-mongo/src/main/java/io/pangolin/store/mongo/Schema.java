package io.pangolin.store.mongo;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.UpdateOptions;
import io.pangolin.store.mongo.MongoStoreConfig.ShardKeyMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/**
 * Collections, their indexes and their shard keys, per {@link ShardKeyMode}. Unique indexes enforce the identities
 * of the SPI contract and start with the collection's shard key, as MongoDB requires of unique indexes on sharded
 * collections. Index creation is idempotent (same name, same keys).
 */
final class Schema {
  static final String TENANTS = "tenants";
  static final String WAREHOUSES = "warehouses";
  static final String CATALOGS = "catalogs";
  static final String NAMESPACES = "namespaces";
  static final String ASSETS = "assets";
  static final String USERS = "users";
  static final String AUDIT = "audit_events";
  static final String AUDIT_ARCHIVE = "audit_archive";
  static final String INTENTS = "intents";
  /** The deployment-wide registry of storage roots: {@code _id} is the canonical root (unique), unsharded. */
  static final String STORAGE_ROOTS = "storage_roots";
  /** Deployment-wide leases: {@code _id} is the lease name, with {@code holder} and {@code expiresAt}; unsharded. */
  static final String LEASES = "leases";
  /**
   * Guards of deployment-wide quotas: one document per quota ({@code _id} {@value #CATALOG_QUOTA}), created at start
   * and written by every quota-checked create in a transaction so concurrent ones conflict; unsharded.
   */
  static final String GUARDS = "guards";
  static final String CATALOG_QUOTA = "catalogs";

  static final List<String> COLLECTIONS =
      List.of(TENANTS, WAREHOUSES, CATALOGS, NAMESPACES, ASSETS, USERS, AUDIT, AUDIT_ARCHIVE, INTENTS);

  /** One index the store creates. */
  record IndexSpec(String collection, String name, Document keys, boolean unique, boolean sparse) {
    IndexModel model() {
      return new IndexModel(keys, new IndexOptions().name(name).unique(unique).sparse(sparse));
    }
  }

  private final ShardKeyMode mode;

  Schema(ShardKeyMode mode) {
    this.mode = mode;
  }

  ShardKeyMode mode() {
    return mode;
  }

  /**
   * The shard key of each sharded collection, in the order {@code shardCollection} is sent. {@code tenants} stays
   * unsharded: one small document per tenant, on the database's primary shard.
   */
  Map<String, Document> shardKeys() {
    Map<String, Document> keys = new LinkedHashMap<>();
    keys.put(WAREHOUSES, keys(Docs.TENANT, Docs.NAME));
    keys.put(USERS, keys(Docs.TENANT, Docs.NAME));
    if (mode == ShardKeyMode.MULTI_TENANT) {
      keys.put(CATALOGS, keys(Docs.TENANT, Docs.CATALOG));
      keys.put(NAMESPACES, keys(Docs.TENANT, Docs.CATALOG));
      keys.put(ASSETS, keys(Docs.TENANT, Docs.CATALOG));
    } else {
      keys.put(CATALOGS, keys(Docs.CATALOG));
      keys.put(NAMESPACES, keys(Docs.CATALOG, Docs.NAMESPACE));
      keys.put(ASSETS, keys(Docs.CATALOG, Docs.NAMESPACE));
    }
    keys.put(AUDIT, keys(Docs.TENANT, Docs.ID));
    keys.put(AUDIT_ARCHIVE, keys(Docs.TENANT, Docs.ID));
    keys.put(INTENTS, keys(Docs.TENANT, Docs.ID));
    return keys;
  }

  Optional<Document> shardKey(String collection) {
    return Optional.ofNullable(shardKeys().get(collection));
  }

  List<IndexSpec> indexes() {
    boolean mt = mode == ShardKeyMode.MULTI_TENANT;
    List<IndexSpec> l = new ArrayList<>();
    l.add(unique(TENANTS, "pangolin_tenant", keys(Docs.TENANT)));
    l.add(unique(WAREHOUSES, "pangolin_warehouse", keys(Docs.TENANT, Docs.NAME)));
    l.add(unique(USERS, "pangolin_user", keys(Docs.TENANT, Docs.NAME)));
    l.add(unique(Principals.COLLECTION, "pangolin_principal_name",
        keys(Principals.TENANT_KEY, Docs.NAME, "kind")));
    l.add(plain(Principals.COLLECTION, "pangolin_principal_list", keys(Principals.TENANT_KEY, Principals.SORT)));
    l.add(plain(Grants.ROLES, "pangolin_role_list", keys(Grants.TENANT, Grants.NAME)));
    l.add(unique(Grants.GRANTS, "pangolin_grant_scope",
        keys(Grants.TENANT, Grants.GRANTEE_KIND, Grants.GRANTEE, Grants.SCOPE)));
    if (mt) {
      l.add(unique(CATALOGS, "pangolin_catalog", keys(Docs.TENANT, Docs.CATALOG)));
      l.add(unique(NAMESPACES, "pangolin_namespace", keys(Docs.TENANT, Docs.CATALOG, Docs.NAMESPACE)));
      l.add(plain(NAMESPACES, "pangolin_children", keys(Docs.TENANT, Docs.CATALOG, Docs.PARENT, Docs.LEAF)));
      l.add(unique(ASSETS, "pangolin_asset", keys(Docs.TENANT, Docs.CATALOG, Docs.NAMESPACE, Docs.NAME)));
    } else {
      l.add(unique(CATALOGS, "pangolin_catalog", keys(Docs.CATALOG, Docs.TENANT)));
      l.add(unique(NAMESPACES, "pangolin_namespace", keys(Docs.CATALOG, Docs.NAMESPACE, Docs.TENANT)));
      l.add(plain(NAMESPACES, "pangolin_children", keys(Docs.CATALOG, Docs.TENANT, Docs.PARENT, Docs.LEAF)));
      l.add(unique(ASSETS, "pangolin_asset", keys(Docs.CATALOG, Docs.NAMESPACE, Docs.TENANT, Docs.NAME)));
      l.add(plain(ASSETS, "pangolin_catalog_search",
          keys(Docs.CATALOG, Docs.TENANT, Docs.NS_SORT, Docs.NAME)));
    }
    // a tenant's catalogs by warehouse (refused warehouse deletes) and the tenant-wide search order
    l.add(plain(CATALOGS, "pangolin_catalog_warehouse", keys(Docs.TENANT, Docs.WAREHOUSE)));
    l.add(new IndexSpec(CATALOGS, "pangolin_catalog_claim", keys(Docs.TENANT, Docs.CLAIM + ".warehouse"), false,
        true));
    l.add(plain(ASSETS, "pangolin_search", keys(Docs.TENANT, Docs.CATALOG, Docs.NS_SORT, Docs.NAME)));
    // audit: newest first per tenant (keyset on timestamp, _id), by action, and the archival scan
    l.add(plain(AUDIT, "pangolin_audit_tenant_time",
        new Document(Docs.TENANT, 1).append(Docs.TIMESTAMP, -1).append(Docs.ID, -1)));
    l.add(plain(AUDIT, "pangolin_audit_action", keys(Docs.ACTION)));
    l.add(plain(AUDIT, "pangolin_audit_time", keys(Docs.TIMESTAMP)));
    l.add(plain(AUDIT_ARCHIVE, "pangolin_archive_tenant_time",
        new Document(Docs.TENANT, 1).append(Docs.TIMESTAMP, -1).append(Docs.ID, -1)));
    l.add(plain(INTENTS, "pangolin_intent_age", keys(Intents.AT)));
    // shard keys that are no prefix of another index: shardCollection needs an index on the key of a collection
    // that already exists (a store that ran unsharded before it was pointed at mongos)
    for (String c : List.of(AUDIT, AUDIT_ARCHIVE, INTENTS)) {
      l.add(plain(c, "pangolin_shard_key", keys(Docs.TENANT, Docs.ID)));
    }
    // the fallback protocol's markers, for the recovery sweep
    for (String c : List.of(TENANTS, WAREHOUSES, CATALOGS, NAMESPACES, ASSETS, USERS)) {
      l.add(new IndexSpec(c, "pangolin_pending", keys(Docs.PENDING + "." + Intents.AT), false, true));
      l.add(new IndexSpec(c, "pangolin_lock", keys(Docs.LOCK + "." + Intents.AT), false, true));
    }
    return l;
  }

  /** Creates every index; MongoDB treats re-creating an identical index as a no-op. */
  void ensureIndexes(MongoDatabase db) {
    Map<String, List<IndexModel>> byCollection = new LinkedHashMap<>();
    for (IndexSpec s : indexes()) {
      byCollection.computeIfAbsent(s.collection(), c -> new ArrayList<>()).add(s.model());
    }
    byCollection.forEach((c, models) -> db.getCollection(c).createIndexes(models));
  }

  /** Creates the quota guard documents that do not exist yet (idempotent). */
  void ensureGuards(MongoDatabase db) {
    db.getCollection(GUARDS).updateOne(new Document(Docs.ID, CATALOG_QUOTA),
        new Document("$setOnInsert", new Document(Docs.GUARD, 0L)), new UpdateOptions().upsert(true));
  }

  private static IndexSpec unique(String collection, String name, Document keys) {
    return new IndexSpec(collection, name, keys, true, false);
  }

  private static IndexSpec plain(String collection, String name, Document keys) {
    return new IndexSpec(collection, name, keys, false, false);
  }

  private static Document keys(String... fields) {
    Document d = new Document();
    for (String f : fields) {
      d.append(f, 1);
    }
    return d;
  }
}
