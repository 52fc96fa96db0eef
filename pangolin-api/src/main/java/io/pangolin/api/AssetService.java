package io.pangolin.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Assets (tables, views, generic assets) of a namespace of the context's tenant. */
public interface AssetService {
  /**
   * @throws NotFoundException unknown catalog or namespace
   * @throws AlreadyExistsException an asset of any kind has that name
   * @throws QuotaExceededException tables per catalog or per namespace
   */
  Asset create(RequestContext ctx, String catalog, NamespaceName namespace, NewAsset asset);

  /** @throws NotFoundException unknown asset */
  Asset get(RequestContext ctx, AssetKey key);

  /** The asset, or empty if it does not exist. */
  Optional<Asset> find(RequestContext ctx, AssetKey key);

  boolean exists(RequestContext ctx, AssetKey key);

  /** Assets of one namespace ordered by name, optionally of one kind only. */
  Page<Asset> list(RequestContext ctx, String catalog, NamespaceName namespace, Optional<AssetKind> kind,
      PageRequest page);

  /**
   * {@link #list} narrowed to names, kinds and whether there is a metadata file (the store reads no more): for
   * listing answers that need only names. Same assets, order, pages and errors as {@link #list}.
   */
  Page<AssetEntry> listEntries(RequestContext ctx, String catalog, NamespaceName namespace,
      Optional<AssetKind> kind, PageRequest page);

  Asset updateProperties(RequestContext ctx, AssetKey key, Map<String, String> updates, Set<String> removals);

  /**
   * Moves the metadata pointer if the asset is still at {@code expectedVersion}.
   *
   * @throws ConflictException the asset changed since {@code expectedVersion}
   */
  Asset commitMetadata(RequestContext ctx, AssetKey key, long expectedVersion, String newMetadataLocation);

  /**
   * Moves the metadata pointers of several Iceberg assets atomically: all advance, or none does.
   *
   * @throws ConflictException any asset changed since its expected version (nothing changed)
   * @return the committed assets in the order of {@code commits}
   */
  List<Asset> commitMetadata(RequestContext ctx, List<MetadataCommit> commits);

  /**
   * The location a create of {@code name} would use: {@code requested} validated against the warehouse root, or a
   * fresh location from the location policy. Lets callers write files (e.g. Iceberg metadata) before creating.
   */
  String planLocation(RequestContext ctx, String catalog, NamespaceName namespace, String name,
      Optional<String> requested);

  /** Renames within a catalog, possibly to another namespace. */
  Asset rename(RequestContext ctx, AssetKey from, AssetKey to);

  void delete(RequestContext ctx, AssetKey key);
}
