package io.pangolin.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.RequestContext;
import io.pangolin.core.Pangolin;
import io.pangolin.store.memory.MemoryMetadataStore;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.TransientApiMetadata;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An {@code s3:} warehouse end to end through Iceberg's S3FileIO, configured only from the warehouse's storage
 * properties (endpoint, path-style access, credentials, region), against an S3-compatible server in this JVM.
 */
class S3WarehouseTest {
  private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
  private static BlobStoreContext blobs;
  private static S3Proxy s3;

  @BeforeAll
  static void startS3() throws Exception {
    // s3proxy, like older MinIO and Ceph, predates the AWS SDK's default request checksums (SDK 2.30+); deployments
    // against such stores set the same SDK settings (system properties or AWS_* environment variables)
    System.setProperty("aws.requestChecksumCalculation", "WHEN_REQUIRED");
    System.setProperty("aws.responseChecksumValidation", "WHEN_REQUIRED");
    // by API metadata, not by provider id: the id lookup would load every provider s3proxy registers
    blobs = ContextBuilder.newBuilder(new TransientApiMetadata()).credentials("unused", "unused")
        .build(BlobStoreContext.class);
    s3 = S3Proxy.builder().blobStore(blobs.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "pangolin-key", "pangolin-secret").build();
    s3.start();
    for (int i = 0; i < 500 && !"STARTED".equals(s3.getState()); i++) {
      Thread.sleep(10);
    }
    assertThat(s3.getState()).isEqualTo("STARTED");
    blobs.getBlobStore().createContainerInLocation(null, "lake-bucket");
  }

  @AfterAll
  static void stopS3() throws Exception {
    System.clearProperty("aws.requestChecksumCalculation");
    System.clearProperty("aws.responseChecksumValidation");
    if (s3 != null) {
      s3.stop();
    }
    if (blobs != null) {
      blobs.close();
    }
  }

  private static List<String> keys() {
    BlobStore store = blobs.getBlobStore();
    List<String> keys = new ArrayList<>();
    for (StorageMetadata m : store.list("lake-bucket", ListContainerOptions.Builder.recursive())) {
      keys.add(m.getName());
    }
    return keys;
  }

  @Test
  void s3Warehouse_createsCommitsAndLoadsThroughS3FileIO_configuredFromTheWarehouse() {
    RequestContext ctx = RequestContext.of("acme", "alice");
    try (Pangolin pangolin = Pangolin.builder().store(new MemoryMetadataStore()).build();
        IcebergCatalogs catalogs = new IcebergCatalogs(pangolin)) {
      pangolin.tenants().create(ctx, "acme", Map.of());
      pangolin.warehouses().create(ctx, "lake", "s3://lake-bucket/warehouse", Map.of(
          "endpoint", "http://127.0.0.1:" + s3.getPort(), "path-style-access", "true", "region", "us-east-1",
          "access-key-id", "pangolin-key", "secret-access-key", "pangolin-secret"));
      pangolin.catalogs().create(ctx, "prod", "lake", Map.of());
      assertThatThrownBy(() -> catalogs.open(ctx, "prod").buildTable(TableIdentifier.of("sales", "x"), SCHEMA)
          .withLocation("s3://other-bucket/x").create()).isInstanceOf(io.pangolin.api.ValidationException.class);
      PangolinCatalog catalog = catalogs.open(ctx, "prod");
      assertThat(catalog.io().getClass().getName()).isEqualTo(WarehouseFileIOs.S3_FILE_IO);
      catalog.createNamespace(Namespace.of("sales"), Map.of());

      TableIdentifier id = TableIdentifier.of("sales", "orders");
      Table table = catalog.buildTable(id, SCHEMA).create();
      assertThat(table.location()).startsWith("s3://lake-bucket/warehouse/");
      table.newAppend().appendFile(DataFiles.builder(table.spec()).withPath(table.location() + "/data/f.parquet")
          .withFileSizeInBytes(10).withRecordCount(1).build()).commit();
      table.updateProperties().set("k", "v").commit();

      Table loaded = catalog.loadTable(id);
      assertThat(loaded.properties()).containsEntry("k", "v");
      assertThat(loaded.currentSnapshot()).isNotNull();
      String metadata = ((BaseTable) loaded).operations().current().metadataFileLocation();
      assertThat(keys()).contains(metadata.substring("s3://lake-bucket/".length()))
          .anyMatch(k -> k.endsWith(".avro"));

      // drop keeps the objects (purge goes through S3's bulk DeleteObjects with the SDK's checksum header, which
      // s3proxy answers with 501; purging is covered on file: warehouses)
      assertThat(catalog.dropTable(id, false)).isTrue();
      assertThat(keys()).contains(metadata.substring("s3://lake-bucket/".length()));
      assertThatThrownBy(() -> catalog.loadTable(id))
          .isInstanceOf(org.apache.iceberg.exceptions.NoSuchTableException.class);
    }
  }
}
