package io.pangolin.iceberg;

import java.util.Objects;
import org.apache.iceberg.exceptions.BadRequestException;

/**
 * The {@code {prefix}} path segment of the Iceberg REST API: {@code <tenant>.<catalog>}. Tenant and catalog names
 * never contain a dot, so the first dot separates them unambiguously, and the segment needs no URL escaping.
 */
public record CatalogPrefix(String tenant, String catalog) {
  public CatalogPrefix {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(catalog, "catalog");
  }

  /**
   * Parses {@code <tenant>.<catalog>}.
   *
   * @throws BadRequestException not of that form
   */
  public static CatalogPrefix parse(String prefix) {
    int dot = prefix == null ? -1 : prefix.indexOf('.');
    if (dot <= 0 || dot == prefix.length() - 1 || prefix.indexOf('.', dot + 1) >= 0) {
      throw new BadRequestException("Invalid prefix '%s': expected <tenant>.<catalog>",
          prefix == null ? "" : prefix.length() > 64 ? prefix.substring(0, 64) + "…" : prefix);
    }
    return new CatalogPrefix(prefix.substring(0, dot), prefix.substring(dot + 1));
  }

  /** True if {@code s} has the form of a prefix (a tenant-qualified warehouse name). */
  public static boolean isQualified(String s) {
    return s != null && s.indexOf('.') > 0;
  }

  @Override
  public String toString() {
    return tenant + "." + catalog;
  }
}
