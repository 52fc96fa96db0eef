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
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link MetadataStore} that forwards every call to a delegate: the base of store decorators (timing, caching,
 * tenant routing, tenant binding), which override only what they change.
 *
 * <p>Every data call passes through one hook, {@link #forward}, with a {@link Call} that names the
 * {@link MetadataStore} method, its {@link Scope} and the tenant it addresses, and with the call itself as a function
 * of the store it runs against. The default runs it against {@link #delegate()}. So a decorator that treats all calls
 * alike (timing) overrides the hook and nothing else; one that picks the store per call (routing by tenant) or checks
 * every call (a store bound to one tenant) does so in the hook from the call's scope and tenant; one that changes a
 * few calls (a cache) overrides those methods. {@link #supportsRestore()}, {@link #supportsAuditArchive()}, {@link #supportsStorageRoots()},
 * {@link #health()}, {@link #stats()} and {@link #close()} go to {@link #delegate()} directly; {@link #close()}
 * closes it (override it if the decorator does not own the delegate). {@link #getCatalogBinding} is forwarded too,
 * so a store's single-round-trip implementation is used through decorators.
 */
public abstract class ForwardingMetadataStore implements MetadataStore {
  /** What a forwarded call addresses. */
  protected enum Scope {
    /** Reads data of {@link Call#tenant()}. */
    TENANT_READ,
    /** Writes data of {@link Call#tenant()} (its tenant row included). */
    TENANT_WRITE,
    /** Principals: control-plane records of the deployment, readable with any tenant's store. */
    CONTROL_PLANE,
    /**
     * State of the whole deployment: all tenants ({@code listTenants}, {@code countCatalogs}), the registry of
     * storage roots (the tenant of a claim, if any, is {@link Call#tenant()}) and leases.
     */
    DEPLOYMENT
  }

  /**
   * One forwarded call.
   *
   * @param operation the name of the {@link MetadataStore} method
   * @param tenant the tenant the call addresses: its tenant argument, or the tenant of the entity it writes (empty
   *     for calls without one, and if that argument is {@code null}: the hook decides, the delegate may refuse)
   */
  protected record Call(String operation, Scope scope, Optional<String> tenant) {
    static Call read(String operation, String tenant) {
      return new Call(operation, Scope.TENANT_READ, Optional.ofNullable(tenant));
    }

    static Call write(String operation, String tenant) {
      return new Call(operation, Scope.TENANT_WRITE, Optional.ofNullable(tenant));
    }

    /** A write of {@code entity}, addressing the tenant {@code tenantOf} reads from it. */
    static <E> Call write(String operation, E entity, Function<E, String> tenantOf) {
      return write(operation, tenantOf(entity, tenantOf));
    }

    static Call controlPlane(String operation) {
      return new Call(operation, Scope.CONTROL_PLANE, Optional.empty());
    }

    static Call deploymentWide(String operation) {
      return new Call(operation, Scope.DEPLOYMENT, Optional.empty());
    }

    static <E> Call deploymentWide(String operation, E subject, Function<E, String> tenantOf) {
      return new Call(operation, Scope.DEPLOYMENT, Optional.ofNullable(tenantOf(subject, tenantOf)));
    }

    private static <E> String tenantOf(E subject, Function<E, String> tenantOf) {
      return subject == null ? null : tenantOf.apply(subject);
    }
  }

  /** The store calls are forwarded to (by default every call; a decorator may pick another one per call). */
  protected abstract MetadataStore delegate();

  /** Runs one forwarded call: {@code body} applied to the store it goes to, {@link #delegate()} by default. */
  protected <T> T forward(Call call, Function<MetadataStore, T> body) {
    return body.apply(delegate());
  }

  /** {@link #forward} for a call that returns nothing. */
  protected final void run(Call call, Consumer<MetadataStore> body) {
    forward(call, s -> {
      body.accept(s);
      return null;
    });
  }

  @Override
  public Tenant createTenant(Tenant tenant) {
    return forward(Call.write("createTenant", tenant, Tenant::name), s -> s.createTenant(tenant));
  }

  @Override
  public Optional<Tenant> getTenant(String name) {
    return forward(Call.read("getTenant", name), s -> s.getTenant(name));
  }

  @Override
  public Page<Tenant> listTenants(PageRequest page) {
    return forward(Call.deploymentWide("listTenants"), s -> s.listTenants(page));
  }

  @Override
  public Tenant updateTenant(Tenant tenant, long expectedVersion) {
    return forward(Call.write("updateTenant", tenant, Tenant::name), s -> s.updateTenant(tenant, expectedVersion));
  }

  @Override
  public void deleteTenant(String name) {
    run(Call.write("deleteTenant", name), s -> s.deleteTenant(name));
  }

  @Override
  public Warehouse createWarehouse(Warehouse warehouse) {
    return forward(Call.write("createWarehouse", warehouse, Warehouse::tenant), s -> s.createWarehouse(warehouse));
  }

  @Override
  public Optional<Warehouse> getWarehouse(String tenant, String name) {
    return forward(Call.read("getWarehouse", tenant), s -> s.getWarehouse(tenant, name));
  }

  @Override
  public Page<Warehouse> listWarehouses(String tenant, PageRequest page) {
    return forward(Call.read("listWarehouses", tenant), s -> s.listWarehouses(tenant, page));
  }

  @Override
  public Warehouse updateWarehouse(Warehouse warehouse, long expectedVersion) {
    return forward(Call.write("updateWarehouse", warehouse, Warehouse::tenant),
        s -> s.updateWarehouse(warehouse, expectedVersion));
  }

  @Override
  public void deleteWarehouse(String tenant, String name) {
    run(Call.write("deleteWarehouse", tenant), s -> s.deleteWarehouse(tenant, name));
  }

  @Override
  public Catalog createCatalog(Catalog catalog, long maxCatalogs) {
    return forward(Call.write("createCatalog", catalog, Catalog::tenant), s -> s.createCatalog(catalog, maxCatalogs));
  }

  @Override
  public Optional<Catalog> getCatalog(String tenant, String name) {
    return forward(Call.read("getCatalog", tenant), s -> s.getCatalog(tenant, name));
  }

  @Override
  public Optional<CatalogBinding> getCatalogBinding(String tenant, String name) {
    return forward(Call.read("getCatalogBinding", tenant), s -> s.getCatalogBinding(tenant, name));
  }

  @Override
  public Page<Catalog> listCatalogs(String tenant, PageRequest page) {
    return forward(Call.read("listCatalogs", tenant), s -> s.listCatalogs(tenant, page));
  }

  @Override
  public Catalog updateCatalog(Catalog catalog, long expectedVersion) {
    return forward(Call.write("updateCatalog", catalog, Catalog::tenant),
        s -> s.updateCatalog(catalog, expectedVersion));
  }

  @Override
  public void deleteCatalog(String tenant, String name) {
    run(Call.write("deleteCatalog", tenant), s -> s.deleteCatalog(tenant, name));
  }

  @Override
  public long countCatalogs() {
    return forward(Call.deploymentWide("countCatalogs"), s -> s.countCatalogs());
  }

  @Override
  public Namespace createNamespace(Namespace namespace) {
    return forward(Call.write("createNamespace", namespace, Namespace::tenant), s -> s.createNamespace(namespace));
  }

  @Override
  public Optional<Namespace> getNamespace(String tenant, String catalog, NamespaceName name) {
    return forward(Call.read("getNamespace", tenant), s -> s.getNamespace(tenant, catalog, name));
  }

  @Override
  public Page<Namespace> listNamespaces(String tenant, String catalog, NamespaceName parent, PageRequest page) {
    return forward(Call.read("listNamespaces", tenant), s -> s.listNamespaces(tenant, catalog, parent, page));
  }

  @Override
  public Page<NamespaceName> listNamespaceNames(String tenant, String catalog, NamespaceName parent,
      PageRequest page) {
    return forward(Call.read("listNamespaceNames", tenant), s -> s.listNamespaceNames(tenant, catalog, parent, page));
  }

  @Override
  public Namespace updateNamespace(Namespace namespace, long expectedVersion) {
    return forward(Call.write("updateNamespace", namespace, Namespace::tenant),
        s -> s.updateNamespace(namespace, expectedVersion));
  }

  @Override
  public void deleteNamespace(String tenant, String catalog, NamespaceName name) {
    run(Call.write("deleteNamespace", tenant), s -> s.deleteNamespace(tenant, catalog, name));
  }

  @Override
  public Asset createAsset(Asset asset, AssetQuota quota) {
    return forward(Call.write("createAsset", asset, Asset::tenant), s -> s.createAsset(asset, quota));
  }

  @Override
  public Optional<Asset> getAsset(String tenant, AssetKey key) {
    return forward(Call.read("getAsset", tenant), s -> s.getAsset(tenant, key));
  }

  @Override
  public Page<Asset> listAssets(String tenant, String catalog, NamespaceName namespace,
      Optional<AssetKind> kind, PageRequest page) {
    return forward(Call.read("listAssets", tenant), s -> s.listAssets(tenant, catalog, namespace, kind, page));
  }

  @Override
  public Page<AssetEntry> listAssetEntries(String tenant, String catalog, NamespaceName namespace,
      Optional<AssetKind> kind, PageRequest page) {
    return forward(Call.read("listAssetEntries", tenant),
        s -> s.listAssetEntries(tenant, catalog, namespace, kind, page));
  }

  @Override
  public Asset updateAsset(Asset asset, long expectedVersion) {
    return forward(Call.write("updateAsset", asset, Asset::tenant), s -> s.updateAsset(asset, expectedVersion));
  }

  @Override
  public List<Asset> updateAssets(String tenant, List<AssetUpdate> updates) {
    return forward(Call.write("updateAssets", tenant), s -> s.updateAssets(tenant, updates));
  }

  @Override
  public Asset renameAsset(String tenant, AssetKey from, AssetKey to, long maxInTargetNamespace) {
    return forward(Call.write("renameAsset", tenant), s -> s.renameAsset(tenant, from, to, maxInTargetNamespace));
  }

  @Override
  public void deleteAsset(String tenant, AssetKey key) {
    run(Call.write("deleteAsset", tenant), s -> s.deleteAsset(tenant, key));
  }

  @Override
  public long countAssets(String tenant, String catalog) {
    return forward(Call.read("countAssets", tenant), s -> s.countAssets(tenant, catalog));
  }

  @Override
  public long countAssets(String tenant, String catalog, NamespaceName namespace) {
    return forward(Call.read("countAssets", tenant), s -> s.countAssets(tenant, catalog, namespace));
  }

  @Override
  public Page<Asset> searchAssets(String tenant, AssetQuery query, PageRequest page) {
    return forward(Call.read("searchAssets", tenant), s -> s.searchAssets(tenant, query, page));
  }

  @Override
  public User createUser(User user, long maxUsers) {
    return forward(Call.write("createUser", user, User::tenant), s -> s.createUser(user, maxUsers));
  }

  @Override
  public Optional<User> getUser(String tenant, String name) {
    return forward(Call.read("getUser", tenant), s -> s.getUser(tenant, name));
  }

  @Override
  public Page<User> listUsers(String tenant, PageRequest page) {
    return forward(Call.read("listUsers", tenant), s -> s.listUsers(tenant, page));
  }

  @Override
  public User updateUser(User user, long expectedVersion) {
    return forward(Call.write("updateUser", user, User::tenant), s -> s.updateUser(user, expectedVersion));
  }

  @Override
  public void deleteUser(String tenant, String name) {
    run(Call.write("deleteUser", tenant), s -> s.deleteUser(tenant, name));
  }

  @Override
  public long countUsers(String tenant) {
    return forward(Call.read("countUsers", tenant), s -> s.countUsers(tenant));
  }

  @Override
  public void appendAudit(AuditEvent event) {
    run(Call.write("appendAudit", event, AuditEvent::tenant), s -> s.appendAudit(event));
  }

  @Override
  public Page<AuditEvent> queryAudit(String tenant, AuditQuery query, PageRequest page) {
    return forward(Call.read("queryAudit", tenant), s -> s.queryAudit(tenant, query, page));
  }

  @Override
  public long countAudit(String tenant, AuditQuery query) {
    return forward(Call.read("countAudit", tenant), s -> s.countAudit(tenant, query));
  }

  @Override
  public long archiveAudit(String tenant, java.time.Instant before) {
    return forward(Call.write("archiveAudit", tenant), s -> s.archiveAudit(tenant, before));
  }

  @Override
  public Page<AuditEvent> queryArchivedAudit(String tenant, AuditQuery query, PageRequest page) {
    return forward(Call.read("queryArchivedAudit", tenant), s -> s.queryArchivedAudit(tenant, query, page));
  }

  @Override
  public long countArchivedAudit(String tenant, AuditQuery query) {
    return forward(Call.read("countArchivedAudit", tenant), s -> s.countArchivedAudit(tenant, query));
  }

  @Override
  public boolean supportsAuditArchive() {
    return delegate().supportsAuditArchive();
  }

  @Override
  public boolean supportsRestore() {
    return delegate().supportsRestore();
  }

  @Override
  public void restore(String tenant, TenantEntities entities) {
    run(Call.write("restore", tenant), s -> s.restore(tenant, entities));
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
    return forward(Call.controlPlane("createPrincipal"), s -> s.createPrincipal(principal));
  }

  @Override
  public Optional<PrincipalRecord> getPrincipal(String id) {
    return forward(Call.controlPlane("getPrincipal"), s -> s.getPrincipal(id));
  }

  @Override
  public Optional<PrincipalRecord> getPrincipalByName(Optional<String> tenant, Principal.Kind kind,
      String name) {
    return forward(Call.controlPlane("getPrincipalByName"), s -> s.getPrincipalByName(tenant, kind, name));
  }

  @Override
  public Page<PrincipalRecord> listPrincipals(Optional<String> tenant, PageRequest page) {
    return forward(Call.controlPlane("listPrincipals"), s -> s.listPrincipals(tenant, page));
  }

  @Override
  public PrincipalRecord updatePrincipal(PrincipalRecord principal, long expectedVersion) {
    return forward(Call.controlPlane("updatePrincipal"), s -> s.updatePrincipal(principal, expectedVersion));
  }

  @Override
  public void deletePrincipal(String id) {
    run(Call.controlPlane("deletePrincipal"), s -> s.deletePrincipal(id));
  }

  @Override
  public Role createRole(String tenant, Role role) {
    return forward(Call.write("createRole", tenant), s -> s.createRole(tenant, role));
  }

  @Override
  public List<Role> listRoles(String tenant) {
    return forward(Call.read("listRoles", tenant), s -> s.listRoles(tenant));
  }

  @Override
  public void deleteRole(String tenant, String name) {
    run(Call.write("deleteRole", tenant), s -> s.deleteRole(tenant, name));
  }

  @Override
  public Grant createGrant(String tenant, Grant grant) {
    return forward(Call.write("createGrant", tenant), s -> s.createGrant(tenant, grant));
  }

  @Override
  public List<Grant> listGrants(String tenant) {
    return forward(Call.read("listGrants", tenant), s -> s.listGrants(tenant));
  }

  @Override
  public void deleteGrant(String tenant, String id) {
    run(Call.write("deleteGrant", tenant), s -> s.deleteGrant(tenant, id));
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
    return forward(Call.deploymentWide("claimStorageRoot", claim, StorageRootClaim::tenant),
        s -> s.claimStorageRoot(claim));
  }

  @Override
  public List<StorageRootClaim> storageRootsOverlapping(String root) {
    return forward(Call.deploymentWide("storageRootsOverlapping"), s -> s.storageRootsOverlapping(root));
  }

  @Override
  public void releaseStorageRoot(StorageRootClaim claim) {
    run(Call.deploymentWide("releaseStorageRoot", claim, StorageRootClaim::tenant), s -> s.releaseStorageRoot(claim));
  }

  @Override
  public PlacementRecord createPlacement(PlacementRecord placement) {
    return forward(Call.deploymentWide("createPlacement", placement, PlacementRecord::tenant),
        s -> s.createPlacement(placement));
  }

  @Override
  public Optional<PlacementRecord> getPlacement(String tenant) {
    return forward(Call.deploymentWide("getPlacement"), s -> s.getPlacement(tenant));
  }

  @Override
  public Page<PlacementRecord> listPlacements(PageRequest page) {
    return forward(Call.deploymentWide("listPlacements"), s -> s.listPlacements(page));
  }

  @Override
  public PlacementRecord updatePlacement(PlacementRecord placement, long expectedVersion) {
    return forward(Call.deploymentWide("updatePlacement", placement, PlacementRecord::tenant),
        s -> s.updatePlacement(placement, expectedVersion));
  }

  @Override
  public void deletePlacement(String tenant) {
    run(Call.deploymentWide("deletePlacement"), s -> s.deletePlacement(tenant));
  }

  @Override
  public boolean tryAcquireLease(String name, String holder, java.time.Duration ttl) {
    return forward(Call.deploymentWide("tryAcquireLease"), s -> s.tryAcquireLease(name, holder, ttl));
  }

  @Override
  public void releaseLease(String name, String holder) {
    run(Call.deploymentWide("releaseLease"), s -> s.releaseLease(name, holder));
  }
}
