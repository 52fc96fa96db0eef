package io.pangolin.server;

import io.pangolin.api.Asset;
import io.pangolin.api.AuditEvent;
import io.pangolin.api.Catalog;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceService;
import io.pangolin.api.Page;
import io.pangolin.api.Tenant;
import io.pangolin.api.User;
import io.pangolin.api.Warehouse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Response bodies of the management API. The API's records are never serialized directly: {@code Optional}s become
 * nullable fields, namespaces their dotted form, timestamps ISO-8601 strings, and secret-looking storage properties
 * are masked.
 */
final class Views {
  private Views() {}

  /** One page of a listing; {@code nextPageToken} is null on the last page. */
  record PageView<T>(List<T> items, String nextPageToken) implements JsonResponse {
    static <A, V> PageView<V> of(Page<A> page, Function<A, V> view) {
      return new PageView<>(page.items().stream().map(view).toList(), page.nextToken().orElse(null));
    }
  }

  record TenantView(String name, Map<String, String> properties, String createdAt, String updatedAt,
      long version) implements JsonResponse {
    static TenantView of(Tenant t) {
      return new TenantView(t.name(), sorted(t.properties()), iso(t.createdAt()), iso(t.updatedAt()), t.version());
    }
  }

  /** A warehouse; values of secret-looking storage properties are replaced by {@value Secrets#MASK}. */
  record WarehouseView(String name, String storageRoot, Map<String, String> storageProperties, String createdAt,
      String updatedAt, long version) implements JsonResponse {
    static WarehouseView of(Warehouse w) {
      return new WarehouseView(w.name(), w.storageRoot(), Secrets.mask(w.storageProperties()), iso(w.createdAt()),
          iso(w.updatedAt()), w.version());
    }
  }

  record CatalogView(String name, String warehouse, Map<String, String> properties, String createdAt,
      String updatedAt, long version) implements JsonResponse {
    static CatalogView of(Catalog c) {
      return new CatalogView(c.name(), c.warehouse(), sorted(c.properties()), iso(c.createdAt()),
          iso(c.updatedAt()), c.version());
    }
  }

  /** A namespace: {@code name} is the dotted form, {@code levels} the same split into levels. */
  record NamespaceView(String catalog, String name, List<String> levels, Map<String, String> properties,
      String createdAt, String updatedAt, long version) implements JsonResponse {
    static NamespaceView of(Namespace n) {
      return new NamespaceView(n.catalog(), n.name().toString(), n.name().levels(), sorted(n.properties()),
          iso(n.createdAt()), iso(n.updatedAt()), n.version());
    }
  }

  /** Result of a namespace property update: keys set, keys removed, and removal keys that were not present. */
  record NamespacePropertiesView(NamespaceView namespace, List<String> updated, List<String> removed,
      List<String> missing) implements JsonResponse {
    static NamespacePropertiesView of(NamespaceService.PropertiesUpdate u) {
      return new NamespacePropertiesView(NamespaceView.of(u.namespace()), sortedList(u.updated()),
          sortedList(u.removed()), sortedList(u.missing()));
    }
  }

  /** An asset; {@code metadataLocation} is null for non-Iceberg kinds. */
  record AssetView(String id, String catalog, String namespace, String name, String kind, String location,
      String metadataLocation, Map<String, String> properties, String createdAt, String updatedAt, long version)
      implements JsonResponse {
    static AssetView of(Asset a) {
      return new AssetView(a.id(), a.catalog(), a.namespace().toString(), a.name(), a.kind().name(), a.location(),
          a.metadataLocation().orElse(null), sorted(a.properties()), iso(a.createdAt()), iso(a.updatedAt()),
          a.version());
    }
  }

  /** A user; {@code email} is null when not set. */
  record UserView(String name, String email, Map<String, String> properties, String createdAt, String updatedAt,
      long version) implements JsonResponse {
    static UserView of(User u) {
      return new UserView(u.name(), u.email().orElse(null), sorted(u.properties()), iso(u.createdAt()),
          iso(u.updatedAt()), u.version());
    }
  }

  record AuditEventView(String id, String actor, String action, String resourceType, String resourceId,
      String resourceName, String result, String timestamp, String requestId, Map<String, String> details)
      implements JsonResponse {
    static AuditEventView of(AuditEvent e) {
      return new AuditEventView(e.id(), e.actor(), e.action(), e.resourceType(), e.resourceId(), e.resourceName(),
          e.result().name(), iso(e.timestamp()), e.requestId(), sorted(e.details()));
    }
  }

  record CountView(long count) implements JsonResponse {}

  record ArchiveView(long archived, String before) implements JsonResponse {}

  record CatalogSummaryView(String catalog, long namespaces, long tables, long views, long otherAssets,
      long totalDataFiles, long totalDataBytes, String computedAt) implements JsonResponse {
    static CatalogSummaryView of(io.pangolin.iceberg.CapacityReports.CatalogSummary s) {
      return new CatalogSummaryView(s.catalog(), s.namespaces(), s.tables(), s.views(), s.otherAssets(),
          s.totalDataFiles(), s.totalDataBytes(), iso(s.computedAt()));
    }
  }

  record TenantUsageView(String tenant, long catalogs, long namespaces, long tables, long views, long users,
      long dataFiles, long dataBytes) {
    static TenantUsageView of(io.pangolin.iceberg.CapacityReports.TenantTotals t) {
      return new TenantUsageView(t.tenant(), t.catalogs(), t.namespaces(), t.tables(), t.views(), t.users(),
          t.dataFiles(), t.dataBytes());
    }
  }

  record UsageView(List<TenantUsageView> tenants) implements JsonResponse {}

  record GrowthDayView(String date, long newTables, long cumulativeTables) {}

  record GrowthView(int days, List<GrowthDayView> series) implements JsonResponse {
    static GrowthView of(io.pangolin.iceberg.CapacityReports.Growth g) {
      return new GrowthView(g.days(), g.series().stream()
          .map(d -> new GrowthDayView(d.date().toString(), d.newTables(), d.cumulativeTables())).toList());
    }
  }

  record ForecastPointView(String month, long tables, long dataBytes, long users) {}

  record ForecastView(int months, String method, List<ForecastPointView> points) implements JsonResponse {
    static ForecastView of(io.pangolin.iceberg.CapacityReports.Forecast f) {
      return new ForecastView(f.months(), f.method(), f.points().stream()
          .map(p -> new ForecastPointView(p.month().toString(), p.tables(), p.dataBytes(), p.users())).toList());
    }
  }

  /** The report of a table maintenance run ({@code POST …/maintenance}). */
  record MaintenanceView(boolean dryRun, String asOf, List<MaintenanceTableView> tables, MaintenanceTotals totals)
      implements JsonResponse {
    static MaintenanceView of(io.pangolin.iceberg.MaintenanceReport r) {
      return new MaintenanceView(r.dryRun(), iso(r.asOf()), r.tables().stream().map(MaintenanceTableView::of)
          .toList(), new MaintenanceTotals(r.tables().size(), r.snapshotsExpired(), r.filesRemoved(),
          r.bytesRemoved()));
    }
  }

  record MaintenanceTableView(String catalog, String namespace, String name, List<Long> snapshotsExpired,
      int snapshotsKept, int dataFilesRemoved, int manifestFilesRemoved, int manifestListsRemoved,
      int metadataFilesRemoved, int orphanFilesRemoved, long bytesRemoved, List<String> filesRemoved) {
    static MaintenanceTableView of(io.pangolin.iceberg.MaintenanceReport.TableReport t) {
      return new MaintenanceTableView(t.catalog(), t.namespace(), t.name(), t.snapshotsExpired(), t.snapshotsKept(),
          t.dataFilesRemoved(), t.manifestFilesRemoved(), t.manifestListsRemoved(), t.metadataFilesRemoved(),
          t.orphanFilesRemoved(), t.bytesRemoved(), t.filesRemoved());
    }
  }

  record MaintenanceTotals(int tables, int snapshotsExpired, int filesRemoved, long bytesRemoved) {}

  /** The body of every error response: {@code {"error": {...}}}. */
  record ErrorView(ErrorDetail error) implements JsonResponse {}

  /**
   * @param code an {@link io.pangolin.api.ErrorCode} name, or an HTTP-level code such as {@code NOT_ACCEPTABLE}
   */
  record ErrorDetail(String code, String message, int status, String requestId) {}

  static String iso(Instant instant) {
    return instant.toString();
  }

  private static Map<String, String> sorted(Map<String, String> map) {
    return new TreeMap<>(map);
  }

  private static List<String> sortedList(Set<String> set) {
    return set.stream().sorted().toList();
  }

  record RoleView(String name, String description, String createdAt) implements JsonResponse {
    static RoleView of(io.pangolin.api.Role r) {
      return new RoleView(r.name(), r.description(), iso(r.createdAt()));
    }
  }

  record GranteeView(String kind, String name) {}

  record GrantView(String id, String scope, GranteeView grantee, List<String> privileges, String createdAt,
      String createdBy) implements JsonResponse {
    static GrantView of(io.pangolin.api.Grant g) {
      return new GrantView(g.id(), g.scope().toString(), new GranteeView(
          g.grantee().kind().name().toLowerCase(java.util.Locale.ROOT), g.grantee().name()),
          g.privileges().stream().sorted().map(io.pangolin.api.Privilege::wireName).toList(), iso(g.createdAt()),
          g.createdBy());
    }
  }

  record ListView<T>(List<T> items) implements JsonResponse {}

  record EffectiveView(String scope, List<String> privileges) implements JsonResponse {}

  record ServiceUserView(String name, String clientId, List<String> roles, boolean enabled, String expiresAt,
      String createdAt, String updatedAt, long version) implements JsonResponse {
    static ServiceUserView of(io.pangolin.api.ServicePrincipal p) {
      return new ServiceUserView(p.name(), p.clientId(), p.roles().stream().sorted().toList(), p.enabled(),
          p.expiresAt().map(Views::iso).orElse(null), iso(p.createdAt()), iso(p.updatedAt()), p.version());
    }
  }

  /** Returned once, when a service user is created or its secret rotated. */
  record ServiceCredentialsView(String name, String clientId, String clientSecret, List<String> roles,
      boolean enabled, String expiresAt) implements JsonResponse {
    static ServiceCredentialsView of(io.pangolin.api.ServiceCredentials c) {
      var p = c.principal();
      return new ServiceCredentialsView(p.name(), p.clientId(), c.clientSecret(), p.roles().stream().sorted().toList(),
          p.enabled(), p.expiresAt().map(Views::iso).orElse(null));
    }

    @Override
    public String toString() {
      return "ServiceCredentialsView[" + clientId + ", ***]";
    }
  }

  record PrincipalView(String id, String name, String kind, String tenant, List<String> roles)
      implements JsonResponse {
    static PrincipalView of(io.pangolin.api.Principal p) {
      return new PrincipalView(p.id(), p.name(), p.kind().name(), p.tenant().orElse(null),
          p.roles().stream().sorted().toList());
    }
  }
}
