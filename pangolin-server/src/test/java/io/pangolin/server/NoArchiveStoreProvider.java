package io.pangolin.server;

import io.pangolin.spi.ForwardingMetadataStore;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.ProviderConfig;
import io.pangolin.spi.StoreProvider;
import io.pangolin.store.memory.MemoryMetadataStore;

/**
 * A plugin store as a third party might write one: everything of the memory store but the audit archive, which it
 * leaves to the SPI's defaults ({@link MetadataStore#supportsAuditArchive()} false). Found by the test class path's
 * {@code META-INF/services} under the name {@value #NAME}.
 */
public final class NoArchiveStoreProvider implements StoreProvider {
  static final String NAME = "test-no-archive";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public MetadataStore open(ProviderConfig config) {
    MemoryMetadataStore memory = new MemoryMetadataStore();
    return new ForwardingMetadataStore() {
      @Override
      protected MetadataStore delegate() {
        return memory;
      }

      @Override
      public boolean supportsAuditArchive() {
        return false;
      }

      @Override
      public long archiveAudit(String tenant, java.time.Instant before) {
        throw new UnsupportedOperationException("no audit archive in this plugin");
      }

      @Override
      public io.pangolin.api.Page<io.pangolin.api.AuditEvent> queryArchivedAudit(String tenant,
          io.pangolin.api.AuditQuery query, io.pangolin.api.PageRequest page) {
        throw new UnsupportedOperationException("no audit archive in this plugin");
      }

      @Override
      public long countArchivedAudit(String tenant, io.pangolin.api.AuditQuery query) {
        throw new UnsupportedOperationException("no audit archive in this plugin");
      }
    };
  }
}
