package io.pangolin.api;

/**
 * Root of Pangolin's typed, unchecked exceptions. The family is closed: every failure a caller can act on is one of
 * the permitted subclasses, each carrying a stable {@link ErrorCode}. Driver exceptions never escape a store.
 */
public abstract sealed class PangolinException extends RuntimeException
    permits NotFoundException, AlreadyExistsException, ConflictException, ValidationException,
        QuotaExceededException, ForbiddenException, UnavailableException, UnauthenticatedException {

  protected PangolinException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The stable code of this failure. */
  public abstract ErrorCode code();
}
