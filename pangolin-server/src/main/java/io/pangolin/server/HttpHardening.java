package io.pangolin.server;

import static jakarta.interceptor.Interceptor.Priority.PLATFORM_AFTER;

import io.helidon.http.DirectHandler.EventType;
import io.helidon.microprofile.server.PangolinServerAccess;
import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.webserver.http.DirectHandlers;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Installs the server-level HTTP hardening on Helidon's web server before it starts: the framing filter
 * ({@link HttpFramingFilter}) on the default routing and the JSON direct handlers ({@link HttpDirectHandler}) for
 * errors found before routing.
 *
 * <table>
 *   <caption>configuration</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code server.max-payload-size}</td><td>10485760 (10 MiB)</td><td>largest request body; larger → 413,
 *     before anything parses it</td></tr>
 *   <tr><td>{@code pangolin.http.read-timeout-ms}</td><td>30000</td><td>longest a request body may take to arrive
 *     in full; then the connection is closed</td></tr>
 * </table>
 */
@ApplicationScoped
public class HttpHardening {
  static final String READ_TIMEOUT_KEY = "pangolin.http.read-timeout-ms";
  private static final Logger LOG = Logger.getLogger(HttpHardening.class.getName());

  // before ServerCdiExtension starts the server (PLATFORM_AFTER + 100)
  void install(@Observes @Priority(PLATFORM_AFTER) @Initialized(ApplicationScoped.class) Object event,
      BeanManager beans) {
    Config config = ConfigProvider.getConfig();
    long maxPayload = config.getOptionalValue("server.max-payload-size", Long.class).orElse(-1L);
    long readTimeoutMs = config.getOptionalValue(READ_TIMEOUT_KEY, Long.class).orElse(30_000L);
    if (readTimeoutMs <= 0) {
      throw new IllegalArgumentException(READ_TIMEOUT_KEY + " must be positive, was " + readTimeoutMs);
    }
    ServerCdiExtension server = beans.getExtension(ServerCdiExtension.class);
    server.serverRoutingBuilder().addFilter(new HttpFramingFilter(Duration.ofMillis(readTimeoutMs), maxPayload));
    HttpDirectHandler handler = new HttpDirectHandler(maxPayload);
    DirectHandlers.Builder handlers = DirectHandlers.builder();
    for (EventType type : EventType.values()) {
      handlers.addHandler(type, handler);
    }
    PangolinServerAccess.directHandlers(server, handlers.build());
    LOG.fine(() -> "HTTP hardening installed: max payload " + maxPayload + " bytes, body read timeout "
        + readTimeoutMs + " ms");
  }
}
