/**
 * Tenancy strategies: {@link io.pangolin.tenancy.PlacementTenancy} (the strategy, found by the names
 * {@code shared}, {@code hybrid} and {@code dedicated} — the deployment's default tier),
 * {@link io.pangolin.tenancy.TenantRoutingStore} (a {@link io.pangolin.spi.MetadataStore} routing every call by its
 * tenant), {@link io.pangolin.tenancy.TenantMover} (moving a tenant between tiers) and their typed configuration
 * {@link io.pangolin.tenancy.TenancyConfig}.
 */
package io.pangolin.tenancy;
