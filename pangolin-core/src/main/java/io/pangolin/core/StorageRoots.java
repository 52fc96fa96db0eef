package io.pangolin.core;

import io.pangolin.api.ConflictException;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.Tenant;
import io.pangolin.api.ValidationException;
import io.pangolin.api.Warehouse;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.StorageRootClaim;
import java.nio.file.Path;
import java.util.List;

/**
 * Who may use which storage: warehouse roots must use an accepted scheme ({@link Locations}), {@code file:} roots
 * must lie under one of the operator's local storage roots, and no two warehouses of the whole deployment (any
 * tenants) may have roots that are equal or nested.
 *
 * <p>Uniqueness goes through the control-plane store's registry of storage roots: a warehouse first claims its root
 * (unique by root, atomic in the store), then looks for overlapping claims and withdraws its own if it finds one.
 * Of two concurrent claims of overlapping roots at most one therefore survives (both may fail; a retry succeeds).
 * A store without the registry ({@link MetadataStore#supportsStorageRoots()} false) falls back to scanning every
 * tenant's warehouses, which refuses overlaps but is not safe against concurrent creates.
 */
final class StorageRoots {
  private final Engine engine;
  private final List<String> localRoots;

  StorageRoots(Engine engine, List<Path> localRoots) {
    this.engine = engine;
    this.localRoots = localRoots.stream().map(Locations::fileRoot).toList();
  }

  List<String> localRoots() {
    return localRoots;
  }

  /**
   * The canonical form of a warehouse root the deployment accepts.
   *
   * @throws ValidationException not a location, a refused scheme, or a {@code file:} root not strictly below a local
   *     root
   */
  String check(String storageRoot) {
    String root = Locations.canonical("storage root", storageRoot);
    // strictly below: a warehouse at a local root itself would claim the whole directory for one tenant
    if (root.startsWith("file:")
        && localRoots.stream().noneMatch(l -> Locations.within(l, root) && !Locations.within(root, l))) {
      throw new ValidationException("storage root '" + Names.shorten(root) + "' is not below a local storage root "
          + "of this deployment" + (localRoots.isEmpty() ? " (none is configured: file: storage is disabled)" : ""));
    }
    return root;
  }

  /**
   * Claims {@code canonicalRoot} for the warehouse {@code tenant}/{@code warehouse}, registered under its
   * {@link Locations#storageKey} (so {@code s3a://b/x} and {@code s3://b/x} are one claim).
   *
   * @return whether the claim is new (the caller releases it if its own write then fails)
   * @throws ConflictException another warehouse's root equals, contains or lies inside {@code root}
   */
  boolean claim(String canonicalRoot, String tenant, String warehouse) {
    MetadataStore control = engine.control();
    String root = Locations.storageKey(canonicalRoot);
    StorageRootClaim claim = new StorageRootClaim(root, tenant, warehouse);
    if (!control.supportsStorageRoots()) {
      scan(control, claim);
      return false;
    }
    boolean claimed;
    try {
      claimed = control.claimStorageRoot(claim);
    } catch (ConflictException e) {
      throw overlap(canonicalRoot);
    }
    boolean others = control.storageRootsOverlapping(root).stream()
        .anyMatch(c -> !c.heldBy(tenant, warehouse));
    if (others) {
      if (claimed) {
        release(root, tenant, warehouse);
      }
      throw overlap(canonicalRoot);
    }
    return claimed;
  }

  /** Withdraws the claim of the warehouse on {@code root} (nothing if it holds none); never throws. */
  void release(String root, String tenant, String warehouse) {
    MetadataStore control = engine.control();
    try {
      if (control.supportsStorageRoots()) {
        control.releaseStorageRoot(new StorageRootClaim(Locations.storageKey(canonicalOrAsIs(root)), tenant,
            warehouse));
      }
    } catch (RuntimeException e) {
      // a stale claim blocks only its own root; an operator can re-use it after deleting the row
      System.getLogger(StorageRoots.class.getName()).log(System.Logger.Level.WARNING,
          "could not release the storage root claim of warehouse " + tenant + "/" + warehouse, e);
    }
  }

  /** After a warehouse's root changed: withdraws its claim on the old root unless both are one place. */
  void moved(String oldRoot, String newRoot, String tenant, String warehouse) {
    if (!Locations.storageKey(canonicalOrAsIs(oldRoot)).equals(Locations.storageKey(newRoot))) {
      release(oldRoot, tenant, warehouse);
    }
  }

  private void scan(MetadataStore control, StorageRootClaim claim) {
    Page<Tenant> tenants = control.listTenants(PageRequest.first(PageRequest.MAX_SIZE));
    while (true) {
      for (Tenant t : tenants.items()) {
        MetadataStore store = engine.tenantStore(t.name());
        Page<Warehouse> ws = store.listWarehouses(t.name(), PageRequest.first(PageRequest.MAX_SIZE));
        while (true) {
          for (Warehouse w : ws.items()) {
            if (!(t.name().equals(claim.tenant()) && w.name().equals(claim.warehouse()))
                && overlaps(w.storageRoot(), claim.root())) {
              throw overlap(claim.root());
            }
          }
          if (ws.nextToken().isEmpty()) {
            break;
          }
          ws = store.listWarehouses(t.name(), PageRequest.after(ws.nextToken().get(), PageRequest.MAX_SIZE));
        }
      }
      if (tenants.nextToken().isEmpty()) {
        return;
      }
      tenants = control.listTenants(PageRequest.after(tenants.nextToken().get(), PageRequest.MAX_SIZE));
    }
  }

  private static boolean overlaps(String stored, String root) {
    return Locations.overlap(canonicalOrAsIs(stored), root);
  }

  /** A stored root in canonical form; one stored before the rules (that no longer passes them) as it is. */
  private static String canonicalOrAsIs(String stored) {
    try {
      return Locations.canonical("storage root", stored);
    } catch (ValidationException e) {
      return stored;
    }
  }

  /** Says nothing about the other warehouse: it may belong to another tenant. */
  private static ConflictException overlap(String root) {
    return new ConflictException("storage root '" + Names.shorten(root) + "' equals, contains or lies inside the "
        + "storage root of another warehouse; warehouse roots must not overlap");
  }
}
