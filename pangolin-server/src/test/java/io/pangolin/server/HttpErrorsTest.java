package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The message sanitizer of every HTTP error: Java type names become JSON type names, Jackson's hints go. */
class HttpErrorsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      Cannot deserialize value of type `java.util.LinkedHashMap<java.lang.String,java.lang.String>` from Array value (token `JsonToken.START_ARRAY`) | Cannot deserialize value of type object from Array value
      Cannot coerce Integer value (1) to `java.lang.String` value (but could if coercion was enabled using `CoercionConfig`) | Cannot coerce Integer value (1) to string value
      Invalid JSON for CreateNamespaceRequest: Cannot parse string array from non-array | Invalid JSON for request body: Cannot parse string array from non-array
      expected java.lang.Integer but was io.pangolin.server.Requests$CreateTenant | expected number but was value
      Cannot construct instance of `io.pangolin.server.Requests$CreateTenant` (through reference chain: io.pangolin.server.Requests$CreateTenant["x"]) | Cannot construct instance of value
      storage root s3://data.com.example/lake is outside the warehouse | storage root s3://data.com.example/lake is outside the warehouse
      tenant 'acme' does not exist | tenant 'acme' does not exist
      namespace 'com.Acme' already exists | namespace 'com.Acme' already exists
      namespace 'MyRequest' already exists | namespace 'MyRequest' already exists
      """)
  void sanitize_removesJavaNames(String raw, String expected) {
    assertThat(HttpErrors.sanitize(raw)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"/v1/config,true", "/v1,true", "/v1/a.b/namespaces,true", "/api/v1/tenants,false", "/v10/x,false",
      "/health,false", "'',false"})
  void iceberg_isThePathUnderV1(String path, boolean iceberg) {
    assertThat(HttpErrors.iceberg(path)).isEqualTo(iceberg);
  }
}
