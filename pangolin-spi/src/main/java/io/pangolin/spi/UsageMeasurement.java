package io.pangolin.spi;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetQuery;
import io.pangolin.api.Catalog;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.TenantUsage;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** Measures a {@link TenantUsage} through the {@link MetadataStore} contract alone. */
public final class UsageMeasurement {
  private static final String SIZE_PROPERTY = TenantUsage.SIZE_PROPERTY;

  private UsageMeasurement() {}

  /**
   * Counts {@code tenant}'s entities in {@code store}: one listing of catalogs, a walk of each catalog's namespace
   * tree, one asset count per catalog, one user count and one search for assets carrying a size. Not a snapshot:
   * writes running meanwhile may or may not be counted.
   */
  public static TenantUsage measure(MetadataStore store, String tenant, String tier) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(tenant, "tenant");
    long[] catalogs = {0};
    long[] namespaces = {0};
    long[] assets = {0};
    forEach(p -> store.listCatalogs(tenant, p), (Catalog c) -> {
      catalogs[0]++;
      assets[0] += store.countAssets(tenant, c.name());
      Deque<NamespaceName> parents = new ArrayDeque<>();
      parents.push(NamespaceName.ROOT);
      while (!parents.isEmpty()) {
        NamespaceName parent = parents.pop();
        forEach(p -> store.listNamespaces(tenant, c.name(), parent, p), (Namespace n) -> {
          namespaces[0]++;
          parents.push(n.name());
        });
      }
    });
    long[] size = {0, 0};
    AssetQuery sized = new AssetQuery(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(SIZE_PROPERTY), Optional.empty());
    forEach(p -> store.searchAssets(tenant, sized, p), (Asset a) -> {
      try {
        long bytes = Long.parseLong(a.properties().get(SIZE_PROPERTY).trim());
        if (bytes >= 0) {
          size[0] += bytes;
          size[1]++;
        }
      } catch (NumberFormatException e) {
        // not a number: not counted
      }
    });
    return new TenantUsage(tenant, tier, catalogs[0], namespaces[0], assets[0], store.countUsers(tenant), size[0],
        size[1], Instant.now());
  }

  private static <T> void forEach(Function<PageRequest, Page<T>> listing, Consumer<T> action) {
    Optional<String> token = Optional.empty();
    do {
      Page<T> page = listing.apply(new PageRequest(token, PageRequest.MAX_SIZE));
      page.items().forEach(action);
      token = page.nextToken();
    } while (token.isPresent());
  }
}
