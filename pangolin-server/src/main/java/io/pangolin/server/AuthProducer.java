package io.pangolin.server;

import io.pangolin.api.ServiceCredentials;
import io.pangolin.core.Pangolin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The {@link TokenService} of the application, and the bootstrap of the deployment's root principal at start
 * ({@code pangolin.auth.bootstrap-credentials}, or generated credentials printed once on standard output — never to
 * the log).
 */
@ApplicationScoped
public class AuthProducer {
  private static final Logger LOG = Logger.getLogger(AuthProducer.class.getName());

  /** The settings, bound once (a bad value stops the server at start). */
  @Produces
  @Singleton
  AuthSettings settings(Config config) {
    return AuthSettings.from(config);
  }

  @Produces
  @Singleton
  TokenService tokens(Pangolin pangolin, AuthSettings settings, Config config) {
    return new TokenService(pangolin.principals(), settings, Clock.systemUTC(),
        OidcIssuer.Settings.from(config).map(OidcIssuer::new));
  }

  /** Rate limits per principal and source address (off unless configured). */
  @Produces
  @Singleton
  RateLimits rateLimits(Config config) {
    return RateLimits.start(RateLimits.Settings.from(config));
  }

  void closeRateLimits(@Disposes RateLimits limits) {
    limits.close();
  }

  /** Makes sure a root principal exists when the application starts (and creates the token service eagerly). */
  void bootstrap(@Observes @Initialized(ApplicationScoped.class) Object event, Pangolin pangolin,
      AuthSettings settings, TokenService tokens) {
    Optional<ServiceCredentials> generated = pangolin.principals().ensureRoot(settings.bootstrapId(),
        settings.bootstrapSecret());
    if (generated.isPresent()) {
      print(System.out, generated.get());
    } else {
      LOG.info(() -> "root principal present" + settings.bootstrapId().map(id -> " (" + id + ")").orElse(""));
    }
  }

  private static void print(PrintStream out, ServiceCredentials root) {
    out.println();
    out.println("==== Pangolin root credentials (shown once; store them now) ====");
    out.println("client id:     " + root.clientId());
    out.println("client secret: " + root.clientSecret());
    out.println("token:  curl -s -X POST localhost:8080/v1/oauth/tokens -d grant_type=client_credentials \\");
    out.println("          -d client_id=" + root.clientId() + " -d client_secret=<secret> -d scope=catalog");
    out.println("================================================================");
    out.flush();
  }
}
