package io.pangolin.server;

import io.pangolin.api.ErrorCode;
import io.pangolin.api.PangolinException;
import io.pangolin.server.Views.ErrorDetail;
import io.pangolin.server.Views.ErrorView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one mapping of failures to HTTP responses, all with the body
 * {@code {"error": {"code", "message", "status", "requestId"}}}:
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
 *   <tr><td>UnavailableException</td><td>503</td><td>UNAVAILABLE</td></tr>
 *   <tr><td>JAX-RS WebApplicationException (unknown route, 405, 406, 415 …)</td><td>its status</td>
 *     <td>NOT_FOUND, METHOD_NOT_ALLOWED, NOT_ACCEPTABLE, UNSUPPORTED_MEDIA_TYPE, BAD_REQUEST …</td></tr>
 *   <tr><td>anything else</td><td>500</td><td>INTERNAL_ERROR (generic message, logged with the request id)</td></tr>
 * </table>
 */
@Provider
@ApplicationScoped
public class ApiExceptionMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class.getName());

  @Context
  HttpHeaders headers;

  @Override
  public Response toResponse(Throwable exception) {
    String requestId = requestId();
    PangolinException pe = find(exception);
    if (pe != null) {
      int status = status(pe.code());
      if (status >= 500) {
        LOG.log(Level.WARNING, "request " + requestId + " failed: " + pe.code(), pe);
      }
      Response r = error(status, pe.code().name(), pe.getMessage(), requestId, null);
      if (status == 401) {
        return Response.fromResponse(r).header(jakarta.ws.rs.core.HttpHeaders.WWW_AUTHENTICATE,
            RequestContextFilter.CHALLENGE).build();
      }
      return r;
    }
    if (exception instanceof WebApplicationException wae) {
      Response r = wae.getResponse();
      int status = r.getStatus();
      if (status >= 500) {
        LOG.log(Level.SEVERE, "request " + requestId + " failed", wae);
        return error(status, "INTERNAL_ERROR", "internal error; see the server log for request " + requestId,
            requestId, null);
      }
      return error(status, httpCode(status, r.getStatusInfo().getReasonPhrase()), message(status), requestId, r);
    }
    LOG.log(Level.SEVERE, "request " + requestId + " failed", exception);
    return error(500, "INTERNAL_ERROR", "internal error; see the server log for request " + requestId, requestId,
        null);
  }

  /** HTTP status of each stable error code. */
  static int status(ErrorCode code) {
    return switch (code) {
      case NOT_FOUND -> 404;
      case ALREADY_EXISTS, CONFLICT -> 409;
      case VALIDATION_FAILED -> 400;
      case QUOTA_EXCEEDED -> 422;
      case FORBIDDEN -> 403;
      case UNAUTHENTICATED -> 401;
      case UNAVAILABLE -> 503;
    };
  }

  private static Response error(int status, String code, String message, String requestId, Response original) {
    Response.ResponseBuilder b = Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorView(new ErrorDetail(code, message, status, requestId)));
    if (original != null && original.getHeaderString("Allow") != null) {
      b.header("Allow", original.getHeaderString("Allow"));
    }
    return b.build();
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

  private static String httpCode(int status, String reason) {
    if (status == 404) {
      return ErrorCode.NOT_FOUND.name();
    }
    if (status == 400) {
      return "BAD_REQUEST";
    }
    String r = reason == null || reason.isBlank() ? "HTTP_" + status : reason;
    return r.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
  }

  private static String message(int status) {
    return switch (status) {
      case 400 -> "bad request";
      case 404 -> "no such route";
      case 405 -> "method not allowed on this route";
      case 406 -> "cannot produce a representation acceptable to the client (this API produces application/json)";
      case 415 -> "unsupported media type (send application/json)";
      default -> "request failed with HTTP status " + status;
    };
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
