package io.pangolin.iceberg;

import io.pangolin.api.PangolinException;
import java.util.Locale;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.rest.responses.ErrorResponse;

/**
 * Maps failures to the REST spec's {@code ErrorModel} ({@code message}, {@code type}, {@code code}), so that the
 * Iceberg clients' error handlers raise the matching exception:
 *
 * <table>
 *   <caption>error mapping</caption>
 *   <tr><th>failure</th><th>code</th><th>type</th></tr>
 *   <tr><td>malformed request, bad JSON, unknown update type, wrong types, missing fields, Iceberg
 *     {@code ValidationException}, {@code IllegalArgumentException}, Pangolin {@code ValidationException} (names,
 *     depth limit, location outside the warehouse)</td><td>400</td>
 *     <td>{@code BadRequestException}, {@code ValidationException}, {@code IllegalArgumentException}</td></tr>
 *   <tr><td>not authorized</td><td>401</td><td>{@code NotAuthorizedException}</td></tr>
 *   <tr><td>Pangolin / Iceberg forbidden</td><td>403</td><td>{@code ForbiddenException}</td></tr>
 *   <tr><td>no such table / view / namespace / scan plan / plan task</td><td>404</td>
 *     <td>{@code NoSuchTableException}, {@code NoSuchViewException}, {@code NoSuchNamespaceException},
 *     {@code NoSuchPlanIdException}, {@code NoSuchPlanTaskException}</td></tr>
 *   <tr><td>other not found (tenant, catalog, file)</td><td>404</td><td>{@code NotFoundException}</td></tr>
 *   <tr><td>unsupported operation</td><td>406</td><td>{@code UnsupportedOperationException}</td></tr>
 *   <tr><td>already exists</td><td>409</td><td>{@code AlreadyExistsException}</td></tr>
 *   <tr><td>commit failed (requirement or concurrent change), Pangolin conflict</td><td>409</td>
 *     <td>{@code CommitFailedException}</td></tr>
 *   <tr><td>namespace not empty</td><td>409</td><td>{@code NamespaceNotEmptyException}</td></tr>
 *   <tr><td>Pangolin quota exceeded</td><td>422</td><td>{@code QuotaExceededException}</td></tr>
 *   <tr><td>commit state unknown (a lost answer not resolved within {@link Outcomes#BOUND})</td><td>500</td>
 *     <td>{@code CommitStateUnknownException}</td></tr>
 *   <tr><td>store unavailable</td><td>503</td><td>{@code ServiceUnavailableException}</td></tr>
 *   <tr><td>anything else</td><td>500</td><td>{@code InternalServerError} (generic message; logged)</td></tr>
 * </table>
 */
public final class IcebergErrors {
  private static final System.Logger LOG = System.getLogger(IcebergErrors.class.getName());

  private IcebergErrors() {}

  /**
   * The error code an audit event gives {@code failure} (Pangolin's {@code ErrorCode} names, {@code INTERNAL} for
   * anything else), from the HTTP status it is answered with; nothing is logged.
   */
  public static String auditCode(Throwable failure) {
    if (failure instanceof PangolinException pe) {
      return pe.code().name();
    }
    if (failure instanceof AlreadyExistsException) {
      return "ALREADY_EXISTS";
    }
    return switch (status(failure)) {
      case 400, 406 -> "VALIDATION_FAILED";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "FORBIDDEN";
      case 404 -> "NOT_FOUND";
      case 409 -> "CONFLICT";
      case 422 -> "QUOTA_EXCEEDED";
      case 503 -> "UNAVAILABLE";
      default -> "INTERNAL";
    };
  }

  /** The error response for {@code failure}; unexpected failures are logged with {@code requestId}. */
  public static ErrorResponse toErrorResponse(Throwable failure, String requestId) {
    Kind kind = classify(failure);
    String message = failure.getMessage();
    if (kind == null) {
      LOG.log(System.Logger.Level.ERROR, "Iceberg request " + requestId + " failed", failure);
      kind = new Kind(500, "InternalServerError");
      message = "internal error; see the server log for request " + requestId;
    }
    if (message == null || message.isBlank()) {
      message = kind.type().replace("Exception", "").toLowerCase(Locale.ROOT);
    }
    return ErrorResponse.builder().responseCode(kind.code()).withType(kind.type()).withMessage(message).build();
  }

  private static int status(Throwable failure) {
    Kind kind = classify(failure);
    return kind == null ? 500 : kind.code();
  }

  private record Kind(int code, String type) {}

  /** The status and type of an expected failure; null for an unexpected one (an internal error). */
  private static Kind classify(Throwable t) {
    if (t instanceof PangolinException pe) {
      String type = switch (pe.code()) {
        case NOT_FOUND -> "NotFoundException";
        case ALREADY_EXISTS -> "AlreadyExistsException";
        case CONFLICT -> "CommitFailedException";
        case VALIDATION_FAILED -> "BadRequestException";
        case QUOTA_EXCEEDED -> "QuotaExceededException";
        case FORBIDDEN -> "ForbiddenException";
        case UNAUTHENTICATED -> "NotAuthorizedException";
        case UNAVAILABLE -> "ServiceUnavailableException";
      };
      return new Kind(pe.code().httpStatus(), type);
    } else if (t instanceof NoSuchPlanException np) {
      return new Kind(404, np.type());
    } else if (t instanceof NoSuchTableException || t instanceof NoSuchViewException
        || t instanceof NoSuchNamespaceException || t instanceof NotFoundException) {
      return new Kind(404, t.getClass().getSimpleName());
    } else if (t instanceof AlreadyExistsException || t instanceof CommitFailedException
        || t instanceof NamespaceNotEmptyException) {
      return new Kind(409, t.getClass().getSimpleName());
    } else if (t instanceof CommitStateUnknownException) {
      return new Kind(500, t.getClass().getSimpleName());
    } else if (t instanceof BadRequestException || t instanceof ValidationException
        || t instanceof IllegalArgumentException) {
      return new Kind(400, t.getClass().getSimpleName());
    } else if (t instanceof NotAuthorizedException) {
      return new Kind(401, t.getClass().getSimpleName());
    } else if (t instanceof ForbiddenException) {
      return new Kind(403, t.getClass().getSimpleName());
    } else if (t instanceof UnsupportedOperationException) {
      return new Kind(406, "UnsupportedOperationException");
    } else if (t instanceof ServiceUnavailableException) {
      return new Kind(503, t.getClass().getSimpleName());
    }
    return null;
  }
}
