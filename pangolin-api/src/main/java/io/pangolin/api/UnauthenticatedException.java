package io.pangolin.api;

/** The request carries no valid credentials: missing, malformed, expired, revoked or wrong. */
public final class UnauthenticatedException extends PangolinException {
  private static final long serialVersionUID = 1L;

  public UnauthenticatedException(String message) {
    super(message, null);
  }

  @Override
  public ErrorCode code() {
    return ErrorCode.UNAUTHENTICATED;
  }
}
