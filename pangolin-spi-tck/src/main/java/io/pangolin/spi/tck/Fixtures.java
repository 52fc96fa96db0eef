package io.pangolin.spi.tck;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKind;
import io.pangolin.api.AuditEvent;
import io.pangolin.api.AuditResult;
import io.pangolin.api.Catalog;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.Tenant;
import io.pangolin.api.User;
import io.pangolin.api.Warehouse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Domain records with sensible defaults, for the test kit and for store-specific tests. Nothing here touches a
 * store. Timestamps are truncated to milliseconds, which every backend stores exactly; versions are 0 (a store
 * sets 1 on create).
 */
public final class Fixtures {
  private Fixtures() {}

  /** {@code prefix} followed by 16 random lower-case hex digits, e.g. {@code t3f09c2a17b44e0d1}. */
  public static String uniqueName(String prefix) {
    return prefix + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  }

  /** The current time, truncated to milliseconds. */
  public static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  public static Tenant tenant(String name) {
    Instant now = now();
    return new Tenant(name, Map.of("display-name", "Tenant " + name, "tier", "gold"), now, now, 0);
  }

  public static Warehouse warehouse(String tenant, String name) {
    Instant now = now();
    return new Warehouse(tenant, name, "s3://" + name + "-bucket/data",
        Map.of("s3.region", "eu-central-1", "s3.endpoint", "http://localhost:9000"), now, now, 0);
  }

  public static Catalog catalog(String tenant, String name, String warehouse) {
    Instant now = now();
    return new Catalog(tenant, name, warehouse, Map.of("owner", "data-team", "comment", "catalog " + name), now,
        now, 0);
  }

  public static Namespace namespace(String tenant, String catalog, NamespaceName name) {
    Instant now = now();
    return new Namespace(tenant, catalog, name, Map.of("comment", "namespace " + name), now, now, 0);
  }

  /**
   * An asset with a random id. Iceberg kinds get a metadata location, the other kinds none.
   */
  public static Asset asset(String tenant, String catalog, NamespaceName namespace, String name, AssetKind kind) {
    Instant now = now();
    String location = "s3://bucket/" + catalog + "/" + namespace + "/" + name;
    Optional<String> metadataLocation = kind.isIceberg()
        ? Optional.of(location + "/metadata/00000-" + UUID.randomUUID() + ".metadata.json")
        : Optional.empty();
    return new Asset(tenant, UUID.randomUUID().toString(), catalog, namespace, name, kind, location,
        Map.of("owner", "tck", "format-version", "2"), metadataLocation, now, now, 0);
  }

  /** {@code asset} with other properties and a later {@code updatedAt}; identity and version unchanged. */
  public static Asset withProperties(Asset asset, Map<String, String> properties) {
    return new Asset(asset.tenant(), asset.id(), asset.catalog(), asset.namespace(), asset.name(), asset.kind(),
        asset.location(), properties, asset.metadataLocation(), asset.createdAt(), asset.updatedAt().plusMillis(1),
        asset.version());
  }

  public static User user(String tenant, String name) {
    Instant now = now();
    return new User(tenant, name, Optional.of(name + "@example.com"), Map.of("display-name", "User " + name), now,
        now, 0);
  }

  /** A successful {@code catalog.create} by {@code alice} at {@code timestamp}. */
  public static AuditEvent audit(String tenant, Instant timestamp) {
    return audit(tenant, timestamp, "alice", "catalog.create", "catalog", "sales", AuditResult.SUCCESS);
  }

  public static AuditEvent audit(String tenant, Instant timestamp, String actor, String action, String resourceType,
      String resourceName, AuditResult result) {
    return new AuditEvent(UUID.randomUUID().toString(), tenant, actor, action, resourceType,
        UUID.randomUUID().toString(), resourceName, result, timestamp, UUID.randomUUID().toString(),
        result == AuditResult.SUCCESS ? Map.of() : Map.of("code", "CONFLICT", "message", "it failed"));
  }
}
