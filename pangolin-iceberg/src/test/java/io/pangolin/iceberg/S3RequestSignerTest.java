package io.pangolin.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.ForbiddenException;
import java.util.List;
import org.apache.iceberg.exceptions.BadRequestException;
import org.junit.jupiter.api.Test;

/** How the signer reads S3 URIs on AWS (no {@code s3.endpoint}); the server test covers an explicit endpoint. */
class S3RequestSignerTest {
  private static S3RequestSigner.Target target(String method, String uri) {
    return S3RequestSigner.target(S3RequestSigner.parse("{\"region\":\"eu-west-1\",\"method\":\"" + method
        + "\",\"uri\":\"" + uri + "\",\"headers\":{}}"), "lake", null);
  }

  @Test
  void awsVirtualHostAndPathStyle_nameTheSameObject() {
    assertThat(target("GET", "https://lake.s3.eu-west-1.amazonaws.com/wh/t/data/a%20b.parquet").locations())
        .containsExactly("s3://lake/wh/t/data/a b.parquet");
    assertThat(target("PUT", "https://s3.eu-west-1.amazonaws.com/lake/wh/t/data/f?partNumber=2&uploadId=x"))
        .satisfies(t -> assertThat(t.write()).isTrue())
        .satisfies(t -> assertThat(t.locations()).containsExactly("s3://lake/wh/t/data/f"));
    assertThat(target("GET", "https://lake.s3.amazonaws.com/?list-type=2&prefix=wh%2Ft%2F").listing()).isTrue();
  }

  @Test
  void otherHostsAndBuckets_areRefused() {
    assertThatThrownBy(() -> target("GET", "https://lake.example.com/wh/t/f")).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> target("GET", "https://s3.amazonaws.com/other/wh/t/f"))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> target("GET", "https://other.s3.amazonaws.com/wh/t/f"))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> target("GET", "https://lake.s3.amazonaws.com/?location"))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> target("OPTIONS", "https://lake.s3.amazonaws.com/wh/t/f"))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void inside_isDecidedAtSegmentBoundaries() {
    List<String> allowed = List.of("s3://lake/wh/t");
    assertThat(S3RequestSigner.inside(target("GET", "https://lake.s3.amazonaws.com/wh/t/f"), allowed)).isTrue();
    assertThat(S3RequestSigner.inside(target("GET", "https://lake.s3.amazonaws.com/wh/t2/f"), allowed)).isFalse();
    assertThat(S3RequestSigner.inside(target("GET", "https://lake.s3.amazonaws.com/?prefix=wh/t/"), allowed)).isTrue();
    assertThat(S3RequestSigner.inside(target("GET", "https://lake.s3.amazonaws.com/?prefix=wh/t"), allowed)).isFalse();
  }

  @Test
  void sessionPolicy_isScopedToTheTablePrefix() {
    String read = S3CredentialVendor.policy("aws", List.of("s3://lake/wh/t"), false);
    assertThat(read).contains("arn:aws:s3:::lake/wh/t/*").contains("\"wh/t/*\"").doesNotContain("PutObject");
    assertThat(S3CredentialVendor.policy("aws-cn", List.of("s3://lake/wh/t"), true))
        .contains("arn:aws-cn:s3:::lake/wh/t/*").contains("s3:PutObject").contains("s3:DeleteObject");
    assertThat(S3CredentialVendor.sessionName("svc user/with:odd chars" + "x".repeat(80))).hasSize(64)
        .matches("[\\w+=,.@-]+");
  }
}
