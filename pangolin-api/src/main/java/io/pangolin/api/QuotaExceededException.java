package io.pangolin.api;

/** A configured quota would be exceeded. Nothing was written. */
public final class QuotaExceededException extends PangolinException {
  private static final long serialVersionUID = 1L;

  public QuotaExceededException(String message) {
    super(message, null);
  }

  public QuotaExceededException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorCode code() {
    return ErrorCode.QUOTA_EXCEEDED;
  }
}
