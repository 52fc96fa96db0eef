package io.pangolin.core;

/**
 * Told about every call the engine makes to the store, e.g. to record latency metrics. Must be fast and must not
 * throw; it runs on the request thread.
 */
@FunctionalInterface
public interface StoreObserver {
  StoreObserver NONE = (operation, nanos, success) -> {};

  /**
   * @param operation the {@link io.pangolin.spi.MetadataStore} method name, e.g. {@code getAsset}
   * @param success false if the call threw (including expected outcomes such as a CAS conflict)
   */
  void onCall(String operation, long nanos, boolean success);
}
