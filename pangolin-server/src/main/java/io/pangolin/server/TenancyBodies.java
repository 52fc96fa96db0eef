package io.pangolin.server;

import io.pangolin.api.TenantPlacement;
import io.pangolin.api.TenantUsage;

/** Request and response bodies of the tenancy routes of {@link TenantResource} (placement, move, usage). */
final class TenancyBodies {
  private TenancyBodies() {}

  /** {@code POST /api/v1/tenants/{tenant}/placement}: the tier to move to, and for {@code dedicated} a server. */
  record MoveTenant(String tier, String server) implements JsonRequest {
    MoveTenant {
      Fields.required(tier, "tier");
    }
  }

  /**
   * Where a tenant lives; {@code target} is its schema or database ({@code server/database} on a named server), empty
   * on the shared tier; {@code moveTo} and {@code moveState} are null unless a move is under way.
   */
  record PlacementView(String tenant, String tier, String target, String moveTo, String moveState)
      implements JsonResponse {
    static PlacementView of(TenantPlacement p) {
      return new PlacementView(p.tenant(), p.tier(), p.target(), p.moveTo().orElse(null), p.moveState().orElse(null));
    }
  }

  /** What a tenant holds; see {@link TenantUsage} for what each count means. */
  record UsageView(String tenant, String tier, long catalogs, long namespaces, long assets, long users,
      long totalSizeBytes, long assetsWithSize, String measuredAt) implements JsonResponse {
    static UsageView of(TenantUsage u) {
      return new UsageView(u.tenant(), u.tier(), u.catalogs(), u.namespaces(), u.assets(), u.users(),
          u.totalSizeBytes(), u.assetsWithSize(), u.measuredAt().toString());
    }
  }
}
