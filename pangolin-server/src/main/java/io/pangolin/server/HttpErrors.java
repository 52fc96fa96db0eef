package io.pangolin.server;

import io.pangolin.iceberg.IcebergJson;
import io.pangolin.server.Views.ErrorDetail;
import io.pangolin.server.Views.ErrorView;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.rest.responses.ErrorResponse;

/**
 * The error bodies of HTTP-level failures, in the error model of the API a path belongs to: the Iceberg
 * {@code ErrorModel} {@code {"error": {"message", "type", "code"}}} under {@code /v1}, the management shape
 * {@code {"error": {"code", "message", "status", "requestId"}}} everywhere else. Used by the JAX-RS exception mapper,
 * by the server's framing filter ({@link HttpFramingFilter}) and by the direct handler of errors found before routing
 * ({@link HttpDirectHandler}), so the three layers answer alike.
 *
 * <table>
 *   <caption>HTTP-level errors</caption>
 *   <tr><th>status</th><th>management {@code code}</th><th>Iceberg {@code type}</th></tr>
 *   <tr><td>400</td><td>BAD_REQUEST</td><td>BadRequestException</td></tr>
 *   <tr><td>401</td><td>UNAUTHENTICATED</td><td>NotAuthorizedException</td></tr>
 *   <tr><td>403</td><td>FORBIDDEN</td><td>ForbiddenException</td></tr>
 *   <tr><td>404</td><td>NOT_FOUND</td><td>NotFoundException</td></tr>
 *   <tr><td>405</td><td>METHOD_NOT_ALLOWED</td><td>MethodNotAllowedException</td></tr>
 *   <tr><td>406</td><td>NOT_ACCEPTABLE</td><td>NotAcceptableException</td></tr>
 *   <tr><td>408</td><td>REQUEST_TIMEOUT</td><td>RequestTimeoutException</td></tr>
 *   <tr><td>413</td><td>PAYLOAD_TOO_LARGE</td><td>PayloadTooLargeException</td></tr>
 *   <tr><td>414</td><td>URI_TOO_LONG</td><td>UriTooLongException</td></tr>
 *   <tr><td>415</td><td>UNSUPPORTED_MEDIA_TYPE</td><td>UnsupportedMediaTypeException</td></tr>
 *   <tr><td>431</td><td>REQUEST_HEADER_FIELDS_TOO_LARGE</td><td>RequestHeaderFieldsTooLargeException</td></tr>
 *   <tr><td>505</td><td>HTTP_VERSION_NOT_SUPPORTED</td><td>HttpVersionNotSupportedException</td></tr>
 *   <tr><td>other 5xx</td><td>INTERNAL_ERROR</td><td>InternalServerError</td></tr>
 * </table>
 */
final class HttpErrors {
  static final String ICEBERG_PREFIX = "/v1/";
  private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");
  private static final int MAX_MESSAGE = 512;
  /** {@code `java.util.Map<java.lang.String,java.lang.String>`}, as Jackson quotes types. */
  private static final Pattern QUOTED_TYPE = Pattern.compile("`([A-Za-z_$][\\w$]*\\.)+[A-Za-z_$][\\w$]*(<[^`]*>)?(\\[])*`");
  /**
   * An unquoted qualified Java name: {@code java.lang.String}, {@code io.pangolin.server.Requests$CreateTenant} (not
   * inside quotes, where messages echo user names such as a namespace {@code 'com.Acme'}).
   */
  private static final Pattern QUALIFIED = Pattern.compile(
      "(?<![\\w'\".-])(?:java|javax|jakarta|com|org|io|net|sun|jdk)(?:\\.[a-z_][\\w]*)*\\.[A-Z][\\w$]*(?:<[^>\\s]*>)?(?:\\[])*");
  /** Request/response model class names, as Iceberg's parsers word them ({@code CreateNamespaceRequest}). */
  private static final Pattern MODEL_CLASS =
      Pattern.compile("(?<=\\b(?:for|of) )(?:[A-Z][a-z0-9]+){1,6}(?:Request|Response)\\b");
  /** Jackson's hints and reference chains, which name classes and configuration. */
  private static final Pattern JACKSON_NOISE = Pattern.compile(
      "\\s*\\((?:through reference chain|but could if coercion was enabled|for Object starting at)[^)]*\\)"
          + "|\\s*\\(token `JsonToken\\.[A-Z_]+`\\)|\\bCoercionConfig\\b|\\bJsonToken\\.[A-Z_]+");

  private HttpErrors() {}

  /** Whether {@code path} (raw, absolute) belongs to the Iceberg REST API. */
  static boolean iceberg(String path) {
    return path != null && (path.startsWith(ICEBERG_PREFIX) || path.equals("/v1"));
  }

  /** The caller's {@code X-Request-Id} if it is a sane token, otherwise a new UUID (as {@link RequestIdFilter}). */
  static String requestId(String given) {
    return given != null && SANE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
  }

  /** The JSON error body for {@code path}. */
  static byte[] body(String path, int status, String message, String requestId) {
    return json(path, status, message, requestId).getBytes(StandardCharsets.UTF_8);
  }

  static String json(String path, int status, String message, String requestId) {
    String m = sanitize(message);
    if (iceberg(path)) {
      return IcebergJson.write(ErrorResponse.builder().responseCode(status).withType(icebergType(status))
          .withMessage(m).build());
    }
    return Json.write(new ErrorView(new ErrorDetail(code(status), m, status, requestId)));
  }

  /** The management API's {@code code} of an HTTP-level status. */
  static String code(int status) {
    return switch (status) {
      case 400 -> "BAD_REQUEST";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "FORBIDDEN";
      case 404 -> "NOT_FOUND";
      case 405 -> "METHOD_NOT_ALLOWED";
      case 406 -> "NOT_ACCEPTABLE";
      case 408 -> "REQUEST_TIMEOUT";
      case 409 -> "CONFLICT";
      case 413 -> "PAYLOAD_TOO_LARGE";
      case 414 -> "URI_TOO_LONG";
      case 415 -> "UNSUPPORTED_MEDIA_TYPE";
      case 429 -> "RATE_LIMITED";
      case 431 -> "REQUEST_HEADER_FIELDS_TOO_LARGE";
      case 503 -> "UNAVAILABLE";
      case 505 -> "HTTP_VERSION_NOT_SUPPORTED";
      default -> status >= 500 ? "INTERNAL_ERROR" : "HTTP_" + status;
    };
  }

  /** The Iceberg {@code ErrorModel} {@code type} of an HTTP-level status. */
  static String icebergType(int status) {
    return switch (status) {
      case 400 -> "BadRequestException";
      case 401 -> "NotAuthorizedException";
      case 403 -> "ForbiddenException";
      case 404 -> "NotFoundException";
      case 405 -> "MethodNotAllowedException";
      case 406 -> "NotAcceptableException";
      case 408 -> "RequestTimeoutException";
      case 409 -> "ConflictException";
      case 413 -> "PayloadTooLargeException";
      case 414 -> "UriTooLongException";
      case 415 -> "UnsupportedMediaTypeException";
      case 429 -> "TooManyRequestsException";
      case 431 -> "RequestHeaderFieldsTooLargeException";
      case 503 -> "ServiceUnavailableException";
      case 505 -> "HttpVersionNotSupportedException";
      default -> status >= 500 ? "InternalServerError" : "HttpException";
    };
  }

  /** The default message of an HTTP-level status (never echoes the request). */
  static String message(int status) {
    return switch (status) {
      case 400 -> "bad request";
      case 404 -> "no such route";
      case 405 -> "method not allowed on this route";
      case 406 -> "cannot produce a representation acceptable to the client (this API produces application/json)";
      case 408 -> "the request body did not arrive in time";
      case 413 -> "request body too large";
      case 414 -> "request line too long";
      case 415 -> "unsupported media type (send application/json)";
      case 431 -> "request headers too large";
      case 505 -> "HTTP version not supported (use HTTP/1.1)";
      default -> status >= 500 ? "internal error" : "request failed with HTTP status " + status;
    };
  }

  /**
   * A message fit for a client: Java type names (as Jackson, JAX-RS or a library word them) replaced by JSON type
   * names, Jackson's configuration hints removed, control characters dropped and the length capped.
   */
  static String sanitize(String message) {
    if (message == null || message.isBlank()) {
      return "request failed";
    }
    String m = JACKSON_NOISE.matcher(message).replaceAll("");
    Matcher quoted = QUOTED_TYPE.matcher(m);
    StringBuilder sb = new StringBuilder();
    while (quoted.find()) {
      quoted.appendReplacement(sb, Matcher.quoteReplacement(jsonType(quoted.group())));
    }
    quoted.appendTail(sb);
    m = sb.toString();
    Matcher qualified = QUALIFIED.matcher(m);
    sb = new StringBuilder();
    while (qualified.find()) {
      qualified.appendReplacement(sb, Matcher.quoteReplacement(jsonType(qualified.group())));
    }
    qualified.appendTail(sb);
    m = MODEL_CLASS.matcher(sb.toString()).replaceAll("request body");
    m = m.replaceAll("[\\p{Cntrl}&&[^\\t]]+", " ").replaceAll(" {2,}", " ").strip();
    if (m.length() > MAX_MESSAGE) {
      m = m.substring(0, MAX_MESSAGE) + "…";
    }
    return m.isEmpty() ? "request failed" : m;
  }

  /** The JSON name of a (qualified, possibly quoted or generic) Java type name. */
  private static String jsonType(String javaType) {
    String t = javaType.replace("`", "");
    if (t.endsWith("[]")) {
      return "array";
    }
    int generic = t.indexOf('<');
    String raw = generic < 0 ? t : t.substring(0, generic);
    String simple = raw.substring(raw.lastIndexOf('.') + 1);
    simple = simple.substring(simple.lastIndexOf('$') + 1).toLowerCase(Locale.ROOT);
    if (simple.contains("map") || simple.equals("objectnode") || simple.equals("properties")) {
      return "object";
    }
    if (simple.contains("list") || simple.contains("set") || simple.contains("collection")
        || simple.equals("arraynode")) {
      return "array";
    }
    return switch (simple) {
      case "string", "charsequence", "char", "character", "uuid", "uri", "url" -> "string";
      case "integer", "int", "long", "short", "byte", "double", "float", "number", "bigdecimal", "biginteger" ->
          "number";
      case "boolean" -> "boolean";
      case "instant", "offsetdatetime", "zoneddatetime", "localdate", "localdatetime" -> "timestamp string";
      default -> "value";
    };
  }
}
