package io.pangolin.spi;

/**
 * The asset quotas a create is checked against inside the store's atomic write: the most assets one catalog and one
 * namespace may hold. {@link #NONE} checks nothing.
 */
public record AssetQuota(long maxPerCatalog, long maxPerNamespace) {
  public static final AssetQuota NONE = new AssetQuota(Long.MAX_VALUE, Long.MAX_VALUE);

  public AssetQuota {
    if (maxPerCatalog < 0 || maxPerNamespace < 0) {
      throw new IllegalArgumentException("quotas must not be negative");
    }
  }
}
