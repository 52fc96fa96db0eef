package io.pangolin.tenancy;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetEntry;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.AssetQuery;
import io.pangolin.api.AuditEvent;
import io.pangolin.api.AuditQuery;
import io.pangolin.api.Catalog;
import io.pangolin.api.CatalogBinding;
import io.pangolin.api.ForbiddenException;
import io.pangolin.api.Grant;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.Principal;
import io.pangolin.api.Role;
import io.pangolin.api.Tenant;
import io.pangolin.api.User;
import io.pangolin.api.Warehouse;
import io.pangolin.spi.AssetQuota;
import io.pangolin.spi.AssetUpdate;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.PrincipalRecord;
import io.pangolin.spi.StoreStats;
import io.pangolin.spi.StorageRootClaim;
import io.pangolin.spi.StoreHealth;
import io.pangolin.spi.TenantEntities;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The store of one tenant ({@link PlacementTenancy#storeFor}): the router, restricted to that tenant. Any call
 * naming another tenant — as argument or in the entity it writes — fails with {@link ForbiddenException} before it
 * reaches a store, so a request holding one tenant's store can never touch another tenant's place. Deployment-wide
 * calls ({@code listTenants}, {@code countCatalogs}, the storage-root registry) belong to the control plane and are refused here. Equal for
 * the same router and tenant, so callers may key caches by it.
 */
final class TenantBoundStore implements MetadataStore {
  private final MetadataStore router;
  private final String tenant;

  /** @param router the {@link TenantRoutingStore}, or a decorator of it (a cache) */
  TenantBoundStore(MetadataStore router, String tenant) {
    this.router = Objects.requireNonNull(router, "router");
    this.tenant = Objects.requireNonNull(tenant, "tenant");
  }

  private String own(String t) {
    if (!tenant.equals(t)) {
      throw new ForbiddenException("the store of tenant '" + tenant + "' cannot be used for another tenant");
    }
    return t;
  }

  private static ForbiddenException deploymentWide(String what) {
    return new ForbiddenException(what + " is deployment-wide: use the control plane, not a tenant's store");
  }

  @Override
  public Tenant createTenant(Tenant t) {
    own(t.name());
    return router.createTenant(t);
  }

  // ---- principals (through the router to the control plane) ----------------------------------------------------------------------------

  @Override
  public PrincipalRecord createPrincipal(PrincipalRecord principal) {
    return router.createPrincipal(principal);
  }

  @Override
  public Optional<PrincipalRecord> getPrincipal(String id) {
    return router.getPrincipal(id);
  }

  @Override
  public Optional<PrincipalRecord> getPrincipalByName(Optional<String> tenant, Principal.Kind kind, String name) {
    return router.getPrincipalByName(tenant, kind, name);
  }

  @Override
  public Page<PrincipalRecord> listPrincipals(Optional<String> tenant, PageRequest page) {
    return router.listPrincipals(tenant, page);
  }

  @Override
  public PrincipalRecord updatePrincipal(PrincipalRecord principal, long expectedVersion) {
    return router.updatePrincipal(principal, expectedVersion);
  }

  @Override
  public void deletePrincipal(String id) {
    router.deletePrincipal(id);
  }

  @Override
  public Optional<Tenant> getTenant(String name) {
    return router.getTenant(own(name));
  }

  @Override
  public Page<Tenant> listTenants(PageRequest page) {
    throw deploymentWide("listing tenants");
  }

  @Override
  public Tenant updateTenant(Tenant t, long expectedVersion) {
    own(t.name());
    return router.updateTenant(t, expectedVersion);
  }

  @Override
  public void deleteTenant(String name) {
    router.deleteTenant(own(name));
  }

  @Override
  public Warehouse createWarehouse(Warehouse w) {
    own(w.tenant());
    return router.createWarehouse(w);
  }

  @Override
  public Optional<Warehouse> getWarehouse(String t, String name) {
    return router.getWarehouse(own(t), name);
  }

  @Override
  public Page<Warehouse> listWarehouses(String t, PageRequest page) {
    return router.listWarehouses(own(t), page);
  }

  @Override
  public Warehouse updateWarehouse(Warehouse w, long expectedVersion) {
    own(w.tenant());
    return router.updateWarehouse(w, expectedVersion);
  }

  @Override
  public void deleteWarehouse(String t, String name) {
    router.deleteWarehouse(own(t), name);
  }

  @Override
  public Catalog createCatalog(Catalog c) {
    own(c.tenant());
    return router.createCatalog(c);
  }

  @Override
  public Optional<Catalog> getCatalog(String t, String name) {
    return router.getCatalog(own(t), name);
  }

  @Override
  public Optional<CatalogBinding> getCatalogBinding(String t, String name) {
    return router.getCatalogBinding(own(t), name);
  }

  @Override
  public Page<Catalog> listCatalogs(String t, PageRequest page) {
    return router.listCatalogs(own(t), page);
  }

  @Override
  public Catalog updateCatalog(Catalog c, long expectedVersion) {
    own(c.tenant());
    return router.updateCatalog(c, expectedVersion);
  }

  @Override
  public void deleteCatalog(String t, String name) {
    router.deleteCatalog(own(t), name);
  }

  @Override
  public long countCatalogs() {
    throw deploymentWide("counting the catalogs of all tenants");
  }

  @Override
  public Namespace createNamespace(Namespace n) {
    own(n.tenant());
    return router.createNamespace(n);
  }

  @Override
  public Optional<Namespace> getNamespace(String t, String catalog, NamespaceName name) {
    return router.getNamespace(own(t), catalog, name);
  }

  @Override
  public Page<Namespace> listNamespaces(String t, String catalog, NamespaceName parent, PageRequest page) {
    return router.listNamespaces(own(t), catalog, parent, page);
  }

  @Override
  public Namespace updateNamespace(Namespace n, long expectedVersion) {
    own(n.tenant());
    return router.updateNamespace(n, expectedVersion);
  }

  @Override
  public void deleteNamespace(String t, String catalog, NamespaceName name) {
    router.deleteNamespace(own(t), catalog, name);
  }

  @Override
  public Asset createAsset(Asset a, AssetQuota quota) {
    own(a.tenant());
    return router.createAsset(a, quota);
  }

  @Override
  public Optional<Asset> getAsset(String t, AssetKey key) {
    return router.getAsset(own(t), key);
  }

  @Override
  public Page<Asset> listAssets(String t, String catalog, NamespaceName namespace, Optional<AssetKind> kind,
      PageRequest page) {
    return router.listAssets(own(t), catalog, namespace, kind, page);
  }

  @Override
  public Page<AssetEntry> listAssetEntries(String t, String catalog, NamespaceName namespace,
      Optional<AssetKind> kind, PageRequest page) {
    return router.listAssetEntries(own(t), catalog, namespace, kind, page);
  }

  @Override
  public Asset updateAsset(Asset a, long expectedVersion) {
    own(a.tenant());
    return router.updateAsset(a, expectedVersion);
  }

  @Override
  public List<Asset> updateAssets(String t, List<AssetUpdate> updates) {
    own(t);
    updates.forEach(u -> own(u.asset().tenant()));
    return router.updateAssets(t, updates);
  }

  @Override
  public Asset renameAsset(String t, AssetKey from, AssetKey to, long maxInTargetNamespace) {
    return router.renameAsset(own(t), from, to, maxInTargetNamespace);
  }

  @Override
  public void deleteAsset(String t, AssetKey key) {
    router.deleteAsset(own(t), key);
  }

  @Override
  public long countAssets(String t, String catalog) {
    return router.countAssets(own(t), catalog);
  }

  @Override
  public long countAssets(String t, String catalog, NamespaceName namespace) {
    return router.countAssets(own(t), catalog, namespace);
  }

  @Override
  public Page<Asset> searchAssets(String t, AssetQuery query, PageRequest page) {
    return router.searchAssets(own(t), query, page);
  }

  @Override
  public Role createRole(String t, Role role) {
    return router.createRole(own(t), role);
  }

  @Override
  public List<Role> listRoles(String t) {
    return router.listRoles(own(t));
  }

  @Override
  public void deleteRole(String t, String name) {
    router.deleteRole(own(t), name);
  }

  @Override
  public Grant createGrant(String t, Grant grant) {
    return router.createGrant(own(t), grant);
  }

  @Override
  public List<Grant> listGrants(String t) {
    return router.listGrants(own(t));
  }

  @Override
  public void deleteGrant(String t, String id) {
    router.deleteGrant(own(t), id);
  }

  @Override
  public User createUser(User u, long maxUsers) {
    own(u.tenant());
    return router.createUser(u, maxUsers);
  }

  @Override
  public Optional<User> getUser(String t, String name) {
    return router.getUser(own(t), name);
  }

  @Override
  public Page<User> listUsers(String t, PageRequest page) {
    return router.listUsers(own(t), page);
  }

  @Override
  public User updateUser(User u, long expectedVersion) {
    own(u.tenant());
    return router.updateUser(u, expectedVersion);
  }

  @Override
  public void deleteUser(String t, String name) {
    router.deleteUser(own(t), name);
  }

  @Override
  public long countUsers(String t) {
    return router.countUsers(own(t));
  }

  @Override
  public void appendAudit(AuditEvent event) {
    own(event.tenant());
    router.appendAudit(event);
  }

  @Override
  public Page<AuditEvent> queryAudit(String t, AuditQuery query, PageRequest page) {
    return router.queryAudit(own(t), query, page);
  }

  @Override
  public long countAudit(String t, AuditQuery query) {
    return router.countAudit(own(t), query);
  }

  @Override
  public long archiveAudit(String t, java.time.Instant before) {
    return router.archiveAudit(own(t), before);
  }

  @Override
  public Page<AuditEvent> queryArchivedAudit(String t, AuditQuery query, PageRequest page) {
    return router.queryArchivedAudit(own(t), query, page);
  }

  @Override
  public long countArchivedAudit(String t, AuditQuery query) {
    return router.countArchivedAudit(own(t), query);
  }

  @Override
  public boolean supportsRestore() {
    return router.supportsRestore();
  }

  @Override
  public void restore(String t, TenantEntities entities) {
    own(t);
    entities.requireTenant(t);
    router.restore(t, entities);
  }

  @Override
  public boolean supportsStorageRoots() {
    return router.supportsStorageRoots();
  }

  /** The registry of storage roots is deployment-wide: use the control plane. */
  @Override
  public boolean claimStorageRoot(StorageRootClaim claim) {
    throw deploymentWide("the registry of storage roots");
  }

  @Override
  public List<StorageRootClaim> storageRootsOverlapping(String root) {
    throw deploymentWide("the registry of storage roots");
  }

  @Override
  public void releaseStorageRoot(StorageRootClaim claim) {
    throw deploymentWide("the registry of storage roots");
  }

  /** Leases are deployment-wide: use the control plane. */
  @Override
  public boolean tryAcquireLease(String name, String holder, java.time.Duration ttl) {
    throw deploymentWide("leases");
  }

  @Override
  public void releaseLease(String name, String holder) {
    throw deploymentWide("leases");
  }

  @Override
  public StoreHealth health() {
    return router.health();
  }

  @Override
  public StoreStats stats() {
    return router.stats();
  }

  /** The strategy owns the stores; closing a tenant's view closes nothing. */
  @Override
  public void close() {}

  @Override
  public boolean equals(Object o) {
    return o instanceof TenantBoundStore b && b.router == router && b.tenant.equals(tenant);
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(router) * 31 + tenant.hashCode();
  }

  @Override
  public String toString() {
    return "store of tenant '" + tenant + "'";
  }
}
