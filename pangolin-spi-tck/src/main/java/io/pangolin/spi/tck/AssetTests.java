package io.pangolin.spi.tck;

import static io.pangolin.spi.tck.Fixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.ConflictException;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NotFoundException;
import io.pangolin.spi.MetadataStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Assets of every kind: create / get / update / delete, names unique across kinds, the namespace parent. */
abstract class AssetTests extends StoreTests {
  AssetTests(MetadataStore store) {
    super(store);
  }

  @ParameterizedTest
  @EnumSource(AssetKind.class)
  void createAsset_ofEachKind_returnsVersionOneAndRoundTripsAllFields(AssetKind kind) {
    Scope s = newScope();
    Asset given = Fixtures.asset(s.tenant(), s.catalog(), s.namespace(), "thing", kind).withVersion(5);

    Asset created = store.createAsset(given);

    assertThat(created).isEqualTo(given.withVersion(1));
    assertThat(created.metadataLocation().isPresent()).isEqualTo(kind.isIceberg());
    assertThat(store.getAsset(s.tenant(), s.key("thing"))).contains(created);
  }

  @Test
  void createAsset_icebergTableWithoutMetadataLocation_roundTripsEmpty() {
    Scope s = newScope();
    Asset given = new Asset(s.tenant(), UUID.randomUUID().toString(), s.catalog(), s.namespace(), "staged",
        AssetKind.ICEBERG_TABLE, "s3://bucket/staged", Map.of(), Optional.empty(), Fixtures.now(), Fixtures.now(), 0);

    store.createAsset(given);

    assertThat(store.getAsset(s.tenant(), s.key("staged"))).contains(given.withVersion(1));
  }

  @Test
  void createAsset_withUnusualPropertyValues_roundTripsThemExactly() {
    Scope s = newScope();
    Map<String, String> properties = Map.of(
        "write.format.default", "parquet",
        "quote\"and\\backslash", "it's \"quoted\" \\ here",
        "unicode", "Zürich – 東京 – 🦔",
        "empty", "",
        "multi-line", "line1\nline2\ttab",
        "long", "x".repeat(4000));
    Asset given = new Asset(s.tenant(), UUID.randomUUID().toString(), s.catalog(), s.namespace(), "odd",
        AssetKind.JSON, "file:///data/odd dir/ü", properties, Optional.empty(), Fixtures.now(), Fixtures.now(), 0);

    store.createAsset(given);

    assertThat(store.getAsset(s.tenant(), s.key("odd"))).contains(given.withVersion(1));
  }

  @Test
  void createAsset_inNestedNamespace_roundTrips() {
    Scope s = newScope();
    newNamespace(s.tenant(), s.catalog(), "ns.emea");
    newNamespace(s.tenant(), s.catalog(), "ns.emea.daily");
    NamespaceName deep = NamespaceName.of("ns", "emea", "daily");

    Asset created = newAsset(s.tenant(), s.catalog(), deep, "orders", AssetKind.ICEBERG_TABLE);

    assertThat(store.getAsset(s.tenant(), new AssetKey(s.catalog(), deep, "orders"))).contains(created);
    assertThat(store.getAsset(s.tenant(), s.key("orders"))).isEmpty();
  }

  @Test
  void getAsset_whenMissing_isEmpty() {
    Scope s = newScope();
    newAsset(s, "orders");

    assertThat(store.getAsset(s.tenant(), s.key("nope"))).isEmpty();
    assertThat(store.getAsset(s.tenant(), new AssetKey(s.catalog(), NamespaceName.of("other"), "orders"))).isEmpty();
    assertThat(store.getAsset(s.tenant(), new AssetKey("other", s.namespace(), "orders"))).isEmpty();
    assertThat(store.getAsset(uniqueName("t"), s.key("orders"))).isEmpty();
  }

  @Test
  void createAsset_whenNamespaceMissing_failsAndWritesNothing() {
    Scope s = newScope();
    NamespaceName missing = NamespaceName.of("ns", "missing");

    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> store.createAsset(
        Fixtures.asset(s.tenant(), s.catalog(), missing, "orders", AssetKind.ICEBERG_TABLE)));

    assertThat(store.getAsset(s.tenant(), new AssetKey(s.catalog(), missing, "orders"))).isEmpty();
    assertThat(store.getNamespace(s.tenant(), s.catalog(), missing)).isEmpty();
    assertThat(store.countAssets(s.tenant(), s.catalog())).isZero();
  }

  @Test
  void createAsset_whenCatalogMissing_fails() {
    String tenant = newTenant();

    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> store.createAsset(
        Fixtures.asset(tenant, "nope", NamespaceName.of("ns"), "orders", AssetKind.ICEBERG_TABLE)));

    assertThat(store.getAsset(tenant, new AssetKey("nope", NamespaceName.of("ns"), "orders"))).isEmpty();
  }

  @Test
  void createAsset_whenTenantMissing_fails() {
    String missing = uniqueName("t");

    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> store.createAsset(
        Fixtures.asset(missing, "cat", NamespaceName.of("ns"), "orders", AssetKind.ICEBERG_TABLE)));

    assertThat(store.getAsset(missing, new AssetKey("cat", NamespaceName.of("ns"), "orders"))).isEmpty();
  }

  @Test
  void createAsset_whenNameTaken_failsAndKeepsOriginal() {
    Scope s = newScope();
    Asset original = newAsset(s, "orders");

    assertThatExceptionOfType(AlreadyExistsException.class).isThrownBy(() -> newAsset(s, "orders"));

    assertThat(store.getAsset(s.tenant(), s.key("orders"))).contains(original);
  }

  @Test
  void createAsset_whenAnAssetOfAnotherKindHasTheName_failsAndKeepsOriginal() {
    Scope s = newScope();
    Asset table = newAsset(s, "orders", AssetKind.ICEBERG_TABLE);
    Asset view = newAsset(s, "report", AssetKind.ICEBERG_VIEW);

    assertThatExceptionOfType(AlreadyExistsException.class)
        .isThrownBy(() -> newAsset(s, "orders", AssetKind.ICEBERG_VIEW));
    assertThatExceptionOfType(AlreadyExistsException.class)
        .isThrownBy(() -> newAsset(s, "report", AssetKind.ICEBERG_TABLE));
    assertThatExceptionOfType(AlreadyExistsException.class)
        .isThrownBy(() -> newAsset(s, "orders", AssetKind.PARQUET));

    assertThat(store.getAsset(s.tenant(), s.key("orders"))).contains(table);
    assertThat(store.getAsset(s.tenant(), s.key("report"))).contains(view);
    assertThat(store.countAssets(s.tenant(), s.catalog(), s.namespace())).isEqualTo(2);
  }

  @Test
  void createAsset_withNameUsedInAnotherNamespace_succeeds() {
    Scope s = newScope();
    newNamespace(s.tenant(), s.catalog(), "other");
    Asset first = newAsset(s, "orders");

    Asset second = newAsset(s.tenant(), s.catalog(), NamespaceName.of("other"), "orders", AssetKind.ICEBERG_TABLE);

    assertThat(store.getAsset(s.tenant(), s.key("orders"))).contains(first);
    assertThat(store.getAsset(s.tenant(), second.key())).contains(second);
  }

  @Test
  void updateAsset_persistsLocationPropertiesMetadataLocationAndTimestampsAsGivenAndBumpsVersion() {
    Scope s = newScope();
    Asset v1 = newAsset(s, "orders");
    Asset change = new Asset(s.tenant(), v1.id(), s.catalog(), s.namespace(), "orders", v1.kind(),
        v1.location() + "-moved", Map.of("owner", "finance", "snapshot-count", "1"),
        Optional.of(v1.location() + "/metadata/00001-next.metadata.json"), v1.createdAt().minusSeconds(60),
        v1.updatedAt().plusSeconds(60), 1);

    Asset v2 = store.updateAsset(change, 1);

    assertThat(v2).isEqualTo(change.withVersion(2));
    assertThat(store.getAsset(s.tenant(), s.key("orders"))).contains(v2);
  }

  @Test
  void updateAsset_canClearTheMetadataLocation() {
    Scope s = newScope();
    Asset v1 = newAsset(s, "orders");
    Asset change = new Asset(s.tenant(), v1.id(), s.catalog(), s.namespace(), "orders", v1.kind(), v1.location(),
        v1.properties(), Optional.empty(), v1.createdAt(), v1.updatedAt(), 1);

    store.updateAsset(change, 1);

    assertThat(store.getAsset(s.tenant(), s.key("orders"))).contains(change.withVersion(2));
  }

  @Test
  void updateAsset_keepsIdAndKind() {
    Scope s = newScope();
    Asset v1 = newAsset(s, "orders", AssetKind.ICEBERG_TABLE);
    Instant later = v1.updatedAt().plusSeconds(1);
    Asset change = new Asset(s.tenant(), UUID.randomUUID().toString(), s.catalog(), s.namespace(), "orders",
        AssetKind.ICEBERG_VIEW, v1.location(), Map.of("k", "v"), v1.metadataLocation(), v1.createdAt(), later, 1);

    Asset v2 = store.updateAsset(change, 1);

    assertThat(v2.id()).isEqualTo(v1.id());
    assertThat(v2.kind()).isEqualTo(AssetKind.ICEBERG_TABLE);
    assertThat(v2.properties()).isEqualTo(Map.of("k", "v"));
    assertThat(store.getAsset(s.tenant(), s.key("orders"))).contains(v2);
  }

  @Test
  void updateAsset_withStaleVersion_failsAndChangesNothing() {
    Scope s = newScope();
    Asset v1 = newAsset(s, "orders");
    Asset v2 = store.updateAsset(Fixtures.withProperties(v1, Map.of("a", "1")), 1);

    assertThatExceptionOfType(ConflictException.class)
        .isThrownBy(() -> store.updateAsset(Fixtures.withProperties(v1, Map.of("b", "2")), 1));

    assertThat(store.getAsset(s.tenant(), s.key("orders"))).contains(v2);
  }

  @Test
  void updateAsset_withVersionAheadOfStored_failsAndChangesNothing() {
    Scope s = newScope();
    Asset v1 = newAsset(s, "orders");

    assertThatExceptionOfType(ConflictException.class)
        .isThrownBy(() -> store.updateAsset(Fixtures.withProperties(v1, Map.of("b", "2")), 2));

    assertThat(store.getAsset(s.tenant(), s.key("orders"))).contains(v1);
  }

  @Test
  void updateAsset_whenMissing_failsWithoutCreatingIt() {
    Scope s = newScope();

    assertThatThrownBy(() -> store.updateAsset(
        Fixtures.asset(s.tenant(), s.catalog(), s.namespace(), "nope", AssetKind.ICEBERG_TABLE), 1))
        .isInstanceOfAny(NotFoundException.class, ConflictException.class);

    assertThat(store.getAsset(s.tenant(), s.key("nope"))).isEmpty();
  }

  @Test
  void deleteAsset_removesItAndFreesTheNameForAnyKind() {
    Scope s = newScope();
    newAsset(s, "orders", AssetKind.ICEBERG_TABLE);

    store.deleteAsset(s.tenant(), s.key("orders"));

    assertThat(store.getAsset(s.tenant(), s.key("orders"))).isEmpty();
    Asset view = newAsset(s, "orders", AssetKind.ICEBERG_VIEW);
    assertThat(view.version()).isEqualTo(1);
    assertThat(store.getAsset(s.tenant(), s.key("orders"))).contains(view);
  }

  @Test
  void deleteAsset_whenMissing_fails() {
    Scope s = newScope();

    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> store.deleteAsset(s.tenant(), s.key("nope")));
    assertThatExceptionOfType(NotFoundException.class).isThrownBy(
        () -> store.deleteAsset(s.tenant(), new AssetKey(s.catalog(), NamespaceName.of("nope"), "nope")));
  }
}
