package io.pangolin.iceberg;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
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
      throw new BadRequestException(e, "Invalid JSON for %s: %s", type.getSimpleName(), e.getOriginalMessage());
    } catch (IOException | RuntimeException e) {
      throw new BadRequestException(e, "Invalid %s: %s", type.getSimpleName(), e.getMessage());
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
