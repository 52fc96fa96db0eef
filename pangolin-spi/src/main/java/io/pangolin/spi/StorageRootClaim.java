package io.pangolin.spi;

import java.util.Objects;

/**
 * A warehouse's claim on its storage root in the deployment-wide registry of storage roots
 * ({@link MetadataStore#claimStorageRoot}). The root is in the engine's canonical form (lower-case scheme and bucket,
 * no doubled or trailing slashes, no dot segments), so equal places are equal strings and "inside" is a prefix at a
 * {@code /} boundary.
 *
 * @param root the canonical storage root
 * @param tenant the tenant of the warehouse
 * @param warehouse the warehouse's name
 */
public record StorageRootClaim(String root, String tenant, String warehouse) {
  public StorageRootClaim {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(warehouse, "warehouse");
  }

  /** Whether this claim is held by the warehouse {@code tenant}/{@code warehouse}. */
  public boolean heldBy(String tenant, String warehouse) {
    return this.tenant.equals(tenant) && this.warehouse.equals(warehouse);
  }

  /**
   * Whether this claim's root equals {@code other}, contains it or lies inside it, at path-segment boundaries (plain
   * string comparison of canonical roots: {@code s3://b/lake2} does not overlap {@code s3://b/lake}).
   */
  public boolean overlaps(String other) {
    return root.equals(other) || other.startsWith(slashed(root)) || root.startsWith(slashed(other));
  }

  private static String slashed(String r) {
    return r.endsWith("/") ? r : r + "/";
  }
}
