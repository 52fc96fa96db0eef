/**
 * Service provider interfaces of Pangolin.
 *
 * <p>{@link io.pangolin.spi.MetadataStore} is the narrow persistence contract; every rule above persistence
 * (validation, quotas, audit, location policy, Iceberg semantics) lives in the engine, written once. A store passes
 * the test kit in {@code pangolin-spi-tck} from a one-line subclass.
 */
package io.pangolin.spi;
