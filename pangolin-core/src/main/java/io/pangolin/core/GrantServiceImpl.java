package io.pangolin.core;

import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.AssetKey;
import io.pangolin.api.ForbiddenException;
import io.pangolin.api.Grant;
import io.pangolin.api.GrantScope;
import io.pangolin.api.GrantService;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.Principal;
import io.pangolin.api.Privilege;
import io.pangolin.api.RequestContext;
import io.pangolin.api.Role;
import io.pangolin.api.Roles;
import io.pangolin.api.ValidationException;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.PrincipalRecord;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Custom roles and grants (see {@link GrantService}). Every change is audited ({@code role.*}, {@code grant.*}) and
 * makes this instance forget the tenant's grants at once; other instances see it within {@link Access}'s time to
 * live (or at once through the cache decorator's invalidation).
 */
final class GrantServiceImpl implements GrantService {
  private static final int MAX_GRANTS_PER_TENANT = 10_000;

  private final Engine engine;
  private final Scope scope;

  GrantServiceImpl(Engine engine, Scope scope) {
    this.engine = engine;
    this.scope = scope;
  }

  private static String roleName(String name) {
    Names.user(name);
    if (Roles.ROOT.equals(name) || Roles.TENANT_ROLES.contains(name)) {
      throw new AlreadyExistsException("role '" + name + "' is a built-in role");
    }
    return name;
  }

  @Override
  public Role createRole(RequestContext ctx, String name, String description) {
    MetadataStore store = scope.store(ctx);
    return engine.audited(store, ctx, "role.create", "role", String.valueOf(name), Role::name, () -> {
      roleName(name);
      String d = description == null ? "" : description;
      if (d.length() > 1024 || d.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
        throw new ValidationException("a role description has at most 1024 characters and no control characters");
      }
      return store.createRole(ctx.tenant(), new Role(name, d, engine.now()));
    });
  }

  @Override
  public List<Role> listRoles(RequestContext ctx) {
    MetadataStore store = scope.store(ctx);
    Authz.require(ctx, Authz.Need.READ);
    return store.listRoles(ctx.tenant());
  }

  @Override
  public void deleteRole(RequestContext ctx, String name) {
    MetadataStore store = scope.store(ctx);
    engine.auditedVoid(store, ctx, "role.delete", "role", String.valueOf(name), () -> {
      roleName(name);
      store.deleteRole(ctx.tenant(), name);
      engine.access.forget(ctx.tenant());
      // principals that held the role lose it (a role created again later under that name gives them nothing)
      MetadataStore control = engine.control();
      Optional<String> token = Optional.empty();
      do {
        Page<PrincipalRecord> page = control.listPrincipals(Optional.of(ctx.tenant()),
            new PageRequest(token, 1000));
        for (PrincipalRecord p : page.items()) {
          if (p.roles().contains(name)) {
            Set<String> roles = new HashSet<>(p.roles());
            roles.remove(name);
            Retry.onConflict(() -> {
              PrincipalRecord c = control.getPrincipal(p.id()).orElse(null);
              if (c == null || !c.roles().contains(name)) {
                return null;
              }
              Set<String> left = new HashSet<>(c.roles());
              left.remove(name);
              return control.updatePrincipal(new PrincipalRecord(c.id(), c.tenant(), c.name(), c.kind(),
                  c.credentialHash(), left, c.enabled(), c.expiresAt(), c.createdAt(), engine.now(), c.version()),
                  c.version());
            });
          }
        }
        token = page.nextToken();
      } while (token.isPresent());
    });
  }

  @Override
  public Grant grant(RequestContext ctx, GrantScope target, Grant.Grantee grantee, Set<Privilege> privileges) {
    MetadataStore store = scope.store(ctx);
    String label = target + " to " + (grantee == null ? "null" : grantee.name());
    return engine.audited(store, ctx, "grant.create", "grant", label, Grant::id, () -> {
      Objects.requireNonNull(target, "scope");
      Objects.requireNonNull(grantee, "grantee");
      if (privileges == null || privileges.isEmpty()) {
        throw new ValidationException("give at least one privilege");
      }
      requireManage(store, ctx, target);
      Set<Privilege> held = engine.access.effective(store, ctx, target);
      if (!held.containsAll(privileges)) {
        EnumSet<Privilege> missing = EnumSet.copyOf(privileges);
        missing.removeAll(held);
        throw new ForbiddenException("nobody can grant what they do not hold: missing "
            + missing.stream().map(Privilege::wireName).toList() + " on " + target);
      }
      requireExists(store, ctx, target);
      requireGrantee(store, ctx, grantee);
      if (store.listGrants(ctx.tenant()).size() >= MAX_GRANTS_PER_TENANT) {
        throw new io.pangolin.api.QuotaExceededException("the tenant already has the maximum of "
            + MAX_GRANTS_PER_TENANT + " grants");
      }
      Grant g = store.createGrant(ctx.tenant(), new Grant(UUID.randomUUID().toString(), target, grantee,
          privileges, engine.now(), Names.shorten(ctx.actor())));
      engine.access.forget(ctx.tenant());
      return g;
    });
  }

  /** Granting on a scope needs {@link Privilege#MANAGE_GRANTS} there; a scope it may not see is "missing". */
  private void requireManage(MetadataStore store, RequestContext ctx, GrantScope target) {
    engine.access.require(store, ctx, Privilege.MANAGE_GRANTS, target, "scope " + target);
  }

  /** Grants name existing objects only (a grant on a name nobody uses yet would wait for whoever creates it). */
  private void requireExists(MetadataStore store, RequestContext ctx, GrantScope target) {
    String t = ctx.tenant();
    boolean exists = switch (target.kind()) {
      case TENANT -> true;
      case CATALOG -> store.getCatalog(t, target.catalog().orElseThrow()).isPresent();
      case NAMESPACE -> store.getNamespace(t, target.catalog().orElseThrow(),
          new NamespaceName(target.namespace())).isPresent();
      case ASSET -> store.getAsset(t, new AssetKey(target.catalog().orElseThrow(),
          new NamespaceName(target.namespace()), target.asset().orElseThrow())).isPresent();
    };
    if (!exists) {
      throw new NotFoundException("scope " + target + " does not exist");
    }
  }

  private void requireGrantee(MetadataStore store, RequestContext ctx, Grant.Grantee grantee) {
    switch (grantee.kind()) {
      case ROLE -> {
        if (Roles.ROOT.equals(grantee.name())) {
          throw new ValidationException("the deployment role 'root' cannot be given grants");
        }
        if (!Roles.TENANT_ROLES.contains(grantee.name())
            && store.listRoles(ctx.tenant()).stream().noneMatch(r -> r.name().equals(grantee.name()))) {
          throw new NotFoundException("role '" + Names.shorten(grantee.name()) + "' does not exist");
        }
      }
      case PRINCIPAL -> {
        Optional<PrincipalRecord> p = engine.control().getPrincipal(grantee.name());
        if (p.isEmpty() || !p.get().tenant().equals(Optional.of(ctx.tenant()))) {
          throw new NotFoundException("principal '" + Names.shorten(grantee.name()) + "' does not exist");
        }
      }
      default -> throw new IllegalStateException();
    }
  }

  @Override
  public List<Grant> listGrants(RequestContext ctx) {
    MetadataStore store = scope.store(ctx);
    Principal p = ctx.principal();
    return store.listGrants(ctx.tenant()).stream()
        .filter(g -> g.appliesTo(p) || engine.access.allows(store, ctx, Privilege.MANAGE_GRANTS, g.scope()))
        .toList();
  }

  @Override
  public void revoke(RequestContext ctx, String grantId) {
    MetadataStore store = scope.store(ctx);
    engine.auditedVoid(store, ctx, "grant.delete", "grant", String.valueOf(grantId), () -> {
      if (grantId == null || grantId.isEmpty() || grantId.length() > 64) {
        throw new NotFoundException("grant does not exist");
      }
      Grant g = store.listGrants(ctx.tenant()).stream().filter(x -> x.id().equals(grantId)).findFirst()
          .orElseThrow(() -> new NotFoundException("grant '" + grantId + "' does not exist"));
      if (!engine.access.allows(store, ctx, Privilege.MANAGE_GRANTS, g.scope())) {
        if (g.appliesTo(ctx.principal()) || engine.access.sees(store, ctx, g.scope())) {
          throw new ForbiddenException("revoking a grant on " + g.scope() + " needs manage-grants there");
        }
        throw new NotFoundException("grant '" + grantId + "' does not exist");
      }
      store.deleteGrant(ctx.tenant(), grantId);
      engine.access.forget(ctx.tenant());
    });
  }

  @Override
  public Set<Privilege> effective(RequestContext ctx, GrantScope target) {
    MetadataStore store = scope.store(ctx);
    Objects.requireNonNull(target, "scope");
    return engine.access.effective(store, ctx, target);
  }
}
