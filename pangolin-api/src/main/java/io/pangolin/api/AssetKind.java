package io.pangolin.api;

/** What an asset is. Iceberg kinds carry a metadata location; the others are governed pointers to a location. */
public enum AssetKind {
  ICEBERG_TABLE,
  ICEBERG_VIEW,
  DELTA_TABLE,
  HUDI_TABLE,
  PARQUET,
  CSV,
  JSON,
  ML_MODEL,
  OTHER;

  /** True for the kinds whose state is an Iceberg metadata file. */
  public boolean isIceberg() {
    return this == ICEBERG_TABLE || this == ICEBERG_VIEW;
  }
}
