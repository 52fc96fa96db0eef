package io.pangolin.api;

/** A backend is unavailable or the outcome is unknown; the operation may be retried. */
public final class UnavailableException extends PangolinException {
  private static final long serialVersionUID = 1L;

  public UnavailableException(String message) {
    super(message, null);
  }

  public UnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorCode code() {
    return ErrorCode.UNAVAILABLE;
  }
}
