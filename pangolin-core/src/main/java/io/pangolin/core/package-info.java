/**
 * The engine. Public surface: {@link io.pangolin.core.Pangolin} (and its builder), {@link io.pangolin.core.Limits},
 * {@link io.pangolin.core.StoreObserver}, {@link io.pangolin.core.Names} and {@link io.pangolin.core.LocationPolicy}.
 * Service implementations are package-private.
 */
package io.pangolin.core;
