package io.pangolin.api;

/** Stable, machine-readable error codes. Clients may switch on them; values are never renamed. */
public enum ErrorCode {
  /** The addressed resource (or a parent it needs) does not exist. */
  NOT_FOUND,
  /** A resource with the same identity already exists. */
  ALREADY_EXISTS,
  /** A concurrent change won, or the resource is in a state that forbids the operation (e.g. not empty). */
  CONFLICT,
  /** The input is malformed or violates a naming/limit rule. */
  VALIDATION_FAILED,
  /** A configured quota would be exceeded. */
  QUOTA_EXCEEDED,
  /** The caller may not perform the operation. */
  FORBIDDEN,
  /** The request carries no valid credentials (missing, malformed, expired or revoked). */
  UNAUTHENTICATED,
  /** A backend is unavailable or the outcome of the operation is unknown; the caller may retry. */
  UNAVAILABLE
}
