package io.pangolin.server;

import io.pangolin.spi.ReadConsistency;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * Read-your-writes across instances ({@link ReadConsistency}): a request's {@code X-Pangolin-Consistency} header
 * (the token of an earlier write, from any instance) opens its consistency scope, so a store with read replicas
 * serves its reads only from a replica that has replayed that write; a successful write answers with the token of
 * its last commit in the same header. A malformed header is refused with 400 in the error model of the API it came
 * to, before anything runs. Stores that issue no tokens (memory, MongoDB) leave the response header absent.
 */
@Provider
@PreMatching
@Priority(200)
@ApplicationScoped
public class ConsistencyFilter implements ContainerRequestFilter, ContainerResponseFilter {
  static final String HEADER = "X-Pangolin-Consistency";

  @Override
  public void filter(ContainerRequestContext request) {
    String given = request.getHeaderString(HEADER);
    Optional<Long> required = Optional.empty();
    if (given != null) {
      required = ReadConsistency.parse(given.strip());
      if (required.isEmpty()) {
        String path = ("/" + request.getUriInfo().getPath()).replace("//", "/");
        request.abortWith(Response.status(400).type(MediaType.APPLICATION_JSON)
            .entity(HttpErrors.json(path, 400, HEADER + " must be a consistency token returned by an earlier write "
                + "(of the form X/Y, hexadecimal)", request.getHeaderString(RequestIdFilter.HEADER))).build());
        return;
      }
    }
    ReadConsistency.open(required);
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    try {
      if (response.getStatus() / 100 == 2) {
        ReadConsistency.lastWrite().ifPresent(token -> response.getHeaders().putSingle(HEADER, token));
      }
    } finally {
      ReadConsistency.close();
    }
  }
}
