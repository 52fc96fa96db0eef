package io.pangolin.server;

import io.pangolin.core.Pangolin;
import io.pangolin.iceberg.IcebergRestService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The one {@link IcebergRestService} of the application, over the engine. {@code @Singleton} because the class is
 * final (no client proxy), like the engine itself; disposing it closes the warehouses' FileIOs.
 */
@ApplicationScoped
public class IcebergProducer {
  @Produces
  @Singleton
  IcebergRestService iceberg(Pangolin pangolin) {
    return new IcebergRestService(pangolin);
  }

  void close(@Disposes IcebergRestService iceberg) {
    iceberg.close();
  }
}
