package io.pangolin.api;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Namespaces of a catalog of the context's tenant. */
public interface NamespaceService {
  /**
   * @throws NotFoundException unknown catalog or missing parent namespace
   * @throws ValidationException bad level name or deeper than the configured limit
   */
  Namespace create(RequestContext ctx, String catalog, NamespaceName name, Map<String, String> properties);

  /** @throws NotFoundException unknown namespace */
  Namespace get(RequestContext ctx, String catalog, NamespaceName name);

  /** The namespace, or empty if it does not exist. */
  Optional<Namespace> find(RequestContext ctx, String catalog, NamespaceName name);

  boolean exists(RequestContext ctx, String catalog, NamespaceName name);

  /** Direct children of {@code parent} ({@link NamespaceName#ROOT} for top level), ordered by name. */
  Page<Namespace> list(RequestContext ctx, String catalog, NamespaceName parent, PageRequest page);

  /**
   * {@link #list} narrowed to the names (the store reads no more): for listing answers that need only names. Same
   * namespaces, order, pages and errors as {@link #list}.
   */
  Page<NamespaceName> listNames(RequestContext ctx, String catalog, NamespaceName parent, PageRequest page);

  /** Result of a property update: the namespace after the change and removal keys that were not present. */
  record PropertiesUpdate(Namespace namespace, Set<String> updated, Set<String> removed, Set<String> missing) {}

  PropertiesUpdate updateProperties(RequestContext ctx, String catalog, NamespaceName name,
      Map<String, String> updates, Set<String> removals);

  /** @throws ConflictException the namespace has child namespaces or assets */
  void delete(RequestContext ctx, String catalog, NamespaceName name);
}
