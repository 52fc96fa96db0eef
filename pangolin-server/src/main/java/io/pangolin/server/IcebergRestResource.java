package io.pangolin.server;

import io.pangolin.api.Principal;
import io.pangolin.api.RequestContext;
import io.pangolin.iceberg.AccessDelegation;
import io.pangolin.iceberg.CatalogPrefix;
import io.pangolin.iceberg.ETags;
import io.pangolin.iceberg.IcebergErrors;
import io.pangolin.iceberg.IcebergJson;
import io.pangolin.iceberg.IcebergRestService;
import io.pangolin.iceberg.LoadedTable;
import io.pangolin.iceberg.IcebergRestService.SnapshotMode;
import io.pangolin.iceberg.IcebergRestService.Write;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.CreateViewRequest;
import org.apache.iceberg.rest.requests.FetchScanTasksRequest;
import org.apache.iceberg.rest.requests.PlanTableScanRequest;
import org.apache.iceberg.rest.requests.RegisterTableRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.ReportMetricsRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.LoadViewResponse;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The Apache Iceberg REST Catalog API (spec of Iceberg 1.10) under {@code /v1}. The {@code {prefix}} segment is
 * {@code <tenant>.<catalog>}; {@code GET /v1/config?warehouse=} hands it out. The tenant named by the prefix is
 * authorised through the {@link RequestContextResolver} (the default refuses a request whose
 * {@code X-Pangolin-Tenant} header names another tenant, with 403). Semantics live in {@code pangolin-iceberg}
 * ({@link IcebergRestService}); this class only decodes HTTP and encodes Iceberg's JSON. Every failure is answered
 * with the spec's {@code ErrorModel} ({@link IcebergErrors}).
 *
 * <p>Application-scoped (one instance, no per-request state): creating a request-scoped resource cost about half of
 * a cached table load; what a method needs of the request arrives as its {@code @Context} parameter.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@ApplicationScoped
public class IcebergRestResource {
  static final String REPORTS_METRIC = "pangolin.iceberg.metrics.reports";
  private static final char SEPARATOR = '\u001f';
  private static final Metadata REPORTS = Metadata.builder().withName(REPORTS_METRIC)
      .withDescription("Iceberg scan and commit metrics reports received, by report type").build();

  @Inject
  IcebergRestService iceberg;

  @Inject
  RequestContextResolver resolver;

  @Inject
  OAuthTokens oauth;

  @Inject
  MetricRegistry registry;


  // ---- configuration and tokens --------------------------------------------------------------------------

  /**
   * Client configuration. {@code warehouse} is {@code <tenant>.<catalog>}, or a catalog name with the tenant in the
   * {@code X-Pangolin-Tenant} header.
   */
  @GET
  @Path("config")
  public Response config(@Context ContainerRequestContext request, @QueryParam("warehouse") String warehouse) {
    return respond(request, () -> {
      if (warehouse == null || warehouse.isBlank()) {
        throw new BadRequestException("Query parameter warehouse is required: <tenant>.<catalog>, or <catalog> with "
            + "the header %s", RequestContextResolver.TENANT_HEADER);
      }
      RequestContext ctx;
      String catalog;
      if (CatalogPrefix.isQualified(warehouse)) {
        CatalogPrefix p = CatalogPrefix.parse(warehouse);
        ctx = context(request, p.tenant());
        catalog = p.catalog();
      } else {
        ctx = context(request, resolver.tenant(request, Calls.principal(request)));
        catalog = warehouse.strip();
      }
      return ok(iceberg.config(ctx, catalog));
    });
  }

  /**
   * The OAuth2 token endpoint (deprecated in the spec, but what Iceberg clients use with {@code credential}): grant
   * {@code client_credentials} (secret in the form or with HTTP Basic) and the RFC 8693 token exchange the 1.10
   * client refreshes with (a valid token of ours as {@code subject_token}, or HTTP Basic client credentials — the
   * client's fallback). Errors follow RFC 6749: {@code invalid_request}, {@code invalid_client} (401),
   * {@code invalid_grant}, {@code unsupported_grant_type}.
   */
  @POST
  @Path("oauth/tokens")
  @Public
  public Response tokens(@Context ContainerRequestContext request, String body) {
    return oauth.token(request.getMediaType(), body, request.getHeaderString(HttpHeaders.AUTHORIZATION),
        Optional.ofNullable(Calls.source(request)));
  }

  // ---- namespaces ----------------------------------------------------------------------------------------

  @GET
  @Path("{prefix}/namespaces")
  public Response listNamespaces(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, @QueryParam("parent") String parent,
      @QueryParam("pageToken") String pageToken, @QueryParam("pageSize") String pageSize) {
    return call(request, prefix, (ctx, catalog) -> ok(iceberg.listNamespaces(ctx, catalog,
        parent == null || parent.isEmpty() ? Namespace.empty() : namespace(parent), Optional.ofNullable(pageToken),
        pageSize(pageSize))));
  }

  @POST
  @Path("{prefix}/namespaces")
  public Response createNamespace(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, String body) {
    return write(request, prefix, Write.CREATE_NAMESPACE, "", (ctx, catalog, target) -> {
      CreateNamespaceRequest r = IcebergJson.read(body, CreateNamespaceRequest.class);
      target.name(catalog, r.namespace());
      return ok(iceberg.createNamespace(ctx, catalog, r));
    });
  }

  @GET
  @Path("{prefix}/namespaces/{namespace}")
  public Response loadNamespace(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, @PathParam("namespace") String namespace) {
    return call(request, prefix, (ctx, catalog) -> ok(iceberg.loadNamespace(ctx, catalog, namespace(namespace))));
  }

  @HEAD
  @Path("{prefix}/namespaces/{namespace}")
  public Response namespaceExists(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, @PathParam("namespace") String namespace) {
    return call(request, prefix, (ctx, catalog) -> {
      iceberg.namespaceExists(ctx, catalog, namespace(namespace));
      return noContent();
    });
  }

  @DELETE
  @Path("{prefix}/namespaces/{namespace}")
  public Response dropNamespace(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, @PathParam("namespace") String namespace) {
    return write(request, prefix, Write.DROP_NAMESPACE, label(namespace), (ctx, catalog, target) -> {
      iceberg.dropNamespace(ctx, catalog, namespace(namespace));
      return noContent();
    });
  }

  @POST
  @Path("{prefix}/namespaces/{namespace}/properties")
  public Response updateNamespaceProperties(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix,
      @PathParam("namespace") String namespace, String body) {
    return write(request, prefix, Write.UPDATE_NAMESPACE, label(namespace), (ctx, catalog, target) ->
        ok(iceberg.updateNamespaceProperties(ctx, catalog, namespace(namespace),
            IcebergJson.read(body, UpdateNamespacePropertiesRequest.class))));
  }

  // ---- tables --------------------------------------------------------------------------------------------

  @GET
  @Path("{prefix}/namespaces/{namespace}/tables")
  public Response listTables(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, @PathParam("namespace") String namespace,
      @QueryParam("pageToken") String pageToken, @QueryParam("pageSize") String pageSize) {
    return call(request, prefix, (ctx, catalog) -> ok(iceberg.listTables(ctx, catalog, namespace(namespace),
        Optional.ofNullable(pageToken), pageSize(pageSize))));
  }

  @POST
  @Path("{prefix}/namespaces/{namespace}/tables")
  public Response createTable(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, @PathParam("namespace") String namespace,
      String body) {
    return write(request, prefix, Write.CREATE, label(namespace), (ctx, catalog, target) -> {
      CreateTableRequest r = IcebergJson.read(body, CreateTableRequest.class);
      target.name(catalog, label(namespace) + "." + r.name());
      return ok(iceberg.createTable(ctx, catalog, namespace(namespace), r, delegation(request)));
    });
  }

  @POST
  @Path("{prefix}/namespaces/{namespace}/register")
  public Response registerTable(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, @PathParam("namespace") String namespace,
      String body) {
    return write(request, prefix, Write.CREATE, label(namespace), (ctx, catalog, target) -> {
      RegisterTableRequest r = IcebergJson.read(body, RegisterTableRequest.class);
      target.name(catalog, label(namespace) + "." + r.name());
      return ok(iceberg.registerTable(ctx, catalog, namespace(namespace), r, delegation(request)));
    });
  }

  @GET
  @Path("{prefix}/namespaces/{namespace}/tables/{table}")
  public Response loadTable(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, @PathParam("namespace") String namespace,
      @PathParam("table") String table, @QueryParam("snapshots") String snapshots) {
    return call(request, prefix, (ctx, catalog) -> {
      LoadedTable t = iceberg.loadTable(ctx, catalog, ident(namespace, table), SnapshotMode.parse(snapshots),
          delegation(request));
      if (t.matches(request.getHeaderString(HttpHeaders.IF_NONE_MATCH))) {
        return Response.notModified().header(HttpHeaders.ETAG, t.etag()).build();
      }
      return Response.ok(t.json(), MediaType.APPLICATION_JSON).header(HttpHeaders.ETAG, t.etag()).build();
    });
  }

  @HEAD
  @Path("{prefix}/namespaces/{namespace}/tables/{table}")
  public Response tableExists(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, @PathParam("namespace") String namespace,
      @PathParam("table") String table) {
    return call(request, prefix, (ctx, catalog) -> {
      iceberg.tableExists(ctx, catalog, ident(namespace, table));
      return noContent();
    });
  }

  @POST
  @Path("{prefix}/namespaces/{namespace}/tables/{table}")
  public Response updateTable(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, @PathParam("namespace") String namespace,
      @PathParam("table") String table, String body) {
    return write(request, prefix, Write.COMMIT, label(namespace, table), (ctx, catalog, target) -> {
      LoadedTable t = iceberg.updateTable(ctx, catalog, ident(namespace, table),
          IcebergJson.read(body, UpdateTableRequest.class));
      return Response.ok(t.json(), MediaType.APPLICATION_JSON).header(HttpHeaders.ETAG, t.etag()).build();
    });
  }

  @DELETE
  @Path("{prefix}/namespaces/{namespace}/tables/{table}")
  public Response dropTable(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, @PathParam("namespace") String namespace,
      @PathParam("table") String table, @QueryParam("purgeRequested") String purgeRequested) {
    return write(request, prefix, Write.DROP, label(namespace, table), (ctx, catalog, target) -> {
      iceberg.dropTable(ctx, catalog, ident(namespace, table), bool("purgeRequested", purgeRequested));
      return noContent();
    });
  }

  @POST
  @Path("{prefix}/namespaces/{namespace}/tables/{table}/metrics")
  public Response reportMetrics(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, @PathParam("namespace") String namespace,
      @PathParam("table") String table, String body) {
    return call(request, prefix, (ctx, catalog) -> {
      String type = iceberg.reportMetrics(ctx, catalog, ident(namespace, table),
          IcebergJson.read(body, ReportMetricsRequest.class));
      Counter counter = registry.counter(REPORTS, new Tag("type", type));
      counter.inc();
      return noContent();
    });
  }

  @GET
  @Path("{prefix}/namespaces/{namespace}/tables/{table}/credentials")
  public Response loadCredentials(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, @PathParam("namespace") String namespace,
      @PathParam("table") String table) {
    return call(request, prefix, (ctx, catalog) -> ok(iceberg.loadCredentials(ctx, catalog, ident(namespace, table))));
  }

  /**
   * The S3 signer of a table (Iceberg's S3 signer protocol; the endpoint a load with
   * {@code X-Iceberg-Access-Delegation: remote-signing} hands out as {@code s3.signer.endpoint}). The answer may be
   * cached by the client ({@code Cache-Control: private}) for GET and HEAD only.
   */
  @POST
  @Path("{prefix}/namespaces/{namespace}/tables/{table}/sign")
  public Response signS3Request(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, @PathParam("namespace") String namespace,
      @PathParam("table") String table, String body) {
    return call(request, prefix, (ctx, catalog) -> {
      IcebergRestService.SignedRequest signed = iceberg.sign(ctx, catalog, ident(namespace, table), body);
      return Response.ok(signed.json(), MediaType.APPLICATION_JSON)
          .header(HttpHeaders.CACHE_CONTROL, signed.cacheable() ? "private" : "no-store").build();
    });
  }

  @POST
  @Path("{prefix}/namespaces/{namespace}/tables/{table}/plan")
  public Response planTableScan(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, @PathParam("namespace") String namespace,
      @PathParam("table") String table, String body) {
    return call(request, prefix, (ctx, catalog) -> ok(iceberg.planTableScan(ctx, catalog, ident(namespace, table),
        IcebergJson.read(body, PlanTableScanRequest.class))));
  }

  @GET
  @Path("{prefix}/namespaces/{namespace}/tables/{table}/plan/{plan-id}")
  public Response fetchPlanningResult(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, @PathParam("namespace") String namespace,
      @PathParam("table") String table, @PathParam("plan-id") String planId) {
    return call(request, prefix, (ctx, catalog) -> ok(iceberg.fetchPlanningResult(ctx, catalog, ident(namespace, table),
        planId)));
  }

  @DELETE
  @Path("{prefix}/namespaces/{namespace}/tables/{table}/plan/{plan-id}")
  public Response cancelPlanning(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, @PathParam("namespace") String namespace,
      @PathParam("table") String table, @PathParam("plan-id") String planId) {
    return call(request, prefix, (ctx, catalog) -> {
      iceberg.cancelPlanning(ctx, catalog, ident(namespace, table), planId);
      return noContent();
    });
  }

  @POST
  @Path("{prefix}/namespaces/{namespace}/tables/{table}/tasks")
  public Response fetchScanTasks(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, @PathParam("namespace") String namespace,
      @PathParam("table") String table, String body) {
    return call(request, prefix, (ctx, catalog) -> ok(iceberg.fetchScanTasks(ctx, catalog, ident(namespace, table),
        IcebergJson.read(body, FetchScanTasksRequest.class))));
  }

  @POST
  @Path("{prefix}/tables/rename")
  public Response renameTable(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, String body) {
    return write(request, prefix, Write.RENAME, "", (ctx, catalog, target) -> {
      RenameTableRequest r = IcebergJson.read(body, RenameTableRequest.class);
      target.rename(catalog, r);
      iceberg.renameTable(ctx, catalog, r);
      return noContent();
    });
  }

  @POST
  @Path("{prefix}/transactions/commit")
  public Response commitTransaction(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, String body) {
    return write(request, prefix, Write.COMMIT_TRANSACTION, "", (ctx, catalog, target) -> {
      CommitTransactionRequest r = IcebergJson.read(body, CommitTransactionRequest.class);
      target.transaction(catalog, r);
      iceberg.commitTransaction(ctx, catalog, r);
      return noContent();
    });
  }

  // ---- views ---------------------------------------------------------------------------------------------

  @GET
  @Path("{prefix}/namespaces/{namespace}/views")
  public Response listViews(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, @PathParam("namespace") String namespace,
      @QueryParam("pageToken") String pageToken, @QueryParam("pageSize") String pageSize) {
    return call(request, prefix, (ctx, catalog) -> ok(iceberg.listViews(ctx, catalog, namespace(namespace),
        Optional.ofNullable(pageToken), pageSize(pageSize))));
  }

  @POST
  @Path("{prefix}/namespaces/{namespace}/views")
  public Response createView(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, @PathParam("namespace") String namespace,
      String body) {
    return write(request, prefix, Write.CREATE, label(namespace), (ctx, catalog, target) -> {
      CreateViewRequest r = IcebergJson.read(body, CreateViewRequest.class);
      target.name(catalog, label(namespace) + "." + r.name());
      return ok(iceberg.createView(ctx, catalog, namespace(namespace), r));
    });
  }

  @GET
  @Path("{prefix}/namespaces/{namespace}/views/{view}")
  public Response loadView(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, @PathParam("namespace") String namespace,
      @PathParam("view") String view) {
    return call(request, prefix, (ctx, catalog) -> {
      LoadViewResponse v = iceberg.loadView(ctx, catalog, ident(namespace, view));
      String etag = ETags.of("view", v.metadataLocation());
      if (ETags.matches(request.getHeaderString(HttpHeaders.IF_NONE_MATCH), etag)) {
        return Response.notModified().header(HttpHeaders.ETAG, etag).build();
      }
      return Response.ok(IcebergJson.write(v), MediaType.APPLICATION_JSON).header(HttpHeaders.ETAG, etag).build();
    });
  }

  @HEAD
  @Path("{prefix}/namespaces/{namespace}/views/{view}")
  public Response viewExists(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, @PathParam("namespace") String namespace,
      @PathParam("view") String view) {
    return call(request, prefix, (ctx, catalog) -> {
      iceberg.viewExists(ctx, catalog, ident(namespace, view));
      return noContent();
    });
  }

  @POST
  @Path("{prefix}/namespaces/{namespace}/views/{view}")
  public Response replaceView(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, @PathParam("namespace") String namespace,
      @PathParam("view") String view, String body) {
    return write(request, prefix, Write.COMMIT, label(namespace, view), (ctx, catalog, target) ->
        ok(iceberg.updateView(ctx, catalog, ident(namespace, view), IcebergJson.read(body, UpdateTableRequest.class))));
  }

  @DELETE
  @Path("{prefix}/namespaces/{namespace}/views/{view}")
  public Response dropView(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, @PathParam("namespace") String namespace,
      @PathParam("view") String view) {
    return write(request, prefix, Write.DROP, label(namespace, view), (ctx, catalog, target) -> {
      iceberg.dropView(ctx, catalog, ident(namespace, view));
      return noContent();
    });
  }

  @POST
  @Path("{prefix}/views/rename")
  public Response renameView(@Context ContainerRequestContext request,
      @PathParam("prefix") String prefix, String body) {
    return write(request, prefix, Write.RENAME, "", (ctx, catalog, target) -> {
      RenameTableRequest r = IcebergJson.read(body, RenameTableRequest.class);
      target.rename(catalog, r);
      iceberg.renameView(ctx, catalog, r);
      return noContent();
    });
  }

  // ---- plumbing ------------------------------------------------------------------------------------------

  @FunctionalInterface
  private interface Handler {
    Response handle(RequestContext ctx, String catalog);
  }

  /** Resolves the prefix to a tenant context and runs {@code handler}, mapping every failure to the ErrorModel. */
  private Response call(ContainerRequestContext request, String prefix, Handler handler) {
    return respond(request, () -> {
      CatalogPrefix p = CatalogPrefix.parse(prefix);
      return handler.handle(context(request, p.tenant()), p.catalog());
    });
  }

  @FunctionalInterface
  private interface WriteHandler {
    Response handle(RequestContext ctx, String catalog, Target target);
  }

  /**
   * What a write's audit event names if the write fails before the catalog records a failure of its own:
   * {@code <catalog>.<namespace>[.<name>]} as the management API names assets and namespaces, refined by the handler
   * once it has parsed the body (a create names its table, a rename {@code <from> -> <to>}).
   */
  private static final class Target {
    private String name;

    Target(String name) {
      this.name = name;
    }

    void name(String catalog, Object target) {
      name = catalog + "." + target;
    }

    void rename(String catalog, RenameTableRequest r) {
      name = catalog + "." + r.source() + " -> " + catalog + "." + r.destination();
    }

    void transaction(String catalog, CommitTransactionRequest r) {
      name = r.tableChanges().stream().map(c -> catalog + "." + c.identifier())
          .collect(java.util.stream.Collectors.joining(","));
    }
  }

  /**
   * Like {@link #call} for a write: the parsing of the body included, its failure is audited exactly once
   * ({@link IcebergRestService#audited}), and the caller's permission to write is checked before anything else.
   */
  private Response write(ContainerRequestContext request, String prefix, Write write, String target,
      WriteHandler handler) {
    return respond(request, () -> {
      CatalogPrefix p = CatalogPrefix.parse(prefix);
      RequestContext ctx = context(request, p.tenant());
      Target t = new Target(target.isEmpty() ? p.catalog() : p.catalog() + "." + target);
      return iceberg.audited(ctx, write, () -> t.name, () -> handler.handle(ctx, p.catalog(), t));
    });
  }

  /** A namespace path parameter as audit events name it (levels joined by dots). */
  private static String label(String namespace) {
    return namespace == null ? "" : namespace.replace(SEPARATOR, '.');
  }

  private static String label(String namespace, String name) {
    return label(namespace) + "." + name;
  }

  private Response respond(ContainerRequestContext request, Supplier<Response> body) {
    try {
      return body.get();
    } catch (RuntimeException e) {
      ErrorResponse error = IcebergErrors.toErrorResponse(e, requestId(request));
      return Response.status(error.code()).type(MediaType.APPLICATION_JSON).entity(IcebergJson.write(error)).build();
    }
  }


  private static String requestId(ContainerRequestContext request) {
    return request.getHeaderString(RequestIdFilter.HEADER);
  }

  /** The context of a call in {@code tenant}, as authorised by the resolver. */
  private RequestContext context(ContainerRequestContext request, String tenant) {
    Principal principal = Calls.principal(request);
    return RequestContext.of(resolver.tenantNamed(request, principal, tenant), principal, requestId(request))
        .withSource(Calls.source(request));
  }

  /** A created or registered table: the metadata JSON kept by the metadata cache, not serialized again. */
  private static Response ok(LoadedTable table) {
    return Response.ok(table.json(), MediaType.APPLICATION_JSON).build();
  }

  private static Response ok(Object response) {
    return Response.ok(IcebergJson.write(response), MediaType.APPLICATION_JSON).build();
  }

  private static Response noContent() {
    return Response.noContent().build();
  }

  /** A namespace path or query parameter: levels separated by the unit separator (URL-encoded {@code %1F}). */
  static Namespace namespace(String encoded) {
    if (encoded == null || encoded.isEmpty()) {
      throw new BadRequestException("Invalid namespace: empty");
    }
    List<String> levels = Arrays.asList(encoded.split(String.valueOf(SEPARATOR), -1));
    if (levels.stream().anyMatch(String::isEmpty)) {
      throw new BadRequestException("Invalid namespace: empty level in '%s'", encoded.replace(SEPARATOR, '.'));
    }
    return Namespace.of(levels.toArray(String[]::new));
  }

  private static TableIdentifier ident(String namespace, String name) {
    return TableIdentifier.of(namespace(namespace), name);
  }

  /** The storage access the client asks for ({@code X-Iceberg-Access-Delegation}). */
  private static Set<AccessDelegation> delegation(ContainerRequestContext request) {
    return AccessDelegation.parse(request.getHeaderString(AccessDelegation.HEADER));
  }

  private static Optional<Integer> pageSize(String value) {
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(value));
    } catch (NumberFormatException e) {
      throw new BadRequestException("Invalid pageSize '%s': not an integer", value);
    }
  }

  private static boolean bool(String name, String value) {
    if (value == null || value.isEmpty()) {
      return false;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new BadRequestException("Invalid %s '%s': use true or false", name, value);
    };
  }
}
