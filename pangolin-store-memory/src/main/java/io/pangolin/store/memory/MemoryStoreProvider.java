package io.pangolin.store.memory;

import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.ProviderConfig;
import io.pangolin.spi.StoreProvider;

/** Provides {@link MemoryMetadataStore} under the name {@code memory}. It takes no configuration. */
public final class MemoryStoreProvider implements StoreProvider {
  public static final String NAME = "memory";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public MetadataStore open(ProviderConfig config) {
    return new MemoryMetadataStore();
  }
}
