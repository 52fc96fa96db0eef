package io.pangolin.api;

/** The addressed resource, or a parent it requires, does not exist. */
public final class NotFoundException extends PangolinException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message, null);
  }

  public NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorCode code() {
    return ErrorCode.NOT_FOUND;
  }
}
