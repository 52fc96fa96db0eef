package io.pangolin.server;

import io.pangolin.core.Pangolin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Builds the one {@link Pangolin} engine of the application from {@link PangolinSettings}, at startup (so a bad
 * configuration stops the server at once), and closes it when the container shuts down (Helidon's shutdown hook
 * stops the CDI container, which calls the disposer).
 *
 * <p>{@code Pangolin} is final, so it cannot get a client proxy: it is produced {@code @Singleton} — one instance
 * for the application's lifetime, like {@code @ApplicationScoped} without the proxy.
 */
@ApplicationScoped
public class PangolinProducer {
  private static final Logger LOG = Logger.getLogger(PangolinProducer.class.getName());

  @Produces
  @Singleton
  Pangolin pangolin(Config config, MetricRegistry registry, CacheMetrics cacheMetrics) {
    PangolinSettings settings = PangolinSettings.from(config);
    CacheSettings cache = CacheSettings.from(config);
    TenancySettings tenancy = TenancySettings.from(config);
    Pangolin.Builder builder = tenancy.configure(Pangolin.builder(), settings)
        .limits(settings.limits())
        .localStorageRoots(settings.localStorageRoots())
        .storeObserver(new StoreMetrics(registry));
    cache.type().ifPresent(type -> builder.cache(type, cache.config()).cacheObserver(cacheMetrics));
    Pangolin pangolin = builder.build();
    LOG.info(() -> "Pangolin engine started: store '" + settings.storeType() + "', " + tenancy.describe()
        + ", cache '" + cache.type().orElse("none") + "', " + settings.limits() + ", local storage roots "
        + pangolin.localStorageRoots());
    return pangolin;
  }

  void close(@Disposes Pangolin pangolin) {
    LOG.info("closing the Pangolin engine");
    pangolin.close();
  }

  /** Creates the engine when the application starts instead of on the first request. */
  void eager(@Observes @Initialized(ApplicationScoped.class) Object event, Pangolin pangolin) {
    LOG.fine(() -> "engine ready, store health: " + pangolin.health());
  }
}
