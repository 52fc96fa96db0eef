package io.pangolin.server;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Request bodies of the management API. Each record checks only the JSON structure (required fields present, no
 * nulls); naming rules, limits and quotas are the engine's.
 */
final class Requests {
  private Requests() {}

  /**
   * {@code POST /api/v1/tenants}; {@code tier} (optional: the deployment's default) places the tenant on one of the
   * tenancy strategy's tiers, {@code server} (optional) a dedicated tenant on a configured server.
   */
  record CreateTenant(String name, Map<String, String> properties, String tier, String server)
      implements JsonRequest {
    CreateTenant {
      Fields.required(name, "name");
      properties = Fields.map(properties, "properties");
    }

    /** A tenant on the deployment's default tier. */
    CreateTenant(String name, Map<String, String> properties) {
      this(name, properties, null, null);
    }
  }

  /** {@code PATCH} of a tenant, catalog, namespace or asset: keys to set and keys to remove. */
  record UpdateProperties(Map<String, String> updates, List<String> removals) implements JsonRequest {
    UpdateProperties {
      updates = Fields.map(updates, "updates");
      removals = List.copyOf(Fields.set(removals, "removals"));
    }

    Set<String> removalSet() {
      return Set.copyOf(removals);
    }
  }

  /** {@code POST /api/v1/warehouses}. */
  record CreateWarehouse(String name, String storageRoot, Map<String, String> storageProperties)
      implements JsonRequest {
    CreateWarehouse {
      Fields.required(name, "name");
      Fields.required(storageRoot, "storageRoot");
      storageProperties = Fields.map(storageProperties, "storageProperties");
    }
  }

  /** {@code PATCH /api/v1/warehouses/{name}}: a new storage root (optional) and storage property changes. */
  record UpdateWarehouse(String storageRoot, Map<String, String> updates, List<String> removals)
      implements JsonRequest {
    UpdateWarehouse {
      updates = Fields.map(updates, "updates");
      removals = List.copyOf(Fields.set(removals, "removals"));
    }
  }

  /** {@code POST /api/v1/catalogs}. */
  record CreateCatalog(String name, String warehouse, Map<String, String> properties) implements JsonRequest {
    CreateCatalog {
      Fields.required(name, "name");
      Fields.required(warehouse, "warehouse");
      properties = Fields.map(properties, "properties");
    }
  }

  /** {@code POST …/namespaces}: {@code name} is the dotted form, e.g. {@code "sales.emea"}. */
  record CreateNamespace(String name, Map<String, String> properties) implements JsonRequest {
    CreateNamespace {
      Fields.required(name, "name");
      properties = Fields.map(properties, "properties");
    }
  }

  /** {@code POST …/assets}: {@code kind} is an asset kind such as {@code ICEBERG_TABLE} (case-insensitive). */
  record CreateAsset(String name, String kind, String location, Map<String, String> properties,
      String metadataLocation) implements JsonRequest {
    CreateAsset {
      Fields.required(name, "name");
      Fields.required(kind, "kind");
      properties = Fields.map(properties, "properties");
    }
  }

  /** {@code POST …/assets/{asset}/rename}: the target namespace (dotted) and name, in the same catalog. */
  record RenameAsset(String namespace, String name) implements JsonRequest {
    RenameAsset {
      Fields.required(namespace, "namespace");
      Fields.required(name, "name");
    }
  }

  /** {@code POST /api/v1/users}. */
  record CreateUser(String name, String email, Map<String, String> properties) implements JsonRequest {
    CreateUser {
      Fields.required(name, "name");
      properties = Fields.map(properties, "properties");
    }
  }

  /** {@code PATCH /api/v1/users/{name}}: a new email (optional) and property changes. */
  record UpdateUser(String email, Map<String, String> updates, List<String> removals) implements JsonRequest {
    UpdateUser {
      updates = Fields.map(updates, "updates");
      removals = List.copyOf(Fields.set(removals, "removals"));
    }
  }

  record CreateServiceUser(String name, List<String> roles, String expiresAt) implements JsonRequest {
    CreateServiceUser {
      Fields.required(name, "name");
      roles = List.copyOf(Fields.set(roles, "roles"));
    }

    java.util.Optional<java.time.Instant> expiry() {
      if (expiresAt == null) {
        return java.util.Optional.empty();
      }
      try {
        return java.util.Optional.of(java.time.Instant.parse(expiresAt));
      } catch (java.time.format.DateTimeParseException e) {
        throw new io.pangolin.api.ValidationException("field 'expiresAt' must be an ISO-8601 instant such as "
            + "2027-01-31T00:00:00Z");
      }
    }
  }

  /** Either or both: {@code enabled}, {@code roles} (replaces them). */
  record UpdateServiceUser(Boolean enabled, List<String> roles) implements JsonRequest {
    UpdateServiceUser {
      if (enabled == null && roles == null) {
        throw new io.pangolin.api.ValidationException("give 'enabled', 'roles' or both");
      }
      roles = roles == null ? null : List.copyOf(Fields.set(roles, "roles"));
    }
  }

  record CreateRole(String name, String description) implements JsonRequest {
    CreateRole {
      Fields.required(name, "name");
    }
  }

  /** {@code {"kind": "role" | "principal", "name": …}}. */
  record GranteeBody(String kind, String name) implements JsonRequest {
    GranteeBody {
      Fields.required(kind, "grantee.kind");
      Fields.required(name, "grantee.name");
    }

    io.pangolin.api.Grant.Grantee grantee() {
      return switch (kind) {
        case "role" -> io.pangolin.api.Grant.Grantee.role(name);
        case "principal" -> io.pangolin.api.Grant.Grantee.principal(name);
        default -> throw new io.pangolin.api.ValidationException("grantee.kind must be 'role' or 'principal'");
      };
    }
  }

  record CreateGrant(String scope, GranteeBody grantee, List<String> privileges) implements JsonRequest {
    CreateGrant {
      Fields.required(scope, "scope");
      if (grantee == null) {
        throw new io.pangolin.api.ValidationException("field 'grantee' is required");
      }
      privileges = List.copyOf(Fields.set(privileges, "privileges"));
    }

    java.util.Set<io.pangolin.api.Privilege> privilegeSet() {
      java.util.Set<io.pangolin.api.Privilege> out = java.util.EnumSet.noneOf(io.pangolin.api.Privilege.class);
      for (String p : privileges) {
        out.add(io.pangolin.api.Privilege.parse(p));
      }
      return out;
    }
  }

  record SetPassword(String password, List<String> roles) implements JsonRequest {
    SetPassword {
      Fields.required(password, "password");
    }

    /** Never prints the password. */
    @Override
    public String toString() {
      return "SetPassword[***]";
    }
  }

  record Login(String tenant, String username, String password) implements JsonRequest {
    Login {
      Fields.required(tenant, "tenant");
      Fields.required(username, "username");
      Fields.required(password, "password");
    }

    /** Never prints the password. */
    @Override
    public String toString() {
      return "Login[" + tenant + "/" + username + ", ***]";
    }
  }

  /**
   * {@code POST …/maintenance}: what to do to the Iceberg tables addressed (every field optional; defaults: expire
   * snapshots older than 30 days keeping the last one, clean metadata files per the table's properties, no orphan
   * removal, not a dry run, {@code asOf} now). {@code namespace} (dotted) only on the catalog route.
   */
  record Maintenance(String namespace, Boolean removeOldSnapshots, Integer retentionDays, Integer retainLast,
      Boolean removeOrphanFiles, Integer orphanOlderThanDays, Boolean cleanMetadataFiles, Boolean dryRun,
      String asOf) implements JsonRequest {
    /** The options, with the defaults for what is absent and {@code now} as the default {@code asOf}. */
    io.pangolin.iceberg.MaintenanceOptions options(java.time.Instant now) {
      java.time.Instant reference = now;
      if (asOf != null) {
        try {
          reference = java.time.Instant.parse(asOf);
        } catch (java.time.format.DateTimeParseException e) {
          throw new io.pangolin.api.ValidationException("field 'asOf' must be an ISO-8601 instant such as "
              + "2026-12-05T10:00:00Z");
        }
      }
      return new io.pangolin.iceberg.MaintenanceOptions(or(removeOldSnapshots, true), or(retentionDays, 30),
          or(retainLast, 1), or(removeOrphanFiles, false), or(orphanOlderThanDays, 3), or(cleanMetadataFiles, true),
          or(dryRun, false), reference);
    }

    private static <T> T or(T value, T otherwise) {
      return value == null ? otherwise : value;
    }
  }

  /** {@code POST /api/v1/audit/archive}: events older than this many days (1..36500) move to the archive. */
  record ArchiveAudit(Integer olderThanDays) implements JsonRequest {
    ArchiveAudit {
      if (olderThanDays == null) {
        throw new io.pangolin.api.ValidationException("field 'olderThanDays' is required");
      }
      if (olderThanDays < 1 || olderThanDays > 36_500) {
        throw new io.pangolin.api.ValidationException("field 'olderThanDays' must be between 1 and 36500");
      }
    }
  }
}
