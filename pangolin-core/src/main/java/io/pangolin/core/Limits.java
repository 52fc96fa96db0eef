package io.pangolin.core;

import io.pangolin.api.ValidationException;

/**
 * Guard rails of a deployment. Exceeding a quota fails the create with
 * {@link io.pangolin.api.QuotaExceededException}; nesting deeper than the limit with
 * {@link io.pangolin.api.ValidationException}.
 *
 * @param maxNamespaceDepth levels a namespace may have (default 4)
 * @param maxTablesPerCatalog assets of any kind in one catalog (default 100 000)
 * @param maxCatalogsPerDeployment catalogs of all tenants together (default 1 000)
 * @param maxTablesPerNamespace assets directly in one namespace (default 100 000)
 * @param maxUsersPerTenant users of one tenant (default 10 000)
 */
public record Limits(int maxNamespaceDepth, long maxTablesPerCatalog, long maxCatalogsPerDeployment,
    long maxTablesPerNamespace, long maxUsersPerTenant) {
  public Limits {
    if (maxNamespaceDepth < 1 || maxNamespaceDepth > 64) {
      throw new ValidationException("max namespace depth must be 1..64, was " + maxNamespaceDepth);
    }
    positive("max tables per catalog", maxTablesPerCatalog);
    positive("max catalogs per deployment", maxCatalogsPerDeployment);
    positive("max tables per namespace", maxTablesPerNamespace);
    positive("max users per tenant", maxUsersPerTenant);
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
    return new Limits(v, maxTablesPerCatalog, maxCatalogsPerDeployment, maxTablesPerNamespace, maxUsersPerTenant);
  }

  public Limits withMaxTablesPerCatalog(long v) {
    return new Limits(maxNamespaceDepth, v, maxCatalogsPerDeployment, maxTablesPerNamespace, maxUsersPerTenant);
  }

  public Limits withMaxCatalogsPerDeployment(long v) {
    return new Limits(maxNamespaceDepth, maxTablesPerCatalog, v, maxTablesPerNamespace, maxUsersPerTenant);
  }

  public Limits withMaxTablesPerNamespace(long v) {
    return new Limits(maxNamespaceDepth, maxTablesPerCatalog, maxCatalogsPerDeployment, v, maxUsersPerTenant);
  }

  public Limits withMaxUsersPerTenant(long v) {
    return new Limits(maxNamespaceDepth, maxTablesPerCatalog, maxCatalogsPerDeployment, maxTablesPerNamespace, v);
  }
}
