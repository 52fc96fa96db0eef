package io.pangolin.store.memory;

import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.tck.MetadataStoreTck;

class MemoryStoreTckTest extends MetadataStoreTck {
  @Override
  protected MetadataStore newStore() {
    return new MemoryMetadataStore();
  }
}
