package io.pangolin.iceberg;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.rest.RESTRequest;
import org.apache.iceberg.rest.RESTSerializers;
import org.apache.iceberg.rest.requests.PlanTableScanRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.responses.PlanTableScanResponse;

/**
 * JSON of the Iceberg REST API with Iceberg's own serializers (kebab-case, {@code RESTSerializers}), configured
 * strictly: bad JSON, trailing content, wrong types, coerced scalars, missing required fields and unknown update or
 * requirement types all fail as {@link BadRequestException} (HTTP 400). Unknown fields are ignored, as in Iceberg,
 * so newer clients keep working — unknown top-level fields only within a bound ({@link UnknownFields}).
 */
public final class IcebergJson {
  private static final ObjectMapper MAPPER = create();

  private IcebergJson() {}

  private static ObjectMapper create() {
    ObjectMapper mapper = JsonMapper.builder()
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .propertyNamingStrategy(new PropertyNamingStrategies.KebabCaseStrategy())
        .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
        .build();
    // no numbers or booleans where strings belong (e.g. property values)
    mapper.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    RESTSerializers.registerAll(mapper);
    return mapper;
  }

  /** The configured mapper (shared, thread-safe). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Parses and validates a request body.
   *
   * @throws BadRequestException empty body, malformed JSON or an invalid request
   */
  /** Backtick-quoted Java type names in Jackson's messages, e.g. {@code `java.util.LinkedHashMap<…>`}. */
  private static final java.util.regex.Pattern QUOTED_TYPE = java.util.regex.Pattern.compile("`[^`]*[.$][^`]*`");
  private static final java.util.regex.Pattern COERCION = java.util.regex.Pattern.compile(
      "\\s*\\(but could if coercion was enabled[^)]*\\)");

  /** A parser message without Java type names. */
  static String clean(String message) {
    if (message == null) {
      return "malformed";
    }
    String m = COERCION.matcher(message).replaceAll("");
    m = QUOTED_TYPE.matcher(m).replaceAll("the expected type");
    return m.replace("CoercionConfig", "").replace("JsonToken.", "");
  }

  /**
   * Values Iceberg's parsers would silently turn into strings ({@code 1} → {@code "1"}, {@code null} → {@code "null"})
   * or report with Java type names are refused here: namespace levels and property maps must hold strings.
   */
  private static void requireStrings(ObjectNode node, Class<?> type) {
    String what = type.getSimpleName();
    stringArray(node.get("namespace"), "namespace", what);
    for (String f : List.of("identifier", "source", "destination")) {
      JsonNode id = node.get(f);
      if (id != null && id.isObject()) {
        stringArray(id.get("namespace"), f + ".namespace", what);
      }
    }
    JsonNode changes = node.get("table-changes");
    if (changes != null && changes.isArray()) {
      for (JsonNode change : changes) {
        JsonNode id = change.get("identifier");
        if (id != null && id.isObject()) {
          stringArray(id.get("namespace"), "table-changes[].identifier.namespace", what);
        }
      }
    }
    stringMap(node.get("properties"), "properties", what);
    if (type == UpdateNamespacePropertiesRequest.class) {
      stringMap(node.get("updates"), "updates", what);
      stringArray(node.get("removals"), "removals", what);
    }
  }

  private static void stringArray(JsonNode value, String field, String what) {
    if (value == null || value.isNull()) {
      return; // missing: the request's own parser says what is required
    }
    boolean ok = value.isArray();
    for (JsonNode e : value) {
      ok &= e.isTextual();
    }
    if (!ok) {
      throw new BadRequestException("Invalid %s: '%s' must be an array of strings", what, field);
    }
  }

  private static void stringMap(JsonNode value, String field, String what) {
    if (value == null || value.isNull()) {
      return;
    }
    boolean ok = value.isObject();
    for (JsonNode e : value) {
      ok &= e.isTextual();
    }
    if (!ok) {
      throw new BadRequestException("Invalid %s: '%s' must be an object whose values are strings", what, field);
    }
  }

  public static <T> T read(String body, Class<T> type) {
    if (body == null || body.isBlank()) {
      throw new BadRequestException("Invalid request: a JSON body is required");
    }
    T value;
    try (JsonParser parser = MAPPER.createParser(body)) {
      JsonNode node = MAPPER.readTree(parser);
      if (parser.nextToken() != null) {
        throw new BadRequestException("Invalid JSON for %s: content after the end of the value", type.getSimpleName());
      }
      if (node == null || !node.isObject()) {
        throw new BadRequestException("Invalid %s: the body must be a JSON object", type.getSimpleName());
      }
      requireStrings((ObjectNode) node, type);
      UnknownFields.strip((ObjectNode) node, type);
      if (type == PlanTableScanRequest.class) {
        ObjectNode plan = (ObjectNode) node;
        if (plan.path("filter").isObject()) {
          // the spec sends the filter as an expression object; Iceberg 1.10's parser expects it as a JSON string
          plan.put("filter", plan.get("filter").toString());
        }
        if (!plan.hasNonNull("snapshot-id") && !plan.hasNonNull("start-snapshot-id")
            && !plan.hasNonNull("end-snapshot-id")) {
          // no snapshot: the spec plans the current one; Iceberg 1.10's request model insists on an id
          plan.put("snapshot-id", ScanPlanning.CURRENT_SNAPSHOT);
        }
      }
      value = MAPPER.treeToValue(node, type);
    } catch (BadRequestException e) {
      throw e;
    } catch (JsonProcessingException e) {
      throw new BadRequestException(e, "Invalid JSON for %s: %s", type.getSimpleName(), clean(e.getOriginalMessage()));
    } catch (IOException | RuntimeException e) {
      throw new BadRequestException(e, "Invalid %s: %s", type.getSimpleName(), clean(e.getMessage()));
    }
    if (value == null) {
      throw new BadRequestException("Invalid request: a JSON body is required");
    }
    if (value instanceof RESTRequest request) {
      try {
        request.validate();
      } catch (RuntimeException e) {
        throw new BadRequestException(e, "Invalid %s: %s", type.getSimpleName(), e.getMessage());
      }
    }
    return value;
  }

  /** Serialises a response. */
  public static String write(Object value) {
    if (value instanceof PlanTableScanResponse plan) {
      return ScanPlanning.toJson(plan);
    }
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }
}
