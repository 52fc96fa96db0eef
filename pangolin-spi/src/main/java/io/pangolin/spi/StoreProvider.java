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
}
