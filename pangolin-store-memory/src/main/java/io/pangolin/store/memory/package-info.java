/**
 * The in-memory reference store. Read this first when writing a store: it shows the whole
 * {@link io.pangolin.spi.MetadataStore} contract with nothing in the way.
 */
package io.pangolin.store.memory;
