package io.pangolin.cache;

/**
 * The key families of the cache. Each has its own time-to-live ({@code ttl.<id>-s}) and its own metrics; every key
 * of every family includes the tenant.
 */
public enum CacheFamily {
  /** Catalog metadata: the tenant record, warehouses (local cache only: they carry storage credentials), catalogs. */
  CATALOG("catalog"),
  /** Namespaces and what a namespace lists: its child namespaces and its assets (paged listings). */
  NAMESPACE_LIST("namespace-list"),
  /** Table, view and other asset records — above all the Iceberg metadata pointer of {@code loadTable}. */
  ASSET("asset"),
  /** What security reads per request: {@code permissions:user:<name>} (the user record until grants exist). */
  PERMISSIONS("permissions");

  private final String id;

  CacheFamily(String id) {
    this.id = id;
  }

  /** The name in configuration keys and metric tags, e.g. {@code namespace-list}. */
  public String id() {
    return id;
  }
}
