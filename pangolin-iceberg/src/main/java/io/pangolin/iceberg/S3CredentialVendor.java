package io.pangolin.iceberg;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.pangolin.api.ForbiddenException;
import io.pangolin.api.UnavailableException;
import io.pangolin.api.ValidationException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Vends S3 credentials with STS {@code AssumeRole}: the role of the warehouse ({@code sts.role-arn}), assumed with the
 * warehouse's own S3 credentials, narrowed by an inline session policy to the table's locations — {@code GetObject}
 * and a {@code ListBucket} restricted to the table's key prefixes for a reader, and {@code PutObject},
 * {@code DeleteObject}, {@code AbortMultipartUpload}, {@code ListMultipartUploadParts} besides for a writer. The
 * effective permissions are the intersection of the role's policies and the session policy, so the role itself may be
 * broad (the warehouse's whole bucket).
 *
 * <p>Warehouse storage properties: {@code sts.role-arn} (required; without it vending is refused with 400),
 * {@code sts.endpoint} (default: the SDK's regional STS endpoint), {@code sts.region} (default {@code client.region},
 * then {@code us-east-1}), {@code sts.duration-seconds} (900–43200, default 3600), {@code sts.external-id},
 * {@code sts.partition} (ARN partition, default {@code aws}). Results are cached per warehouse version, locations,
 * access level and principal until a quarter of their lifetime (at most 5 minutes) is left.
 */
public final class S3CredentialVendor implements CredentialVendor {
  public static final String ROLE_ARN = "sts.role-arn";
  public static final String ENDPOINT = "sts.endpoint";
  public static final String REGION = "sts.region";
  public static final String DURATION = "sts.duration-seconds";
  public static final String EXTERNAL_ID = "sts.external-id";
  public static final String PARTITION = "sts.partition";
  static final int DEFAULT_DURATION_S = 3600;
  static final Duration MAX_MARGIN = Duration.ofMinutes(5);

  private record Key(String warehouseKey, List<String> locations, boolean write, String principal) {}

  private final Clock clock;
  private final Cache<Key, Vended> vended;
  private final Cache<String, StsClient> clients = Caffeine.newBuilder().expireAfterAccess(Duration.ofHours(1))
      .<String, StsClient>removalListener((k, client, cause) -> {
        if (client != null) {
          client.close();
        }
      }).build();

  public S3CredentialVendor() {
    this(Clock.systemUTC());
  }

  S3CredentialVendor(Clock clock) {
    this.clock = clock;
    this.vended = Caffeine.newBuilder().maximumSize(10_000).expireAfter(new Expiry<Key, Vended>() {
      @Override
      public long expireAfterCreate(Key key, Vended value, long currentTime) {
        return reuseNanos(value);
      }

      @Override
      public long expireAfterUpdate(Key key, Vended value, long currentTime, long currentDuration) {
        return reuseNanos(value);
      }

      @Override
      public long expireAfterRead(Key key, Vended value, long currentTime, long currentDuration) {
        return currentDuration;
      }
    }).build();
  }

  /** How long vended credentials are handed out again: until min(5 min, a quarter of their lifetime) is left. */
  private long reuseNanos(Vended v) {
    Duration left = Duration.between(clock.instant(), v.expiresAt());
    Duration margin = left.dividedBy(4).compareTo(MAX_MARGIN) < 0 ? left.dividedBy(4) : MAX_MARGIN;
    return Math.max(0, left.minus(margin).toNanos());
  }

  @Override
  public boolean supports(String storageRoot) {
    String scheme = WarehouseFileIOs.scheme(storageRoot);
    return scheme.equals("s3") || scheme.equals("s3a") || scheme.equals("s3n");
  }

  @Override
  public Vended vend(Request request) {
    Map<String, String> props = WarehouseFileIOs.s3Properties(request.storageProperties());
    String role = props.get(ROLE_ARN);
    if (role == null || role.isBlank()) {
      throw new ValidationException("vended credentials are not configured for this warehouse (storage property "
          + ROLE_ARN + "); use remote signing or ask an administrator");
    }
    Key key = new Key(request.warehouseKey(), request.locations(), request.write(), request.principal());
    return vended.get(key, k -> assume(props, role, request));
  }

  private Vended assume(Map<String, String> props, String role, Request request) {
    int duration = duration(props.get(DURATION));
    StsClient sts = clients.get(request.warehouseKey(), k -> client(props));
    AssumeRoleResponse response;
    try {
      response = sts.assumeRole(b -> b.roleArn(role).roleSessionName(sessionName(request.principal()))
          .durationSeconds(duration).externalId(props.get(EXTERNAL_ID))
          .policy(policy(props.getOrDefault(PARTITION, "aws"), request.locations(), request.write())));
    } catch (SdkServiceException e) {
      if (e.statusCode() == 403 || e.statusCode() == 400) {
        throw new ForbiddenException("the storage identity provider refused to vend credentials for this warehouse");
      }
      throw new UnavailableException("the storage identity provider failed (status " + e.statusCode() + ")");
    } catch (SdkClientException e) {
      throw new UnavailableException("the storage identity provider could not be reached");
    }
    Credentials c = response.credentials();
    Map<String, String> config = new HashMap<>(clientSettings(props));
    config.put("s3.access-key-id", c.accessKeyId());
    config.put("s3.secret-access-key", c.secretAccessKey());
    config.put("s3.session-token", c.sessionToken());
    config.put("s3.session-token-expires-at-ms", String.valueOf(c.expiration().toEpochMilli()));
    return new Vended(config, c.expiration());
  }

  /** The non-secret S3 settings a client needs to reach the warehouse's store (endpoint, addressing, region). */
  static Map<String, String> clientSettings(Map<String, String> s3Props) {
    Map<String, String> out = new HashMap<>();
    for (String k : List.of("s3.endpoint", "s3.path-style-access", "client.region")) {
      String v = s3Props.get(k);
      if (v != null) {
        out.put(k, v);
      }
    }
    return out;
  }

  private static int duration(String value) {
    if (value == null) {
      return DEFAULT_DURATION_S;
    }
    try {
      int d = Integer.parseInt(value.strip());
      if (d >= 900 && d <= 43_200) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ValidationException("storage property " + DURATION + " must be an integer from 900 to 43200");
  }

  private static StsClient client(Map<String, String> props) {
    StsClientBuilder b = StsClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofMillis(WarehouseFileIOs.S3_CONNECT_TIMEOUT_MS))
            .socketTimeout(Duration.ofMillis(WarehouseFileIOs.S3_SOCKET_TIMEOUT_MS)))
        .region(Region.of(props.getOrDefault(REGION, props.getOrDefault("client.region", "us-east-1"))))
        .credentialsProvider(credentials(props));
    String endpoint = props.get(ENDPOINT);
    if (endpoint != null && !endpoint.isBlank()) {
      b.endpointOverride(URI.create(endpoint.strip()));
    }
    return b.build();
  }

  /** The warehouse's static S3 credentials, else the server's own (the SDK's default chain). */
  static AwsCredentialsProvider credentials(Map<String, String> s3Props) {
    String id = s3Props.get("s3.access-key-id");
    String secret = s3Props.get("s3.secret-access-key");
    if (id != null && secret != null) {
      String token = s3Props.get("s3.session-token");
      return StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(id, secret)
          : software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(id, secret, token));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /** {@code pangolin-<principal>}, in the characters and length STS allows. */
  static String sessionName(String principal) {
    String name = "pangolin-" + principal.replaceAll("[^\\w+=,.@-]", "_");
    return name.length() > 64 ? name.substring(0, 64) : name;
  }

  /** The inline session policy: the table's key prefixes, read-only or read-write. */
  static String policy(String partition, List<String> locations, boolean write) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode policy = f.objectNode().put("Version", "2012-10-17");
    ArrayNode statements = policy.putArray("Statement");
    for (String location : locations) {
      S3Location l = S3Location.parse(location);
      String objects = "arn:" + partition + ":s3:::" + l.bucket() + "/" + l.key() + "/*";
      String bucket = "arn:" + partition + ":s3:::" + l.bucket();
      ObjectNode read = statements.addObject().put("Effect", "Allow");
      read.putArray("Action").add("s3:GetObject").add("s3:GetObjectVersion");
      read.putArray("Resource").add(objects);
      ObjectNode list = statements.addObject().put("Effect", "Allow");
      list.putArray("Action").add("s3:ListBucket");
      list.putArray("Resource").add(bucket);
      list.putObject("Condition").putObject("StringLike").putArray("s3:prefix").add(l.key() + "/").add(l.key() + "/*");
      ObjectNode locate = statements.addObject().put("Effect", "Allow");
      locate.putArray("Action").add("s3:GetBucketLocation");
      locate.putArray("Resource").add(bucket);
      if (write) {
        ObjectNode w = statements.addObject().put("Effect", "Allow");
        w.putArray("Action").add("s3:PutObject").add("s3:DeleteObject").add("s3:AbortMultipartUpload")
            .add("s3:ListMultipartUploadParts");
        w.putArray("Resource").add(objects);
      }
    }
    return policy.toString();
  }

  @Override
  public void close() {
    vended.invalidateAll();
    clients.invalidateAll();
    clients.cleanUp();
  }
}
