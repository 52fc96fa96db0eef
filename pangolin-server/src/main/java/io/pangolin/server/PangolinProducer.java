package io.pangolin.server;

import io.pangolin.core.Pangolin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.logging.Logger;
import io.pangolin.core.StorageSecrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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
        .storageSecrets(storageSecrets(config))
        .storeObserver(new StoreMetrics(registry));
    cache.type().ifPresent(type -> builder.cache(type, cache.config()).cacheObserver(cacheMetrics));
    Pangolin pangolin = builder.build();
    LOG.info(() -> "Pangolin engine started: store '" + settings.storeType() + "', " + tenancy.describe()
        + ", cache '" + cache.type().orElse("none") + "', " + settings.limits() + ", local storage roots "
        + pangolin.localStorageRoots());
    return pangolin;
  }

  /**
   * The keys that encrypt secret warehouse storage properties at rest: {@code pangolin.secrets.keys}
   * ({@code <id>:<base64 32-byte key>,…}, the first encrypts) or {@code pangolin.secrets.keys-file} (a file holding
   * that value). Without either, secrets are stored unencrypted (a warning at start).
   */
  static StorageSecrets storageSecrets(Config config) {
    Optional<String> keys = config.getOptionalValue("pangolin.secrets.keys", String.class);
    Optional<String> file = config.getOptionalValue("pangolin.secrets.keys-file", String.class);
    if (keys.isPresent() && file.isPresent()) {
      throw new IllegalArgumentException("set pangolin.secrets.keys or pangolin.secrets.keys-file, not both");
    }
    String spec;
    if (file.isPresent()) {
      try {
        spec = Files.readString(Path.of(file.get().strip()));
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read pangolin.secrets.keys-file: " + e.getMessage(), e);
      }
    } else {
      spec = keys.orElse("");
    }
    StorageSecrets secrets = StorageSecrets.parse(spec);
    if (!secrets.enabled()) {
      LOG.warning("secret warehouse storage properties are stored unencrypted: set pangolin.secrets.keys or "
          + "pangolin.secrets.keys-file");
    } else {
      LOG.info(() -> "secret warehouse storage properties are encrypted with key '"
          + secrets.primaryKeyId().orElseThrow() + "'");
    }
    return secrets;
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
