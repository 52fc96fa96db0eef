package io.pangolin.server;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.pangolin.api.PangolinException;
import io.pangolin.api.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The one strict JSON mapping of the HTTP API. Request bodies must match their DTO exactly: unknown fields, wrong
 * types (no coercion of numbers to strings or back), duplicate keys and trailing content are rejected with a
 * {@link ValidationException} whose message names the field but never echoes the submitted value.
 */
final class Json {
  private static final ObjectMapper MAPPER = createMapper();

  private Json() {}

  static ObjectMapper mapper() {
    return MAPPER;
  }

  private static ObjectMapper createMapper() {
    JsonMapper mapper = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .build();
    // No scalar coercion in either direction: 1 is not "1", "1" is not 1, "" is not null.
    for (LogicalType type : LogicalType.values()) {
      mapper.coercionConfigFor(type)
          .setCoercion(CoercionInputShape.Integer, type == LogicalType.Integer || type == LogicalType.Float
              ? CoercionAction.TryConvert : CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, type == LogicalType.Float ? CoercionAction.TryConvert
              : CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, type == LogicalType.Boolean ? CoercionAction.TryConvert
              : CoercionAction.Fail)
          .setCoercion(CoercionInputShape.String, type == LogicalType.Textual || type == LogicalType.Enum
              || type == LogicalType.OtherScalar ? CoercionAction.TryConvert : CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, type == LogicalType.Textual ? CoercionAction.TryConvert
              : CoercionAction.Fail);
    }
    return mapper;
  }

  /**
   * Reads one request DTO.
   *
   * @throws ValidationException empty, malformed or non-matching input
   */
  static <T> T read(InputStream in, Class<T> type) {
    try {
      T value = MAPPER.readValue(in, type);
      if (value == null) {
        throw new ValidationException("request body must be a JSON object, was null");
      }
      return value;
    } catch (ValueInstantiationException e) {
      // a DTO constructor refused the input (required field missing, null inside a map, …)
      if (e.getCause() instanceof PangolinException pe) {
        throw pe;
      }
      throw new ValidationException("invalid request body" + at(e));
    } catch (UnrecognizedPropertyException e) {
      Collection<Object> known = e.getKnownPropertyIds() == null ? java.util.List.of() : e.getKnownPropertyIds();
      throw new ValidationException("unknown field '" + e.getPropertyName() + "'" + at(e) + "; known fields: "
          + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ", "[", "]")));
    } catch (InvalidFormatException e) {
      throw new ValidationException("field '" + path(e) + "' has an invalid value for type "
          + simpleType(e.getTargetType()));
    } catch (MismatchedInputException e) {
      if (e.getPath().isEmpty() && e.getMessage() != null && e.getMessage().startsWith("No content")) {
        throw new ValidationException("request body is required (a JSON object)");
      }
      if (e.getPath().isEmpty()) {
        throw new ValidationException("request body must be a JSON object" + at(e));
      }
      throw new ValidationException("field '" + path(e) + "' has the wrong JSON type, expected "
          + simpleType(e.getTargetType()));
    } catch (JsonParseException e) {
      throw new ValidationException("malformed JSON" + at(e) + ": " + e.getOriginalMessage().split("\n")[0]
          .replaceAll("\\(code \\d+\\)", "").trim());
    } catch (JsonMappingException e) {
      throw new ValidationException("invalid request body" + at(e));
    } catch (JsonProcessingException e) {
      throw new ValidationException("malformed JSON" + at(e));
    } catch (IOException e) {
      throw new ValidationException("could not read the request body");
    }
  }

  static void write(Object value, OutputStream out) throws IOException {
    MAPPER.writeValue(out, value);
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String at(JsonProcessingException e) {
    var loc = e.getLocation();
    return loc == null || loc.getLineNr() < 0 ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  private static String simpleType(Class<?> type) {
    if (type == null) {
      return "value";
    }
    if (CharSequence.class.isAssignableFrom(type)) {
      return "string";
    }
    if (java.util.Map.class.isAssignableFrom(type)) {
      return "object (string to string)";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "array";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "boolean";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "number";
    }
    if (type.isRecord()) {
      return "object";
    }
    return type.getSimpleName();
  }
}
