package io.pangolin.spi;

/**
 * Creates {@link MetadataStore}s of one kind. Found by {@link #name()} through {@link java.util.ServiceLoader}
 * ({@code provides io.pangolin.spi.StoreProvider} in the module descriptor and a {@code META-INF/services} entry for
 * the class path). Implementations have a public no-arg constructor and are stateless.
 */
public interface StoreProvider {
  /** Unique, lower-case name used in configuration, e.g. {@code memory}, {@code postgres}. */
  String name();

  /**
   * Opens a store. The caller owns it and closes it.
   *
   * @throws io.pangolin.api.ValidationException bad configuration
   * @throws io.pangolin.api.UnavailableException the backend cannot be reached
   */
  MetadataStore open(ProviderConfig config);

  /**
   * Creates the place {@code config} points at — a schema or a database of its own for one tenant, see
   * {@link PlaceScope} — with the store's schema migrated, so that {@link #open} finds it ready. Idempotent: an
   * existing place is migrated if needed and otherwise left alone. Used by tenancy strategies; the default refuses.
   *
   * @throws io.pangolin.api.ValidationException the store cannot create places (the default), or bad configuration
   * @throws io.pangolin.api.UnavailableException the backend cannot be reached
   */
  default void provision(ProviderConfig config, PlaceScope scope) {
    throw new io.pangolin.api.ValidationException("store '" + name() + "' cannot provision places for tenants");
  }

  /**
   * Drops the place {@code config} points at with everything in it. Idempotent: a missing place is no error. The
   * caller closes every store open on the place first and guards what it drops; the store refuses to drop what is
   * evidently not a tenant's place (its server's maintenance or template databases). The default refuses.
   *
   * @throws io.pangolin.api.ValidationException the store cannot drop places (the default), or bad configuration
   * @throws io.pangolin.api.UnavailableException the backend cannot be reached
   */
  default void deprovision(ProviderConfig config, PlaceScope scope) {
    throw new io.pangolin.api.ValidationException("store '" + name() + "' cannot deprovision places of tenants");
  }

  /** How a store's places are made ready for use. */
  enum PlacePreparation {
    /** {@link #provision} creates and migrates a place; a strategy runs it once per process before opening. */
    PROVISION,
    /** Opening a store on a place creates and prepares it (e.g. MongoDB databases and indexes). */
    OPEN
  }

  /**
   * The configuration of a store on a tenant's own place, derived from {@code base} — the shared store's
   * configuration, with the keys of a named server already applied — so that {@link #open}, {@link #provision} and
   * {@link #deprovision} address that place. Only the store knows its keys (a JDBC URL, a database name); tenancy
   * strategies never edit them. The default refuses: the store has no places.
   *
   * @throws io.pangolin.api.ValidationException the store cannot host tenants' places, or {@code base} cannot be
   *     turned into one (e.g. a URL without a database to replace)
   */
  default ProviderConfig placeConfig(ProviderConfig base, PlaceSpec place) {
    throw new io.pangolin.api.ValidationException("store '" + name() + "' cannot host tenants' own places");
  }

  /** How places of this store are made ready; the default: {@link PlacePreparation#PROVISION}. */
  default PlacePreparation placePreparation() {
    return PlacePreparation.PROVISION;
  }
}
