package io.pangolin.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.ValidationException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one normalisation of storage locations: spellings of one place → one canonical string, or a refusal. */
class LocationsTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "s3://bucket/lake                 | s3://bucket/lake",
      "s3://bucket/lake/                | s3://bucket/lake",
      "S3://Bucket/lake                 | s3://bucket/lake",
      "s3://bucket//lake///x//          | s3://bucket/lake/x",
      "s3://bucket                      | s3://bucket",
      "s3://bucket/                     | s3://bucket",
      "s3a://bucket/lake                | s3a://bucket/lake",
      "gs://b/x                         | gs://b/x",
      "abfss://data@acct.dfs.core.windows.net/x | abfss://data@acct.dfs.core.windows.net/x",
      "file:/tmp/x                      | file:///tmp/x",
      "file:///tmp/x                    | file:///tmp/x",
      "FILE:///tmp/x/                   | file:///tmp/x",
      "file://localhost/tmp/x           | file:///tmp/x",
      "file://LOCALHOST/tmp//x          | file:///tmp/x",
      "file:///                         | file:///",
      "s3://b/l%61ke                    | s3://b/lake",
      "s3://b/%7Euser                   | s3://b/~user",
      "s3://b/a%3ab                     | s3://b/a%3Ab",
      "s3://b/a%20b                     | s3://b/a%20b",
  })
  void canonical_spellingsOfOnePlace(String given, String expected) {
    assertThat(Locations.canonical("location", given)).isEqualTo(expected);
    assertThat(Locations.canonical("location", expected)).as("idempotent").isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "relative/path", "/tmp/x", "c:/x", "http://169.254.169.254/latest",
      "https://example.com/x", "gopher://x", "ftp://h/x", "jar:file:/x!/y", "hdfs://nn/x", "s3://b/../etc",
      "s3://b/./x", "s3://b/%2e%2e/x", "s3://b/%2E/x", "s3://b/a%2Fb", "s3://b/a%5cb", "s3://b/a%00", "s3://b/a%0a",
      "s3://b/a%zz", "s3://b/a%4", "s3://b/x?y=1", "s3://b/x#f", "s3://b c", "s3://b/x\\y", "s3://AKIA:secret@b/x",
      "s3://user@b/x", "s3://b:9000/x", "s3:///x", "s3:/b/x", "file://otherhost/x", "file:x", "file:relative"})
  void canonical_refuses(String given) {
    assertThatThrownBy(() -> Locations.canonical("location", given)).isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret").hasSizeLessThan(200));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "s3://b/lake | s3://b/lake       | true",
      "s3://b/lake | s3://b/lake/x     | true",
      "s3://b/lake | s3://b/lake2      | false",
      "s3://b/lake | s3://b/lak        | false",
      "s3://b      | s3://b/x          | true",
      "s3://b      | s3://b2/x         | false",
      "s3://b/lake | s3a://b/lake/x    | true",
      "abfs://c@a.host/x | abfss://c@a.host/x/y | true",
      "file:///    | file:///tmp       | true",
      "file:///tmp | file:///tmpx      | false",
      "s3://b/lake | gs://b/lake/x     | false",
  })
  void within_comparesAtSegmentBoundaries(String root, String location, boolean expected) {
    assertThat(Locations.within(root, location)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3://b/lake", "s3://b/lake/", "S3://B/lake", "s3://b//lake", "s3://b/l%61ke"})
  void overlap_ofSpellingsOfOneRoot(String other) {
    assertThat(Locations.overlap("s3://b/lake", Locations.canonical("root", other))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3://b/lake/../lake2", "s3://b/lake2", "s3://b/other"})
  void inside_refusesOutsideAndNeverEchoesTheRoot(String location) {
    assertThatThrownBy(() -> Locations.inside("location", "s3://b/lake", location))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("'s3://b/lake'"));
  }

  @Test
  void inside_refusesTheRootItself_acceptsBelow() {
    assertThatThrownBy(() -> Locations.inside("location", "s3://b/lake", "s3://b/lake/"))
        .isInstanceOf(ValidationException.class);
    assertThat(Locations.inside("location", "s3://b/lake", "S3://b/lake//t/")).isEqualTo("s3://b/lake/t");
    assertThat(Locations.inside("location", "file:///tmp/w", "file:/tmp/w/x")).isEqualTo("file:///tmp/w/x");
  }

  @Test
  void fileRoot_ofADirectory() {
    assertThat(Locations.fileRoot(Path.of("/tmp/a/../b/"))).isEqualTo("file:///tmp/b");
  }
}
