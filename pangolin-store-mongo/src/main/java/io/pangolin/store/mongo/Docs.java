package io.pangolin.store.mongo;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetEntry;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.AuditEvent;
import io.pangolin.api.AuditResult;
import io.pangolin.api.Catalog;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.Tenant;
import io.pangolin.api.User;
import io.pangolin.api.ValidationException;
import io.pangolin.api.Warehouse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Document mapping: field names and the conversion between domain records and BSON documents.
 *
 * <ul>
 *   <li>Instants are stored exactly as epoch microseconds ({@code long}, sortable) plus, only when the instant has
 *       sub-microsecond nanos, a {@code <field>_ns} remainder (0–999). BSON dates (milliseconds) would lose the
 *       engine's microseconds.
 *   <li>String maps are stored as arrays of {@code {k, v}} pairs sorted by key: property keys such as
 *       {@code write.format.default} contain dots and would otherwise be read as paths.
 *   <li>A namespace is stored dotted ({@code sales.emea}, its identity and a shard-key field) and as
 *       {@code ns_sort}, the levels joined by U+0001, which orders level by level under binary comparison.
 * </ul>
 */
final class Docs {
  private Docs() {}

  static final String ID = "_id";
  static final String TENANT = "tenant_id";
  static final String NAME = "name";
  static final String CATALOG = "catalog";
  static final String NAMESPACE = "namespace";
  static final String NS_SORT = "ns_sort";
  static final String PARENT = "parent";
  static final String LEAF = "leaf";
  static final String WAREHOUSE = "warehouse";
  static final String PROPERTIES = "properties";
  static final String STORAGE_ROOT = "storage_root";
  static final String STORAGE_PROPERTIES = "storage_properties";
  static final String EMAIL = "email";
  static final String ASSET_ID = "asset_id";
  static final String KIND = "kind";
  static final String NAME_LC = "name_lc";
  static final String LOCATION = "location";
  static final String METADATA_LOCATION = "metadata_location";
  static final String CREATED_AT = "created_at";
  static final String UPDATED_AT = "updated_at";
  static final String VERSION = "version";
  /** Marks a document written by an unfinished fallback-protocol operation; readers skip it. */
  static final String PENDING = "pending";
  /** Marks a document held by a fallback-protocol delete or intent. */
  static final String LOCK = "lock";
  /** On catalogs: a warehouse reference being verified by the fallback protocol. */
  static final String CLAIM = "claim";
  /** Incremented inside transactions to turn a parent read into a write (see TransactionalWrites). */
  static final String GUARD = "guard";

  static final String ACTOR = "actor";
  static final String ACTION = "action";
  static final String RESOURCE_TYPE = "resource_type";
  static final String RESOURCE_ID = "resource_id";
  static final String RESOURCE_NAME = "resource_name";
  static final String RESULT = "result";
  static final String TIMESTAMP = "timestamp";
  static final String REQUEST_ID = "request_id";
  static final String DETAILS = "details";

  private static final String NS_SUFFIX = "_ns";
  private static final char NS_SORT_SEP = '\u0001';

  /** Fields an update sets; {@code unset} lists the optional fields that are absent in the new value. */
  record Content(Document set, Set<String> unset) {
    Content with(String field, Object value) {
      Document copy = new Document(set);
      copy.append(field, value);
      return new Content(copy, unset);
    }

    /** An update setting the content and the new version (and removing a stale claim or lock if asked). */
    Bson update(long newVersion, String... alsoUnset) {
      Document s = new Document(set).append(VERSION, newVersion);
      Document u = new Document();
      unset.forEach(f -> u.append(f, ""));
      for (String f : alsoUnset) {
        u.append(f, "");
      }
      Document update = new Document("$set", s);
      if (!u.isEmpty()) {
        update.append("$unset", u);
      }
      return update;
    }
  }

  private static Document plus(Document d, Document more) {
    d.putAll(more);
    return d;
  }

  // ---- instants -------------------------------------------------------------------------------------------

  static long micros(Instant t) {
    try {
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    } catch (ArithmeticException e) {
      throw new ValidationException("timestamp " + t + " is out of the storable range");
    }
  }

  static void putInstant(Document d, Set<String> optional, String field, Instant t) {
    d.append(field, micros(t));
    int rest = t.getNano() % 1000;
    if (rest != 0) {
      d.append(field + NS_SUFFIX, rest);
    } else {
      optional.add(field + NS_SUFFIX);
    }
  }

  static Instant instant(Document d, String field) {
    long micros = d.getLong(field);
    Integer rest = d.getInteger(field + NS_SUFFIX);
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1000L + (rest == null ? 0 : rest));
  }

  // ---- maps, optionals, namespaces -------------------------------------------------------------------------

  static List<Document> pairs(Map<String, String> map) {
    List<Document> out = new ArrayList<>(map.size());
    new TreeMap<>(map).forEach((k, v) -> out.add(new Document("k", k).append("v", v)));
    return out;
  }

  static Map<String, String> map(Document d, String field) {
    List<Document> list = d.getList(field, Document.class, List.of());
    Map<String, String> out = new LinkedHashMap<>();
    for (Document p : list) {
      out.put(p.getString("k"), p.getString("v"));
    }
    return out;
  }

  private static void putOptional(Document d, Set<String> optional, String field, Optional<String> value) {
    if (value.isPresent()) {
      d.append(field, value.get());
    } else {
      optional.add(field);
    }
  }

  static String ns(NamespaceName name) {
    for (String level : name.levels()) {
      if (level.isEmpty() || level.indexOf('.') >= 0 || level.chars().anyMatch(c -> c <= NS_SORT_SEP)) {
        throw new ValidationException("namespace level '" + level + "' is empty or contains '.' or a control"
            + " character U+0000/U+0001");
      }
    }
    return name.toString();
  }

  static String nsSort(NamespaceName name) {
    return String.join(String.valueOf(NS_SORT_SEP), name.levels());
  }

  static NamespaceName namespaceName(String dotted) {
    return NamespaceName.parse(dotted);
  }

  // ---- keys (filters by identity) -------------------------------------------------------------------------

  static Document tenantKey(String tenant) {
    return new Document(TENANT, tenant);
  }

  static Document namedKey(String tenant, String name) {
    return new Document(TENANT, tenant).append(NAME, name);
  }

  static Document catalogKey(String tenant, String catalog) {
    return new Document(TENANT, tenant).append(CATALOG, catalog);
  }

  static Document namespaceKey(String tenant, String catalog, NamespaceName name) {
    return new Document(TENANT, tenant).append(CATALOG, catalog).append(NAMESPACE, ns(name));
  }

  static Document assetKey(String tenant, AssetKey key) {
    return new Document(TENANT, tenant).append(CATALOG, key.catalog()).append(NAMESPACE, ns(key.namespace()))
        .append(NAME, key.name());
  }

  /**
   * Addresses one stored document by {@code _id} plus the identity fields it carries, which include its
   * collection's shard key, so that mongos routes the write instead of broadcasting it.
   */
  static Document at(Document stored) {
    Document d = new Document();
    for (String f : new String[] {TENANT, CATALOG, NAMESPACE, NAME}) {
      if (stored.containsKey(f)) {
        d.append(f, stored.get(f));
      }
    }
    return d.append(ID, stored.get(ID));
  }

  static AssetKey assetKeyOf(Document d) {
    return new AssetKey(d.getString(CATALOG), namespaceName(d.getString(NAMESPACE)), d.getString(NAME));
  }

  // ---- tenants ----------------------------------------------------------------------------------------------

  static Content tenantContent(Tenant t) {
    Document d = new Document();
    Set<String> optional = new LinkedHashSet<>();
    d.append(PROPERTIES, pairs(t.properties()));
    putInstant(d, optional, CREATED_AT, t.createdAt());
    putInstant(d, optional, UPDATED_AT, t.updatedAt());
    return new Content(d, optional);
  }

  static Document tenantDoc(Tenant t, long version) {
    return plus(new Document(TENANT, t.name()).append(VERSION, version), tenantContent(t).set());
  }

  static Tenant tenant(Document d) {
    return new Tenant(d.getString(TENANT), map(d, PROPERTIES), instant(d, CREATED_AT), instant(d, UPDATED_AT),
        d.getLong(VERSION));
  }

  // ---- warehouses -------------------------------------------------------------------------------------------

  static Content warehouseContent(Warehouse w) {
    Document d = new Document();
    Set<String> optional = new LinkedHashSet<>();
    d.append(STORAGE_ROOT, w.storageRoot()).append(STORAGE_PROPERTIES, pairs(w.storageProperties()));
    putInstant(d, optional, CREATED_AT, w.createdAt());
    putInstant(d, optional, UPDATED_AT, w.updatedAt());
    return new Content(d, optional);
  }

  static Document warehouseDoc(Warehouse w, long version) {
    return plus(namedKey(w.tenant(), w.name()).append(VERSION, version), warehouseContent(w).set());
  }

  static Warehouse warehouse(Document d) {
    return new Warehouse(d.getString(TENANT), d.getString(NAME), d.getString(STORAGE_ROOT),
        map(d, STORAGE_PROPERTIES), instant(d, CREATED_AT), instant(d, UPDATED_AT), d.getLong(VERSION));
  }

  // ---- catalogs ---------------------------------------------------------------------------------------------

  static Content catalogContent(Catalog c) {
    Document d = new Document();
    Set<String> optional = new LinkedHashSet<>();
    d.append(WAREHOUSE, c.warehouse()).append(PROPERTIES, pairs(c.properties()));
    putInstant(d, optional, CREATED_AT, c.createdAt());
    putInstant(d, optional, UPDATED_AT, c.updatedAt());
    return new Content(d, optional);
  }

  static Document catalogDoc(Catalog c, long version) {
    return plus(catalogKey(c.tenant(), c.name()).append(VERSION, version), catalogContent(c).set());
  }

  static Catalog catalog(Document d) {
    return new Catalog(d.getString(TENANT), d.getString(CATALOG), d.getString(WAREHOUSE), map(d, PROPERTIES),
        instant(d, CREATED_AT), instant(d, UPDATED_AT), d.getLong(VERSION));
  }

  // ---- namespaces -------------------------------------------------------------------------------------------

  static Content namespaceContent(Namespace n) {
    Document d = new Document();
    Set<String> optional = new LinkedHashSet<>();
    d.append(PROPERTIES, pairs(n.properties()));
    putInstant(d, optional, CREATED_AT, n.createdAt());
    putInstant(d, optional, UPDATED_AT, n.updatedAt());
    return new Content(d, optional);
  }

  static Document namespaceDoc(Namespace n, long version) {
    NamespaceName parent = n.name().parent().orElseThrow();
    return plus(namespaceKey(n.tenant(), n.catalog(), n.name())
        .append(PARENT, ns(parent))
        .append(LEAF, n.name().leaf())
        .append(VERSION, version), namespaceContent(n).set());
  }

  static Namespace namespace(Document d) {
    return new Namespace(d.getString(TENANT), d.getString(CATALOG), namespaceName(d.getString(NAMESPACE)),
        map(d, PROPERTIES), instant(d, CREATED_AT), instant(d, UPDATED_AT), d.getLong(VERSION));
  }

  // ---- assets -----------------------------------------------------------------------------------------------

  static Content assetContent(Asset a) {
    Document d = new Document();
    Set<String> optional = new LinkedHashSet<>();
    d.append(LOCATION, a.location()).append(PROPERTIES, pairs(a.properties()));
    putOptional(d, optional, METADATA_LOCATION, a.metadataLocation());
    putInstant(d, optional, CREATED_AT, a.createdAt());
    putInstant(d, optional, UPDATED_AT, a.updatedAt());
    return new Content(d, optional);
  }

  /** The fields that place an asset: its key and the sort/search helpers derived from it. */
  static Document assetPlacement(AssetKey key) {
    return new Document(NAMESPACE, ns(key.namespace()))
        .append(NS_SORT, nsSort(key.namespace()))
        .append(NAME, key.name())
        .append(NAME_LC, key.name().toLowerCase(Locale.ROOT));
  }

  static Document assetDoc(Asset a, long version) {
    Document d = plus(new Document(TENANT, a.tenant()).append(CATALOG, a.catalog()), assetPlacement(a.key()));
    d.append(ASSET_ID, a.id()).append(KIND, a.kind().name()).append(VERSION, version);
    return plus(d, assetContent(a).set());
  }

  static Asset asset(Document d) {
    return new Asset(d.getString(TENANT), d.getString(ASSET_ID), d.getString(CATALOG),
        namespaceName(d.getString(NAMESPACE)), d.getString(NAME), AssetKind.valueOf(d.getString(KIND)),
        d.getString(LOCATION), map(d, PROPERTIES), Optional.ofNullable(d.getString(METADATA_LOCATION)),
        instant(d, CREATED_AT), instant(d, UPDATED_AT), d.getLong(VERSION));
  }

  /** The entry of an asset document, read with at least its name, kind and metadata location. */
  static AssetEntry assetEntry(Document d) {
    return new AssetEntry(d.getString(NAME), AssetKind.valueOf(d.getString(KIND)),
        d.getString(METADATA_LOCATION) != null);
  }

  /**
   * The document an update stores: identity, id, kind and placement of {@code current}, content of {@code update}.
   * Used to compute the value a multi-asset commit will write.
   */
  static Document mergedAsset(Document current, Asset update, long newVersion) {
    Document d = new Document(current);
    d.remove(LOCK);
    Content c = assetContent(update);
    c.unset().forEach(d::remove);
    d.putAll(c.set());
    d.put(VERSION, newVersion);
    return d;
  }

  // ---- users ------------------------------------------------------------------------------------------------

  static Content userContent(User u) {
    Document d = new Document();
    Set<String> optional = new LinkedHashSet<>();
    putOptional(d, optional, EMAIL, u.email());
    d.append(PROPERTIES, pairs(u.properties()));
    putInstant(d, optional, CREATED_AT, u.createdAt());
    putInstant(d, optional, UPDATED_AT, u.updatedAt());
    return new Content(d, optional);
  }

  static Document userDoc(User u, long version) {
    return plus(namedKey(u.tenant(), u.name()).append(VERSION, version), userContent(u).set());
  }

  static User user(Document d) {
    return new User(d.getString(TENANT), d.getString(NAME), Optional.ofNullable(d.getString(EMAIL)),
        map(d, PROPERTIES), instant(d, CREATED_AT), instant(d, UPDATED_AT), d.getLong(VERSION));
  }

  // ---- audit ------------------------------------------------------------------------------------------------

  static Document auditDoc(AuditEvent e) {
    Document d = new Document(ID, e.id())
        .append(TENANT, e.tenant())
        .append(ACTOR, e.actor())
        .append(ACTION, e.action())
        .append(RESOURCE_TYPE, e.resourceType())
        .append(RESOURCE_ID, e.resourceId())
        .append(RESOURCE_NAME, e.resourceName())
        .append(RESULT, e.result().name())
        .append(REQUEST_ID, e.requestId())
        .append(DETAILS, pairs(e.details()));
    putInstant(d, new LinkedHashSet<>(), TIMESTAMP, e.timestamp());
    return d;
  }

  static AuditEvent audit(Document d) {
    return new AuditEvent(d.getString(ID), d.getString(TENANT), d.getString(ACTOR), d.getString(ACTION),
        d.getString(RESOURCE_TYPE), d.getString(RESOURCE_ID), d.getString(RESOURCE_NAME),
        AuditResult.valueOf(d.getString(RESULT)), instant(d, TIMESTAMP), d.getString(REQUEST_ID),
        map(d, DETAILS));
  }
}
