package io.pangolin.api;

import java.util.Objects;

/** One pointer move of a multi-asset commit: {@code key} to {@code newMetadataLocation} if still at the version. */
public record MetadataCommit(AssetKey key, long expectedVersion, String newMetadataLocation) {
  public MetadataCommit {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(newMetadataLocation, "newMetadataLocation");
  }
}
