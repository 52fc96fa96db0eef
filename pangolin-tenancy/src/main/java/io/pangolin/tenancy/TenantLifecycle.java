package io.pangolin.tenancy;

import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.ConflictException;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Tenant;
import io.pangolin.api.ValidationException;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.StoreHealth;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The lifecycle of tenants' places under a {@link PlacementTenancy}: creating a tenant claims its placement and
 * provisions its place (schema or database, migrated, through {@link PlaceStores}, which opens and closes the place
 * stores and their pools); deleting it drops the place; a creation or deletion that stopped midway is finished or
 * undone. {@link TenantRoutingStore} sends tenant creations and deletions here and every other call to the tenant's
 * place; {@link TenantMover} moves places. Holds the strategy's collaborators; the strategy makes one.
 */
record TenantLifecycle(PlacementTenancy owner, MetadataStore control, PlacementRegistry registry, PlaceStores places,
    TenancyConfig config, PlaceConfigs configs, Clock clock) {
  private static final System.Logger LOG = System.getLogger(TenantLifecycle.class.getName());
  /** A registry row without its tenant is taken over by a new creation after this long. */
  private static final Duration ABANDONED = Duration.ofMinutes(1);

  /**
   * Registers the tenant on {@code chosen} (empty: the default tier) and, for a dedicated tenant, on the named
   * {@code server}: claims its placement row, provisions its place (schema or database, migrated) with an anchor row
   * of the tenant there, then stores the tenant in the registry. If anything fails the claim and the place are undone,
   * so a failed creation leaves nothing behind.
   *
   * @throws ValidationException a server for another tier than dedicated, or an unknown server
   */
  Tenant create(Tenant tenant, Optional<Tier> chosen, Optional<String> chosenServer) {
    Objects.requireNonNull(tenant, "tenant");
    String name = TenantRoutingStore.tenantArg(tenant.name());
    Tier tier = chosen.orElse(config.defaultTier());
    Optional<String> server = chosenServer.map(String::strip);
    if (server.isPresent()) {
      if (tier != Tier.DEDICATED) {
        throw new ValidationException("a server applies to the dedicated tier only");
      }
      configs.requireServer(server.get());
    }
    if (control.getTenant(name).isPresent()) {
      throw new AlreadyExistsException("tenant '" + name + "' already exists");
    }
    Place place = tier == Tier.SHARED ? Place.SHARED
        : new Place(tier, server.map(s -> s + "/").orElse("") + PlaceNames.of(config.placePrefix(), name));
    Placement claimed = claim(name, place);
    try {
      if (!place.shared()) {
        places.provision(place);
        places.with(place, s -> ensureAnchor(s, tenant));
      }
      return control.createTenant(tenant);
    } catch (RuntimeException e) {
      abandon(claimed, e);
      throw e;
    }
  }

  private Placement claim(String name, Place place) {
    Placement wanted = Placement.of(name, place, clock.instant());
    try {
      return registry.create(wanted);
    } catch (AlreadyExistsException e) {
      Placement existing = registry.read(name).orElseThrow(() -> e);
      if (control.getTenant(name).isPresent() || existing.move().isPresent()) {
        throw new AlreadyExistsException("tenant '" + name + "' already exists");
      }
      if (existing.createdAt().isAfter(clock.instant().minus(ABANDONED))) {
        throw new AlreadyExistsException("tenant '" + name + "' already exists (its creation is under way)");
      }
      // left behind by a creation or deletion that did not finish: drop its place and take the row over
      if (!existing.place().shared() && !existing.place().equals(place)) {
        places.drop(existing.place());
      }
      return registry.update(new Placement(name, place, 0, Optional.empty(), Optional.empty(), wanted.createdAt(),
          existing.version()), existing);
    }
  }

  private void abandon(Placement claimed, RuntimeException cause) {
    try {
      if (control.getTenant(claimed.tenant()).isPresent()) {
        return;
      }
      if (!claimed.place().shared()) {
        places.drop(claimed.place());
      }
      registry.delete(claimed.tenant());
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** The tenant's row in its own place, which its warehouses, catalogs and users refer to. */
  static Void ensureAnchor(MetadataStore place, Tenant tenant) {
    if (place.getTenant(tenant.name()).isEmpty()) {
      try {
        place.createTenant(new Tenant(tenant.name(), Map.of(), tenant.createdAt(), tenant.updatedAt(), 0));
      } catch (AlreadyExistsException e) {
        // created concurrently or by an earlier attempt
      }
    }
    return null;
  }

  /**
   * Deletes the tenant (refused while it has warehouses, catalogs or users) and then its place: the tenant's audit
   * events move to the shared store (they outlive the tenant) and the schema or database is dropped. A tenant being
   * moved cannot be deleted.
   */
  void delete(String name) {
    Objects.requireNonNull(name, "name");
    Placement p = registry.read(name).orElseGet(() -> Placement.legacy(name));
    if (p.move().isPresent()) {
      throw new ConflictException("tenant '" + name + "' is being moved to the " + p.move().get().to().tier().key()
          + " tier; finish the move (run it again) or abort it first");
    }
    if (p.cleanup().isPresent()) {
      p = owner.mover().cleanUp(p);
    }
    if (p.place().shared()) {
      control.deleteTenant(name);
      if (p.version() > 0) {
        registry.delete(name);
      }
      return;
    }
    if (control.getTenant(name).isEmpty()) {
      throw new NotFoundException("tenant '" + name + "' does not exist");
    }
    try {
      places.with(p.place(), s -> {
        s.deleteTenant(name);
        return null;
      });
    } catch (NotFoundException e) {
      // the anchor went in an earlier attempt
    }
    control.deleteTenant(name);
    dropPlace(p);
  }

  /**
   * Drops the place of a deleted tenant — guarded: only a placement whose tenant is no longer registered, and only
   * the place the registry recorded for it.
   */
  void dropPlace(Placement p) {
    if (control.getTenant(p.tenant()).isPresent()) {
      throw new ConflictException("tenant '" + p.tenant() + "' still exists; delete it before dropping its place");
    }
    if (!p.place().shared()) {
      places.with(p.place(), s -> new TenantSync(p.tenant(), config.moveBatchSize(), null, 1, n -> { })
          .missingAudit(s, control, true));
      places.drop(p.place());
      // part of the tenant's deletion, which the engine audits (tenant.delete, with the caller as actor); the tenant's
      // log stays exactly what it recorded
      LOG.log(Level.INFO, "dropped " + p.place() + " of deleted tenant '" + p.tenant() + "'");
    }
    registry.delete(p.tenant());
  }

  /** The place of a registered tenant exists and holds its anchor (after a creation that crashed midway). */
  void ensureProvisioned(String tenant) {
    Tenant t = control.getTenant(TenantRoutingStore.tenantArg(tenant)).orElseThrow(() ->
        new NotFoundException("tenant '" + tenant + "' does not exist"));
    Placement p = registry.route(tenant);
    if (!p.place().shared() && !places.provisioned(p.place())) {
      places.provision(p.place());
      places.with(p.place(), s -> ensureAnchor(s, t));
    }
  }

  /** The control-plane store's health, with the default tier and the number of open place stores. */
  StoreHealth health() {
    StoreHealth h = control.health();
    return new StoreHealth(h.up(), h.detail() + "; tenancy " + config.defaultTier().key() + " by default, "
        + places.openCount() + " tenant place stores open");
  }
}
