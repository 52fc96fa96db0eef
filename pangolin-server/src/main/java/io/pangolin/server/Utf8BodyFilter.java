package io.pangolin.server;

import io.helidon.common.context.Contexts;
import io.pangolin.server.HttpFramingFilter.BufferedBody;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a JSON request body declared in another charset than UTF-8 (415) or that is not valid UTF-8 (400), in the
 * error model of the path's API, on both APIs,
 * before anything decodes it: decoding would otherwise replace the bad bytes with U+FFFD and store a name or
 * property the client never sent. Form bodies (the token endpoint) are left to their own reader.
 */
@Provider
@PreMatching
@Priority(150) // after RequestIdFilter: the error carries the request id
@ApplicationScoped
public class Utf8BodyFilter implements ContainerRequestFilter {
  @Override
  public void filter(ContainerRequestContext request) {
    MediaType type = request.getMediaType();
    if (type == null || !type.getSubtype().toLowerCase(java.util.Locale.ROOT).endsWith("json")) {
      return;
    }
    String charset = type.getParameters().get("charset");
    if (charset != null && !charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
      // RFC 8259: JSON exchanged between systems is UTF-8; any other declared charset is not decoded at all
      refuse(request, 415, "JSON request bodies must be UTF-8 (Content-Type charset=utf-8 or none)");
      return;
    }
    byte[] body = Contexts.context().flatMap(c -> c.get(BufferedBody.class)).map(BufferedBody::bytes).orElse(null);
    if (body == null || body.length == 0) {
      return;
    }
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
    } catch (CharacterCodingException e) {
      refuse(request, 400, "the request body is not valid UTF-8");
    }
  }

  private static void refuse(ContainerRequestContext request, int status, String message) {
    String path = ("/" + request.getUriInfo().getPath()).replace("//", "/");
    String requestId = request.getHeaderString(RequestIdFilter.HEADER);
    request.abortWith(Response.status(status).type(MediaType.APPLICATION_JSON)
        .entity(HttpErrors.json(path, status, message, requestId)).build());
  }
}
