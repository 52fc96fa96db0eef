package io.pangolin.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.pangolin.api.ForbiddenException;
import io.pangolin.api.Grant;
import io.pangolin.api.GrantScope;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Principal;
import io.pangolin.api.Privilege;
import io.pangolin.api.RequestContext;
import io.pangolin.api.Roles;
import io.pangolin.spi.MetadataStore;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Object-level authorization: what a principal may do on a scope of its tenant, from its built-in roles (which hold
 * their privileges on the whole tenant) and the grants given to it or to its roles on that scope or a scope that
 * contains it. Deployment administrators may do everything. Without a cache decorator, the grants of a tenant are
 * read from its store at most once per half second on this instance (and forgotten at once when they change here);
 * with one, they are read through it: it keeps them in its {@code permissions} family and invalidates them on every
 * instance before a change returns.
 *
 * <p>Principals with a built-in role never cause a grant read (their answer is known from the role), so the request
 * path of ordinary engines costs nothing extra.
 */
final class Access {
  private static final Set<Privilege> USER = EnumSet.of(Privilege.LIST, Privilege.READ);
  private static final Set<Privilege> WRITER = EnumSet.of(Privilege.LIST, Privilege.READ, Privilege.CREATE,
      Privilege.WRITE, Privilege.DELETE);
  private static final Set<Privilege> ALL = EnumSet.allOf(Privilege.class);

  /** Null when the store's own cache keeps the grants (coherent on every instance). */
  private final Cache<String, List<Grant>> grants;

  /** @param ttl how long this instance reuses a tenant's grants; zero: read them through the store every time */
  Access(Duration ttl) {
    this.grants = ttl.isZero() ? null : Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(ttl).build();
  }

  /** The privileges the principal's built-in roles give on the whole tenant. */
  static Set<Privilege> builtIn(Principal p) {
    if (p.isDeploymentAdmin() || p.hasRole(Roles.TENANT_ADMIN)) {
      return ALL;
    }
    if (p.hasRole(Roles.TENANT_WRITER)) {
      return WRITER;
    }
    return p.hasRole(Roles.TENANT_USER) ? USER : Set.of();
  }

  List<Grant> grants(MetadataStore store, String tenant) {
    return grants == null ? store.listGrants(tenant) : grants.get(tenant, store::listGrants);
  }

  void forget(String tenant) {
    if (grants != null) {
      grants.invalidate(tenant);
    }
  }

  /** Everything the context's principal may do on {@code target}. */
  Set<Privilege> effective(MetadataStore store, RequestContext ctx, GrantScope target) {
    Principal p = ctx.principal();
    Set<Privilege> builtIn = builtIn(p);
    if (builtIn.equals(ALL)) {
      return ALL;
    }
    EnumSet<Privilege> out = builtIn.isEmpty() ? EnumSet.noneOf(Privilege.class) : EnumSet.copyOf(builtIn);
    for (Grant g : grants(store, ctx.tenant())) {
      if (g.appliesTo(p) && g.scope().covers(target)) {
        out.addAll(g.privileges());
      }
    }
    return out;
  }

  /** Whether the principal holds {@code privilege} on {@code target}. */
  boolean allows(MetadataStore store, RequestContext ctx, Privilege privilege, GrantScope target) {
    Principal p = ctx.principal();
    if (builtIn(p).contains(privilege)) {
      return true;
    }
    for (Grant g : grants(store, ctx.tenant())) {
      if (g.appliesTo(p) && g.privileges().contains(privilege) && g.scope().covers(target)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the principal may know that {@code target} exists: it holds any privilege on it (or on a scope containing
   * it), or any grant inside it (a catalog is visible to whoever may read one of its tables).
   */
  boolean sees(MetadataStore store, RequestContext ctx, GrantScope target) {
    Principal p = ctx.principal();
    if (!builtIn(p).isEmpty()) {
      return true;
    }
    for (Grant g : grants(store, ctx.tenant())) {
      if (g.appliesTo(p) && (g.scope().covers(target) || target.covers(g.scope()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * @throws ForbiddenException the principal lacks {@code privilege} on {@code target} but may see it
   * @throws NotFoundException it may not even see it (a denied read answers like a missing object)
   */
  void require(MetadataStore store, RequestContext ctx, Privilege privilege, GrantScope target, String what) {
    if (allows(store, ctx, privilege, target)) {
      return;
    }
    if (!sees(store, ctx, target)) {
      throw new NotFoundException(what + " does not exist");
    }
    throw new ForbiddenException("principal '" + Names.shorten(ctx.principal().name()) + "' may not "
        + privilege.wireName() + " " + what);
  }

  /**
   * Drops the grants on {@code scope} and inside it: grants name objects, and they do not outlive them (an object
   * created later under the same name starts without grants). Called after the object was deleted or renamed.
   */
  void dropGrantsWithin(MetadataStore store, String tenant, GrantScope scope) {
    boolean dropped = false;
    for (Grant g : store.listGrants(tenant)) {
      if (scope.covers(g.scope())) {
        try {
          store.deleteGrant(tenant, g.id());
        } catch (NotFoundException gone) {
          // revoked concurrently
        }
        dropped = true;
      }
    }
    if (dropped) {
      forget(tenant);
    }
  }

  /** The page with only the items the principal may see (the next-page token is kept: a page may come out short). */
  static <T> io.pangolin.api.Page<T> filter(io.pangolin.api.Page<T> page, java.util.function.Predicate<T> visible) {
    List<T> kept = page.items().stream().filter(visible).toList();
    return kept.size() == page.items().size() ? page : new io.pangolin.api.Page<>(kept, page.nextToken());
  }

  static GrantScope scopeOf(String catalog, io.pangolin.api.NamespaceName namespace) {
    return GrantScope.namespace(catalog, namespace.levels());
  }

  static GrantScope scopeOf(io.pangolin.api.AssetKey key) {
    return GrantScope.asset(key.catalog(), key.namespace().levels(), key.name());
  }
}
