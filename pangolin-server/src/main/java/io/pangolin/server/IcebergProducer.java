package io.pangolin.server;

import io.pangolin.core.Pangolin;
import io.pangolin.iceberg.CapacityReports;
import io.pangolin.iceberg.IcebergRestService;
import io.pangolin.iceberg.TableMaintenance;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * The one {@link IcebergRestService} of the application, over the engine. {@code @Singleton} because the class is
 * final (no client proxy), like the engine itself; disposing it closes the warehouses' FileIOs.
 */
@ApplicationScoped
public class IcebergProducer {
  /** Bound of the cache of parsed Iceberg metadata files, in MiB (0 disables it). */
  static final String CACHE_KEY = "pangolin.iceberg.metadata-cache-mb";
  /** Largest Iceberg metadata file read, in MiB; larger ones are refused (400) without being read. */
  /** Seconds a catalog summary is reused. */
  static final String SUMMARY_TTL_KEY = "pangolin.summary.ttl-s";
  static final String MAX_FILE_KEY = "pangolin.iceberg.max-metadata-file-mb";

  @Produces
  @Singleton
  IcebergRestService iceberg(Pangolin pangolin, Config config) {
    long mib = config.getOptionalValue(CACHE_KEY, Long.class).orElse(128L);
    if (mib < 0) {
      throw new IllegalArgumentException(CACHE_KEY + " must not be negative");
    }
    long maxFile = config.getOptionalValue(MAX_FILE_KEY, Long.class).orElse(64L);
    if (maxFile < 1) {
      throw new IllegalArgumentException(MAX_FILE_KEY + " must be at least 1");
    }
    return new IcebergRestService(pangolin, mib << 20, maxFile << 20);
  }

  /** Table maintenance over the same warehouse FileIOs and metadata cache as the Iceberg API. */
  @Produces
  @Singleton
  TableMaintenance maintenance(IcebergRestService iceberg) {
    return new TableMaintenance(iceberg.catalogs());
  }

  /** Catalog summaries (cached for {@value #SUMMARY_TTL_KEY} seconds), usage, growth and forecast. */
  @Produces
  @Singleton
  CapacityReports capacity(IcebergRestService iceberg, Config config) {
    long ttl = config.getOptionalValue(SUMMARY_TTL_KEY, Long.class).orElse(60L);
    if (ttl < 0) {
      throw new IllegalArgumentException(SUMMARY_TTL_KEY + " must not be negative");
    }
    return new CapacityReports(iceberg.catalogs(), Duration.ofSeconds(ttl), Clock.systemUTC());
  }

  void close(@Disposes IcebergRestService iceberg) {
    iceberg.close();
  }
}
