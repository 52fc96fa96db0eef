package io.pangolin.server;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/** Reads request DTOs with the strict mapper; every failure is a {@link io.pangolin.api.ValidationException}. */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/*+json"})
@ApplicationScoped
public class JsonBodyReader implements MessageBodyReader<JsonRequest> {
  @Override
  public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return JsonRequest.class.isAssignableFrom(type);
  }

  @Override
  public JsonRequest readFrom(Class<JsonRequest> type, Type genericType, Annotation[] annotations,
      MediaType mediaType, MultivaluedMap<String, String> httpHeaders, InputStream entityStream) {
    return Json.read(entityStream, type);
  }
}
