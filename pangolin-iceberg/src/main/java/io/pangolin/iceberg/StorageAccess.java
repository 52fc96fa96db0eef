package io.pangolin.iceberg;

import io.pangolin.api.AuditResult;
import io.pangolin.api.ForbiddenException;
import io.pangolin.api.GrantScope;
import io.pangolin.api.Privilege;
import io.pangolin.api.ValidationException;
import io.pangolin.api.Warehouse;
import io.pangolin.core.Names;
import io.pangolin.core.Pangolin;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTUtil;
import org.apache.iceberg.rest.credentials.Credential;
import org.apache.iceberg.rest.credentials.ImmutableCredential;

/**
 * Storage access delegation for Iceberg tables: what a create, load or register answers in {@code config} and
 * {@code storage-credentials} when the client sends {@code X-Iceberg-Access-Delegation}, the credentials endpoint,
 * and the S3 signer endpoint. Decisions (who may read or write) are the engine's ({@code Session.require}); the
 * warehouse's secret is used here and never returned.
 *
 * <p>Audit: every credential handed out ({@code storage.credentials.vend}, SUCCESS, with the access level and
 * expiry) and every vending or signature refused ({@code storage.credentials.vend} / {@code storage.sign}, FAILURE,
 * with the error code, the method and the location asked for). Successful signatures are not audited — an engine
 * asks for one per S3 request, so they would drown the log; the vended or signed access itself is what the
 * credential events and the table's read permission already record.
 */
final class StorageAccess implements AutoCloseable {
  static final String SIGN_ACTION = "storage.sign";
  static final String VEND_ACTION = "storage.credentials.vend";

  private final Pangolin pangolin;
  private final List<CredentialVendor> vendors;

  StorageAccess(Pangolin pangolin, List<CredentialVendor> vendors) {
    this.pangolin = Objects.requireNonNull(pangolin, "pangolin");
    this.vendors = List.copyOf(vendors);
  }

  /** What a table answer carries for the client's storage access. */
  record Delegated(Map<String, String> config, List<Credential> credentials) {
    static final Delegated NONE = new Delegated(Map.of(), List.of());
  }

  /**
   * The storage configuration for {@code metadata} of {@code ident}, for the mechanisms the client asked for. With
   * both, credentials are vended if the warehouse is configured for it, else requests are signed.
   *
   * @param create the table is being created (the caller's create permission decides read-write)
   * @throws ValidationException the warehouse supports none of the mechanisms asked for (400)
   */
  Delegated delegate(PangolinCatalog c, TableIdentifier ident, TableMetadata metadata, Set<AccessDelegation> modes,
      boolean create) {
    if (modes.isEmpty()) {
      return Delegated.NONE;
    }
    Warehouse wh = c.warehouse();
    check(wh, modes);
    if (vends(wh, modes)) {
      Credential credential = vend(c, ident, metadata, create);
      return new Delegated(new HashMap<>(credential.config()), List.of(credential));
    }
    Map<String, String> config = new HashMap<>(S3CredentialVendor.clientSettings(
        WarehouseFileIOs.s3Properties(wh.storageProperties()))); // non-secret settings only
    config.put("s3.remote-signing-enabled", "true");
    config.put("s3.signer.endpoint", signerEndpoint(c, ident));
    return new Delegated(config, List.of());
  }

  /** Whether {@code modes} are answered with vended credentials (else with remote signing). */
  private static boolean vends(Warehouse wh, Set<AccessDelegation> modes) {
    return modes.contains(AccessDelegation.VENDED_CREDENTIALS)
        && (!modes.contains(AccessDelegation.REMOTE_SIGNING) || vendingConfigured(wh));
  }

  /**
   * Checks, before a create or register writes anything, that the warehouse offers what {@code modes} ask for.
   *
   * @throws ValidationException it does not (400)
   */
  void check(Warehouse wh, Set<AccessDelegation> modes) {
    if (modes.isEmpty()) {
      return;
    }
    if (vends(wh, modes)) {
      if (vendors.stream().noneMatch(v -> v.supports(wh.storageRoot()))) {
        throw notVendable(wh);
      }
      if (!vendingConfigured(wh)) {
        throw new ValidationException("vended credentials are not configured for this warehouse (storage property "
            + S3CredentialVendor.ROLE_ARN + "); use remote signing or ask an administrator");
      }
    } else if (!isS3(wh.storageRoot())) {
      throw new ValidationException("remote signing is offered for s3 warehouses only");
    }
  }

  private static ValidationException notVendable(Warehouse wh) {
    return new ValidationException("vended credentials are not available for "
        + WarehouseFileIOs.scheme(wh.storageRoot()) + ": storage (only s3 is implemented)");
  }

  /**
   * The per-table signer endpoint, relative to the client's catalog {@code uri} (which is {@code s3.signer.uri}'s
   * default): {@code v1/<prefix>/namespaces/<ns>/tables/<table>/sign}, so that the server knows the table of every
   * sign request from its path.
   */
  static String signerEndpoint(PangolinCatalog c, TableIdentifier ident) {
    String prefix = new CatalogPrefix(c.context().tenant(), c.name()).toString();
    return "v1/" + RESTUtil.encodeString(prefix) + "/namespaces/" + RESTUtil.encodeNamespace(ident.namespace())
        + "/tables/" + RESTUtil.encodeString(ident.name()) + "/sign";
  }

  /**
   * Vends credentials for a table (a load or create with vended credentials, the credentials endpoint), audited.
   *
   * @throws ValidationException the warehouse is not configured for vending
   */
  Credential vend(PangolinCatalog c, TableIdentifier ident, TableMetadata metadata, boolean create) {
    Warehouse wh = c.warehouse();
    String name = c.name() + "." + ident;
    try {
      CredentialVendor vendor = vendors.stream().filter(v -> v.supports(wh.storageRoot())).findFirst()
          .orElseThrow(() -> notVendable(wh));
      if (!create) {
        c.session().require(Privilege.READ, scope(c, ident));
      }
      boolean write = create ? requireCreate(c, ident) : may(c, ident, Privilege.WRITE);
      List<String> locations = locations(c, metadata);
      CredentialVendor.Vended v = vendor.vend(new CredentialVendor.Request(key(wh), pangolin.storageProperties(wh),
          locations, write, c.context().actor()));
      pangolin.audit(c.context(), VEND_ACTION, "asset", name, AuditResult.SUCCESS,
          Map.of("access", write ? "read-write" : "read", "expiresAt", v.expiresAt().toString()));
      return ImmutableCredential.builder().prefix(metadata.location()).config(new HashMap<>(v.config())).build();
    } catch (RuntimeException e) {
      pangolin.audit(c.context(), VEND_ACTION, "asset", name, AuditResult.FAILURE,
          Map.of("code", IcebergErrors.auditCode(e), "message", Names.shorten(String.valueOf(e.getMessage()))));
      throw e;
    }
  }

  /**
   * Signs one S3 request for {@code ident} (whose metadata the caller could read): its locations must lie inside
   * the table's, and a write needs the caller's write permission on the table. Refusals are audited.
   */
  S3RequestSigner.Signed sign(PangolinCatalog c, TableIdentifier ident, TableMetadata metadata, String body) {
    S3RequestSigner.SignRequest request = null;
    S3RequestSigner.Target target = null;
    try {
      c.session().require(Privilege.READ, scope(c, ident));
      Warehouse wh = c.warehouse();
      if (!isS3(wh.storageRoot())) {
        throw new ValidationException("remote signing is offered for s3 warehouses only");
      }
      request = S3RequestSigner.parse(body);
      Map<String, String> props = WarehouseFileIOs.s3Properties(pangolin.storageProperties(wh));
      String region = props.get("client.region");
      if (region != null && !region.equals(request.region())) {
        throw new ValidationException("signing refused: region " + Names.shorten(request.region())
            + " is not the warehouse's");
      }
      target = S3RequestSigner.target(request, S3Location.parse(wh.storageRoot()).bucket(), endpointHost(props));
      if (!S3RequestSigner.inside(target, locations(c, metadata))) {
        throw new ForbiddenException("signing refused: the request reaches outside the table's location");
      }
      if (target.write()) {
        c.session().require(Privilege.WRITE, scope(c, ident));
      }
      S3RequestSigner.SignRequest r = request;
      return S3RequestSigner.sign(r, r.region(), () -> S3CredentialVendor.credentials(props).resolveCredentials());
    } catch (RuntimeException e) {
      Map<String, String> details = new LinkedHashMap<>();
      details.put("code", IcebergErrors.auditCode(e));
      details.put("message", Names.shorten(String.valueOf(e.getMessage())));
      if (request != null) {
        details.put("method", Names.shorten(request.method()));
      }
      if (target != null) {
        details.put("location", Names.shorten(target.locations().get(0)));
      }
      pangolin.audit(c.context(), SIGN_ACTION, "asset", c.name() + "." + ident, AuditResult.FAILURE, details);
      throw e;
    }
  }

  private static String endpointHost(Map<String, String> s3Props) {
    String endpoint = s3Props.get("s3.endpoint");
    if (endpoint == null || endpoint.isBlank()) {
      return null;
    }
    String host = URI.create(endpoint.strip()).getHost();
    return host == null ? null : host.toLowerCase(Locale.ROOT);
  }

  /** The table location and, where set, its data and metadata paths (each inside the warehouse root). */
  private static List<String> locations(PangolinCatalog c, TableMetadata metadata) {
    List<String> out = new ArrayList<>();
    out.add(canonicalS3(metadata.location()));
    for (String key : PangolinCatalog.PATH_PROPERTIES) {
      String v = metadata.properties().get(key);
      if (v != null) {
        c.checkLocation(v);
        String l = canonicalS3(v);
        if (!out.contains(l)) {
          out.add(l);
        }
      }
    }
    return out;
  }

  private static String canonicalS3(String location) {
    S3Location l = S3Location.parse(location);
    return "s3://" + l.bucket() + "/" + l.key();
  }

  private static GrantScope scope(PangolinCatalog c, TableIdentifier ident) {
    return GrantScope.asset(c.name(), List.of(ident.namespace().levels()), ident.name());
  }

  private static boolean may(PangolinCatalog c, TableIdentifier ident, Privilege privilege) {
    try {
      c.session().require(privilege, scope(c, ident));
      return true;
    } catch (ForbiddenException e) {
      return false;
    }
  }

  /** A create hands out read-write access to its creator, who must hold create on the namespace. */
  private static boolean requireCreate(PangolinCatalog c, TableIdentifier ident) {
    c.session().require(Privilege.CREATE, GrantScope.namespace(c.name(), List.of(ident.namespace().levels())));
    return true;
  }

  private static boolean vendingConfigured(Warehouse wh) {
    String role = WarehouseFileIOs.s3Properties(wh.storageProperties()).get(S3CredentialVendor.ROLE_ARN);
    return isS3(wh.storageRoot()) && role != null && !role.isBlank();
  }

  private static boolean isS3(String root) {
    String s = WarehouseFileIOs.scheme(root);
    return s.equals("s3") || s.equals("s3a") || s.equals("s3n");
  }

  private static String key(Warehouse wh) {
    return wh.tenant() + "/" + wh.name() + "/" + wh.version();
  }

  @Override
  public void close() {
    vendors.forEach(CredentialVendor::close);
  }
}
