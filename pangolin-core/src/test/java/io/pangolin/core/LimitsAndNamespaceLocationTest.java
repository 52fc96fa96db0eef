package io.pangolin.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NewAsset;
import io.pangolin.api.RequestContext;
import io.pangolin.api.ValidationException;
import io.pangolin.store.memory.MemoryMetadataStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The limits every API shares (property maps, request lists), names with {@code /}, and namespace locations: the
 * rules live here, in the engine, so the management API, the Iceberg API and embedders get the same answers.
 */
class LimitsAndNamespaceLocationTest {
  private static final Limits LIMITS = Limits.defaults().withMaxProperties(5).withMaxPropertyKeyLength(10)
      .withMaxPropertyValueLength(40).withMaxListSize(3);
  private final RequestContext acme = RequestContext.of("acme", "alice");
  private Pangolin pangolin;

  @BeforeEach
  void setUp() {
    pangolin = Pangolin.builder().store(new MemoryMetadataStore()).limits(LIMITS).build();
    pangolin.tenants().create(acme, "acme", Map.of());
    pangolin.warehouses().create(acme, "lake", "s3://bucket/lake/", Map.of());
    pangolin.catalogs().create(acme, "prod", "lake", Map.of());
    pangolin.namespaces().create(acme, "prod", NamespaceName.of("sales"), Map.of());
  }

  @AfterEach
  void tearDown() {
    pangolin.close();
  }

  private static Map<String, String> props(int n) {
    return IntStream.range(0, n).boxed().collect(Collectors.toMap(i -> "k" + i, i -> "v"));
  }

  private NewAsset table(String name, Map<String, String> props) {
    return new NewAsset(name, AssetKind.ICEBERG_TABLE, Optional.empty(), props, Optional.empty());
  }

  @Test
  void propertyBounds_areTheConfiguredOnes_onEveryKindOfObject() {
    NamespaceName sales = NamespaceName.of("sales");
    assertThatThrownBy(() -> pangolin.namespaces().create(acme, "prod", NamespaceName.of("n"), props(6)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("at most 5 properties");
    assertThatThrownBy(() -> pangolin.assets().create(acme, "prod", sales, table("t", props(6))))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> pangolin.catalogs().create(acme, "c2", "lake", Map.of("k", "v".repeat(41))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("longer than 40 characters");
    assertThatThrownBy(() -> pangolin.warehouses().create(acme, "w2", "s3://other/x", Map.of("k".repeat(11), "v")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("1-10 characters");
    assertThat(pangolin.namespaces().find(acme, "prod", NamespaceName.of("n"))).isEmpty();
    assertThat(pangolin.assets().find(acme, new AssetKey("prod", sales, "t"))).isEmpty();
    assertThat(pangolin.catalogs().find(acme, "c2")).isEmpty();
  }

  @Test
  void updates_cannotGrowAMapPastTheBound_andRemovalListsAreBounded() {
    NamespaceName sales = NamespaceName.of("sales");
    pangolin.namespaces().updateProperties(acme, "prod", sales, props(3), Set.of());
    Map<String, String> more = new HashMap<>();
    for (int i = 10; i < 13; i++) {
      more.put("k" + i, "v");
    }
    // 3 + 3 = 6 > 5, although each update alone is within the bound
    assertThatThrownBy(() -> pangolin.namespaces().updateProperties(acme, "prod", sales, more, Set.of()))
        .isInstanceOf(ValidationException.class).hasMessageContaining("at most 5 properties");
    assertThat(pangolin.namespaces().get(acme, "prod", sales).properties()).hasSize(3);
    // replacing keys and removing others keeps the count within the bound
    pangolin.namespaces().updateProperties(acme, "prod", sales, Map.of("k10", "v", "k11", "v"), Set.of("k0"));
    assertThat(pangolin.namespaces().get(acme, "prod", sales).properties()).hasSize(4);
    assertThatThrownBy(() -> pangolin.namespaces().updateProperties(acme, "prod", sales, Map.of(),
        Set.of("a", "b", "c", "d"))).isInstanceOf(ValidationException.class).hasMessageContaining("at most 3");

    var t = pangolin.assets().create(acme, "prod", sales, table("t", props(5)));
    assertThatThrownBy(() -> pangolin.assets().updateProperties(acme, new AssetKey("prod", sales, "t"),
        Map.of("x", "y"), Set.of())).isInstanceOf(ValidationException.class);
    assertThat(pangolin.assets().get(acme, new AssetKey("prod", sales, "t")).version()).isEqualTo(t.version());
  }

  @Test
  void staticChecks_applyTheLimitsTheyAreGiven() {
    Names.properties(props(1_000));
    assertThatThrownBy(() -> Names.properties(props(1_001))).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> Names.properties(props(6), LIMITS)).isInstanceOf(ValidationException.class);
    Names.list("updates", 3, LIMITS);
    assertThatThrownBy(() -> Names.list("updates", 4, LIMITS)).isInstanceOf(ValidationException.class)
        .hasMessage("updates: at most 3 entries are allowed, got 4");
    assertThatThrownBy(() -> Limits.defaults().withMaxListSize(0)).isInstanceOf(ValidationException.class);
  }

  @Test
  void namesWithSlash_areAccepted_andNeverAddPathSegmentsToLocations() {
    NamespaceName ns = NamespaceName.of("sales", "new/db");
    pangolin.namespaces().create(acme, "prod", ns, Map.of());
    var t = pangolin.assets().create(acme, "prod", ns, table("tab/le", Map.of()));
    assertThat(t.name()).isEqualTo("tab/le");
    assertThat(t.location()).matches("s3://bucket/lake/[0-9a-f]{4}/sales/new_db/tab_le-[0-9a-f-]{36}");
    assertThat(pangolin.assets().get(acme, new AssetKey("prod", ns, "tab/le")).id()).isEqualTo(t.id());
    assertThat(LocationPolicy.namespaceLocation("s3://bucket/lake", "prod", ns))
        .matches("s3://bucket/lake/[0-9a-f]{4}/sales/new_db");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/lead", "a\u0000b", "a\u001fb", "a\nb", "a.b", "a b", ".."})
  void hostileNamespaceLevels_areRefused(String level) {
    assertThatThrownBy(() -> pangolin.namespaces().create(acme, "prod", NamespaceName.of("sales", level), Map.of()))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> pangolin.namespaces().create(acme, "prod", NamespaceName.of("x".repeat(129)),
        Map.of())).isInstanceOf(ValidationException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/lead", "a\u0000b", "a\tb", "a/../b", "..", "a b"})
  void hostileAssetNames_areRefused(String name) {
    assertThatThrownBy(() -> pangolin.assets().create(acme, "prod", NamespaceName.of("sales"), table(name, Map.of())))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void namespaceLocation_setByTheUser_mustLieInsideTheRoot_isStoredCanonical_andHoldsNewAssets() {
    for (String outside : List.of("s3://bucket/lake", "s3://bucket/lake2/x", "s3://other/lake/x", "file:///etc",
        "https://example.com/x", "s3://bucket/lake/../x")) {
      assertThatThrownBy(() -> pangolin.namespaces().create(acme, "prod", NamespaceName.of("n"),
          Map.of("location", outside))).as(outside).isInstanceOf(ValidationException.class);
    }
    assertThat(pangolin.namespaces().find(acme, "prod", NamespaceName.of("n"))).isEmpty();

    NamespaceName n = NamespaceName.of("n");
    pangolin.namespaces().create(acme, "prod", n, Map.of("location", "S3://bucket/lake//custom/n/"));
    assertThat(pangolin.namespaces().get(acme, "prod", n).properties())
        .containsEntry("location", "s3://bucket/lake/custom/n");
    var t = pangolin.assets().create(acme, "prod", n, table("orders", Map.of()));
    assertThat(t.location()).matches("s3://bucket/lake/custom/n/orders-[0-9a-f-]{36}");
    assertThat(pangolin.assets().planLocation(acme, "prod", n, "other", Optional.empty()))
        .startsWith("s3://bucket/lake/custom/n/other-");

    assertThatThrownBy(() -> pangolin.namespaces().updateProperties(acme, "prod", n,
        Map.of("location", "s3://elsewhere/x"), Set.of())).isInstanceOf(ValidationException.class);
    pangolin.namespaces().updateProperties(acme, "prod", n, Map.of("location", "s3://BUCKET/lake/moved/"), Set.of());
    assertThat(pangolin.namespaces().get(acme, "prod", n).properties())
        .containsEntry("location", "s3://bucket/lake/moved");
    // without a location of its own, a namespace's assets follow the hash-prefixed policy
    pangolin.namespaces().updateProperties(acme, "prod", n, Map.of(), Set.of("location"));
    assertThat(pangolin.assets().create(acme, "prod", n, table("x", Map.of())).location())
        .matches("s3://bucket/lake/[0-9a-f]{4}/n/x-[0-9a-f-]{36}");
  }
}
