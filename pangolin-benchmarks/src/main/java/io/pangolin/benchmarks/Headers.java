package io.pangolin.benchmarks;

/**
 * The one place that decides which headers a request to the Pangolin server carries (identity, tenant): a bearer
 * token ({@code --token} / {@code PANGOLIN_TOKEN}, else the root token of {@link RootToken} on servers that
 * authenticate) and, on management routes, the tenant root acts in.
 */
final class Headers {
  static final String TENANT_HEADER = "X-Pangolin-Tenant";

  private final String tenant;
  private final String token;

  Headers(String tenant, String token) {
    this.tenant = tenant;
    this.token = token == null || token.isBlank() ? null : token.strip();
  }

  /** Management API routes under a tenant: the tenant header (and the token). */
  String management() {
    return auth() + TENANT_HEADER + ": " + tenant + "\r\n";
  }

  /** Iceberg REST routes (the tenant is the first part of the {prefix}) and tenant-less routes: the token only. */
  String plain() {
    return auth();
  }

  private String auth() {
    return token == null ? "" : "Authorization: Bearer " + token + "\r\n";
  }
}
