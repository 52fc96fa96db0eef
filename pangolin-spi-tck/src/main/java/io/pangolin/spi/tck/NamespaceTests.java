package io.pangolin.spi.tck;

import static io.pangolin.spi.tck.Fixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.Asset;
import io.pangolin.api.AssetKind;
import io.pangolin.api.ConflictException;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.PageRequest;
import io.pangolin.spi.MetadataStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Namespaces: single- and multi-level create / get / update / delete, parents and refused deletes. */
abstract class NamespaceTests extends StoreTests {
  NamespaceTests(MetadataStore store) {
    super(store);
  }

  @Test
  void createNamespace_returnsVersionOneAndRoundTripsAllFields() {
    String tenant = newTenant();
    newCatalog(tenant, "cat");
    Namespace given = Fixtures.namespace(tenant, "cat", NamespaceName.of("sales")).withVersion(9);

    Namespace created = store.createNamespace(given);

    assertThat(created).isEqualTo(given.withVersion(1));
    assertThat(store.getNamespace(tenant, "cat", NamespaceName.of("sales"))).contains(created);
  }

  @Test
  void createNamespace_multiLevel_roundTripsEveryLevel() {
    String tenant = newTenant();
    newCatalog(tenant, "cat");
    Namespace a = newNamespace(tenant, "cat", "sales");
    Namespace b = newNamespace(tenant, "cat", "sales.emea");
    Namespace c = store.createNamespace(new Namespace(tenant, "cat", NamespaceName.of("sales", "emea", "daily"),
        Map.of(), Fixtures.now(), Fixtures.now(), 0));

    assertThat(store.getNamespace(tenant, "cat", NamespaceName.of("sales"))).contains(a);
    assertThat(store.getNamespace(tenant, "cat", NamespaceName.of("sales", "emea"))).contains(b);
    assertThat(store.getNamespace(tenant, "cat", NamespaceName.of("sales", "emea", "daily"))).contains(c);
    assertThat(c.name().depth()).isEqualTo(3);
    assertThat(c.properties()).isEmpty();
  }

  @Test
  void createNamespace_sameLeafUnderDifferentParents_areDistinct() {
    String tenant = newTenant();
    newCatalog(tenant, "cat");
    newNamespace(tenant, "cat", "a");
    newNamespace(tenant, "cat", "b");
    Namespace topLevel = newNamespace(tenant, "cat", "x");
    Namespace underA = newNamespace(tenant, "cat", "a.x");
    Namespace underB = newNamespace(tenant, "cat", "b.x");

    assertThat(store.getNamespace(tenant, "cat", NamespaceName.of("x"))).contains(topLevel);
    assertThat(store.getNamespace(tenant, "cat", NamespaceName.of("a", "x"))).contains(underA);
    assertThat(store.getNamespace(tenant, "cat", NamespaceName.of("b", "x"))).contains(underB);
  }

  @Test
  void createNamespace_whenTenantMissing_fails() {
    String missing = uniqueName("t");

    assertThatExceptionOfType(NotFoundException.class).isThrownBy(
        () -> store.createNamespace(Fixtures.namespace(missing, "cat", NamespaceName.of("sales"))));

    assertThat(store.getNamespace(missing, "cat", NamespaceName.of("sales"))).isEmpty();
  }

  @Test
  void createNamespace_whenCatalogMissing_failsAndWritesNothing() {
    String tenant = newTenant();

    assertThatExceptionOfType(NotFoundException.class).isThrownBy(
        () -> store.createNamespace(Fixtures.namespace(tenant, "nope", NamespaceName.of("sales"))));

    assertThat(store.getNamespace(tenant, "nope", NamespaceName.of("sales"))).isEmpty();
    assertThat(store.getCatalog(tenant, "nope")).isEmpty();
  }

  @Test
  void createNamespace_whenParentMissing_failsAndWritesNothing() {
    String tenant = newTenant();
    newCatalog(tenant, "cat");
    newNamespace(tenant, "cat", "sales");

    assertThatExceptionOfType(NotFoundException.class).isThrownBy(
        () -> store.createNamespace(Fixtures.namespace(tenant, "cat", NamespaceName.of("sales", "emea", "daily"))));
    assertThatExceptionOfType(NotFoundException.class).isThrownBy(
        () -> store.createNamespace(Fixtures.namespace(tenant, "cat", NamespaceName.of("other", "emea"))));

    assertThat(store.getNamespace(tenant, "cat", NamespaceName.of("sales", "emea", "daily"))).isEmpty();
    assertThat(store.getNamespace(tenant, "cat", NamespaceName.of("sales", "emea"))).isEmpty();
    assertThat(store.getNamespace(tenant, "cat", NamespaceName.of("other", "emea"))).isEmpty();
    assertThat(store.getNamespace(tenant, "cat", NamespaceName.of("other"))).isEmpty();
    assertThat(store.listNamespaces(tenant, "cat", NamespaceName.of("sales"), PageRequest.first()).items())
        .isEmpty();
    assertThat(store.listNamespaces(tenant, "cat", NamespaceName.ROOT, PageRequest.first()).items())
        .extracting(Namespace::name).containsExactly(NamespaceName.of("sales"));
  }

  @Test
  void getNamespace_whenMissing_isEmpty() {
    String tenant = newTenant();
    newCatalog(tenant, "cat");
    newNamespace(tenant, "cat", "sales");

    assertThat(store.getNamespace(tenant, "cat", NamespaceName.of("nope"))).isEmpty();
    assertThat(store.getNamespace(tenant, "cat", NamespaceName.of("sales", "nope"))).isEmpty();
    assertThat(store.getNamespace(tenant, "nope", NamespaceName.of("sales"))).isEmpty();
    assertThat(store.getNamespace(uniqueName("t"), "cat", NamespaceName.of("sales"))).isEmpty();
  }

  @Test
  void createNamespace_whenNameTaken_failsAndKeepsOriginal() {
    String tenant = newTenant();
    newCatalog(tenant, "cat");
    newNamespace(tenant, "cat", "sales");
    Namespace original = newNamespace(tenant, "cat", "sales.emea");

    assertThatExceptionOfType(AlreadyExistsException.class).isThrownBy(() -> store.createNamespace(
        new Namespace(tenant, "cat", NamespaceName.of("sales", "emea"), Map.of("x", "y"), Fixtures.now(),
            Fixtures.now(), 0)));

    assertThat(store.getNamespace(tenant, "cat", NamespaceName.of("sales", "emea"))).contains(original);
  }

  @Test
  void updateNamespace_persistsPropertiesAndTimestampsAsGivenAndBumpsVersion() {
    String tenant = newTenant();
    newCatalog(tenant, "cat");
    newNamespace(tenant, "cat", "sales");
    Namespace v1 = newNamespace(tenant, "cat", "sales.emea");
    Namespace change = new Namespace(tenant, "cat", v1.name(), Map.of("owner", "emea-team", "retention", "30d"),
        v1.createdAt().minusSeconds(60), v1.updatedAt().plusSeconds(60), 1);

    Namespace v2 = store.updateNamespace(change, 1);

    assertThat(v2).isEqualTo(change.withVersion(2));
    assertThat(store.getNamespace(tenant, "cat", v1.name())).contains(v2);
  }

  @Test
  void updateNamespace_withStaleVersion_failsAndChangesNothing() {
    String tenant = newTenant();
    newCatalog(tenant, "cat");
    Namespace v1 = newNamespace(tenant, "cat", "sales");
    Namespace v2 = store.updateNamespace(withProperties(v1, Map.of("a", "1")), 1);

    assertThatExceptionOfType(ConflictException.class)
        .isThrownBy(() -> store.updateNamespace(withProperties(v1, Map.of("b", "2")), 1));

    assertThat(store.getNamespace(tenant, "cat", v1.name())).contains(v2);
  }

  @Test
  void updateNamespace_whenMissing_failsWithoutCreatingIt() {
    String tenant = newTenant();
    newCatalog(tenant, "cat");

    assertThatThrownBy(() -> store.updateNamespace(Fixtures.namespace(tenant, "cat", NamespaceName.of("nope")), 1))
        .isInstanceOfAny(NotFoundException.class, ConflictException.class);

    assertThat(store.getNamespace(tenant, "cat", NamespaceName.of("nope"))).isEmpty();
  }

  @Test
  void deleteNamespace_removesItAndFreesTheName() {
    String tenant = newTenant();
    newCatalog(tenant, "cat");
    newNamespace(tenant, "cat", "sales");
    newNamespace(tenant, "cat", "sales.emea");

    store.deleteNamespace(tenant, "cat", NamespaceName.of("sales", "emea"));

    assertThat(store.getNamespace(tenant, "cat", NamespaceName.of("sales", "emea"))).isEmpty();
    assertThat(store.getNamespace(tenant, "cat", NamespaceName.of("sales"))).isPresent();
    assertThat(newNamespace(tenant, "cat", "sales.emea").version()).isEqualTo(1);
  }

  @Test
  void deleteNamespace_whenMissing_fails() {
    String tenant = newTenant();
    newCatalog(tenant, "cat");

    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> store.deleteNamespace(tenant, "cat", NamespaceName.of("nope")));
    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> store.deleteNamespace(tenant, "nope", NamespaceName.of("nope")));
  }

  @Test
  void catalogRoot_isNoNamespace_toGetOrDelete() {
    String tenant = newTenant();
    newCatalog(tenant, "cat");
    newNamespace(tenant, "cat", "sales");

    assertThat(store.getNamespace(tenant, "cat", NamespaceName.ROOT)).isEmpty();
    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> store.deleteNamespace(tenant, "cat", NamespaceName.ROOT));
    assertThat(store.getNamespace(tenant, "cat", NamespaceName.of("sales"))).isPresent();
  }

  @Test
  void deleteNamespace_withChildNamespace_isRefusedUntilTheChildIsDeleted() {
    String tenant = newTenant();
    newCatalog(tenant, "cat");
    Namespace parent = newNamespace(tenant, "cat", "sales");
    Namespace child = newNamespace(tenant, "cat", "sales.emea");

    assertThatExceptionOfType(ConflictException.class)
        .isThrownBy(() -> store.deleteNamespace(tenant, "cat", parent.name()));

    assertThat(store.getNamespace(tenant, "cat", parent.name())).contains(parent);
    assertThat(store.getNamespace(tenant, "cat", child.name())).contains(child);
    store.deleteNamespace(tenant, "cat", child.name());
    store.deleteNamespace(tenant, "cat", parent.name());
    assertThat(store.getNamespace(tenant, "cat", parent.name())).isEmpty();
  }

  @Test
  void deleteNamespace_withAssets_isRefusedUntilTheyAreDeleted() {
    Scope s = newScope();
    Namespace ns = store.getNamespace(s.tenant(), s.catalog(), s.namespace()).orElseThrow();
    Asset table = newAsset(s, "orders", AssetKind.ICEBERG_TABLE);
    Asset model = newAsset(s, "churn", AssetKind.ML_MODEL);

    assertThatExceptionOfType(ConflictException.class)
        .isThrownBy(() -> store.deleteNamespace(s.tenant(), s.catalog(), s.namespace()));

    assertThat(store.getNamespace(s.tenant(), s.catalog(), s.namespace())).contains(ns);
    assertThat(store.getAsset(s.tenant(), s.key("orders"))).contains(table);
    store.deleteAsset(s.tenant(), s.key("orders"));
    assertThatExceptionOfType(ConflictException.class)
        .isThrownBy(() -> store.deleteNamespace(s.tenant(), s.catalog(), s.namespace()));
    assertThat(store.getAsset(s.tenant(), s.key("churn"))).contains(model);
    store.deleteAsset(s.tenant(), s.key("churn"));
    store.deleteNamespace(s.tenant(), s.catalog(), s.namespace());
    assertThat(store.getNamespace(s.tenant(), s.catalog(), s.namespace())).isEmpty();
  }

  @Test
  void listNamespaces_whenCatalogOrParentMissing_isEmpty() {
    String tenant = newTenant();
    newCatalog(tenant, "cat");
    newNamespace(tenant, "cat", "sales");

    assertThat(store.listNamespaces(tenant, "nope", NamespaceName.ROOT, PageRequest.first()).items()).isEmpty();
    assertThat(store.listNamespaces(tenant, "cat", NamespaceName.of("nope"), PageRequest.first()).items())
        .isEmpty();
    assertThat(store.listNamespaces(tenant, "cat", NamespaceName.of("sales", "nope"), PageRequest.first())
        .nextToken()).isEmpty();
  }

  private static Namespace withProperties(Namespace n, Map<String, String> properties) {
    return new Namespace(n.tenant(), n.catalog(), n.name(), properties, n.createdAt(), n.updatedAt(), n.version());
  }
}
