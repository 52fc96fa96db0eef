package io.pangolin.server;

import io.pangolin.core.Pangolin;
import io.pangolin.spi.StoreHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the metadata store answers ({@code /health/ready}). */
@Readiness
@ApplicationScoped
public class StoreReadinessCheck implements HealthCheck {
  @Inject
  Pangolin pangolin;

  @Override
  public HealthCheckResponse call() {
    StoreHealth health = pangolin.health();
    return HealthCheckResponse.named("pangolin-store")
        .status(health.up())
        .withData("detail", health.detail())
        .build();
  }
}
