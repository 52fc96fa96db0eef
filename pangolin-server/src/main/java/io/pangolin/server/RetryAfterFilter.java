package io.pangolin.server;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Every 503 of both APIs carries {@code Retry-After}: a store, PgBouncer or replica outage answers 503 (the operation
 * did not happen and may be retried), and clients — the Iceberg client's retry strategy among them — wait this long
 * before the next attempt. One place for the exception mapper, the Iceberg resource's own error answers and the
 * request filters' refusals; a response that already names a delay keeps it.
 */
@Provider
@ApplicationScoped
public class RetryAfterFilter implements ContainerResponseFilter {
  /** Seconds: outages seen by the fault suite (a PostgreSQL or PgBouncer restart) end within a few (operations.md). */
  static final String SECONDS = "1";

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getStatus() == 503 && !response.getHeaders().containsKey(HttpHeaders.RETRY_AFTER)) {
      response.getHeaders().putSingle(HttpHeaders.RETRY_AFTER, SECONDS);
    }
  }
}
