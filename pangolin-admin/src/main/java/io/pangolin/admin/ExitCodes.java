package io.pangolin.admin;

/**
 * The exit codes of {@code pangolin-admin}, stable for scripts (documented in the module README).
 */
final class ExitCodes {
  /** The command did what was asked. */
  static final int OK = 0;
  /** Bad command line: unknown command or option, missing or invalid value (picocli). */
  static final int USAGE = 1;
  /** The server answered 404: the tenant, catalog, namespace, asset … does not exist. */
  static final int NOT_FOUND = 2;
  /** The server answered 409: it already exists, or it changed / is still in use. */
  static final int CONFLICT = 3;
  /** The server answered 401 or 403, or the token endpoint refused the credentials. */
  static final int AUTH = 4;
  /** The server answered 400 or 422 (validation, quota), or another 4xx. */
  static final int VALIDATION = 5;
  /** The server answered 5xx, or could not be reached (connection refused, timeout). */
  static final int SERVER = 6;
  /** A local file could not be read or written (config file, export/import file). */
  static final int LOCAL_IO = 7;
  /** A command over many items (optimize-catalog) finished, but some of them failed; the report names them. */
  static final int PARTIAL = 8;
  /** A failure of the CLI itself (a bug: please report it with the message). */
  static final int UNEXPECTED = 9;

  private ExitCodes() {}

  /** The exit code for an HTTP error status. */
  static int forStatus(int status) {
    return switch (status) {
      case 404 -> NOT_FOUND;
      case 409 -> CONFLICT;
      case 401, 403 -> AUTH;
      default -> status >= 500 ? SERVER : VALIDATION;
    };
  }
}
