package io.pangolin.iceberg;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Vends temporary storage credentials restricted to one table's locations ({@code X-Iceberg-Access-Delegation:
 * vended-credentials}). One implementation per storage kind: {@link S3CredentialVendor} (STS AssumeRole with an
 * inline session policy) is complete; Google Cloud Storage (downscoped OAuth2 access tokens with a Credential Access
 * Boundary) and ADLS Gen2 (user-delegation SAS tokens scoped to the table's directory) are planned, not faked: for
 * those schemes vending is refused.
 *
 * <p>Implementations are thread-safe, cache what they vend per table and principal until shortly before it expires,
 * and never return or log the warehouse's own secret.
 */
public interface CredentialVendor extends AutoCloseable {

  /** Whether this vendor serves warehouses with this storage root (by scheme). */
  boolean supports(String storageRoot);

  /**
   * Temporary credentials for {@code request}.
   *
   * @throws io.pangolin.api.ValidationException the warehouse is not configured for vending (400, not an empty answer)
   * @throws io.pangolin.api.ForbiddenException the identity provider refused (403)
   * @throws io.pangolin.api.UnavailableException the identity provider could not be reached (503)
   */
  Vended vend(Request request);

  /**
   * What to vend for.
   *
   * @param warehouseKey identifies the warehouse and its version (tenant, name, version): credentials are cached under it
   * @param storageProperties the warehouse's storage properties, secrets in clear (never passed on)
   * @param locations canonical locations the credentials may reach (the table location, and its data and metadata
   *     paths if set elsewhere), each inside the warehouse root
   * @param write read-write rather than read-only
   * @param principal who asks (part of the cache key and of the session name the provider logs)
   */
  record Request(String warehouseKey, Map<String, String> storageProperties, List<String> locations, boolean write,
      String principal) {
    public Request {
      Objects.requireNonNull(warehouseKey, "warehouseKey");
      storageProperties = Map.copyOf(storageProperties);
      locations = List.copyOf(locations);
      Objects.requireNonNull(principal, "principal");
    }
  }

  /**
   * Vended credentials.
   *
   * @param config FileIO properties (credentials and the non-secret storage settings the client needs)
   * @param expiresAt when the credentials stop working
   */
  record Vended(Map<String, String> config, Instant expiresAt) {
    public Vended {
      config = Map.copyOf(config);
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
      return "Vended[expiresAt=" + expiresAt + "]"; // never the credentials
    }
  }

  @Override
  void close();
}
