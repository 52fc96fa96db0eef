package io.pangolin.server;

import io.pangolin.api.Principal;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Optional;
import java.util.Set;

/**
 * BENCHMARK ONLY — never shipped: the "authentication off" variant of the HTTP benchmark. Every request is the
 * deployment's root, without reading any credential, so the benchmark can compare the request path with and without
 * token verification in the same run. The server has no such mode of its own; this class is compiled by the
 * benchmark at run time against the server jar and put in front of it on the class path of that one server process.
 */
@Alternative
@Priority(5000)
@ApplicationScoped
public class BenchmarkRootResolver implements RequestContextResolver {
  private static final Principal ROOT = new Principal("bench-root", "bench-root", Principal.Kind.ROOT,
      Optional.empty(), Set.of("root"));

  @Override
  public Principal authenticate(ContainerRequestContext request) {
    return ROOT;
  }
}
