package io.pangolin.tenancy;

import io.pangolin.api.Asset;
import io.pangolin.api.ForbiddenException;
import io.pangolin.spi.AssetUpdate;
import io.pangolin.spi.ForwardingMetadataStore;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.TenantEntities;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The store of one tenant ({@link PlacementTenancy#storeFor}): the router, restricted to that tenant. Any call
 * naming another tenant — as argument or in the entity it writes — fails with {@link ForbiddenException} before it
 * reaches a store, so a request holding one tenant's store can never touch another tenant's place. Deployment-wide
 * calls ({@code listTenants}, {@code countCatalogs}, the storage-root registry, leases) belong to the control plane
 * and are refused here; principals go through to the control plane. Equal for the same router and tenant, so callers
 * may key caches by it.
 */
final class TenantBoundStore extends ForwardingMetadataStore {
  /** What the refusal of a deployment-wide call names. */
  private static final Map<String, String> DEPLOYMENT_WIDE = Map.ofEntries(
      Map.entry("listTenants", "listing tenants"),
      Map.entry("countCatalogs", "counting the catalogs of all tenants"),
      Map.entry("claimStorageRoot", "the registry of storage roots"),
      Map.entry("storageRootsOverlapping", "the registry of storage roots"),
      Map.entry("releaseStorageRoot", "the registry of storage roots"),
      Map.entry("createPlacement", "placements"),
      Map.entry("getPlacement", "placements"),
      Map.entry("listPlacements", "placements"),
      Map.entry("updatePlacement", "placements"),
      Map.entry("deletePlacement", "placements"),
      Map.entry("tryAcquireLease", "leases"),
      Map.entry("releaseLease", "leases"));

  private final MetadataStore router;
  private final String tenant;

  /** @param router the {@link TenantRoutingStore}, or a decorator of it (a cache) */
  TenantBoundStore(MetadataStore router, String tenant) {
    this.router = Objects.requireNonNull(router, "router");
    this.tenant = Objects.requireNonNull(tenant, "tenant");
  }

  @Override
  protected MetadataStore delegate() {
    return router;
  }

  /** Lets a call of this tenant or of the control plane through; refuses other tenants and deployment-wide calls. */
  @Override
  protected <T> T forward(Call call, Function<MetadataStore, T> body) {
    switch (call.scope()) {
      case TENANT_READ, TENANT_WRITE -> own(call.tenant().orElse(null));
      case DEPLOYMENT -> throw new ForbiddenException(DEPLOYMENT_WIDE.getOrDefault(call.operation(), call.operation())
          + " is deployment-wide: use the control plane, not a tenant's store");
      case CONTROL_PLANE -> { }
    }
    return body.apply(router);
  }

  private void own(String t) {
    if (!tenant.equals(t)) {
      throw new ForbiddenException("the store of tenant '" + tenant + "' cannot be used for another tenant");
    }
  }

  /** Every updated asset must be of this tenant too. */
  @Override
  public List<Asset> updateAssets(String t, List<AssetUpdate> updates) {
    own(t);
    updates.forEach(u -> own(u.asset().tenant()));
    return super.updateAssets(t, updates);
  }

  /** Every restored entity must be of this tenant too. */
  @Override
  public void restore(String t, TenantEntities entities) {
    own(t);
    entities.requireTenant(t);
    super.restore(t, entities);
  }

  /** The strategy owns the stores; closing a tenant's view closes nothing. */
  @Override
  public void close() {}

  @Override
  public boolean equals(Object o) {
    return o instanceof TenantBoundStore b && b.router == router && b.tenant.equals(tenant);
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(router) * 31 + tenant.hashCode();
  }

  @Override
  public String toString() {
    return "store of tenant '" + tenant + "'";
  }
}
