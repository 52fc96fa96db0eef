package io.pangolin.core;

import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.Catalog;
import io.pangolin.api.Grant;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.RequestContext;
import io.pangolin.api.Role;
import io.pangolin.api.Tenant;
import io.pangolin.api.User;
import io.pangolin.api.ValidationException;
import io.pangolin.api.Warehouse;
import io.pangolin.spi.MetadataStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Exports a tenant's catalog data as a {@link TenantArchive} and imports one as a new tenant, through the SPI (so
 * between any two stores and tenancy tiers). Root only; both are audited ({@code tenant.export},
 * {@code tenant.import}). An import refuses an existing tenant name and storage roots another warehouse holds, and
 * leaves nothing behind when it fails.
 */
final class TenantTransfer {
  private static final int PAGE = PageRequest.MAX_SIZE;

  private final Engine engine;

  TenantTransfer(Engine engine) {
    this.engine = engine;
  }

  TenantArchive export(RequestContext ctx, String tenant) {
    Names.tenant(tenant);
    Authz.require(ctx, Authz.Need.ROOT);
    Tenant t = engine.requireTenant(tenant);
    MetadataStore store = engine.tenantStore(tenant);
    return engine.audited(store, ctx, "tenant.export", "tenant", tenant, a -> tenant, () -> {
      List<Warehouse> warehouses = Page.all(p -> store.listWarehouses(tenant, p), PAGE);
      List<Catalog> catalogs = Page.all(p -> store.listCatalogs(tenant, p), PAGE);
      List<Namespace> namespaces = new ArrayList<>();
      List<Asset> assets = new ArrayList<>();
      for (Catalog c : catalogs) {
        Deque<NamespaceName> parents = new ArrayDeque<>(List.of(NamespaceName.ROOT));
        while (!parents.isEmpty()) {
          NamespaceName parent = parents.poll();
          for (Namespace ns : Page.all(p -> store.listNamespaces(tenant, c.name(), parent, p), PAGE)) {
            namespaces.add(ns);
            parents.add(ns.name());
            assets.addAll(Page.all(p -> store.listAssets(tenant, c.name(), ns.name(), Optional.empty(), p), PAGE));
          }
        }
      }
      List<User> users = Page.all(p -> store.listUsers(tenant, p), PAGE);
      return new TenantArchive(t, warehouses, catalogs, namespaces, assets, users, store.listRoles(tenant),
          store.listGrants(tenant));
    });
  }


  TenantArchive.Imported importTenant(RequestContext ctx, Supplier<TenantArchive> read, Optional<String> asName) {
    Authz.require(ctx, Authz.Need.ROOT);
    TenantArchive archive = Objects.requireNonNull(read.get(), "archive");
    String name = Names.tenant(asName.orElse(archive.tenant().name()));
    RequestContext as = new RequestContext(name, ctx.actor(), ctx.requestId(), ctx.principal(), ctx.source());
    return engine.audited(null, as, "tenant.import", "tenant", name, i -> name, () -> {
      TenantArchive a = validated(archive.renamed(name));
      if (engine.control().getTenant(name).isPresent()) {
        throw new AlreadyExistsException("tenant '" + name + "' already exists");
      }
      engine.control().createTenant(a.tenant());
      engine.tenancy.provision(name);
      Written written = new Written();
      try {
        return write(a, written);
      } catch (RuntimeException e) {
        undo(name, written);
        throw e;
      }
    });
  }

  /** What an import has written so far, to undo it. */
  private static final class Written {
    final List<Warehouse> claimed = new ArrayList<>();
    final List<Warehouse> warehouses = new ArrayList<>();
    final List<Catalog> catalogs = new ArrayList<>();
    final List<Namespace> namespaces = new ArrayList<>();
    final List<Asset> assets = new ArrayList<>();
    final List<User> users = new ArrayList<>();
    final List<Role> roles = new ArrayList<>();
    final List<Grant> grants = new ArrayList<>();
  }

  private TenantArchive validated(TenantArchive a) {
    Names.properties(a.tenant().properties(), engine.limits);
    Map<String, String> warehouseRoots = new HashMap<>();
    for (Warehouse w : a.warehouses()) {
      warehouseRoots.put(Names.warehouse(w.name()), engine.storage.check(w.storageRoot()));
    }
    Map<String, String> catalogRoots = new HashMap<>();
    for (Catalog c : a.catalogs()) {
      Names.catalog(c.name());
      String root = warehouseRoots.get(c.warehouse());
      if (root == null) {
        throw new ValidationException("catalog '" + Names.shorten(c.name()) + "' names a warehouse the archive"
            + " does not hold");
      }
      catalogRoots.put(c.name(), root);
    }
    a.namespaces().forEach(n -> Names.namespace(n.name(), engine.limits.maxNamespaceDepth()));
    for (Asset x : a.assets()) {
      Names.asset(x.name());
      // storage belongs to one tenant: every location lies inside its catalog's warehouse root
      String root = catalogRoots.get(x.catalog());
      List<String> locations = new ArrayList<>(List.of(x.location()));
      x.metadataLocation().ifPresent(locations::add);
      for (String location : locations) {
        if (root == null || !Locations.within(root, Locations.canonical("location", location))) {
          throw new ValidationException("asset '" + Names.shorten(x.name()) + "' has a location outside its"
              + " catalog's warehouse root");
        }
      }
    }
    a.users().forEach(u -> Names.user(u.name()));
    return a;
  }

  private TenantArchive.Imported write(TenantArchive a, Written w) {
    String tenant = a.tenant().name();
    MetadataStore store = engine.tenantStore(tenant);
    for (Warehouse wh : a.warehouses()) {
      engine.storage.claim(engine.storage.check(wh.storageRoot()), tenant, wh.name());
      w.claimed.add(wh);
      w.warehouses.add(store.createWarehouse(wh));
    }
    for (Catalog c : a.catalogs()) {
      w.catalogs.add(store.createCatalog(c));
    }
    for (Namespace n : a.namespacesParentsFirst()) {
      w.namespaces.add(store.createNamespace(n));
    }
    for (Asset x : a.assets()) {
      w.assets.add(store.createAsset(x));
    }
    for (User u : a.users()) {
      w.users.add(store.createUser(u));
    }
    for (Role r : a.roles()) {
      w.roles.add(store.createRole(tenant, r));
    }
    int skipped = 0;
    for (Grant g : a.grants()) {
      if (g.grantee().kind() == Grant.Grantee.Kind.ROLE) {
        w.grants.add(store.createGrant(tenant, g));
      } else {
        skipped++; // principals are not exported: a grant to one would name nobody here
      }
    }
    return new TenantArchive.Imported(tenant, w.warehouses.size(), w.catalogs.size(), w.namespaces.size(),
        w.assets.size(), w.users.size(), w.roles.size(), w.grants.size(), skipped);
  }

  /** Removes what a failed import wrote, children first; best effort (the first failure is the one reported). */
  private void undo(String tenant, Written w) {
    MetadataStore store = engine.tenantStore(tenant);
    List<Runnable> steps = new ArrayList<>();
    w.grants.forEach(g -> steps.add(() -> store.deleteGrant(tenant, g.id())));
    w.roles.forEach(r -> steps.add(() -> store.deleteRole(tenant, r.name())));
    w.users.forEach(u -> steps.add(() -> store.deleteUser(tenant, u.name())));
    w.assets.forEach(x -> steps.add(() -> store.deleteAsset(tenant, new AssetKey(x.catalog(), x.namespace(),
        x.name()))));
    w.namespaces.reversed().forEach(n -> steps.add(() -> store.deleteNamespace(tenant, n.catalog(), n.name())));
    w.catalogs.forEach(c -> steps.add(() -> store.deleteCatalog(tenant, c.name())));
    w.warehouses.forEach(wh -> steps.add(() -> store.deleteWarehouse(tenant, wh.name())));
    w.claimed.forEach(wh -> steps.add(() -> engine.storage.release(wh.storageRoot(), tenant, wh.name())));
    steps.add(() -> engine.control().deleteTenant(tenant));
    steps.add(() -> engine.tenancy.deprovision(tenant));
    for (Runnable step : steps) {
      try {
        step.run();
      } catch (RuntimeException e) {
        System.getLogger(TenantTransfer.class.getName()).log(System.Logger.Level.WARNING,
            "undoing the failed import of tenant " + tenant + ": " + e);
      }
    }
  }
}
