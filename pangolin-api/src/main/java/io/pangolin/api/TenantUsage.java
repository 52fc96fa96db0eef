package io.pangolin.api;

import java.time.Instant;
import java.util.Objects;


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
}
