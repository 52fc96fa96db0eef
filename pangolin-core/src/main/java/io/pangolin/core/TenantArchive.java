package io.pangolin.core;

import io.pangolin.api.Asset;
import io.pangolin.api.Catalog;
import io.pangolin.api.Grant;
import io.pangolin.api.Namespace;
import io.pangolin.api.Role;
import io.pangolin.api.Tenant;
import io.pangolin.api.User;
import io.pangolin.api.Warehouse;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Everything of one tenant's catalog data, as {@link Pangolin#exportTenant} reads it and
 * {@link Pangolin#importTenant} writes it: the tenant, warehouses (storage properties as stored), catalogs,
 * namespaces, assets (with their locations and metadata pointers), users (profiles; their credentials are
 * principals and are not part of it), custom roles and grants. An import keeps ids and timestamps; versions start
 * again at 1 in the importing store. Service principals, passwords and the audit log are not included.
 */
public record TenantArchive(Tenant tenant, List<Warehouse> warehouses, List<Catalog> catalogs,
    List<Namespace> namespaces, List<Asset> assets, List<User> users, List<Role> roles, List<Grant> grants) {
  public TenantArchive {
    Objects.requireNonNull(tenant, "tenant");
    warehouses = List.copyOf(warehouses);
    catalogs = List.copyOf(catalogs);
    namespaces = List.copyOf(namespaces);
    assets = List.copyOf(assets);
    users = List.copyOf(users);
    roles = List.copyOf(roles);
    grants = List.copyOf(grants);
  }

  /** What an import wrote. {@code grantsSkipped}: grants to principals, which an archive does not carry. */
  public record Imported(String tenant, int warehouses, int catalogs, int namespaces, int assets, int users,
      int roles, int grants, int grantsSkipped) {}

  /** The same archive for a tenant named {@code name}: every entity re-homed. */
  public TenantArchive renamed(String name) {
    Objects.requireNonNull(name, "name");
    if (name.equals(tenant.name())) {
      return this;
    }
    return new TenantArchive(
        new Tenant(name, tenant.properties(), tenant.createdAt(), tenant.updatedAt(), tenant.version()),
        warehouses.stream().map(w -> new Warehouse(name, w.name(), w.storageRoot(), w.storageProperties(),
            w.createdAt(), w.updatedAt(), w.version())).toList(),
        catalogs.stream().map(c -> new Catalog(name, c.name(), c.warehouse(), c.properties(), c.createdAt(),
            c.updatedAt(), c.version())).toList(),
        namespaces.stream().map(n -> new Namespace(name, n.catalog(), n.name(), n.properties(), n.createdAt(),
            n.updatedAt(), n.version())).toList(),
        assets.stream().map(a -> new Asset(name, a.id(), a.catalog(), a.namespace(), a.name(), a.kind(),
            a.location(), a.properties(), a.metadataLocation(), a.createdAt(), a.updatedAt(), a.version())).toList(),
        users.stream().map(u -> new User(name, u.name(), u.email(), u.properties(), u.createdAt(), u.updatedAt(),
            u.version())).toList(),
        roles, grants);
  }

  /** The namespaces ordered so that every parent comes before its children. */
  public List<Namespace> namespacesParentsFirst() {
    return namespaces.stream().sorted(Comparator.comparingInt(n -> n.name().depth())).toList();
  }
}
