package io.pangolin.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.ConflictException;
import io.pangolin.api.QuotaExceededException;
import io.pangolin.api.UnavailableException;
import io.pangolin.api.ValidationException;
import java.util.Map;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.ErrorResponseParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IcebergJsonAndErrorsTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "{",
      "not json",
      "{\"updates\":[]} trailing",
      "{\"updates\":[{\"action\":\"no-such-update\"}]}",
      "{\"updates\":[{\"action\":\"set-properties\",\"updates\":5}]}",
      "{\"updates\":[{\"action\":\"set-current-schema\",\"schema-id\":\"one\"}]}",
      "{\"updates\":[{\"action\":\"set-current-schema\"}]}",
      "{\"requirements\":[{\"type\":\"no-such-requirement\"}]}",
      "{\"requirements\":[{\"type\":\"assert-current-schema-id\"}]}",
      "{\"updates\":{\"action\":\"set-properties\"}}",
      "[]",
      "null"})
  void malformedCommitRequests_areBadRequests(String body) {
    assertThatThrownBy(() -> IcebergJson.read(body, UpdateTableRequest.class))
        .isInstanceOf(BadRequestException.class);
    ErrorResponse e = IcebergErrors.toErrorResponse(new BadRequestException("x"), "r1");
    assertThat(e.code()).isEqualTo(400);
  }

  @Test
  void malformedRequestsOfOtherKinds_areBadRequests() {
    assertThatThrownBy(() -> IcebergJson.read("{\"namespace\":\"sales\"}", CreateNamespaceRequest.class))
        .isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> IcebergJson.read("{\"namespace\":[\"a\"],\"properties\":[1]}",
        CreateNamespaceRequest.class)).isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> IcebergJson.read("{\"namespace\":[\"a\"],\"properties\":{\"k\":1}}",
        CreateNamespaceRequest.class)).isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> IcebergJson.read("{\"properties\":{}}", CreateNamespaceRequest.class))
        .isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> IcebergJson.read("{\"name\":\"t\"}", CreateTableRequest.class))
        .isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> IcebergJson.read("{\"name\":\"t\",\"schema\":{\"type\":\"struct\",\"fields\":[]},"
        + "\"stage-create\":\"yes\"}", CreateTableRequest.class)).isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> IcebergJson.read("{\"source\":{\"namespace\":[\"a\"],\"name\":\"t\"}}",
        RenameTableRequest.class)).isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> IcebergJson.read("{\"table-changes\":[]}", CommitTransactionRequest.class))
        .isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> IcebergJson.read("{\"table-changes\":[{\"updates\":[]}]}",
        CommitTransactionRequest.class)).isInstanceOf(BadRequestException.class);
  }

  @Test
  void wellFormedRequests_parse() {
    CreateNamespaceRequest r = IcebergJson.read("{\"namespace\":[\"a\",\"b\"],\"properties\":{\"k\":\"v\"},"
        + "\"future-field\":1}", CreateNamespaceRequest.class);
    assertThat(r.namespace().levels()).containsExactly("a", "b");
    assertThat(r.properties()).isEqualTo(Map.of("k", "v"));
  }

  private static void assertMapped(Throwable t, int code, String type) {
    ErrorResponse e = IcebergErrors.toErrorResponse(t, "req-1");
    assertThat(e.code()).as(t.getClass().getSimpleName()).isEqualTo(code);
    assertThat(e.type()).isEqualTo(type);
    assertThat(e.message()).isNotBlank();
    ErrorResponse parsed = ErrorResponseParser.fromJson(IcebergJson.write(e));
    assertThat(parsed.code()).isEqualTo(code);
    assertThat(parsed.type()).isEqualTo(type);
  }

  @Test
  void errors_followTheSpecErrorModel_withTheTypesClientsExpect() {
    assertMapped(new NoSuchTableException("t"), 404, "NoSuchTableException");
    assertMapped(new NoSuchNamespaceException("n"), 404, "NoSuchNamespaceException");
    assertMapped(new NoSuchViewException("v"), 404, "NoSuchViewException");
    assertMapped(new org.apache.iceberg.exceptions.AlreadyExistsException("a"), 409, "AlreadyExistsException");
    assertMapped(new CommitFailedException("c"), 409, "CommitFailedException");
    assertMapped(new NamespaceNotEmptyException("n"), 409, "NamespaceNotEmptyException");
    assertMapped(new CommitStateUnknownException(new RuntimeException("x")), 500, "CommitStateUnknownException");
    assertMapped(new BadRequestException("b"), 400, "BadRequestException");
    assertMapped(new IllegalArgumentException("i"), 400, "IllegalArgumentException");
    assertMapped(new org.apache.iceberg.exceptions.ValidationException("v"), 400, "ValidationException");
    assertMapped(new UnsupportedOperationException("u"), 406, "UnsupportedOperationException");
    assertMapped(new ValidationException("bad name"), 400, "BadRequestException");
    assertMapped(new QuotaExceededException("q"), 422, "QuotaExceededException");
    assertMapped(new io.pangolin.api.ForbiddenException("f"), 403, "ForbiddenException");
    assertMapped(new io.pangolin.api.NotFoundException("nf"), 404, "NotFoundException");
    assertMapped(new ConflictException("c"), 409, "CommitFailedException");
    assertMapped(new UnavailableException("u"), 503, "ServiceUnavailableException");
    ErrorResponse internal = IcebergErrors.toErrorResponse(new NullPointerException("secret detail"), "req-9");
    assertThat(internal.code()).isEqualTo(500);
    assertThat(internal.message()).doesNotContain("secret").contains("req-9");
  }

  @Test
  void warehouseFileIO_isChosenByScheme_andConfiguredFromStorageProperties() {
    FileIO local = WarehouseFileIOs.open("file:///data", Map.of());
    assertThat(local).isInstanceOf(LocalFileIO.class);
    FileIO s3 = WarehouseFileIOs.open("s3://bucket/lake", Map.of("endpoint", "http://127.0.0.1:1",
        "path-style-access", "true", "region", "us-east-1", "s3.access-key-id", "ak", "secret-access-key", "sk"));
    try {
      assertThat(s3.getClass().getName()).isEqualTo(WarehouseFileIOs.S3_FILE_IO);
      assertThat(s3.properties()).containsEntry("s3.endpoint", "http://127.0.0.1:1")
          .containsEntry("s3.path-style-access", "true").containsEntry("client.region", "us-east-1")
          .containsEntry("s3.access-key-id", "ak").containsEntry("s3.secret-access-key", "sk")
          .containsEntry("http-client.type", "urlconnection");
      // the SDK client builds (every class it needs is on the class path) and reaches the endpoint: refused here
      assertThatThrownBy(() -> s3.newInputFile("s3://bucket/lake/x").exists()).isInstanceOf(RuntimeException.class);
    } finally {
      s3.close();
    }
    assertThat(WarehouseFileIOs.open("gs://b/x", Map.of("io-impl", LocalFileIO.class.getName())))
        .isInstanceOf(LocalFileIO.class);
    assertThatThrownBy(() -> WarehouseFileIOs.open("gs://b/x", Map.of())).isInstanceOf(ValidationException.class);
  }
}
