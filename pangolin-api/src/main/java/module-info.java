/**
 * Pangolin's public API: immutable domain records, the service interfaces the engine implements, and the sealed
 * family of typed exceptions. Depends on nothing but {@code java.base}.
 */
module io.pangolin.api {
  exports io.pangolin.api;
}
