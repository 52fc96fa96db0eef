package io.pangolin.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.api.AssetKey;
import io.pangolin.api.NamespaceName;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeysTest {
  private final Keys keys = new Keys("pangolin:cache");

  @Test
  void everyKey_includesTheTenantAsAHashTag_andNamesItsFamily() {
    List<CacheKey> all = List.of(keys.tenant("acme"), keys.warehouse("acme", "lake"), keys.catalog("acme", "prod"),
        keys.namespace("acme", "prod", NamespaceName.of("a", "b")),
        keys.namespaceListing("acme", "prod", NamespaceName.ROOT),
        keys.assetListing("acme", "prod", NamespaceName.of("a")),
        keys.asset("acme", new AssetKey("prod", NamespaceName.of("a", "b"), "orders")),
        keys.userPermissions("acme", "bob"));

    for (CacheKey k : all) {
      assertThat(k.id()).startsWith("pangolin:cache:{acme}:");
      assertThat(keys.familyOf(k.id())).contains(k.family());
    }
    assertThat(keys.asset("acme", new AssetKey("prod", NamespaceName.of("a", "b"), "orders")).id())
        .isEqualTo("pangolin:cache:{acme}:asset:prod:a.b:orders");
    assertThat(keys.userPermissions("acme", "bob").id()).isEqualTo("pangolin:cache:{acme}:permissions:user:bob");
    assertThat(keys.warehouse("acme", "lake").shared()).as("warehouses carry credentials: local only").isFalse();
    assertThat(all).map(CacheKey::id).doesNotHaveDuplicates();
  }

  @Test
  void names_areEscaped_soNoNameCanForgeAnotherKey() {
    CacheKey tricky = keys.asset("ac}:me", new AssetKey("p:r", NamespaceName.of("a"), "x#gen\nz"));

    assertThat(tricky.id()).isEqualTo("pangolin:cache:{ac%7D%3Ame}:asset:p%3Ar:a:x%23gen%0Az");
    assertThat(keys.tenant("a").id()).isNotEqualTo(keys.tenant("A").id());
    assertThat(Keys.escape("Grüße")).isEqualTo("Gr%C3%BC%C3%9Fe");
    assertThat(keys.familyOf("other:{x}:asset:y")).isEmpty();
  }
}
