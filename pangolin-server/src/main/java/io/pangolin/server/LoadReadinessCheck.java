package io.pangolin.server;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The load of this instance in {@code /health/ready} ({@code pangolin-load}): always UP — an overloaded instance
 * taken out of the Service would push its share onto the others and cascade — with {@code degraded} true and the
 * {@code reasons} when a store pool, the p95 latency or the 5xx rate is past its {@code pangolin.alerts.*}
 * threshold. Hard failures (the store unreachable) are {@link StoreReadinessCheck}'s DOWN.
 */
@Readiness
@ApplicationScoped
public class LoadReadinessCheck implements HealthCheck {
  @Inject
  Operations operations;

  @Override
  public HealthCheckResponse call() {
    Operations.Assessment a = operations.assess();
    return HealthCheckResponse.named("pangolin-load")
        .up()
        .withData("degraded", a.degraded())
        .withData("reasons", String.join("; ", a.reasons()))
        .withData("poolUsage", String.format(Locale.ROOT, "%.3f", a.maxPoolUsage()))
        .withData("p95Ms", String.format(Locale.ROOT, "%.1f", a.window().p95Ms()))
        .withData("errorRate", String.format(Locale.ROOT, "%.4f", a.window().errorRate()))
        .withData("requests", a.window().requests())
        .withData("inFlight", a.inFlight())
        .build();
  }
}
