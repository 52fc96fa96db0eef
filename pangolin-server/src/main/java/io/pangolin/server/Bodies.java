package io.pangolin.server;

import io.pangolin.api.ValidationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Small helpers shared by the resources. */
final class Bodies {
  private Bodies() {}

  /** JAX-RS passes {@code null} for an empty body on some paths; that is a client error, not a 500. */
  static <T extends JsonRequest> T require(T body) {
    if (body == null) {
      throw new ValidationException("request body is required (a JSON object)");
    }
    return body;
  }

  /** 201 Created with the resource and its location (the collection's path plus the encoded name). */
  static Response created(UriInfo uri, String name, JsonResponse view) {
    String base = uri.getAbsolutePath().toString();
    String segment = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    URI location = URI.create((base.endsWith("/") ? base : base + "/") + segment);
    return Response.created(location).entity(view).build();
  }
}
