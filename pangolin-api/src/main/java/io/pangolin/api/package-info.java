/**
 * Domain model and service interfaces of Pangolin.
 *
 * <p>Hierarchy: tenant → warehouse (storage root) → catalog → namespace (multi-level) → asset. Every record is
 * immutable; optional values are {@link java.util.Optional}, never {@code null}. Errors are the unchecked subclasses
 * of {@link io.pangolin.api.PangolinException}, each with a stable {@link io.pangolin.api.ErrorCode}.
 */
package io.pangolin.api;
