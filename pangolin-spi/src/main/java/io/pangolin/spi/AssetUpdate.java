package io.pangolin.spi;

import io.pangolin.api.Asset;
import java.util.Objects;

/** One conditional update in {@link MetadataStore#updateAssets}: store {@code asset} if still at the version. */
public record AssetUpdate(Asset asset, long expectedVersion) {
  public AssetUpdate {
    Objects.requireNonNull(asset, "asset");
  }
}
