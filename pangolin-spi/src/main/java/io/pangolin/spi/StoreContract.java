package io.pangolin.spi;

import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.ConflictException;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.PangolinException;
import io.pangolin.api.ValidationException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The rules of the {@link MetadataStore} contract, written once for every store (in the spirit of Nessie's
 * {@code ValidatingPersist}). Two kinds:
 *
 * <ul>
 *   <li><b>Argument rules</b> that need no stored state ({@link #checkUpdates}, {@link #checkRename},
 *       {@link #checkRestore}, {@link #checkLease}): a store calls them first, before it opens a transaction, and
 *       nothing is written when they refuse.
 *   <li><b>Decisions</b> over what a store read inside its own atomic write ({@link #checkVersion},
 *       {@link #casFailure}, {@link #checkAssetQuota}, {@link #checkCatalogQuota}, {@link #checkUserQuota},
 *       {@link #checkRenameQuota}, {@link #emptyCommit}): the store keeps the reading and the atomicity (a lock, a transaction, a guarded
 *       statement) and hands the numbers here, so a rule that must be atomic with the write stays atomic, while how it
 *       is decided and worded lives in one place.
 * </ul>
 *
 * A store re-implements none of these; the TCK checks each of them on every store.
 */
public final class StoreContract {
  private StoreContract() {}

  // ---- not found / compare-and-swap -----------------------------------------------------------------------

  /** {@code what} (e.g. {@code "asset 'c.ns.t'"}) does not exist: a missing entity or a missing parent. */
  public static NotFoundException notFound(String what) {
    return new NotFoundException(what + " does not exist");
  }

  /** The stored version of {@code what} is {@code found}, not the {@code expected} one of a compare-and-swap. */
  public static ConflictException versionConflict(String what, long expected, long found) {
    return new ConflictException(what + " was modified concurrently (expected version " + expected + ", found "
        + found + ")");
  }

  /**
   * The compare-and-swap rule on the version read inside the store's write.
   *
   * @throws ConflictException {@code current != expected}
   */
  public static void checkVersion(String what, long current, long expected) {
    if (current != expected) {
      throw versionConflict(what, expected, current);
    }
  }

  /**
   * Why a compare-and-swap that matched nothing failed, given the version read after it (empty: there is no such
   * entity): {@link NotFoundException} or {@link ConflictException}.
   */
  public static PangolinException casFailure(String what, Optional<Long> current, long expected) {
    return current.<PangolinException>map(v -> versionConflict(what, expected, v)).orElseGet(() -> notFound(what));
  }

  // ---- quotas inside the write ----------------------------------------------------------------------------

  /** Whether a limit has to be checked at all: {@link Long#MAX_VALUE} (the one-argument methods) means none. */
  public static boolean limited(long max) {
    return max != Long.MAX_VALUE;
  }

  /** Whether an asset quota has to be checked at all ({@link AssetQuota#NONE} checks nothing). */
  public static boolean limited(AssetQuota quota) {
    return limited(quota.maxPerCatalog()) || limited(quota.maxPerNamespace());
  }

  /**
   * The asset quotas of {@link MetadataStore#createAsset(Asset, AssetQuota)}, decided on the counts the store read
   * inside its write. {@code inNamespace} is asked only when the namespace quota can be reached (the namespace holds
   * no more than its catalog).
   *
   * @throws io.pangolin.api.QuotaExceededException the catalog or the namespace is full
   */
  public static void checkAssetQuota(AssetQuota quota, String catalog, NamespaceName namespace, long inCatalog,
      LongSupplier inNamespace) {
    if (inCatalog >= quota.maxPerCatalog()) {
      throw Quotas.catalogFull(catalog, quota.maxPerCatalog());
    }
    if (inCatalog >= quota.maxPerNamespace() && inNamespace.getAsLong() >= quota.maxPerNamespace()) {
      throw Quotas.namespaceFull(namespace, quota.maxPerNamespace());
    }
  }

  /** @throws io.pangolin.api.QuotaExceededException the store has {@code maxCatalogs} catalogs already */
  public static void checkCatalogQuota(long catalogs, long maxCatalogs) {
    if (catalogs >= maxCatalogs) {
      throw Quotas.catalogsFull(maxCatalogs);
    }
  }

  /** @throws io.pangolin.api.QuotaExceededException the tenant has {@code maxUsers} users already */
  public static void checkUserQuota(long users, long maxUsers) {
    if (users >= maxUsers) {
      throw Quotas.usersFull(maxUsers);
    }
  }

  /**
   * Whether {@link MetadataStore#renameAsset(String, AssetKey, AssetKey, long)} has to count the target namespace:
   * only a move into another namespace under a limit does.
   */
  public static boolean renameNeedsQuota(AssetKey from, AssetKey to, long maxInTargetNamespace) {
    return !from.namespace().equals(to.namespace()) && limited(maxInTargetNamespace);
  }

  /** @throws io.pangolin.api.QuotaExceededException the rename moves into a namespace that is full */
  public static void checkRenameQuota(AssetKey from, AssetKey to, long inTarget, long maxInTargetNamespace) {
    if (!from.namespace().equals(to.namespace()) && inTarget >= maxInTargetNamespace) {
      throw Quotas.namespaceFull(to.namespace(), maxInTargetNamespace);
    }
  }

  // ---- multi-asset commits --------------------------------------------------------------------------------

  /**
   * The argument rules of {@link MetadataStore#updateAssets}: every update of {@code tenant}, no key twice.
   *
   * @throws ValidationException a rule is broken; nothing may be written
   */
  public static void checkUpdates(String tenant, List<AssetUpdate> updates) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(updates, "updates");
    Set<AssetKey> seen = new HashSet<>();
    for (AssetUpdate u : updates) {
      if (!u.asset().tenant().equals(tenant)) {
        throw new ValidationException("all updates must belong to tenant '" + tenant + "'");
      }
      if (!seen.add(u.asset().key())) {
        throw new ValidationException("asset '" + u.asset().key() + "' appears twice in one commit");
      }
    }
  }

  /**
   * The answer to a commit of no updates: nothing, if the tenant exists.
   *
   * @throws NotFoundException the tenant does not exist (as for a commit of some updates)
   */
  public static List<Asset> emptyCommit(String tenant, Predicate<String> tenantExists) {
    if (!tenantExists.test(tenant)) {
      throw notFound("tenant '" + tenant + "'");
    }
    return List.of();
  }

  // ---- renames --------------------------------------------------------------------------------------------

  /**
   * The argument rules of {@link MetadataStore#renameAsset}: the target is in the source's catalog; a rename onto
   * itself changes nothing and fails like a rename onto any taken key ({@code exists} is asked only then).
   *
   * @throws ValidationException the target is in another catalog
   * @throws AlreadyExistsException {@code from} equals {@code to} and the asset exists
   * @throws NotFoundException {@code from} equals {@code to} and the asset does not exist
   */
  public static void checkRename(AssetKey from, AssetKey to, Predicate<AssetKey> exists) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.catalog().equals(to.catalog())) {
      throw new ValidationException("an asset cannot be renamed into another catalog");
    }
    if (from.equals(to)) {
      if (!exists.test(from)) {
        throw notFound("asset '" + from + "'");
      }
      throw new AlreadyExistsException("asset '" + to + "' already exists");
    }
  }

  // ---- namespaces -----------------------------------------------------------------------------------------

  /** @throws NotFoundException {@code name} is the catalog root, which is no namespace (to update or delete) */
  public static void requireNamespace(NamespaceName name) {
    if (Objects.requireNonNull(name, "name").isRoot()) {
      throw new NotFoundException("the catalog root is not a namespace");
    }
  }

  // ---- restore and leases ---------------------------------------------------------------------------------

  /**
   * The argument rules of {@link MetadataStore#restore}: every entity of {@code tenant}.
   *
   * @return whether there is anything to write
   * @throws ValidationException an entity belongs to another tenant; nothing may be written
   */
  public static boolean checkRestore(String tenant, TenantEntities entities) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(entities, "entities");
    entities.requireTenant(tenant);
    return entities.size() > 0;
  }

  /** @throws ValidationException {@code ttl} is missing, zero or negative */
  public static void checkLease(String name, String holder, Duration ttl) {
    checkLeaseHolder(name, holder);
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new ValidationException("a lease needs a positive time to live");
    }
  }

  public static void checkLeaseHolder(String name, String holder) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(holder, "holder");
  }
}
