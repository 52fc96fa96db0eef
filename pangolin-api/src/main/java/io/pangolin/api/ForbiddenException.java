package io.pangolin.api;

/** The caller is not allowed to perform the operation. */
public final class ForbiddenException extends PangolinException {
  private static final long serialVersionUID = 1L;

  public ForbiddenException(String message) {
    super(message, null);
  }

  public ForbiddenException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorCode code() {
    return ErrorCode.FORBIDDEN;
  }
}
