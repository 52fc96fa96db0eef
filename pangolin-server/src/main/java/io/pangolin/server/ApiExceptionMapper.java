package io.pangolin.server;

import io.pangolin.api.PangolinException;
import io.pangolin.iceberg.IcebergErrors;
import io.pangolin.iceberg.IcebergJson;
import io.pangolin.server.Views.ErrorDetail;
import io.pangolin.server.Views.ErrorView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.iceberg.rest.responses.ErrorResponse;

/**
 * The one mapping of failures to HTTP responses in JAX-RS. Under {@code /v1} (the Iceberg REST API) the body is the
 * Iceberg {@code ErrorModel} {@code {"error": {"message", "type", "code"}}} (types of {@link IcebergErrors} for
 * Pangolin failures, of {@link HttpErrors} for HTTP-level ones: {@code NotFoundException} for an unknown route,
 * {@code MethodNotAllowedException}, {@code NotAcceptableException}, {@code UnsupportedMediaTypeException}); everywhere
 * else it is {@code {"error": {"code", "message", "status", "requestId"}}}:
 *
 * <table>
 *   <caption>status mapping</caption>
 *   <tr><th>failure</th><th>status</th><th>code</th></tr>
 *   <tr><td>NotFoundException</td><td>404</td><td>NOT_FOUND</td></tr>
 *   <tr><td>AlreadyExistsException</td><td>409</td><td>ALREADY_EXISTS</td></tr>
 *   <tr><td>ConflictException</td><td>409</td><td>CONFLICT</td></tr>
 *   <tr><td>ValidationException (also malformed JSON, unknown fields, wrong types)</td><td>400</td>
 *     <td>VALIDATION_FAILED</td></tr>
 *   <tr><td>QuotaExceededException</td><td>422</td><td>QUOTA_EXCEEDED</td></tr>
 *   <tr><td>ForbiddenException</td><td>403</td><td>FORBIDDEN</td></tr>
 *   <tr><td>UnauthenticatedException</td><td>401 (+ WWW-Authenticate: Bearer)</td><td>UNAUTHENTICATED</td></tr>
 *   <tr><td>UnavailableException</td><td>503 (+ Retry-After, {@link RetryAfterFilter})</td><td>UNAVAILABLE</td></tr>
 *   <tr><td>JAX-RS WebApplicationException (unknown route, 405, 406, 415 …)</td><td>its status</td>
 *     <td>NOT_FOUND, METHOD_NOT_ALLOWED, NOT_ACCEPTABLE, UNSUPPORTED_MEDIA_TYPE, BAD_REQUEST …</td></tr>
 *   <tr><td>anything else</td><td>500</td><td>INTERNAL_ERROR (generic message, logged with the request id)</td></tr>
 * </table>
 *
 * <p>Every message passes {@link HttpErrors#sanitize}: no Java class names, no control characters, bounded length.
 */
@Provider
@ApplicationScoped
public class ApiExceptionMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class.getName());

  @Context
  HttpHeaders headers;

  @Context
  UriInfo uriInfo;

  @Override
  public Response toResponse(Throwable exception) {
    String requestId = requestId();
    boolean iceberg = HttpErrors.iceberg(path());
    PangolinException pe = find(exception);
    if (pe != null) {
      int status = pe.code().httpStatus();
      if (status >= 500) {
        LOG.log(Level.WARNING, "request " + requestId + " failed: " + pe.code(), pe);
      }
      Response.ResponseBuilder r;
      if (iceberg) {
        ErrorResponse e = IcebergErrors.toErrorResponse(pe, requestId);
        r = iceberg(status, e.type(), e.message());
      } else {
        r = error(status, pe.code().name(), pe.getMessage(), requestId);
      }
      if (status == 401) {
        r.header(HttpHeaders.WWW_AUTHENTICATE, RequestContextFilter.CHALLENGE);
      }
      return r.build();
    }
    if (exception instanceof WebApplicationException wae && wae.getResponse().getStatus() < 500) {
      Response original = wae.getResponse();
      int status = original.getStatus();
      String message = ownMessage(wae) ? wae.getMessage() : HttpErrors.message(status);
      Response.ResponseBuilder r = iceberg
          ? iceberg(status, HttpErrors.icebergType(status), message)
          : error(status, HttpErrors.code(status), message, requestId);
      if (original.getHeaderString("Allow") != null) {
        r.header("Allow", original.getHeaderString("Allow"));
      }
      return r.build();
    }
    LOG.log(Level.SEVERE, "request " + requestId + " failed", exception);
    String message = "internal error; see the server log for request " + requestId;
    return (iceberg ? iceberg(500, HttpErrors.icebergType(500), message)
        : error(500, "INTERNAL_ERROR", message, requestId)).build();
  }

  private static Response.ResponseBuilder error(int status, String code, String message, String requestId) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorView(new ErrorDetail(code, HttpErrors.sanitize(message), status, requestId)));
  }

  private static Response.ResponseBuilder iceberg(int status, String type, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(IcebergJson.write(ErrorResponse.builder().responseCode(status).withType(type)
            .withMessage(HttpErrors.sanitize(message)).build()));
  }

  /** Whether the exception carries a message of ours (JAX-RS's defaults read "HTTP 415 Unsupported Media Type"). */
  private static boolean ownMessage(WebApplicationException e) {
    String m = e.getMessage();
    return m != null && !m.isBlank() && !m.startsWith("HTTP ") && e.getClass().getName().startsWith("jakarta.ws.rs.")
        && e.getCause() == null;
  }

  /** The Pangolin failure in the cause chain, e.g. under a JAX-RS processing exception around a body reader. */
  private static PangolinException find(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof PangolinException pe) {
        return pe;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  private String path() {
    try {
      return uriInfo == null ? "" : uriInfo.getRequestUri().getRawPath();
    } catch (RuntimeException e) {
      return "";
    }
  }

  private String requestId() {
    try {
      String id = headers == null ? null : headers.getHeaderString(RequestIdFilter.HEADER);
      return id != null ? id : UUID.randomUUID().toString();
    } catch (RuntimeException e) {
      return UUID.randomUUID().toString();
    }
  }
}
