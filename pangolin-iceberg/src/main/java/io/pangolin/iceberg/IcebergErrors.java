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
 *   <tr><td>commit state unknown</td><td>500</td><td>{@code CommitStateUnknownException}</td></tr>
 *   <tr><td>store unavailable</td><td>503</td><td>{@code ServiceUnavailableException}</td></tr>
 *   <tr><td>anything else</td><td>500</td><td>{@code InternalServerError} (generic message; logged)</td></tr>
 * </table>
 */
public final class IcebergErrors {
  private static final System.Logger LOG = System.getLogger(IcebergErrors.class.getName());

  private IcebergErrors() {}

  /** The error response for {@code failure}; unexpected failures are logged with {@code requestId}. */
  public static ErrorResponse toErrorResponse(Throwable failure, String requestId) {
    Throwable t = failure;
    int code;
    String type;
    String message = t.getMessage();
    if (t instanceof PangolinException pe) {
      type = switch (pe.code()) {
        case NOT_FOUND -> "NotFoundException";
        case ALREADY_EXISTS -> "AlreadyExistsException";
        case CONFLICT -> "CommitFailedException";
        case VALIDATION_FAILED -> "BadRequestException";
        case QUOTA_EXCEEDED -> "QuotaExceededException";
        case FORBIDDEN -> "ForbiddenException";
        case UNAUTHENTICATED -> "NotAuthorizedException";
        case UNAVAILABLE -> "ServiceUnavailableException";
      };
      code = switch (pe.code()) {
        case NOT_FOUND -> 404;
        case ALREADY_EXISTS, CONFLICT -> 409;
        case VALIDATION_FAILED -> 400;
        case QUOTA_EXCEEDED -> 422;
        case FORBIDDEN -> 403;
        case UNAUTHENTICATED -> 401;
        case UNAVAILABLE -> 503;
      };
    } else if (t instanceof NoSuchPlanException np) {
      code = 404;
      type = np.type();
    } else if (t instanceof NoSuchTableException || t instanceof NoSuchViewException
        || t instanceof NoSuchNamespaceException || t instanceof NotFoundException) {
      code = 404;
      type = t.getClass().getSimpleName();
    } else if (t instanceof AlreadyExistsException || t instanceof CommitFailedException
        || t instanceof NamespaceNotEmptyException) {
      code = 409;
      type = t.getClass().getSimpleName();
    } else if (t instanceof CommitStateUnknownException) {
      code = 500;
      type = t.getClass().getSimpleName();
    } else if (t instanceof BadRequestException || t instanceof ValidationException
        || t instanceof IllegalArgumentException) {
      code = 400;
      type = t.getClass().getSimpleName();
    } else if (t instanceof NotAuthorizedException) {
      code = 401;
      type = t.getClass().getSimpleName();
    } else if (t instanceof ForbiddenException) {
      code = 403;
      type = t.getClass().getSimpleName();
    } else if (t instanceof UnsupportedOperationException) {
      code = 406;
      type = "UnsupportedOperationException";
    } else if (t instanceof ServiceUnavailableException) {
      code = 503;
      type = t.getClass().getSimpleName();
    } else {
      LOG.log(System.Logger.Level.ERROR, "Iceberg request " + requestId + " failed", t);
      code = 500;
      type = "InternalServerError";
      message = "internal error; see the server log for request " + requestId;
    }
    if (message == null || message.isBlank()) {
      message = type.replace("Exception", "").toLowerCase(Locale.ROOT);
    }
    return ErrorResponse.builder().responseCode(code).withType(type).withMessage(message).build();
  }
}
