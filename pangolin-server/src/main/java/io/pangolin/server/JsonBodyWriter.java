package io.pangolin.server;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/** Writes response DTOs as JSON. */
@Provider
@Produces({MediaType.APPLICATION_JSON, "application/*+json"})
@ApplicationScoped
public class JsonBodyWriter implements MessageBodyWriter<JsonResponse> {
  @Override
  public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return JsonResponse.class.isAssignableFrom(type);
  }

  @Override
  public void writeTo(JsonResponse value, Class<?> type, Type genericType, Annotation[] annotations,
      MediaType mediaType, MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream)
      throws IOException {
    Json.write(value, entityStream);
  }
}
