package io.pangolin.api;

/** The input is malformed or breaks a naming rule or limit. Nothing was written. */
public final class ValidationException extends PangolinException {
  private static final long serialVersionUID = 1L;

  public ValidationException(String message) {
    super(message, null);
  }

  public ValidationException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorCode code() {
    return ErrorCode.VALIDATION_FAILED;
  }
}
