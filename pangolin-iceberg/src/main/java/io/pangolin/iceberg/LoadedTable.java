package io.pangolin.iceberg;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.TableMetadata;
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
  private String etag;

  LoadedTable(String metadataLocation, TableMetadata metadata, String metadataJson, String selection,
      Map<String, String> config) {
    this.metadataLocation = Objects.requireNonNull(metadataLocation, "metadataLocation");
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.metadataJson = Objects.requireNonNull(metadataJson, "metadataJson");
    this.selection = Objects.requireNonNull(selection, "selection");
    this.config = Map.copyOf(config);
  }

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
      e = ETags.of(selection, metadataLocation); // computed once: a load asks for it to match and to answer
      etag = e;
    }
    return e;
  }

  /** The {@code LoadTableResponse} JSON, as Iceberg's own parser writes it. */
  public String json() {
    StringWriter out = new StringWriter(metadataJson.length() + metadataLocation.length() + 64);
    try (JsonGenerator g = IcebergJson.mapper().getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("metadata-location", metadataLocation);
      g.writeFieldName("metadata");
      g.writeRawValue(metadataJson);
      if (!config.isEmpty()) {
        g.writeObjectFieldStart("config");
        for (Map.Entry<String, String> e : config.entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** The same answer as an Iceberg model object. */
  public LoadTableResponse response() {
    return LoadTableResponse.builder().withTableMetadata(metadata).addAllConfig(new HashMap<>(config)).build();
  }

  /** Whether an {@code If-None-Match} header value matches this table's ETag. */
  public boolean matches(String ifNoneMatch) {
    return ETags.matches(ifNoneMatch, etag());
  }
}
