package io.pangolin.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileIOTest {
  @TempDir
  Path dir;

  private final LocalFileIO io = new LocalFileIO();

  @Test
  void writeThenRead_roundTripsWithPositionsAndSeek() throws IOException {
    String location = "file://" + dir + "/a/b/data.bin";
    try (PositionOutputStream out = io.newOutputFile(location).create()) {
      out.write("hello ".getBytes(StandardCharsets.UTF_8));
      assertThat(out.getPos()).isEqualTo(6);
      out.write("world".getBytes(StandardCharsets.UTF_8));
      assertThat(out.getPos()).isEqualTo(11);
    }
    InputFile in = io.newInputFile(location);
    assertThat(in.exists()).isTrue();
    assertThat(in.getLength()).isEqualTo(11);
    try (SeekableInputStream s = in.newStream()) {
      s.seek(6);
      assertThat(new String(s.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("world");
      assertThat(s.getPos()).isEqualTo(11);
      assertThat(s.read()).isEqualTo(-1);
      s.seek(0);
      assertThat(s.read()).isEqualTo('h');
    }
  }

  @Test
  void locationForms_allNameTheSameFile() throws IOException {
    Path file = dir.resolve("x.txt");
    Files.writeString(file, "x");
    assertThat(io.newInputFile("file:" + file).exists()).isTrue();
    assertThat(io.newInputFile("file://" + file).exists()).isTrue();
    assertThat(io.newInputFile(file.toString()).exists()).isTrue();
    assertThatThrownBy(() -> io.newInputFile("s3://bucket/x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> io.newInputFile("file://otherhost/x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> io.newInputFile("relative/x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void create_whenFileExists_failsButOverwriteReplaces() throws IOException {
    String location = "file:" + dir + "/f";
    io.newOutputFile(location).create().close();
    assertThatThrownBy(() -> io.newOutputFile(location).create()).isInstanceOf(AlreadyExistsException.class);
    try (PositionOutputStream out = io.newOutputFile(location).createOrOverwrite()) {
      out.write(1);
    }
    assertThat(io.newInputFile(location).getLength()).isEqualTo(1);
  }

  @Test
  void missingFile_isNotFound() {
    InputFile in = io.newInputFile("file:" + dir + "/missing");
    assertThat(in.exists()).isFalse();
    assertThatThrownBy(in::newStream).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(in::getLength).isInstanceOf(NotFoundException.class);
  }

  @Test
  void prefixOperations_listAndDeleteRecursively() throws IOException {
    String root = "file://" + dir + "/t";
    for (String f : List.of("/metadata/1.json", "/data/p=1/a.parquet", "/data/p=2/b.parquet")) {
      io.newOutputFile(root + f).create().close();
    }
    List<String> listed = StreamSupport.stream(io.listPrefix(root).spliterator(), false).map(FileInfo::location)
        .sorted().toList();
    assertThat(listed).containsExactly(root + "/data/p=1/a.parquet", root + "/data/p=2/b.parquet",
        root + "/metadata/1.json");
    io.deleteFiles(List.of(root + "/metadata/1.json"));
    assertThat(io.newInputFile(root + "/metadata/1.json").exists()).isFalse();
    io.deletePrefix(root);
    assertThat(Files.exists(dir.resolve("t"))).isFalse();
  }
}
