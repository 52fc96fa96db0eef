package io.pangolin.core;

import io.pangolin.api.ValidationException;

/**
 * Guard rails of a deployment, the same for every API (management, Iceberg REST, embedded). Exceeding a quota fails
 * the create with {@link io.pangolin.api.QuotaExceededException}; nesting deeper than the limit, or a property map or
 * request list over its bound, with {@link io.pangolin.api.ValidationException}.
 *
 * @param maxNamespaceDepth levels a namespace may have (default 4)
 * @param maxTablesPerCatalog assets of any kind in one catalog (default 100 000)
 * @param maxCatalogsPerDeployment catalogs of all tenants together (default 1 000)
 * @param maxTablesPerNamespace assets directly in one namespace (default 100 000)
 * @param maxUsersPerTenant users of one tenant (default 10 000)
 * @param maxProperties entries of one property map — of a tenant, warehouse, catalog, namespace, asset, user, and
 *     of an Iceberg table or view (default 1 000)
 * @param maxPropertyKeyLength characters of a property key (default 256)
 * @param maxPropertyValueLength characters of a property value (default 65 536)
 * @param maxListSize entries of a list in a request: property removals, the updates and requirements of a commit,
 *     the table changes of a transaction (default 1 000)
 */
public record Limits(int maxNamespaceDepth, long maxTablesPerCatalog, long maxCatalogsPerDeployment,
    long maxTablesPerNamespace, long maxUsersPerTenant, int maxProperties, int maxPropertyKeyLength,
    int maxPropertyValueLength, int maxListSize) {
  static final int DEFAULT_MAX_PROPERTIES = 1_000;
  static final int DEFAULT_MAX_PROPERTY_KEY_LENGTH = 256;
  static final int DEFAULT_MAX_PROPERTY_VALUE_LENGTH = 65_536;
  static final int DEFAULT_MAX_LIST_SIZE = 1_000;

  public Limits {
    if (maxNamespaceDepth < 1 || maxNamespaceDepth > 64) {
      throw new ValidationException("max namespace depth must be 1..64, was " + maxNamespaceDepth);
    }
    positive("max tables per catalog", maxTablesPerCatalog);
    positive("max catalogs per deployment", maxCatalogsPerDeployment);
    positive("max tables per namespace", maxTablesPerNamespace);
    positive("max users per tenant", maxUsersPerTenant);
    positive("max properties", maxProperties);
    positive("max property key length", maxPropertyKeyLength);
    positive("max property value length", maxPropertyValueLength);
    positive("max list size", maxListSize);
  }

  /** The quotas and depth, with the default property and list bounds. */
  public Limits(int maxNamespaceDepth, long maxTablesPerCatalog, long maxCatalogsPerDeployment,
      long maxTablesPerNamespace, long maxUsersPerTenant) {
    this(maxNamespaceDepth, maxTablesPerCatalog, maxCatalogsPerDeployment, maxTablesPerNamespace, maxUsersPerTenant,
        DEFAULT_MAX_PROPERTIES, DEFAULT_MAX_PROPERTY_KEY_LENGTH, DEFAULT_MAX_PROPERTY_VALUE_LENGTH,
        DEFAULT_MAX_LIST_SIZE);
  }

  private static void positive(String what, long v) {
    if (v < 1) {
      throw new ValidationException(what + " must be at least 1, was " + v);
    }
  }

  public static Limits defaults() {
    return new Limits(4, 100_000, 1_000, 100_000, 10_000);
  }

  public Limits withMaxNamespaceDepth(int v) {
    return new Limits(v, maxTablesPerCatalog, maxCatalogsPerDeployment, maxTablesPerNamespace, maxUsersPerTenant,
        maxProperties, maxPropertyKeyLength, maxPropertyValueLength, maxListSize);
  }

  public Limits withMaxTablesPerCatalog(long v) {
    return new Limits(maxNamespaceDepth, v, maxCatalogsPerDeployment, maxTablesPerNamespace, maxUsersPerTenant,
        maxProperties, maxPropertyKeyLength, maxPropertyValueLength, maxListSize);
  }

  public Limits withMaxCatalogsPerDeployment(long v) {
    return new Limits(maxNamespaceDepth, maxTablesPerCatalog, v, maxTablesPerNamespace, maxUsersPerTenant,
        maxProperties, maxPropertyKeyLength, maxPropertyValueLength, maxListSize);
  }

  public Limits withMaxTablesPerNamespace(long v) {
    return new Limits(maxNamespaceDepth, maxTablesPerCatalog, maxCatalogsPerDeployment, v, maxUsersPerTenant,
        maxProperties, maxPropertyKeyLength, maxPropertyValueLength, maxListSize);
  }

  public Limits withMaxUsersPerTenant(long v) {
    return new Limits(maxNamespaceDepth, maxTablesPerCatalog, maxCatalogsPerDeployment, maxTablesPerNamespace, v,
        maxProperties, maxPropertyKeyLength, maxPropertyValueLength, maxListSize);
  }

  public Limits withMaxProperties(int v) {
    return new Limits(maxNamespaceDepth, maxTablesPerCatalog, maxCatalogsPerDeployment, maxTablesPerNamespace,
        maxUsersPerTenant, v, maxPropertyKeyLength, maxPropertyValueLength, maxListSize);
  }

  public Limits withMaxPropertyKeyLength(int v) {
    return new Limits(maxNamespaceDepth, maxTablesPerCatalog, maxCatalogsPerDeployment, maxTablesPerNamespace,
        maxUsersPerTenant, maxProperties, v, maxPropertyValueLength, maxListSize);
  }

  public Limits withMaxPropertyValueLength(int v) {
    return new Limits(maxNamespaceDepth, maxTablesPerCatalog, maxCatalogsPerDeployment, maxTablesPerNamespace,
        maxUsersPerTenant, maxProperties, maxPropertyKeyLength, v, maxListSize);
  }

  public Limits withMaxListSize(int v) {
    return new Limits(maxNamespaceDepth, maxTablesPerCatalog, maxCatalogsPerDeployment, maxTablesPerNamespace,
        maxUsersPerTenant, maxProperties, maxPropertyKeyLength, maxPropertyValueLength, v);
  }
}
