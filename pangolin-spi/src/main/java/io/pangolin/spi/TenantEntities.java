package io.pangolin.spi;

import io.pangolin.api.Asset;
import io.pangolin.api.Catalog;
import io.pangolin.api.Namespace;
import io.pangolin.api.User;
import io.pangolin.api.ValidationException;
import io.pangolin.api.Warehouse;
import java.util.List;
import java.util.Objects;

/**
 * Entities of one tenant written as they are by {@link MetadataStore#restore}: versions, timestamps and ids
 * included. A store applies the lists in this order — warehouses, catalogs, namespaces (shallower first), assets,
 * users — so a batch may carry parents and their children together.
 */
public record TenantEntities(List<Warehouse> warehouses, List<Catalog> catalogs, List<Namespace> namespaces,
    List<Asset> assets, List<User> users) {
  public TenantEntities {
    warehouses = List.copyOf(Objects.requireNonNull(warehouses, "warehouses"));
    catalogs = List.copyOf(Objects.requireNonNull(catalogs, "catalogs"));
    namespaces = List.copyOf(Objects.requireNonNull(namespaces, "namespaces"));
    assets = List.copyOf(Objects.requireNonNull(assets, "assets"));
    users = List.copyOf(Objects.requireNonNull(users, "users"));
  }

  public static TenantEntities ofWarehouses(List<Warehouse> warehouses) {
    return new TenantEntities(warehouses, List.of(), List.of(), List.of(), List.of());
  }

  public static TenantEntities ofCatalogs(List<Catalog> catalogs) {
    return new TenantEntities(List.of(), catalogs, List.of(), List.of(), List.of());
  }

  public static TenantEntities ofNamespaces(List<Namespace> namespaces) {
    return new TenantEntities(List.of(), List.of(), namespaces, List.of(), List.of());
  }

  public static TenantEntities ofAssets(List<Asset> assets) {
    return new TenantEntities(List.of(), List.of(), List.of(), assets, List.of());
  }

  public static TenantEntities ofUsers(List<User> users) {
    return new TenantEntities(List.of(), List.of(), List.of(), List.of(), users);
  }

  public int size() {
    return warehouses.size() + catalogs.size() + namespaces.size() + assets.size() + users.size();
  }

  /** The namespaces ordered so that every parent comes before its children. */
  public List<Namespace> namespacesParentsFirst() {
    return namespaces.stream().sorted((a, b) -> Integer.compare(a.name().depth(), b.name().depth())).toList();
  }

  /** @throws ValidationException an entity belongs to another tenant than {@code tenant} */
  public void requireTenant(String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    boolean foreign = warehouses.stream().anyMatch(e -> !e.tenant().equals(tenant))
        || catalogs.stream().anyMatch(e -> !e.tenant().equals(tenant))
        || namespaces.stream().anyMatch(e -> !e.tenant().equals(tenant))
        || assets.stream().anyMatch(e -> !e.tenant().equals(tenant))
        || users.stream().anyMatch(e -> !e.tenant().equals(tenant));
    if (foreign) {
      throw new ValidationException("restore of tenant '" + tenant + "' holds entities of another tenant");
    }
  }
}
