package io.pangolin.api;

/**
 * Stable, machine-readable error codes. Clients may switch on them; values are never renamed. Each carries the one
 * HTTP status both APIs (Iceberg REST and management) answer it with.
 */
public enum ErrorCode {
  /** The addressed resource (or a parent it needs) does not exist. */
  NOT_FOUND(404),
  /** A resource with the same identity already exists. */
  ALREADY_EXISTS(409),
  /** A concurrent change won, or the resource is in a state that forbids the operation (e.g. not empty). */
  CONFLICT(409),
  /** The input is malformed or violates a naming/limit rule. */
  VALIDATION_FAILED(400),
  /** A configured quota would be exceeded. */
  QUOTA_EXCEEDED(422),
  /** The caller may not perform the operation. */
  FORBIDDEN(403),
  /** The request carries no valid credentials (missing, malformed, expired or revoked). */
  UNAUTHENTICATED(401),
  /** A backend is unavailable or the outcome of the operation is unknown; the caller may retry. */
  UNAVAILABLE(503);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  /** The HTTP status of a response carrying this code. */
  public int httpStatus() {
    return httpStatus;
  }
}
