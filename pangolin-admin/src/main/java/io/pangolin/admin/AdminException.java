package io.pangolin.admin;

/**
 * A failure that ends a command with a message on stderr and an exit code of {@link ExitCodes}. Messages never hold a
 * secret: they come from the server's error body (which never echoes one) or are written here.
 */
class AdminException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  AdminException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  AdminException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }

  /** An error answer of the server: its status, its error code ({@code NOT_FOUND}, …) and request id. */
  static final class ApiError extends AdminException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    ApiError(int status, String code, String message, String requestId) {
      super(ExitCodes.forStatus(status), message + " (HTTP " + status + (code.isEmpty() ? "" : " " + code)
          + (requestId.isEmpty() ? "" : ", request " + requestId) + ")");
      this.status = status;
      this.code = code;
    }

    int status() {
      return status;
    }

    String code() {
      return code;
    }
  }
}
