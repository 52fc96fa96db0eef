package io.pangolin.iceberg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.pangolin.api.ForbiddenException;
import io.pangolin.api.UnavailableException;
import io.pangolin.core.Names;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The S3 side of remote signing (Iceberg's S3 signer protocol, {@code s3-signer-open-api.yaml}): parses a sign
 * request, decides which table locations it touches and whether it reads or writes, and signs it with SigV4 (the AWS
 * SDK's {@link AwsV4HttpSigner}, unsigned payload) using the warehouse's credentials, which never leave the server.
 *
 * <p>What is signed: requests addressed to the warehouse's S3 endpoint ({@code s3.endpoint}, else
 * {@code *.amazonaws.com}) in path style or virtual-host style, for the warehouse's bucket, and
 * <ul>
 *   <li>an object (GET/HEAD read; PUT/POST/DELETE write — multipart uploads included) whose key lies below one of the
 *       table's locations;
 *   <li>a listing ({@code GET ?list-type=2&prefix=}, or the v1 {@code ?prefix=}) whose prefix lies below one of them
 *       (at a {@code /} boundary: {@code orders} does not list {@code orders2});
 *   <li>a DeleteObjects ({@code POST ?delete}) whose every key in the XML body lies below one of them.
 * </ul>
 * Anything else is refused: 400 for a malformed request, 403 for a well-formed one outside the table.
 */
final class S3RequestSigner {
  /** Largest sign request accepted (a DeleteObjects body of 1 000 long keys fits). */
  static final int MAX_REQUEST_CHARS = 1 << 20;
  static final int MAX_HEADERS = 100;
  static final int MAX_DELETE_KEYS = 1000;
  /** Headers left out of the signature, as Iceberg's reference signer does; the client may change them per attempt. */
  private static final Set<String> UNSIGNED = Set.of("range", "x-amz-date", "amz-sdk-invocation-id", "amz-sdk-retry",
      "amz-sdk-request");
  /** Headers the signer sets itself; a client's value is dropped. */
  private static final Set<String> REPLACED = Set.of("authorization", "x-amz-content-sha256", "x-amz-security-token");
  private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");
  private static final Pattern AWS_HOST = Pattern.compile("s3([.-][a-z0-9-]+)*\\.amazonaws\\.com(\\.cn)?");

  private S3RequestSigner() {}

  /** A parsed sign request. */
  record SignRequest(String region, String method, URI uri, Map<String, List<String>> headers, String body) {}

  /** What a request touches: S3 locations ({@code s3://bucket/key}) and whether it writes. */
  record Target(boolean write, List<String> locations, boolean listing) {}

  /** A signed request: the URI to call and the headers to send; cacheable by the client (GET/HEAD only). */
  record Signed(URI uri, Map<String, List<String>> headers, boolean cacheable) {}

  // ---- parsing ---------------------------------------------------------------------------------------------

  /** @throws BadRequestException not a sign request */
  static SignRequest parse(String json) {
    if (json == null || json.isBlank()) {
      throw new BadRequestException("Invalid sign request: empty body");
    }
    if (json.length() > MAX_REQUEST_CHARS) {
      throw new BadRequestException("Invalid sign request: larger than %s characters", MAX_REQUEST_CHARS);
    }
    JsonNode n;
    try {
      n = IcebergJson.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new BadRequestException("Invalid sign request: malformed JSON");
    }
    if (n == null || !n.isObject()) {
      throw new BadRequestException("Invalid sign request: not a JSON object");
    }
    String region = text(n, "region", true);
    if (!REGION.matcher(region).matches()) {
      throw new BadRequestException("Invalid sign request: bad region");
    }
    String method = text(n, "method", true).toUpperCase(Locale.ROOT);
    URI uri;
    try {
      uri = new URI(text(n, "uri", true));
    } catch (URISyntaxException e) {
      throw new BadRequestException("Invalid sign request: uri is not a URI");
    }
    if (!uri.isAbsolute() || host(uri) == null
        || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
      throw new BadRequestException("Invalid sign request: uri must be an absolute http(s) URL of an S3 endpoint");
    }
    JsonNode h = n.get("headers");
    if (h == null || !h.isObject()) {
      throw new BadRequestException("Invalid sign request: headers must be an object");
    }
    if (h.size() > MAX_HEADERS) {
      throw new BadRequestException("Invalid sign request: more than %s headers", MAX_HEADERS);
    }
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isArray()) {
        throw new BadRequestException("Invalid sign request: header values must be arrays of strings");
      }
      List<String> values = new ArrayList<>();
      for (JsonNode v : e.getValue()) {
        if (!v.isTextual()) {
          throw new BadRequestException("Invalid sign request: header values must be arrays of strings");
        }
        values.add(v.asText());
      }
      headers.put(e.getKey(), values);
    }
    String body = text(n, "body", false);
    return new SignRequest(region, method, uri, headers, body);
  }

  private static String text(JsonNode n, String field, boolean required) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new BadRequestException("Invalid sign request: missing %s", field);
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new BadRequestException("Invalid sign request: %s must be a string", field);
    }
    return v.asText();
  }

  // ---- what a request touches ----------------------------------------------------------------------------

  /**
   * The locations {@code request} touches in {@code bucket}, reached through {@code endpointHost} (the host of the
   * warehouse's {@code s3.endpoint}, or null for AWS).
   *
   * @throws BadRequestException a malformed request or one that cannot be signed
   * @throws ForbiddenException another endpoint or bucket, or a request on the bucket that is neither a listing nor
   *     a DeleteObjects
   */
  static Target target(SignRequest request, String bucket, String endpointHost) {
    boolean write = switch (request.method()) {
      case "GET", "HEAD" -> false;
      case "PUT", "POST", "DELETE" -> true;
      default -> throw new BadRequestException("Invalid sign request: method %s is not signed",
          Names.shorten(request.method()));
    };
    String host = host(request.uri());
    String rawPath = request.uri().getRawPath() == null ? "" : request.uri().getRawPath();
    String key;
    if (isEndpoint(host.startsWith(bucket + ".") ? host.substring(bucket.length() + 1) : null, endpointHost)) {
      key = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath; // virtual-host style
    } else if (isEndpoint(host, endpointHost)) {
      String p = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath; // path style: /<bucket>/<key>
      int slash = p.indexOf('/');
      String first = decode(slash < 0 ? p : p.substring(0, slash));
      if (!first.equals(bucket)) {
        throw new ForbiddenException("signing refused: not the table's bucket");
      }
      key = slash < 0 ? "" : p.substring(slash + 1);
    } else {
      throw new ForbiddenException("signing refused: not the warehouse's storage endpoint");
    }
    key = decode(key);
    Map<String, String> query = query(request.uri().getRawQuery());
    if (!key.isEmpty()) {
      return new Target(write, List.of(location(bucket, key)), false);
    }
    if (!write && query.containsKey("prefix") && !query.containsKey("uploads") && !query.containsKey("versions")) {
      String prefix = query.get("prefix");
      return new Target(false, List.of(location(bucket, prefix)), true);
    }
    if (request.method().equals("POST") && query.containsKey("delete")) {
      List<String> keys = deleteKeys(request.body());
      List<String> locations = new ArrayList<>(keys.size());
      for (String k : keys) {
        locations.add(location(bucket, k));
      }
      return new Target(true, locations, false);
    }
    throw new ForbiddenException("signing refused: only object requests, listings by prefix and DeleteObjects "
        + "within the table are signed");
  }

  /**
   * The host of {@code uri}, lower case; also for a virtual-host name over an IP endpoint
   * ({@code bucket.127.0.0.1}), which {@link URI} does not take for a host name. Null with user info or no host.
   */
  private static String host(URI uri) {
    if (uri.getHost() != null) {
      return uri.getHost().toLowerCase(Locale.ROOT);
    }
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isEmpty() || authority.contains("@") || authority.contains("%")) {
      return null;
    }
    int colon = authority.lastIndexOf(':');
    String h = colon < 0 ? authority : authority.substring(0, colon);
    return h.matches("[A-Za-z0-9.-]+") ? h.toLowerCase(Locale.ROOT) : null;
  }

  private static boolean isEndpoint(String host, String endpointHost) {
    if (host == null) {
      return false;
    }
    return endpointHost != null ? host.equals(endpointHost) : AWS_HOST.matcher(host).matches();
  }

  /** {@code s3://bucket/key}, refusing keys with {@code .}/{@code ..} segments, backslashes or control characters. */
  private static String location(String bucket, String key) {
    if (key.isEmpty()) {
      throw new ForbiddenException("signing refused: an empty key or prefix reaches the whole bucket");
    }
    for (String segment : key.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        throw new BadRequestException("Invalid sign request: '.' or '..' segment in the key");
      }
    }
    if (key.chars().anyMatch(c -> c == '\\' || Character.isISOControl(c))) {
      throw new BadRequestException("Invalid sign request: backslash or control character in the key");
    }
    return "s3://" + bucket + "/" + key;
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Invalid sign request: bad percent-encoding in the uri");
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = decode(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (out.putIfAbsent(k, v) != null) {
        throw new BadRequestException("Invalid sign request: repeated query parameter");
      }
    }
    return out;
  }

  /** The keys of a DeleteObjects body, parsed with DTDs and external entities disabled. */
  static List<String> deleteKeys(String body) {
    if (body == null || body.isBlank()) {
      throw new BadRequestException("Invalid sign request: DeleteObjects needs its body");
    }
    Document doc;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setNamespaceAware(true);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      doc = b.parse(new InputSource(new StringReader(body)));
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    } catch (SAXException | IOException e) {
      throw new BadRequestException("Invalid sign request: DeleteObjects body is not valid XML");
    }
    if (!"Delete".equals(doc.getDocumentElement().getLocalName())) {
      throw new BadRequestException("Invalid sign request: DeleteObjects body must be a Delete element");
    }
    NodeList keys = doc.getElementsByTagNameNS("*", "Key");
    if (keys.getLength() == 0 || keys.getLength() > MAX_DELETE_KEYS) {
      throw new BadRequestException("Invalid sign request: DeleteObjects needs 1 to %s keys", MAX_DELETE_KEYS);
    }
    List<String> out = new ArrayList<>(keys.getLength());
    for (int i = 0; i < keys.getLength(); i++) {
      out.add(keys.item(i).getTextContent());
    }
    return out;
  }

  /**
   * Whether every location of {@code target} lies below one of {@code allowed} (canonical {@code s3://} locations)
   * at a {@code /} boundary.
   */
  static boolean inside(Target target, List<String> allowed) {
    for (String location : target.locations()) {
      String l = location.startsWith("s3a://") || location.startsWith("s3n://")
          ? "s3://" + location.substring(6) : location;
      boolean ok = false;
      for (String a : allowed) {
        String prefix = (a.startsWith("s3a://") || a.startsWith("s3n://") ? "s3://" + a.substring(6) : a);
        prefix = prefix.endsWith("/") ? prefix : prefix + "/";
        if (l.startsWith(prefix) && l.length() > prefix.length() || target.listing() && l.equals(prefix)) {
          ok = true;
          break;
        }
      }
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  // ---- signing -------------------------------------------------------------------------------------------

  /**
   * Signs {@code request} for {@code region} with {@code credentials}: SigV4 for service {@code s3}, payload
   * unsigned, every header the client sent signed except {@link #UNSIGNED} ones (returned as they came).
   *
   * @throws UnavailableException the warehouse's credentials could not be resolved
   */
  static Signed sign(SignRequest request, String region, java.util.function.Supplier<AwsCredentialsIdentity> credentials) {
    URI uri = request.uri();
    SdkHttpRequest.Builder b = SdkHttpRequest.builder().uri(uri).host(host(uri))
        .method(SdkHttpMethod.fromValue(request.method()));
    if (uri.getHost() == null) { // a virtual-host name over an IP endpoint: the port from the authority
      String authority = uri.getRawAuthority();
      int colon = authority.lastIndexOf(':');
      if (colon >= 0) {
        try {
          b.port(Integer.parseInt(authority.substring(colon + 1)));
        } catch (NumberFormatException e) {
          throw new BadRequestException("Invalid sign request: bad port in the uri");
        }
      }
    }
    Map<String, List<String>> unsigned = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    request.headers().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (UNSIGNED.contains(lower)) {
        unsigned.put(name, values);
      } else if (!REPLACED.contains(lower)) {
        b.putHeader(name, values);
      }
    });
    b.putHeader("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
    AwsCredentialsIdentity identity;
    try {
      identity = credentials.get();
    } catch (SdkClientException e) {
      throw new UnavailableException("the warehouse's storage credentials could not be resolved");
    }
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(b.build())
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
        .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, false));
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(signed.request().headers());
    headers.putAll(unsigned);
    boolean cacheable = request.method().equals("GET") || request.method().equals("HEAD");
    return new Signed(request.uri(), headers, cacheable);
  }
}
