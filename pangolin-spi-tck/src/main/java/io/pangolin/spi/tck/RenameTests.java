package io.pangolin.spi.tck;

import static io.pangolin.spi.tck.Fixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.ConflictException;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.ValidationException;
import io.pangolin.spi.MetadataStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link MetadataStore#renameAsset}: moves within a catalog, keeping the id. */
abstract class RenameTests extends StoreTests {
  RenameTests(MetadataStore store) {
    super(store);
  }

  @Test
  void renameAsset_toAnotherNamespace_keepsIdAndContentAndBumpsVersion() {
    Scope s = newScope();
    newNamespace(s.tenant(), s.catalog(), "archive");
    Asset original = store.updateAsset(Fixtures.withProperties(newAsset(s, "orders"), Map.of("k", "v")), 1);
    AssetKey to = new AssetKey(s.catalog(), NamespaceName.of("archive"), "orders2024");

    Asset renamed = store.renameAsset(s.tenant(), original.key(), to);

    assertThat(renamed.key()).isEqualTo(to);
    assertThat(renamed.version()).isEqualTo(original.version() + 1);
    assertThat(renamed).usingRecursiveComparison().ignoringFields("namespace", "name", "version", "updatedAt")
        .isEqualTo(original);
    assertThat(store.getAsset(s.tenant(), to)).contains(renamed);
    assertThat(store.getAsset(s.tenant(), original.key())).isEmpty();
  }

  @Test
  void renameAsset_withinTheNamespace_changesOnlyTheName() {
    Scope s = newScope();
    Asset original = newAsset(s, "orders", AssetKind.ICEBERG_VIEW);

    Asset renamed = store.renameAsset(s.tenant(), s.key("orders"), s.key("orders2"));

    assertThat(renamed.id()).isEqualTo(original.id());
    assertThat(renamed.kind()).isEqualTo(AssetKind.ICEBERG_VIEW);
    assertThat(renamed.key()).isEqualTo(s.key("orders2"));
    assertThat(renamed.version()).isEqualTo(2);
    assertThat(store.getAsset(s.tenant(), s.key("orders2"))).contains(renamed);
    assertThat(store.getAsset(s.tenant(), s.key("orders"))).isEmpty();
  }

  @Test
  void renameAsset_freesTheOldKeyAndMovesTheCounts() {
    Scope s = newScope();
    newNamespace(s.tenant(), s.catalog(), "archive");
    newAsset(s, "orders");
    AssetKey to = new AssetKey(s.catalog(), NamespaceName.of("archive"), "orders");

    store.renameAsset(s.tenant(), s.key("orders"), to);

    assertThat(store.countAssets(s.tenant(), s.catalog(), s.namespace())).isZero();
    assertThat(store.countAssets(s.tenant(), s.catalog(), NamespaceName.of("archive"))).isEqualTo(1);
    assertThat(newAsset(s, "orders", AssetKind.CSV).version()).isEqualTo(1);
  }

  @Test
  void renameAsset_thenUpdateWithThePreRenameVersion_fails() {
    Scope s = newScope();
    Asset original = newAsset(s, "orders");
    Asset renamed = store.renameAsset(s.tenant(), s.key("orders"), s.key("orders2"));

    Asset stale = original.withKey(s.namespace(), "orders2");
    assertThatExceptionOfType(ConflictException.class)
        .isThrownBy(() -> store.updateAsset(Fixtures.withProperties(stale, Map.of("x", "1")), 1));

    assertThat(store.getAsset(s.tenant(), s.key("orders2"))).contains(renamed);
    assertThat(store.updateAsset(Fixtures.withProperties(stale, Map.of("x", "1")), renamed.version()).version())
        .isEqualTo(renamed.version() + 1);
  }

  @Test
  void renameAsset_whenTargetExists_failsAndChangesNothing() {
    Scope s = newScope();
    Asset a = newAsset(s, "a");
    Asset b = newAsset(s, "b");

    assertThatExceptionOfType(AlreadyExistsException.class)
        .isThrownBy(() -> store.renameAsset(s.tenant(), s.key("a"), s.key("b")));

    assertThat(store.getAsset(s.tenant(), s.key("a"))).contains(a);
    assertThat(store.getAsset(s.tenant(), s.key("b"))).contains(b);
  }

  @Test
  void renameAsset_whenTargetIsAnAssetOfAnotherKind_failsAndChangesNothing() {
    Scope s = newScope();
    Asset table = newAsset(s, "orders", AssetKind.ICEBERG_TABLE);
    Asset view = newAsset(s, "report", AssetKind.ICEBERG_VIEW);

    assertThatExceptionOfType(AlreadyExistsException.class)
        .isThrownBy(() -> store.renameAsset(s.tenant(), s.key("orders"), s.key("report")));

    assertThat(store.getAsset(s.tenant(), s.key("orders"))).contains(table);
    assertThat(store.getAsset(s.tenant(), s.key("report"))).contains(view);
  }

  @Test
  void renameAsset_whenTargetNamespaceMissing_failsAndChangesNothing() {
    Scope s = newScope();
    Asset a = newAsset(s, "a");
    AssetKey to = new AssetKey(s.catalog(), NamespaceName.of("nope"), "a");

    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> store.renameAsset(s.tenant(), a.key(), to));

    assertThat(store.getAsset(s.tenant(), a.key())).contains(a);
    assertThat(store.getAsset(s.tenant(), to)).isEmpty();
    assertThat(store.getNamespace(s.tenant(), s.catalog(), NamespaceName.of("nope"))).isEmpty();
  }

  @Test
  void renameAsset_toAnotherCatalog_failsValidationAndChangesNothing() {
    Scope s = newScope();
    newCatalog(s.tenant(), "other");
    newNamespace(s.tenant(), "other", s.namespace());
    Asset a = newAsset(s, "a");
    AssetKey to = new AssetKey("other", s.namespace(), "a");

    assertThatExceptionOfType(ValidationException.class)
        .isThrownBy(() -> store.renameAsset(s.tenant(), a.key(), to));

    assertThat(store.getAsset(s.tenant(), a.key())).contains(a);
    assertThat(store.getAsset(s.tenant(), to)).isEmpty();
  }

  @Test
  void renameAsset_ontoItself_failsLikeAnyTakenTargetAndChangesNothing() {
    Scope s = newScope();
    Asset a = newAsset(s, "a");

    assertThatExceptionOfType(AlreadyExistsException.class)
        .isThrownBy(() -> store.renameAsset(s.tenant(), a.key(), a.key()));
    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> store.renameAsset(s.tenant(), s.key("nope"), s.key("nope")));

    assertThat(store.getAsset(s.tenant(), a.key())).contains(a);
    assertThat(store.getAsset(s.tenant(), s.key("nope"))).isEmpty();
  }

  @Test
  void renameAsset_whenSourceMissing_fails() {
    Scope s = newScope();

    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> store.renameAsset(s.tenant(), s.key("nope"), s.key("other")));

    assertThat(store.getAsset(s.tenant(), s.key("other"))).isEmpty();
    assertThatExceptionOfType(NotFoundException.class).isThrownBy(
        () -> store.renameAsset(uniqueName("t"), s.key("nope"), s.key("other")));
  }
}
