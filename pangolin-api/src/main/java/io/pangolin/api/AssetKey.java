package io.pangolin.api;

import java.util.Objects;

/** Identity of an asset inside a tenant: catalog, namespace and name. Names are unique across kinds. */
public record AssetKey(String catalog, NamespaceName namespace, String name) {
  public AssetKey {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return catalog + "." + namespace + "." + name;
  }
}
