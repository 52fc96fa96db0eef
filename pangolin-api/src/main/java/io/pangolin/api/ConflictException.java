package io.pangolin.api;

/** A concurrent change won (compare-and-swap failed), or the resource's state forbids the operation, for example deleting a namespace that is not empty. */
public final class ConflictException extends PangolinException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(message, null);
  }

  public ConflictException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorCode code() {
    return ErrorCode.CONFLICT;
  }
}
