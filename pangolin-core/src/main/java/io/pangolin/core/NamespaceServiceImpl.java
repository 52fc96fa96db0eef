package io.pangolin.core;

import io.pangolin.api.Namespace;
import io.pangolin.api.GrantScope;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.Privilege;
import io.pangolin.api.NamespaceService;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.RequestContext;
import io.pangolin.spi.MetadataStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

final class NamespaceServiceImpl implements NamespaceService {
  private final Engine engine;
  private final Scope scope;

  NamespaceServiceImpl(Engine engine, Scope scope) {
    this.engine = engine;
    this.scope = scope;
  }

  private static String label(String catalog, NamespaceName name) {
    return catalog + "." + (name == null ? "null" : name);
  }

  @Override
  public Namespace create(RequestContext ctx, String catalog, NamespaceName name, Map<String, String> properties) {
    var store = scope.store(ctx);
    return engine.audited(store, ctx, "namespace.create", "namespace", label(catalog, name),
        n -> n.catalog() + "." + n.name(), () -> {
          Names.catalog(catalog);
          Names.namespace(name, engine.limits.maxNamespaceDepth());
          Names.properties(properties, engine.limits);
          GrantScope parent = Access.scopeOf(catalog, name).parent();
          engine.access.require(store, ctx, Privilege.CREATE, parent, what(parent));
          Map<String, String> props = withCanonicalLocation(store, ctx, catalog, Props.orEmpty(properties));
          var now = engine.now();
          return store.createNamespace(new Namespace(ctx.tenant(), catalog, name, props, now, now, 1));
        });
  }

  /**
   * A user-set {@value LocationPolicy#NAMESPACE_LOCATION} must lie inside the catalog's warehouse root; it is stored
   * in canonical form. Without one, the namespace's location is the policy's default (not stored).
   */
  private Map<String, String> withCanonicalLocation(MetadataStore store, RequestContext ctx, String catalog,
      Map<String, String> props) {
    String location = props.get(LocationPolicy.NAMESPACE_LOCATION);
    if (location == null) {
      return props;
    }
    String root = scope.binding(store, ctx, catalog)
        .orElseThrow(() -> new NotFoundException("catalog '" + catalog + "' does not exist"))
        .warehouse().storageRoot();
    Map<String, String> m = new HashMap<>(props);
    m.put(LocationPolicy.NAMESPACE_LOCATION, LocationPolicy.requested(root, "namespace location", location));
    return m;
  }

  @Override
  public Namespace get(RequestContext ctx, String catalog, NamespaceName name) {
    return find(scope.store(ctx), ctx, catalog, name);
  }

  @Override
  public Optional<Namespace> find(RequestContext ctx, String catalog, NamespaceName name) {
    var store = scope.store(ctx);
    Names.catalog(catalog);
    Names.namespace(name, Integer.MAX_VALUE);
    return store.getNamespace(ctx.tenant(), catalog, name)
        .filter(n -> engine.access.sees(store, ctx, Access.scopeOf(catalog, name)));
  }

  /** How an error names a scope: the catalog or the namespace. */
  private static String what(GrantScope scope) {
    return scope.kind() == GrantScope.Kind.CATALOG ? "catalog '" + scope.catalog().orElseThrow() + "'"
        : "namespace '" + String.join(".", scope.namespace()) + "' in catalog '" + scope.catalog().orElseThrow()
            + "'";
  }

  /** Like {@link #get} for a caller that already resolved the tenant's store (no second tenant lookup). */
  private Namespace find(MetadataStore store, RequestContext ctx, String catalog, NamespaceName name) {
    Names.catalog(catalog);
    Names.namespace(name, Integer.MAX_VALUE);
    return store.getNamespace(ctx.tenant(), catalog, name)
        .filter(n -> engine.access.sees(store, ctx, Access.scopeOf(catalog, name)))
        .orElseThrow(() -> new NotFoundException("namespace '" + name + "' does not exist in catalog '" + catalog
            + "'"));
  }

  @Override
  public boolean exists(RequestContext ctx, String catalog, NamespaceName name) {
    var store = scope.store(ctx);
    Names.catalog(catalog);
    Names.namespace(name, Integer.MAX_VALUE);
    return scope.namespace(store, ctx, catalog, name).isPresent()
        && engine.access.sees(store, ctx, Access.scopeOf(catalog, name));
  }

  @Override
  public Page<Namespace> list(RequestContext ctx, String catalog, NamespaceName parent, PageRequest page) {
    return list(ctx, catalog, parent, Namespace::name,
        store -> store.listNamespaces(ctx.tenant(), catalog, parent, page));
  }

  @Override
  public Page<NamespaceName> listNames(RequestContext ctx, String catalog, NamespaceName parent, PageRequest page) {
    return list(ctx, catalog, parent, n -> n, store -> store.listNamespaceNames(ctx.tenant(), catalog, parent, page));
  }

  /** One page of {@code lister} with what the caller may not see left out; not-found when the parent is not. */
  private <T> Page<T> list(RequestContext ctx, String catalog, NamespaceName parent, Function<T, NamespaceName> name,
      Function<MetadataStore, Page<T>> lister) {
    var store = scope.store(ctx);
    Names.catalog(catalog);
    Names.parent(parent, Integer.MAX_VALUE);
    if (scope.binding(store, ctx, catalog).isEmpty()
        || !engine.access.sees(store, ctx, Access.scopeOf(catalog, parent))) {
      throw new NotFoundException(parent.isRoot() ? "catalog '" + catalog + "' does not exist"
          : "namespace '" + parent + "' does not exist in catalog '" + catalog + "'");
    }
    Page<T> children = Access.filter(lister.apply(store),
        n -> engine.access.sees(store, ctx, Access.scopeOf(catalog, name.apply(n))));
    // a namespace exists only under an existing parent: ask whether the parent exists only if the page is empty
    if (!parent.isRoot() && children.items().isEmpty()
        && store.getNamespace(ctx.tenant(), catalog, parent).isEmpty()) {
      throw new NotFoundException("namespace '" + parent + "' does not exist in catalog '" + catalog + "'");
    }
    return children;
  }

  @Override
  public PropertiesUpdate updateProperties(RequestContext ctx, String catalog, NamespaceName name,
      Map<String, String> updates, Set<String> removals) {
    var store = scope.store(ctx);
    return engine.audited(store, ctx, "namespace.update", "namespace", label(catalog, name),
        u -> u.namespace().catalog() + "." + u.namespace().name(), () -> {
          Names.catalog(catalog);
          Names.namespace(name, Integer.MAX_VALUE);
          Names.propertyUpdate(updates, removals, engine.limits);
          GrantScope target = Access.scopeOf(catalog, name);
          engine.access.require(store, ctx, Privilege.WRITE, target, what(target));
          Map<String, String> checked = withCanonicalLocation(store, ctx, catalog, Props.orEmpty(updates));
          return Retry.onConflict(() -> {
            Namespace n = find(store, ctx, catalog, name);
            Set<String> missing = new TreeSet<>(Props.orEmpty(removals));
            missing.removeAll(n.properties().keySet());
            Set<String> removed = new TreeSet<>(Props.orEmpty(removals));
            removed.removeAll(missing);
            Namespace stored = store.updateNamespace(new Namespace(n.tenant(), n.catalog(), n.name(),
                Props.apply(n.properties(), checked, removals, engine.limits), n.createdAt(), engine.now(),
                n.version()), n.version());
            scope.lookupsChanged(); // what this session remembered of the namespace is stale
            return new PropertiesUpdate(stored, new HashSet<>(Props.orEmpty(updates).keySet()), removed, missing);
          });
        });
  }

  @Override
  public void delete(RequestContext ctx, String catalog, NamespaceName name) {
    var store = scope.store(ctx);
    engine.auditedVoid(store, ctx, "namespace.delete", "namespace", label(catalog, name), () -> {
      Names.catalog(catalog);
      Names.namespace(name, Integer.MAX_VALUE);
      GrantScope target = Access.scopeOf(catalog, name);
      engine.access.require(store, ctx, Privilege.DELETE, target, what(target));
      store.deleteNamespace(ctx.tenant(), catalog, name);
      scope.lookupsChanged();
      engine.access.dropGrantsWithin(store, ctx.tenant(), target);
    });
  }
}
