package io.pangolin.spi.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.pangolin.api.ConflictException;
import io.pangolin.api.ValidationException;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.StorageRootClaim;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The deployment-wide registry of storage roots ({@link MetadataStore#claimStorageRoot} and friends), an optional
 * capability checked both ways: a store that reports {@link MetadataStore#supportsStorageRoots()} keeps roots unique
 * across tenants and finds overlaps at path-segment boundaries; one that does not refuses with
 * {@link ValidationException}. Roots are canonical (the engine normalises them before they reach a store); every
 * test uses a bucket of its own, since the registry spans all tenants.
 */
abstract class StorageRootTests extends StoreTests {
  StorageRootTests(MetadataStore store) {
    super(store);
  }

  private static String bucket() {
    return "s3://" + Fixtures.uniqueName("b");
  }

  private void requireSupport() {
    assumeThat(store.supportsStorageRoots()).as("store keeps a storage-root registry").isTrue();
  }

  @Test
  void withoutSupport_everyCallIsRefused() {
    assumeThat(store.supportsStorageRoots()).isFalse();
    StorageRootClaim claim = new StorageRootClaim(bucket() + "/lake", newTenant(), "lake");

    assertThatExceptionOfType(ValidationException.class).isThrownBy(() -> store.claimStorageRoot(claim));
    assertThatExceptionOfType(ValidationException.class)
        .isThrownBy(() -> store.storageRootsOverlapping(claim.root()));
    assertThatExceptionOfType(ValidationException.class).isThrownBy(() -> store.releaseStorageRoot(claim));
  }

  @Test
  void claim_isFoundAsOverlappingItsRoot() {
    requireSupport();
    StorageRootClaim claim = new StorageRootClaim(bucket() + "/lake", newTenant(), "lake");

    assertThat(store.claimStorageRoot(claim)).isTrue();

    assertThat(store.storageRootsOverlapping(claim.root())).containsExactly(claim);
  }

  @Test
  void claim_ofARootHeldByAnotherTenant_failsAndChangesNothing() {
    requireSupport();
    StorageRootClaim first = new StorageRootClaim(bucket() + "/lake", newTenant(), "lake");
    store.claimStorageRoot(first);

    assertThatExceptionOfType(ConflictException.class)
        .isThrownBy(() -> store.claimStorageRoot(new StorageRootClaim(first.root(), newTenant(), "lake")));

    assertThat(store.storageRootsOverlapping(first.root())).containsExactly(first);
  }

  @Test
  void claim_ofARootHeldByAnotherWarehouseOfTheSameTenant_fails() {
    requireSupport();
    StorageRootClaim first = new StorageRootClaim(bucket() + "/lake", newTenant(), "lake");
    store.claimStorageRoot(first);

    assertThatExceptionOfType(ConflictException.class)
        .isThrownBy(() -> store.claimStorageRoot(new StorageRootClaim(first.root(), first.tenant(), "other")));
  }

  @Test
  void claim_again_bySameWarehouse_isANoOp() {
    requireSupport();
    StorageRootClaim claim = new StorageRootClaim(bucket() + "/lake", newTenant(), "lake");
    store.claimStorageRoot(claim);

    assertThat(store.claimStorageRoot(claim)).isFalse();

    assertThat(store.storageRootsOverlapping(claim.root())).containsExactly(claim);
  }

  @Test
  void overlapping_findsAncestorsAndDescendants_atSegmentBoundaries() {
    requireSupport();
    String b = bucket();
    String tenant = newTenant();
    StorageRootClaim whole = new StorageRootClaim(b, tenant, "whole");
    StorageRootClaim lake = new StorageRootClaim(b + "/x/lake", tenant, "lake");
    StorageRootClaim deep = new StorageRootClaim(b + "/x/lake/deep/er", tenant, "deep");
    StorageRootClaim sibling = new StorageRootClaim(b + "/x/lake2", tenant, "sibling");
    StorageRootClaim likePattern = new StorageRootClaim(b + "/x/l_ke%25", tenant, "pattern");
    for (StorageRootClaim c : List.of(whole, lake, deep, sibling, likePattern)) {
      store.claimStorageRoot(c);
    }

    assertThat(store.storageRootsOverlapping(b + "/x/lake")).containsExactlyInAnyOrder(whole, lake, deep);
    assertThat(store.storageRootsOverlapping(b + "/x/lake/deep")).containsExactlyInAnyOrder(whole, lake, deep);
    assertThat(store.storageRootsOverlapping(b + "/x")).containsExactlyInAnyOrder(whole, lake, deep, sibling,
        likePattern);
    assertThat(store.storageRootsOverlapping(b + "/x/la")).containsExactly(whole);
    assertThat(store.storageRootsOverlapping(b + "/x/l_ke")).containsExactly(whole);
    assertThat(store.storageRootsOverlapping(b + "-other/x/lake")).isEmpty();
  }

  @Test
  void release_byHolder_removesTheClaim_byAnyoneElse_changesNothing() {
    requireSupport();
    StorageRootClaim claim = new StorageRootClaim(bucket() + "/lake", newTenant(), "lake");
    store.claimStorageRoot(claim);

    store.releaseStorageRoot(new StorageRootClaim(claim.root(), newTenant(), "lake"));
    store.releaseStorageRoot(new StorageRootClaim(claim.root(), claim.tenant(), "other"));
    assertThat(store.storageRootsOverlapping(claim.root())).containsExactly(claim);

    store.releaseStorageRoot(claim);
    store.releaseStorageRoot(claim);
    assertThat(store.storageRootsOverlapping(claim.root())).isEmpty();

    StorageRootClaim next = new StorageRootClaim(claim.root(), newTenant(), "lake");
    assertThat(store.claimStorageRoot(next)).isTrue();
    assertThat(store.storageRootsOverlapping(claim.root())).containsExactly(next);
  }

  @Test
  void concurrentClaimsOfOneRoot_exactlyOneWins() {
    requireSupport();
    String root = bucket() + "/lake";
    List<String> tenants = List.of(newTenant(), newTenant(), newTenant(), newTenant());

    List<Outcome<Boolean>> outcomes = concurrently(tenants.size(),
        i -> store.claimStorageRoot(new StorageRootClaim(root, tenants.get(i), "lake")));

    assertThat(outcomes).filteredOn(Outcome::succeeded).hasSize(1);
    assertThat(outcomes).filteredOn(o -> !o.succeeded())
        .allSatisfy(o -> assertThat(o.failure()).isInstanceOf(ConflictException.class));
    assertThat(store.storageRootsOverlapping(root)).hasSize(1);
  }
}
