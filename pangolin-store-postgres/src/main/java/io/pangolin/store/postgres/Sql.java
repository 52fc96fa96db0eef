package io.pangolin.store.postgres;

/**
 * The SQL dialect of the store: every statement, schema-qualified once at construction (the schema name is a
 * validated identifier, see {@link PostgresStoreConfig}). No statement depends on session state, so all of them are
 * safe under PgBouncer transaction pooling. Keyset pages fetch one row more than asked to know whether a next page
 * exists.
 */
final class Sql {
  final String schema;

  final String insertTenant;
  final String getTenant;
  final String listTenants;
  final String listTenantsAfter;
  final String updateTenant;
  final String tenantVersion;
  final String deleteTenant;

  final String insertWarehouse;
  final String getWarehouse;
  final String listWarehouses;
  final String listWarehousesAfter;
  final String updateWarehouse;
  final String warehouseVersion;
  final String deleteWarehouse;

  final String insertCatalog;
  final String getCatalog;
  final String getCatalogBinding;
  final String listCatalogs;
  final String listCatalogsAfter;
  final String updateCatalog;
  final String catalogVersion;
  final String deleteCatalog;
  final String countCatalogs;

  final String insertNamespace;
  final String getNamespace;
  final String listRootNamespaces;
  final String listRootNamespacesAfter;
  final String listChildNamespaces;
  final String listChildNamespacesAfter;
  final String listRootNamespaceNames;
  final String listRootNamespaceNamesAfter;
  final String listChildNamespaceNames;
  final String listChildNamespaceNamesAfter;
  final String updateNamespace;
  final String namespaceVersion;
  final String deleteNamespace;

  final String insertAsset;
  final String insertAssetWithinQuota;
  final String getAsset;
  final String updateAsset;
  final String assetVersion;
  final String renameAsset;
  final String renameAssetWithinQuota;
  final String deleteAsset;
  final String countAssetsOfCatalog;
  final String countAssetsOfNamespace;
  final String assetSelect;
  final String assetEntrySelect;

  final String insertUser;
  final String getUser;
  final String listUsers;
  final String listUsersAfter;
  final String updateUser;
  final String userVersion;
  final String deleteUser;
  final String countUsers;

  final String insertAudit;
  final String auditSelect;
  final String auditCount;
  final String auditArchiveSelect;
  final String auditArchiveCount;
  final String archiveAuditBatch;

  final String claimStorageRoot;
  final String storageRootHolder;
  final String storageRootsOverlapping;
  final String releaseStorageRoot;
  final String acquireLease;
  final String releaseLease;

  /** Collation used to lower-case names for case-insensitive search (ICU when the server has it). */
  final String foldCollation;

  Sql(String schema, String foldCollation) {
    this.schema = schema;
    this.foldCollation = foldCollation;
    String tenants = table("tenants");
    String warehouses = table("warehouses");
    String catalogs = table("catalogs");
    String namespaces = table("namespaces");
    String assets = table("assets");
    String users = table("users");

    String tenantCols = "name, properties, created_at, updated_at, version";
    insertTenant = "INSERT INTO " + tenants + " (" + tenantCols + ") VALUES (:name, CAST(:properties AS jsonb), "
        + ":createdAt, :updatedAt, 1) RETURNING " + tenantCols;
    getTenant = "SELECT " + tenantCols + " FROM " + tenants + " WHERE name = :name";
    listTenants = "SELECT " + tenantCols + " FROM " + tenants + " ORDER BY name LIMIT :limit";
    listTenantsAfter = "SELECT " + tenantCols + " FROM " + tenants + " WHERE name > :after ORDER BY name LIMIT :limit";
    updateTenant = "UPDATE " + tenants + " SET properties = CAST(:properties AS jsonb), created_at = :createdAt, "
        + "updated_at = :updatedAt, version = version + 1 WHERE name = :name AND version = :expected RETURNING "
        + tenantCols;
    tenantVersion = "SELECT version FROM " + tenants + " WHERE name = :name";
    deleteTenant = "DELETE FROM " + tenants + " WHERE name = :name";

    String whCols = "tenant, name, storage_root, storage_properties, created_at, updated_at, version";
    insertWarehouse = "INSERT INTO " + warehouses + " (" + whCols + ") VALUES (:tenant, :name, :storageRoot, "
        + "CAST(:properties AS jsonb), :createdAt, :updatedAt, 1) RETURNING " + whCols;
    getWarehouse = "SELECT " + whCols + " FROM " + warehouses + " WHERE tenant = :tenant AND name = :name";
    listWarehouses = "SELECT " + whCols + " FROM " + warehouses + " WHERE tenant = :tenant ORDER BY name LIMIT :limit";
    listWarehousesAfter = "SELECT " + whCols + " FROM " + warehouses
        + " WHERE tenant = :tenant AND name > :after ORDER BY name LIMIT :limit";
    updateWarehouse = "UPDATE " + warehouses + " SET storage_root = :storageRoot, "
        + "storage_properties = CAST(:properties AS jsonb), created_at = :createdAt, updated_at = :updatedAt, "
        + "version = version + 1 "
        + "WHERE tenant = :tenant AND name = :name AND version = :expected RETURNING " + whCols;
    warehouseVersion = "SELECT version FROM " + warehouses + " WHERE tenant = :tenant AND name = :name";
    deleteWarehouse = "DELETE FROM " + warehouses + " WHERE tenant = :tenant AND name = :name";

    String catCols = "tenant, name, warehouse, properties, created_at, updated_at, version";
    insertCatalog = "INSERT INTO " + catalogs + " (" + catCols + ") VALUES (:tenant, :name, :warehouse, "
        + "CAST(:properties AS jsonb), :createdAt, :updatedAt, 1) RETURNING " + catCols;
    getCatalog = "SELECT " + catCols + " FROM " + catalogs + " WHERE tenant = :tenant AND name = :name";
    // the catalog and its warehouse in one round trip (w_* columns are null if the warehouse is missing)
    getCatalogBinding = "SELECT c.tenant, c.name, c.warehouse, c.properties, c.created_at, c.updated_at, c.version, "
        + "w.name AS w_name, w.storage_root AS w_storage_root, w.storage_properties AS w_storage_properties, "
        + "w.created_at AS w_created_at, w.updated_at AS w_updated_at, w.version AS w_version FROM " + catalogs
        + " c LEFT JOIN " + warehouses + " w ON w.tenant = c.tenant AND w.name = c.warehouse "
        + "WHERE c.tenant = :tenant AND c.name = :name";
    listCatalogs = "SELECT " + catCols + " FROM " + catalogs + " WHERE tenant = :tenant ORDER BY name LIMIT :limit";
    listCatalogsAfter = "SELECT " + catCols + " FROM " + catalogs
        + " WHERE tenant = :tenant AND name > :after ORDER BY name LIMIT :limit";
    updateCatalog = "UPDATE " + catalogs + " SET warehouse = :warehouse, properties = CAST(:properties AS jsonb), "
        + "created_at = :createdAt, updated_at = :updatedAt, version = version + 1 "
        + "WHERE tenant = :tenant AND name = :name AND version = :expected RETURNING " + catCols;
    catalogVersion = "SELECT version FROM " + catalogs + " WHERE tenant = :tenant AND name = :name";
    deleteCatalog = "DELETE FROM " + catalogs + " WHERE tenant = :tenant AND name = :name";
    countCatalogs = "SELECT count(*) FROM " + catalogs;

    String nsCols = "tenant, catalog, name, properties, created_at, updated_at, version";
    insertNamespace = "INSERT INTO " + namespaces + " (" + nsCols + ") VALUES (:tenant, :catalog, :name, "
        + "CAST(:properties AS jsonb), :createdAt, :updatedAt, 1) RETURNING " + nsCols;
    getNamespace = "SELECT " + nsCols + " FROM " + namespaces
        + " WHERE tenant = :tenant AND catalog = :catalog AND name = :name";
    String nsList = "SELECT " + nsCols + ", leaf FROM " + namespaces + " WHERE tenant = :tenant AND catalog = :catalog";
    listRootNamespaces = nsList + " AND parent IS NULL ORDER BY leaf LIMIT :limit";
    listRootNamespacesAfter = nsList + " AND parent IS NULL AND leaf > :after ORDER BY leaf LIMIT :limit";
    listChildNamespaces = nsList + " AND parent = :parent ORDER BY leaf LIMIT :limit";
    listChildNamespacesAfter = nsList + " AND parent = :parent AND leaf > :after ORDER BY leaf LIMIT :limit";
    // names only (listNamespaceNames): no properties JSON to read or parse
    String nsNameList = "SELECT name, leaf FROM " + namespaces + " WHERE tenant = :tenant AND catalog = :catalog";
    listRootNamespaceNames = nsNameList + " AND parent IS NULL ORDER BY leaf LIMIT :limit";
    listRootNamespaceNamesAfter = nsNameList + " AND parent IS NULL AND leaf > :after ORDER BY leaf LIMIT :limit";
    listChildNamespaceNames = nsNameList + " AND parent = :parent ORDER BY leaf LIMIT :limit";
    listChildNamespaceNamesAfter = nsNameList + " AND parent = :parent AND leaf > :after ORDER BY leaf LIMIT :limit";
    updateNamespace = "UPDATE " + namespaces + " SET properties = CAST(:properties AS jsonb), "
        + "created_at = :createdAt, updated_at = :updatedAt, version = version + 1 "
        + "WHERE tenant = :tenant AND catalog = :catalog AND name = :name AND version = :expected RETURNING " + nsCols;
    namespaceVersion = "SELECT version FROM " + namespaces
        + " WHERE tenant = :tenant AND catalog = :catalog AND name = :name";
    deleteNamespace = "DELETE FROM " + namespaces + " WHERE tenant = :tenant AND catalog = :catalog AND name = :name";

    String assetCols = "tenant, id, catalog, namespace, name, kind, location, properties, metadata_location, "
        + "created_at, updated_at, version";
    String assetKey = "tenant = :tenant AND catalog = :catalog AND namespace = :namespace AND name = :name";
    insertAsset = "INSERT INTO " + assets + " (" + assetCols + ") VALUES (:tenant, :id, :catalog, :namespace, :name, "
        + ":kind, :location, CAST(:properties AS jsonb), :metadataLocation, :createdAt, :updatedAt, 1) RETURNING "
        + assetCols;
    // the quota for the asset_counts trigger (migration V7), set for this transaction before the row is inserted
    String assetQuota = "WITH q AS MATERIALIZED (SELECT set_config('pangolin.asset_quota', :quota, true) AS quota) ";
    insertAssetWithinQuota = assetQuota + "INSERT INTO " + assets + " (" + assetCols + ") SELECT :tenant, :id, "
        + ":catalog, :namespace, :name, :kind, :location, CAST(:properties AS jsonb), :metadataLocation, :createdAt, "
        + ":updatedAt, 1 FROM q RETURNING " + assetCols;
    assetSelect = "SELECT " + assetCols + " FROM " + assets + " a";
    assetEntrySelect = "SELECT name, kind, metadata_location IS NOT NULL AS has_metadata FROM " + assets + " a";
    getAsset = assetSelect + " WHERE " + assetKey;
    updateAsset = "UPDATE " + assets + " SET location = :location, properties = CAST(:properties AS jsonb), "
        + "metadata_location = :metadataLocation, created_at = :createdAt, updated_at = :updatedAt, "
        + "version = version + 1 WHERE " + assetKey
        + " AND version = :expected RETURNING " + assetCols;
    assetVersion = "SELECT version FROM " + assets + " WHERE " + assetKey;
    renameAsset = "UPDATE " + assets + " SET namespace = :toNamespace, name = :toName, version = version + 1 WHERE "
        + assetKey + " RETURNING " + assetCols;
    renameAssetWithinQuota = assetQuota + "UPDATE " + assets + " SET namespace = :toNamespace, name = :toName, "
        + "version = version + 1 FROM q WHERE " + assetKey + " RETURNING " + assetCols;
    deleteAsset = "DELETE FROM " + assets + " WHERE " + assetKey;
    countAssetsOfCatalog = "SELECT count(*) FROM " + assets + " WHERE tenant = :tenant AND catalog = :catalog";
    countAssetsOfNamespace = "SELECT count(*) FROM " + assets
        + " WHERE tenant = :tenant AND catalog = :catalog AND namespace = :namespace";

    String userCols = "tenant, name, email, properties, created_at, updated_at, version";
    insertUser = "INSERT INTO " + users + " (" + userCols + ") VALUES (:tenant, :name, :email, "
        + "CAST(:properties AS jsonb), :createdAt, :updatedAt, 1) RETURNING " + userCols;
    getUser = "SELECT " + userCols + " FROM " + users + " WHERE tenant = :tenant AND name = :name";
    listUsers = "SELECT " + userCols + " FROM " + users + " WHERE tenant = :tenant ORDER BY name LIMIT :limit";
    listUsersAfter = "SELECT " + userCols + " FROM " + users
        + " WHERE tenant = :tenant AND name > :after ORDER BY name LIMIT :limit";
    updateUser = "UPDATE " + users + " SET email = :email, properties = CAST(:properties AS jsonb), "
        + "created_at = :createdAt, updated_at = :updatedAt, version = version + 1 "
        + "WHERE tenant = :tenant AND name = :name AND version = :expected RETURNING " + userCols;
    userVersion = "SELECT version FROM " + users + " WHERE tenant = :tenant AND name = :name";
    deleteUser = "DELETE FROM " + users + " WHERE tenant = :tenant AND name = :name";
    countUsers = "SELECT count(*) FROM " + users + " WHERE tenant = :tenant";

    String auditCols = "tenant, timestamp, id, actor, action, resource_type, resource_id, resource_name, result, "
        + "request_id, details";
    insertAudit = "INSERT INTO " + table("audit_logs") + " (" + auditCols + ") VALUES (:tenant, :timestamp, :id, "
        + ":actor, :action, :resourceType, :resourceId, :resourceName, :result, :requestId, CAST(:details AS jsonb)) "
        + "ON CONFLICT DO NOTHING";
    auditSelect = "SELECT " + auditCols + " FROM " + table("audit_logs") + " WHERE tenant = :tenant";
    auditCount = "SELECT count(*) FROM " + table("audit_logs") + " WHERE tenant = :tenant";
    auditArchiveSelect = "SELECT " + auditCols + " FROM " + table("audit_logs_archive") + " WHERE tenant = :tenant";
    auditArchiveCount = "SELECT count(*) FROM " + table("audit_logs_archive") + " WHERE tenant = :tenant";
    // one statement per batch: the rows leave the log and enter the archive together, or not at all
    archiveAuditBatch = "WITH moved AS (DELETE FROM " + table("audit_logs") + " WHERE (tenant, timestamp, id) IN "
        + "(SELECT tenant, timestamp, id FROM " + table("audit_logs") + " WHERE tenant = :tenant AND timestamp < "
        + ":before LIMIT :limit) RETURNING " + auditCols + "), ins AS (INSERT INTO " + table("audit_logs_archive")
        + " (" + auditCols + ") SELECT " + auditCols + " FROM moved ON CONFLICT DO NOTHING) SELECT count(*) FROM moved";
    String roots = table("storage_roots");
    claimStorageRoot = "INSERT INTO " + roots + " (root, tenant, warehouse) VALUES (:root, :tenant, :warehouse) "
        + "ON CONFLICT (root) DO NOTHING";
    storageRootHolder = "SELECT tenant, warehouse FROM " + roots + " WHERE root = :root";
    storageRootsOverlapping = "SELECT root, tenant, warehouse FROM " + roots + " WHERE root = :root "
        + "OR starts_with(root, :slashed) "
        + "OR starts_with(:root, CASE WHEN right(root, 1) = '/' THEN root ELSE root || '/' END) ORDER BY root";
    releaseStorageRoot = "DELETE FROM " + roots + " WHERE root = :root AND tenant = :tenant AND warehouse = :warehouse";
    String leases = table("leases");
    acquireLease = "INSERT INTO " + leases + " (name, holder, expires_at) VALUES (:name, :holder, "
        + "now() + make_interval(secs => :ttl)) ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, "
        + "expires_at = EXCLUDED.expires_at WHERE " + leases + ".expires_at < now() OR " + leases
        + ".holder = EXCLUDED.holder RETURNING holder";
    releaseLease = "DELETE FROM " + leases + " WHERE name = :name AND holder = :holder";
  }

  /** A quota scope made unique per schema, so tenants in schemas of their own never wait for each other. */
  String quotaScope(String scope) {
    return schema + "/" + scope;
  }

  /** The schema-qualified name of a table of the store. */
  String table(String name) {
    return schema + "." + name;
  }
}
