package io.pangolin.iceberg;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.rest.credentials.Credential;
import org.apache.iceberg.rest.credentials.CredentialParser;
import org.apache.iceberg.rest.responses.LoadTableResponse;

/**
 * A table as a load or commit answers it: the metadata, its location, and the serialized {@code LoadTableResponse}
 * built from the metadata JSON kept by the metadata cache (so a warm load serializes nothing but the envelope).
 * The {@link #etag()} identifies the metadata file and the snapshot selection: a metadata file never changes, so
 * the same ETag always means the same answer.
 */
public final class LoadedTable {
  private final String metadataLocation;
  private final TableMetadata metadata;
  private final String metadataJson;
  private final String selection;
  private final Map<String, String> config;
  private final List<Credential> credentials;
  private String etag;

  LoadedTable(String metadataLocation, TableMetadata metadata, String metadataJson, String selection,
      Map<String, String> config) {
    this(metadataLocation, metadata, metadataJson, selection, config, List.of());
  }

  private LoadedTable(String metadataLocation, TableMetadata metadata, String metadataJson, String selection,
      Map<String, String> config, List<Credential> credentials) {
    this.metadataLocation = metadataLocation; // null only for a staged create (no file yet)
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.metadataJson = Objects.requireNonNull(metadataJson, "metadataJson");
    this.selection = Objects.requireNonNull(selection, "selection");
    this.config = Map.copyOf(config);
    this.credentials = List.copyOf(credentials);
  }

  /** A staged create's answer: metadata not written to any file yet, so no location and no ETag. */
  static LoadedTable staged(TableMetadata metadata) {
    return new LoadedTable(null, metadata, TableMetadataParser.toJson(metadata), "staged", Map.of());
  }

  /**
   * The same table with storage access delegated ({@code config} and {@code storage-credentials}); its ETag differs
   * from the plain answer's, and an answer with credentials never matches an {@code If-None-Match} (its credentials
   * are fresh each time).
   */
  LoadedTable delegated(StorageAccess.Delegated d) {
    if (d.config().isEmpty() && d.credentials().isEmpty()) {
      return this;
    }
    return new LoadedTable(metadataLocation, metadata, metadataJson, selection + ";delegated", d.config(),
        d.credentials());
  }

  /** The metadata file; null for a staged create. */
  public String metadataLocation() {
    return metadataLocation;
  }

  public TableMetadata tableMetadata() {
    return metadata;
  }

  /** A strong ETag (quoted) over the metadata location and the snapshot selection. */
  public String etag() {
    String e = etag;
    if (e == null) {
      Objects.requireNonNull(metadataLocation, "a staged table has no ETag");
      e = ETags.of(selection, metadataLocation); // computed once: a load asks for it to match and to answer
      etag = e;
    }
    return e;
  }

  /** The {@code LoadTableResponse} JSON, as Iceberg's own parser writes it. */
  public String json() {
    StringWriter out = new StringWriter(metadataJson.length() + 256);
    try (JsonGenerator g = IcebergJson.mapper().getFactory().createGenerator(out)) {
      g.writeStartObject();
      if (metadataLocation != null) {
        g.writeStringField("metadata-location", metadataLocation);
      }
      g.writeFieldName("metadata");
      g.writeRawValue(metadataJson);
      if (!config.isEmpty()) {
        g.writeObjectFieldStart("config");
        for (Map.Entry<String, String> e : config.entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      }
      if (!credentials.isEmpty()) {
        g.writeArrayFieldStart("storage-credentials");
        for (Credential c : credentials) {
          CredentialParser.toJson(c, g);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** The same answer as an Iceberg model object. */
  public LoadTableResponse response() {
    return LoadTableResponse.builder().withTableMetadata(metadata).addAllConfig(new HashMap<>(config))
        .addAllCredentials(new java.util.ArrayList<>(credentials)).build();
  }

  /** Whether an {@code If-None-Match} header value matches this table's ETag. */
  public boolean matches(String ifNoneMatch) {
    return credentials.isEmpty() && ETags.matches(ifNoneMatch, etag());
  }
}
