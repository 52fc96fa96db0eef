package io.pangolin.spi;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetQuery;
import io.pangolin.api.Catalog;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What one tenant holds, for capacity planning. Measured through the {@link MetadataStore} contract alone, so it
 * means the same under every store and every tenancy tier.
 *
 * @param tier the tenant's tier when measured
 * @param catalogs catalogs of the tenant
 * @param namespaces namespaces at every depth, in all catalogs
 * @param assets assets of every kind, in all catalogs
 * @param users users of the tenant
 * @param totalSizeBytes the sum of the {@value #SIZE_PROPERTY} property over the assets that carry it — Iceberg's
 *     snapshot-summary total of a table's data files, kept on the asset by whoever writes it; assets without it
 *     count zero
 * @param assetsWithSize how many assets carried {@value #SIZE_PROPERTY} (so a reader can tell "small" from "unknown")
 * @param measuredAt when the measurement finished
 */
public record TenantUsage(String tenant, String tier, long catalogs, long namespaces, long assets, long users,
    long totalSizeBytes, long assetsWithSize, Instant measuredAt) {
  /** The asset property summed into {@link #totalSizeBytes()}: Iceberg's snapshot summary key. */
  public static final String SIZE_PROPERTY = "total-files-size";

  public TenantUsage {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(measuredAt, "measuredAt");
  }

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
