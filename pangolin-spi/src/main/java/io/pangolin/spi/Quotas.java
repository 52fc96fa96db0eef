package io.pangolin.spi;

import io.pangolin.api.NamespaceName;
import io.pangolin.api.QuotaExceededException;

/** The {@link QuotaExceededException}s stores throw from their quota-checked writes, worded once for all stores. */
public final class Quotas {
  private Quotas() {}

  public static QuotaExceededException catalogFull(String catalog, long max) {
    return new QuotaExceededException("catalog '" + catalog + "' already has the maximum of " + max + " assets");
  }

  public static QuotaExceededException namespaceFull(NamespaceName namespace, long max) {
    return new QuotaExceededException("namespace '" + namespace + "' already has the maximum of " + max + " assets");
  }

  public static QuotaExceededException catalogsFull(long max) {
    return new QuotaExceededException("the deployment already has the maximum of " + max + " catalogs");
  }

  public static QuotaExceededException usersFull(long max) {
    return new QuotaExceededException("tenant already has the maximum of " + max + " users");
  }
}
