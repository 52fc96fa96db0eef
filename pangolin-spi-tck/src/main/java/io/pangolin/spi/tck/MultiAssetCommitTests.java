package io.pangolin.spi.tck;

import static io.pangolin.spi.tck.Fixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKind;
import io.pangolin.api.ConflictException;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.ValidationException;
import io.pangolin.spi.AssetUpdate;
import io.pangolin.spi.MetadataStore;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link MetadataStore#updateAssets}: all updates or none. */
abstract class MultiAssetCommitTests extends StoreTests {
  MultiAssetCommitTests(MetadataStore store) {
    super(store);
  }

  @Test
  void updateAssets_advancesAllAcrossCatalogsAndReturnsThemInRequestOrder() {
    Scope s = newScope();
    newCatalog(s.tenant(), "other");
    newNamespace(s.tenant(), "other", "ns2");
    Asset a = newAsset(s, "a");
    Asset b = newAsset(s, "b", AssetKind.ICEBERG_VIEW);
    Asset c = newAsset(s.tenant(), "other", NamespaceName.of("ns2"), "c", AssetKind.ICEBERG_TABLE);
    Asset b2 = store.updateAsset(Fixtures.withProperties(b, Map.of("step", "1")), 1);
    Asset cChange = Fixtures.withProperties(c, Map.of("step", "x"));
    Asset aChange = Fixtures.withProperties(a, Map.of("step", "y"));
    Asset bChange = Fixtures.withProperties(b2, Map.of("step", "z"));

    List<Asset> stored = store.updateAssets(s.tenant(),
        List.of(new AssetUpdate(cChange, 1), new AssetUpdate(aChange, 1), new AssetUpdate(bChange, 2)));

    assertThat(stored).containsExactly(cChange.withVersion(2), aChange.withVersion(2), bChange.withVersion(3));
    assertThat(store.getAsset(s.tenant(), a.key())).contains(aChange.withVersion(2));
    assertThat(store.getAsset(s.tenant(), b.key())).contains(bChange.withVersion(3));
    assertThat(store.getAsset(s.tenant(), c.key())).contains(cChange.withVersion(2));
  }

  @Test
  void updateAssets_whenOneVersionIsStale_failsAndChangesNone() {
    Scope s = newScope();
    Asset a = newAsset(s, "a");
    Asset b = newAsset(s, "b");
    Asset c = newAsset(s, "c");
    Asset b2 = store.updateAsset(Fixtures.withProperties(b, Map.of("moved", "on")), 1);

    assertThatExceptionOfType(ConflictException.class).isThrownBy(() -> store.updateAssets(s.tenant(), List.of(
        new AssetUpdate(Fixtures.withProperties(a, Map.of("x", "1")), 1),
        new AssetUpdate(Fixtures.withProperties(b, Map.of("x", "1")), 1),
        new AssetUpdate(Fixtures.withProperties(c, Map.of("x", "1")), 1))));

    assertThat(store.getAsset(s.tenant(), a.key())).contains(a);
    assertThat(store.getAsset(s.tenant(), b.key())).contains(b2);
    assertThat(store.getAsset(s.tenant(), c.key())).contains(c);
  }

  @Test
  void updateAssets_whenOneAssetIsMissing_failsAndChangesNone() {
    Scope s = newScope();
    Asset a = newAsset(s, "a");
    Asset c = newAsset(s, "c");
    Asset ghost = Fixtures.asset(s.tenant(), s.catalog(), s.namespace(), "ghost", AssetKind.ICEBERG_TABLE);

    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> store.updateAssets(s.tenant(), List.of(
        new AssetUpdate(Fixtures.withProperties(a, Map.of("x", "1")), 1),
        new AssetUpdate(ghost, 1),
        new AssetUpdate(Fixtures.withProperties(c, Map.of("x", "1")), 1))));

    assertThat(store.getAsset(s.tenant(), a.key())).contains(a);
    assertThat(store.getAsset(s.tenant(), c.key())).contains(c);
    assertThat(store.getAsset(s.tenant(), ghost.key())).isEmpty();
  }

  @Test
  void updateAssets_withTheSameKeyTwice_failsValidationAndChangesNone() {
    Scope s = newScope();
    Asset a = newAsset(s, "a");
    Asset b = newAsset(s, "b");

    assertThatExceptionOfType(ValidationException.class).isThrownBy(() -> store.updateAssets(s.tenant(), List.of(
        new AssetUpdate(Fixtures.withProperties(a, Map.of("x", "1")), 1),
        new AssetUpdate(Fixtures.withProperties(b, Map.of("x", "1")), 1),
        new AssetUpdate(Fixtures.withProperties(a, Map.of("x", "2")), 1))));

    assertThat(store.getAsset(s.tenant(), a.key())).contains(a);
    assertThat(store.getAsset(s.tenant(), b.key())).contains(b);
  }

  @Test
  void updateAssets_withAnAssetOfAnotherTenant_failsValidationAndChangesNone() {
    Scope s = newScope();
    Scope other = newScope();
    Asset a = newAsset(s, "a");
    Asset foreign = newAsset(other, "a");

    assertThatExceptionOfType(ValidationException.class).isThrownBy(() -> store.updateAssets(s.tenant(), List.of(
        new AssetUpdate(Fixtures.withProperties(a, Map.of("x", "1")), 1),
        new AssetUpdate(Fixtures.withProperties(foreign, Map.of("x", "1")), 1))));

    assertThat(store.getAsset(s.tenant(), a.key())).contains(a);
    assertThat(store.getAsset(other.tenant(), foreign.key())).contains(foreign);
  }

  @Test
  void updateAssets_withNoUpdates_returnsNothing_andNeedsTheTenant() {
    Scope s = newScope();

    assertThat(store.updateAssets(s.tenant(), List.of())).isEmpty();
    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> store.updateAssets(uniqueName("t"), List.of()));
  }

  @Test
  void updateAssets_keepsIdAndKindOfEveryAsset() {
    Scope s = newScope();
    Asset a = newAsset(s, "a", AssetKind.ICEBERG_TABLE);
    Asset changed = new Asset(a.tenant(), UUID.randomUUID().toString(), a.catalog(), a.namespace(), a.name(),
        AssetKind.DELTA_TABLE, a.location(), Map.of("x", "1"), a.metadataLocation(), a.createdAt(), a.updatedAt(), 1);

    List<Asset> stored = store.updateAssets(s.tenant(), List.of(new AssetUpdate(changed, 1)));

    assertThat(stored.get(0).id()).isEqualTo(a.id());
    assertThat(stored.get(0).kind()).isEqualTo(AssetKind.ICEBERG_TABLE);
    assertThat(stored.get(0).version()).isEqualTo(2);
    assertThat(store.getAsset(s.tenant(), a.key())).contains(stored.get(0));
  }
}
