package io.pangolin.spi;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetEntry;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.AssetQuery;
import io.pangolin.api.AuditEvent;
import io.pangolin.api.AuditQuery;
import io.pangolin.api.Catalog;
import io.pangolin.api.CatalogBinding;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.Grant;
import io.pangolin.api.Principal;
import io.pangolin.api.Role;
import io.pangolin.api.Tenant;
import io.pangolin.api.User;
import io.pangolin.api.Warehouse;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A {@link MetadataStore} that forwards every call to {@link #delegate()}: the base of store decorators (timing,
 * caching, tenant routing), which override only what they change.
 *
 * <p>Every data call passes through {@link #forward} (or {@link #forwardVoid} / {@link #forwardLong}) with the name
 * of the {@link MetadataStore} method, so a decorator that treats all calls alike (timing, tracing) overrides those
 * three hooks and nothing else. {@link #supportsRestore()}, {@link #supportsStorageRoots()}, {@link #health()}, {@link #stats()} and
 * {@link #close()} are forwarded directly; {@link #close()} closes the delegate (override it if the decorator does not own the delegate).
 * {@link #getCatalogBinding} is forwarded too, so a store's single-round-trip implementation is used through
 * decorators.
 */
public abstract class ForwardingMetadataStore implements MetadataStore {
  /** The store calls are forwarded to. */
  protected abstract MetadataStore delegate();

  /** Runs one forwarded call that returns a value; {@code operation} is the method name. */
  protected <T> T forward(String operation, Supplier<T> call) {
    return call.get();
  }

  /** Runs one forwarded call that returns a count. */
  protected long forwardLong(String operation, LongSupplier call) {
    return call.getAsLong();
  }

  /** Runs one forwarded call that returns nothing. */
  protected void forwardVoid(String operation, Runnable call) {
    call.run();
  }

  @Override
  public Tenant createTenant(Tenant tenant) {
    return forward("createTenant", () -> delegate().createTenant(tenant));
  }

  @Override
  public Optional<Tenant> getTenant(String name) {
    return forward("getTenant", () -> delegate().getTenant(name));
  }

  @Override
  public Page<Tenant> listTenants(PageRequest page) {
    return forward("listTenants", () -> delegate().listTenants(page));
  }

  @Override
  public Tenant updateTenant(Tenant tenant, long expectedVersion) {
    return forward("updateTenant", () -> delegate().updateTenant(tenant, expectedVersion));
  }

  @Override
  public void deleteTenant(String name) {
    forwardVoid("deleteTenant", () -> delegate().deleteTenant(name));
  }

  @Override
  public Warehouse createWarehouse(Warehouse warehouse) {
    return forward("createWarehouse", () -> delegate().createWarehouse(warehouse));
  }

  @Override
  public Optional<Warehouse> getWarehouse(String tenant, String name) {
    return forward("getWarehouse", () -> delegate().getWarehouse(tenant, name));
  }

  @Override
  public Page<Warehouse> listWarehouses(String tenant, PageRequest page) {
    return forward("listWarehouses", () -> delegate().listWarehouses(tenant, page));
  }

  @Override
  public Warehouse updateWarehouse(Warehouse warehouse, long expectedVersion) {
    return forward("updateWarehouse", () -> delegate().updateWarehouse(warehouse, expectedVersion));
  }

  @Override
  public void deleteWarehouse(String tenant, String name) {
    forwardVoid("deleteWarehouse", () -> delegate().deleteWarehouse(tenant, name));
  }

  @Override
  public Catalog createCatalog(Catalog catalog) {
    return forward("createCatalog", () -> delegate().createCatalog(catalog));
  }

  @Override
  public Optional<Catalog> getCatalog(String tenant, String name) {
    return forward("getCatalog", () -> delegate().getCatalog(tenant, name));
  }

  @Override
  public Optional<CatalogBinding> getCatalogBinding(String tenant, String name) {
    return forward("getCatalogBinding", () -> delegate().getCatalogBinding(tenant, name));
  }

  @Override
  public Page<Catalog> listCatalogs(String tenant, PageRequest page) {
    return forward("listCatalogs", () -> delegate().listCatalogs(tenant, page));
  }

  @Override
  public Catalog updateCatalog(Catalog catalog, long expectedVersion) {
    return forward("updateCatalog", () -> delegate().updateCatalog(catalog, expectedVersion));
  }

  @Override
  public void deleteCatalog(String tenant, String name) {
    forwardVoid("deleteCatalog", () -> delegate().deleteCatalog(tenant, name));
  }

  @Override
  public long countCatalogs() {
    return forwardLong("countCatalogs", () -> delegate().countCatalogs());
  }

  @Override
  public Namespace createNamespace(Namespace namespace) {
    return forward("createNamespace", () -> delegate().createNamespace(namespace));
  }

  @Override
  public Optional<Namespace> getNamespace(String tenant, String catalog, NamespaceName name) {
    return forward("getNamespace", () -> delegate().getNamespace(tenant, catalog, name));
  }

  @Override
  public Page<Namespace> listNamespaces(String tenant, String catalog, NamespaceName parent, PageRequest page) {
    return forward("listNamespaces", () -> delegate().listNamespaces(tenant, catalog, parent, page));
  }

  @Override
  public Namespace updateNamespace(Namespace namespace, long expectedVersion) {
    return forward("updateNamespace", () -> delegate().updateNamespace(namespace, expectedVersion));
  }

  @Override
  public void deleteNamespace(String tenant, String catalog, NamespaceName name) {
    forwardVoid("deleteNamespace", () -> delegate().deleteNamespace(tenant, catalog, name));
  }

  @Override
  public Asset createAsset(Asset asset, AssetQuota quota) {
    return forward("createAsset", () -> delegate().createAsset(asset, quota));
  }

  @Override
  public Optional<Asset> getAsset(String tenant, AssetKey key) {
    return forward("getAsset", () -> delegate().getAsset(tenant, key));
  }

  @Override
  public Page<Asset> listAssets(String tenant, String catalog, NamespaceName namespace,
      Optional<AssetKind> kind, PageRequest page) {
    return forward("listAssets", () -> delegate().listAssets(tenant, catalog, namespace, kind, page));
  }

  @Override
  public Page<AssetEntry> listAssetEntries(String tenant, String catalog, NamespaceName namespace,
      Optional<AssetKind> kind, PageRequest page) {
    return forward("listAssetEntries", () -> delegate().listAssetEntries(tenant, catalog, namespace, kind, page));
  }

  @Override
  public Asset updateAsset(Asset asset, long expectedVersion) {
    return forward("updateAsset", () -> delegate().updateAsset(asset, expectedVersion));
  }

  @Override
  public List<Asset> updateAssets(String tenant, List<AssetUpdate> updates) {
    return forward("updateAssets", () -> delegate().updateAssets(tenant, updates));
  }

  @Override
  public Asset renameAsset(String tenant, AssetKey from, AssetKey to, long maxInTargetNamespace) {
    return forward("renameAsset", () -> delegate().renameAsset(tenant, from, to, maxInTargetNamespace));
  }

  @Override
  public void deleteAsset(String tenant, AssetKey key) {
    forwardVoid("deleteAsset", () -> delegate().deleteAsset(tenant, key));
  }

  @Override
  public long countAssets(String tenant, String catalog) {
    return forwardLong("countAssets", () -> delegate().countAssets(tenant, catalog));
  }

  @Override
  public long countAssets(String tenant, String catalog, NamespaceName namespace) {
    return forwardLong("countAssets", () -> delegate().countAssets(tenant, catalog, namespace));
  }

  @Override
  public Page<Asset> searchAssets(String tenant, AssetQuery query, PageRequest page) {
    return forward("searchAssets", () -> delegate().searchAssets(tenant, query, page));
  }

  @Override
  public User createUser(User user, long maxUsers) {
    return forward("createUser", () -> delegate().createUser(user, maxUsers));
  }

  @Override
  public Optional<User> getUser(String tenant, String name) {
    return forward("getUser", () -> delegate().getUser(tenant, name));
  }

  @Override
  public Page<User> listUsers(String tenant, PageRequest page) {
    return forward("listUsers", () -> delegate().listUsers(tenant, page));
  }

  @Override
  public User updateUser(User user, long expectedVersion) {
    return forward("updateUser", () -> delegate().updateUser(user, expectedVersion));
  }

  @Override
  public void deleteUser(String tenant, String name) {
    forwardVoid("deleteUser", () -> delegate().deleteUser(tenant, name));
  }

  @Override
  public long countUsers(String tenant) {
    return forwardLong("countUsers", () -> delegate().countUsers(tenant));
  }

  @Override
  public void appendAudit(AuditEvent event) {
    forwardVoid("appendAudit", () -> delegate().appendAudit(event));
  }

  @Override
  public Page<AuditEvent> queryAudit(String tenant, AuditQuery query, PageRequest page) {
    return forward("queryAudit", () -> delegate().queryAudit(tenant, query, page));
  }

  @Override
  public long countAudit(String tenant, AuditQuery query) {
    return forwardLong("countAudit", () -> delegate().countAudit(tenant, query));
  }

  @Override
  public long archiveAudit(String tenant, java.time.Instant before) {
    return forwardLong("archiveAudit", () -> delegate().archiveAudit(tenant, before));
  }

  @Override
  public Page<AuditEvent> queryArchivedAudit(String tenant, AuditQuery query, PageRequest page) {
    return forward("queryArchivedAudit", () -> delegate().queryArchivedAudit(tenant, query, page));
  }

  @Override
  public long countArchivedAudit(String tenant, AuditQuery query) {
    return forwardLong("countArchivedAudit", () -> delegate().countArchivedAudit(tenant, query));
  }

  @Override
  public boolean supportsRestore() {
    return delegate().supportsRestore();
  }

  @Override
  public void restore(String tenant, TenantEntities entities) {
    forwardVoid("restore", () -> delegate().restore(tenant, entities));
  }

  @Override
  public StoreHealth health() {
    return delegate().health();
  }

  @Override
  public StoreStats stats() {
    return delegate().stats();
  }

  @Override
  public PrincipalRecord createPrincipal(PrincipalRecord principal) {
    return forward("createPrincipal", () -> delegate().createPrincipal(principal));
  }

  @Override
  public Optional<PrincipalRecord> getPrincipal(String id) {
    return forward("getPrincipal", () -> delegate().getPrincipal(id));
  }

  @Override
  public Optional<PrincipalRecord> getPrincipalByName(Optional<String> tenant, Principal.Kind kind,
      String name) {
    return forward("getPrincipalByName", () -> delegate().getPrincipalByName(tenant, kind, name));
  }

  @Override
  public Page<PrincipalRecord> listPrincipals(Optional<String> tenant, PageRequest page) {
    return forward("listPrincipals", () -> delegate().listPrincipals(tenant, page));
  }

  @Override
  public PrincipalRecord updatePrincipal(PrincipalRecord principal, long expectedVersion) {
    return forward("updatePrincipal", () -> delegate().updatePrincipal(principal, expectedVersion));
  }

  @Override
  public void deletePrincipal(String id) {
    forwardVoid("deletePrincipal", () -> delegate().deletePrincipal(id));
  }

  @Override
  public Role createRole(String tenant, Role role) {
    return forward("createRole", () -> delegate().createRole(tenant, role));
  }

  @Override
  public List<Role> listRoles(String tenant) {
    return forward("listRoles", () -> delegate().listRoles(tenant));
  }

  @Override
  public void deleteRole(String tenant, String name) {
    forwardVoid("deleteRole", () -> delegate().deleteRole(tenant, name));
  }

  @Override
  public Grant createGrant(String tenant, Grant grant) {
    return forward("createGrant", () -> delegate().createGrant(tenant, grant));
  }

  @Override
  public List<Grant> listGrants(String tenant) {
    return forward("listGrants", () -> delegate().listGrants(tenant));
  }

  @Override
  public void deleteGrant(String tenant, String id) {
    forwardVoid("deleteGrant", () -> delegate().deleteGrant(tenant, id));
  }

  @Override
  public void close() {
    delegate().close();
  }

  @Override
  public boolean supportsStorageRoots() {
    return delegate().supportsStorageRoots();
  }

  @Override
  public boolean claimStorageRoot(StorageRootClaim claim) {
    return forward("claimStorageRoot", () -> delegate().claimStorageRoot(claim));
  }

  @Override
  public List<StorageRootClaim> storageRootsOverlapping(String root) {
    return forward("storageRootsOverlapping", () -> delegate().storageRootsOverlapping(root));
  }

  @Override
  public void releaseStorageRoot(StorageRootClaim claim) {
    forwardVoid("releaseStorageRoot", () -> delegate().releaseStorageRoot(claim));
  }

  @Override
  public boolean tryAcquireLease(String name, String holder, java.time.Duration ttl) {
    return forward("tryAcquireLease", () -> delegate().tryAcquireLease(name, holder, ttl));
  }

  @Override
  public void releaseLease(String name, String holder) {
    forwardVoid("releaseLease", () -> delegate().releaseLease(name, holder));
  }
}
