package io.pangolin.server;

import io.helidon.common.context.Contexts;
import io.pangolin.server.HttpFramingFilter.BufferedBody;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;

/**
 * Hands JAX-RS the request body the server's framing filter ({@link HttpFramingFilter}) has already read in full, so
 * that no resource, body reader or exception mapper ever reads from (or blocks on) the connection.
 */
@Provider
@PreMatching
@Priority(1)
@ApplicationScoped
public class BufferedBodyFilter implements ContainerRequestFilter {
  @Override
  public void filter(ContainerRequestContext request) {
    Contexts.context().flatMap(c -> c.get(BufferedBody.class))
        .ifPresent(body -> request.setEntityStream(new ByteArrayInputStream(body.bytes())));
  }
}
