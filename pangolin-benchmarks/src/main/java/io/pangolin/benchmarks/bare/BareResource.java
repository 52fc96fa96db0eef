package io.pangolin.benchmarks.bare;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The baseline: one JAX-RS resource in a bare Helidon MP application (CDI + Jersey, nothing else), answering a
 * constant JSON document of about 2 KB. It is started like the Pangolin server
 * ({@code io.helidon.microprofile.cdi.Main} in a JVM of its own, same heap, same pinned core), so its req/s is the
 * ceiling of the framework on this machine and the denominator of every "vs bare" ratio.
 */
@Path("/bare")
@ApplicationScoped
public class BareResource {
  /** About 2 KB, shaped like an Iceberg listTables answer. */
  static final String BODY = body(2048);

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String get() {
    return BODY;
  }

  private static String body(int size) {
    StringBuilder json = new StringBuilder("{\"identifiers\":[");
    for (int i = 0; json.length() < size - 40; i++) {
      json.append(i == 0 ? "" : ",").append("{\"namespace\":[\"sales\"],\"name\":\"t").append(i).append("\"}");
    }
    return json.append("],\"next-page-token\":null}").toString();
  }
}
