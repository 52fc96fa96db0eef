package io.pangolin.spi.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKind;
import io.pangolin.api.AssetQuery;
import io.pangolin.spi.MetadataStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Paging through more than ten thousand items. The namespace is filled once for all tests of this class. */
@TestInstance(Lifecycle.PER_CLASS)
abstract class LargeListingTests extends StoreTests {
  static final int COUNT = 10_001;

  private Scope scope;
  private List<String> names;

  LargeListingTests(MetadataStore store) {
    super(store);
  }

  @BeforeAll
  void fillOneNamespace() {
    scope = newScope();
    names = new ArrayList<>(COUNT);
    for (int i = 0; i < COUNT; i++) {
      names.add(String.format("asset%05d", i));
    }
    for (String name : shuffled(names)) {
      store.createAsset(Fixtures.asset(scope.tenant(), scope.catalog(), scope.namespace(), name,
          AssetKind.ICEBERG_TABLE));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1000, 333})
  void listAssets_ofMoreThanTenThousand_pagesCompletelyInNameOrder(int size) {
    List<Asset> all = drain(
        p -> store.listAssets(scope.tenant(), scope.catalog(), scope.namespace(), Optional.empty(), p), size);

    assertThat(all).extracting(Asset::name).containsExactlyElementsOf(names);
  }

  @ParameterizedTest
  @ValueSource(ints = {1000, 333})
  void searchAssets_ofMoreThanTenThousand_pagesCompletelyInOrder(int size) {
    List<Asset> all = drain(p -> store.searchAssets(scope.tenant(), AssetQuery.ALL, p), size);

    assertThat(all).extracting(Asset::name).containsExactlyElementsOf(names);
  }

  @Test
  void countAssets_ofMoreThanTenThousand_isExact() {
    assertThat(store.countAssets(scope.tenant(), scope.catalog())).isEqualTo(COUNT);
    assertThat(store.countAssets(scope.tenant(), scope.catalog(), scope.namespace())).isEqualTo(COUNT);
  }
}
