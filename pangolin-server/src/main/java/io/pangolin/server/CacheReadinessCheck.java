package io.pangolin.server;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The metadata cache in {@code /health/ready}: always UP (a cache that lost Redis degrades to local-only and keeps
 * serving; it must not take the instance out of the load balancer), with {@code mode} {@code off},
 * {@code coherent} or {@code degraded} and the cache's own detail.
 */
@Readiness
@ApplicationScoped
public class CacheReadinessCheck implements HealthCheck {
  @Inject
  CacheMetrics cache;

  @Override
  public HealthCheckResponse call() {
    CacheMetrics.State s = cache.state();
    return HealthCheckResponse.named("pangolin-cache")
        .up()
        .withData("mode", !s.configured() ? "off" : s.degraded() ? "degraded" : "coherent")
        .withData("detail", s.detail())
        .build();
  }
}
