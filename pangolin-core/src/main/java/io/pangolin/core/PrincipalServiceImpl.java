package io.pangolin.core;

import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.AuditEvent;
import io.pangolin.api.AuditResult;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.Principal;
import io.pangolin.api.PrincipalService;
import io.pangolin.api.RequestContext;
import io.pangolin.api.Roles;
import io.pangolin.api.ServiceCredentials;
import io.pangolin.api.ServicePrincipal;
import io.pangolin.api.ValidationException;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.PrincipalRecord;
import io.pangolin.spi.ReadConsistency;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Principals in the control-plane store. Service principals of a tenant are managed by its administrators; a user's
 * password makes the user a principal ({@code user:<tenant>:<name>}); root principals belong to the deployment.
 * Every change is audited in the tenant's log; so is every authentication attempt of a known principal of a tenant.
 */
final class PrincipalServiceImpl implements PrincipalService {
  private final Engine engine;

  PrincipalServiceImpl(Engine engine) {
    this.engine = engine;
  }

  private MetadataStore control() {
    return engine.control();
  }

  static String userId(String tenant, String user) {
    return "user:" + tenant + ":" + user;
  }

  /** Built-in tenant roles and the tenant's custom roles (read only if a role is not built in). */
  private static Set<String> tenantRoles(MetadataStore store, String tenant, Set<String> roles) {
    if (roles == null || roles.isEmpty()) {
      throw new ValidationException("give at least one role: " + String.join(", ", Roles.TENANT_ROLES.stream()
          .sorted().toList()) + " or a custom role of the tenant");
    }
    if (roles.size() > 64) {
      throw new ValidationException("a principal has at most 64 roles");
    }
    Set<String> custom = null;
    for (String r : roles) {
      if (r == null || Roles.TENANT_ROLES.contains(r)) {
        if (r == null) {
          throw new ValidationException("a role name is missing");
        }
        continue;
      }
      if (custom == null) {
        custom = new java.util.HashSet<>();
        for (io.pangolin.api.Role role : store.listRoles(tenant)) {
          custom.add(role.name());
        }
      }
      if (!custom.contains(r)) {
        throw new ValidationException("unknown role '" + Names.shorten(r) + "': use "
            + String.join(", ", Roles.TENANT_ROLES.stream().sorted().toList()) + " or a custom role of the tenant");
      }
    }
    return Set.copyOf(roles);
  }

  static ServicePrincipal view(PrincipalRecord r) {
    return new ServicePrincipal(r.tenant(), r.name(), r.id(), r.roles(), r.enabled(), r.expiresAt(), r.createdAt(),
        r.updatedAt(), r.version());
  }

  private PrincipalRecord find(RequestContext ctx, String name) {
    Names.user(name);
    return control().getPrincipalByName(Optional.of(ctx.tenant()), Principal.Kind.SERVICE, name)
        .orElseThrow(() -> new NotFoundException("service principal '" + name + "' does not exist"));
  }

  @Override
  public ServiceCredentials create(RequestContext ctx, String name, Set<String> roles, Optional<Instant> expiresAt) {
    var store = engine.store(ctx);
    return engine.audited(store, ctx, "principal.create", "principal", String.valueOf(name),
        c -> c.principal().clientId(), () -> {
          Names.user(name);
          Set<String> r = tenantRoles(store, ctx.tenant(), roles);
          expiresAt.ifPresent(e -> {
            if (!e.isAfter(engine.now())) {
              throw new ValidationException("expiresAt must lie in the future");
            }
          });
          String secret = Credentials.newSecret();
          Instant now = engine.now();
          PrincipalRecord created = control().createPrincipal(new PrincipalRecord(Credentials.newClientId(),
              Optional.of(ctx.tenant()), name, Principal.Kind.SERVICE, Credentials.hash(secret), r, true,
              expiresAt.map(e -> e.truncatedTo(java.time.temporal.ChronoUnit.MICROS)), now, now, 1));
          return new ServiceCredentials(view(created), secret);
        });
  }

  @Override
  public ServicePrincipal get(RequestContext ctx, String name) {
    engine.store(ctx);
    Authz.require(ctx, Authz.Need.MANAGE);
    return view(find(ctx, name));
  }

  @Override
  public Page<ServicePrincipal> list(RequestContext ctx, PageRequest page) {
    engine.store(ctx);
    Authz.require(ctx, Authz.Need.MANAGE);
    // service principals only: users' password records are listed through the users
    Page<PrincipalRecord> p = control().listPrincipals(Optional.of(ctx.tenant()), page);
    return new Page<>(p.items().stream().filter(r -> r.kind() == Principal.Kind.SERVICE)
        .map(PrincipalServiceImpl::view).toList(), p.nextToken());
  }

  @Override
  public ServiceCredentials rotateSecret(RequestContext ctx, String name) {
    var store = engine.store(ctx);
    return engine.audited(store, ctx, "principal.rotate", "principal", String.valueOf(name),
        c -> c.principal().clientId(), () -> {
          PrincipalRecord r = find(ctx, name);
          String secret = Credentials.newSecret();
          PrincipalRecord updated = control().updatePrincipal(new PrincipalRecord(r.id(), r.tenant(), r.name(),
              r.kind(), Credentials.hash(secret), r.roles(), r.enabled(), r.expiresAt(), r.createdAt(),
              engine.now(), r.version()), r.version());
          return new ServiceCredentials(view(updated), secret);
        });
  }

  @Override
  public ServicePrincipal setEnabled(RequestContext ctx, String name, boolean enabled) {
    var store = engine.store(ctx);
    return engine.audited(store, ctx, enabled ? "principal.enable" : "principal.disable", "principal",
        String.valueOf(name), ServicePrincipal::clientId, () -> Retry.onConflict(() -> {
          PrincipalRecord r = find(ctx, name);
          return view(control().updatePrincipal(new PrincipalRecord(r.id(), r.tenant(), r.name(), r.kind(),
              r.credentialHash(), r.roles(), enabled, r.expiresAt(), r.createdAt(), engine.now(), r.version()),
              r.version()));
        }));
  }

  @Override
  public ServicePrincipal setRoles(RequestContext ctx, String name, Set<String> roles) {
    var store = engine.store(ctx);
    return engine.audited(store, ctx, "principal.roles", "principal", String.valueOf(name),
        ServicePrincipal::clientId, () -> {
          Set<String> r = tenantRoles(store, ctx.tenant(), roles);
          return Retry.onConflict(() -> {
            PrincipalRecord c = find(ctx, name);
            return view(control().updatePrincipal(new PrincipalRecord(c.id(), c.tenant(), c.name(), c.kind(),
                c.credentialHash(), r, c.enabled(), c.expiresAt(), c.createdAt(), engine.now(), c.version()),
                c.version()));
          });
        });
  }

  @Override
  public void delete(RequestContext ctx, String name) {
    var store = engine.store(ctx);
    engine.auditedVoid(store, ctx, "principal.delete", "principal", String.valueOf(name),
        () -> control().deletePrincipal(find(ctx, name).id()));
  }

  @Override
  public void setPassword(RequestContext ctx, String user, String password, Optional<Set<String>> roles) {
    var store = engine.store(ctx);
    String id = userId(ctx.tenant(), String.valueOf(user));
    boolean self = ctx.principal().id().equals(id);
    if (self && roles.isPresent()) {
      Authz.require(ctx, Authz.Need.MANAGE); // nobody gives themselves roles
    }
    engine.audited(store, ctx, "user.password", self ? "self" : "user", String.valueOf(user), x -> id, () -> {
      Names.user(user);
      Credentials.password(password);
      store.getUser(ctx.tenant(), user)
          .orElseThrow(() -> new NotFoundException("user '" + user + "' does not exist"));
      Optional<Set<String>> r = roles.map(x -> tenantRoles(store, ctx.tenant(), x));
      return Retry.onConflict(() -> {
        Optional<PrincipalRecord> current = control().getPrincipal(id);
        Instant now = engine.now();
        if (current.isEmpty()) {
          return control().createPrincipal(new PrincipalRecord(id, Optional.of(ctx.tenant()), user,
              Principal.Kind.USER, Credentials.hash(password), r.orElse(Set.of(Roles.TENANT_USER)), true,
              Optional.empty(), now, now, 1));
        }
        PrincipalRecord c = current.get();
        return control().updatePrincipal(new PrincipalRecord(c.id(), c.tenant(), c.name(), c.kind(),
            Credentials.hash(password), r.orElse(c.roles()), c.enabled(), c.expiresAt(), c.createdAt(), now,
            c.version()), c.version());
      });
    });
  }

  @Override
  public Optional<Principal> authenticate(String clientId, String clientSecret) {
    return authenticate(clientId, clientSecret, Optional.empty());
  }

  @Override
  public Optional<Principal> authenticate(String clientId, String clientSecret, Optional<String> source) {
    if (clientId == null || clientId.isEmpty() || clientId.length() > 256) {
      Credentials.matches(null, clientSecret);
      return Optional.empty();
    }
    // a credential check reads the primary: a lagging replica must neither refuse a principal just created on
    // another instance nor accept a secret just rotated away or a principal just disabled
    Optional<PrincipalRecord> r = ReadConsistency.fromPrimary(() -> control().getPrincipal(clientId))
        .filter(p -> p.kind() == Principal.Kind.SERVICE || p.kind() == Principal.Kind.ROOT);
    boolean ok = Credentials.matches(r.map(PrincipalRecord::credentialHash).orElse(null), clientSecret)
        && r.map(this::active).orElse(false);
    r.flatMap(PrincipalRecord::tenant).ifPresent(t -> auditAuthentication(t, r.get(), ok, source));
    return ok ? r.map(PrincipalServiceImpl::principal) : Optional.empty();
  }

  @Override
  public Optional<Principal> login(String tenant, String user, String password) {
    return login(tenant, user, password, Optional.empty());
  }

  @Override
  public Optional<Principal> login(String tenant, String user, String password, Optional<String> source) {
    if (tenant == null || user == null || tenant.length() > 256 || user.length() > 256) {
      Credentials.matches(null, password);
      return Optional.empty();
    }
    Optional<PrincipalRecord> r = ReadConsistency.fromPrimary(() -> control().getPrincipal(userId(tenant, user)))
        .filter(p -> p.kind() == Principal.Kind.USER); // the primary, as in authenticate
    boolean ok = Credentials.matches(r.map(PrincipalRecord::credentialHash).orElse(null), password)
        && r.map(this::active).orElse(false);
    r.ifPresent(p -> auditAuthentication(tenant, p, ok, source));
    return ok ? r.map(PrincipalServiceImpl::principal) : Optional.empty();
  }

  @Override
  public Optional<Principal> principal(String principalId) {
    if (principalId == null || principalId.isEmpty()) {
      return Optional.empty();
    }
    // per request (a token's subject): a replica or the cache may answer; only an absent principal is confirmed on
    // the primary, so a principal created on another instance a moment ago is not refused while a replica lags
    return control().getPrincipal(principalId)
        .or(() -> ReadConsistency.fromPrimary(() -> control().getPrincipal(principalId)))
        .filter(this::active).map(PrincipalServiceImpl::principal);
  }

  @Override
  public Optional<ServiceCredentials> ensureRoot(Optional<String> clientId, Optional<String> secret) {
    // every read here decides a write, and instances start at once on a fresh database: read the primary, past every
    // cache — a lagging replica answering "no such principal" after a create was refused as a duplicate would fail
    // the start of the second instance
    return ReadConsistency.fromPrimary(() -> bootstrapRoot(clientId, secret));
  }

  private Optional<ServiceCredentials> bootstrapRoot(Optional<String> clientId, Optional<String> secret) {
    if (clientId.isPresent() != secret.isPresent()) {
      throw new ValidationException("give both the root client id and its secret, or neither");
    }
    Instant now = engine.now();
    if (clientId.isPresent()) {
      String id = clientId.get();
      if (id.isBlank() || id.length() > 256 || id.contains(":") || id.chars().anyMatch(Character::isISOControl)) {
        throw new ValidationException("the root client id must be 1 to 256 characters without ':' or controls");
      }
      if (secret.get().length() < 16) {
        throw new ValidationException("the root secret needs at least 16 characters");
      }
      Credentials.password(secret.get());
      Optional<PrincipalRecord> existing = control().getPrincipal(id);
      if (existing.isPresent()) {
        if (existing.get().kind() != Principal.Kind.ROOT) {
          throw new ValidationException("the bootstrap client id belongs to a principal that is not root");
        }
        return Optional.empty();
      }
      try {
        control().createPrincipal(new PrincipalRecord(id, Optional.empty(), id, Principal.Kind.ROOT,
            Credentials.hash(secret.get()), Set.of(Roles.ROOT), true, Optional.empty(), now, now, 1));
      } catch (AlreadyExistsException e) {
        // another instance starting at the same time created it
        if (control().getPrincipal(id).map(p -> p.kind() != Principal.Kind.ROOT).orElse(true)) {
          throw e;
        }
      }
      return Optional.empty();
    }
    if (!control().listPrincipals(Optional.empty(), PageRequest.first(1)).items().isEmpty()) {
      return Optional.empty();
    }
    String generated = Credentials.newSecret();
    try {
      PrincipalRecord root = control().createPrincipal(new PrincipalRecord(Credentials.newClientId(),
          Optional.empty(), "root", Principal.Kind.ROOT, Credentials.hash(generated), Set.of(Roles.ROOT), true,
          Optional.empty(), now, now, 1));
      return Optional.of(new ServiceCredentials(view(root), generated));
    } catch (AlreadyExistsException e) {
      return Optional.empty(); // another instance starting at the same time created (and printed) it
    }
  }

  private boolean active(PrincipalRecord r) {
    return r.enabled() && r.expiresAt().map(e -> e.isAfter(engine.now())).orElse(true);
  }

  static Principal principal(PrincipalRecord r) {
    return new Principal(r.id(), r.name(), r.kind(), r.tenant(), r.roles());
  }

  private void auditAuthentication(String tenant, PrincipalRecord p, boolean ok, Optional<String> source) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("kind", p.kind().name());
    source.ifPresent(s -> details.put("source", Engine.limit(s)));
    try {
      engine.tenantStore(tenant).appendAudit(new AuditEvent(UUID.randomUUID().toString(), tenant, p.name(),
          "auth.authenticate", "principal", p.id(), p.name(), ok ? AuditResult.SUCCESS : AuditResult.FAILURE,
          engine.now(), "", details));
    } catch (RuntimeException e) {
      System.getLogger(PrincipalServiceImpl.class.getName()).log(System.Logger.Level.WARNING,
          "could not audit an authentication of a principal of tenant " + tenant, e);
    }
  }
}
