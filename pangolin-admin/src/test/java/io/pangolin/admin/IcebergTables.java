package io.pangolin.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.pangolin.iceberg.LocalFileIO;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;

/** Iceberg tables written through Iceberg's own REST client, as an engine writes them. */
final class IcebergTables {
  static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

  private IcebergTables() {}

  /** A REST catalog client for {@code tenant.catalog}, logged in with the service user {@code credentials}. */
  static RESTCatalog client(URI server, String tenant, String catalog, JsonNode credentials) {
    Map<String, String> p = new HashMap<>();
    p.put(CatalogProperties.URI, server.toString());
    p.put(CatalogProperties.WAREHOUSE_LOCATION, tenant + "." + catalog);
    p.put("credential", credentials.path("clientId").asText() + ":" + credentials.path("clientSecret").asText());
    p.put(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
    RESTCatalog c = new RESTCatalog();
    c.initialize("admin-it", p);
    return c;
  }

  /** A table of {@code snapshots} appends, each adding one real (if not Parquet) file of 64 bytes. */
  static Table write(RESTCatalog catalog, TableIdentifier id, int snapshots) throws IOException {
    Table t = catalog.createTable(id, SCHEMA);
    for (int i = 0; i < snapshots; i++) {
      String location = t.location() + "/data/" + UUID.randomUUID() + ".parquet";
      Path file = path(location);
      Files.createDirectories(file.getParent());
      Files.write(file, new byte[64]);
      DataFile data = DataFiles.builder(t.spec()).withPath(location).withFileSizeInBytes(64).withRecordCount(1)
          .build();
      t.newAppend().appendFile(data).commit();
    }
    return t;
  }

  /** The local path of a {@code file:} location. */
  static Path path(String location) {
    return Path.of(location.replaceFirst("^file:(//)?", ""));
  }
}
