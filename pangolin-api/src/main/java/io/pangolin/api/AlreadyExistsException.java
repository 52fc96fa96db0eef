package io.pangolin.api;

/** A resource with the same identity already exists. */
public final class AlreadyExistsException extends PangolinException {
  private static final long serialVersionUID = 1L;

  public AlreadyExistsException(String message) {
    super(message, null);
  }

  public AlreadyExistsException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorCode code() {
    return ErrorCode.ALREADY_EXISTS;
  }
}
