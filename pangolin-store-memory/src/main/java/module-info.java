/** The reference, in-process {@link io.pangolin.spi.MetadataStore}, provided under the name {@code memory}. */
module io.pangolin.store.memory {
  requires io.pangolin.spi;

  exports io.pangolin.store.memory;

  provides io.pangolin.spi.StoreProvider with io.pangolin.store.memory.MemoryStoreProvider;
}
