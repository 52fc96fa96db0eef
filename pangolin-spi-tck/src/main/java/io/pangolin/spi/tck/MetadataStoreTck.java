package io.pangolin.spi.tck;

import io.pangolin.spi.MetadataStore;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * The store test kit: the whole {@link MetadataStore} contract as JUnit 5 tests, one {@link Nested} group per area.
 * A store passes it from a one-line subclass in its test sources:
 *
 * <pre>{@code
 * class MemoryStoreTckTest extends MetadataStoreTck {
 *   @Override
 *   protected MetadataStore newStore() {
 *     return new MemoryMetadataStore();
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #newStore()} is called once per test class and the store is closed after its last test. Every test
 * works in tenants of its own with random names, so the store need not be empty and is never cleaned: a store backed
 * by a database may point every run at the same database. The tests run one at a time; only
 * {@link MetadataStore#countCatalogs()} and the catalog quota of {@code createCatalog(Catalog, long)}, which count
 * across tenants, assume that nobody else creates or deletes catalogs in that database during a test.
 */
@TestInstance(Lifecycle.PER_CLASS)
public abstract class MetadataStoreTck {
  private MetadataStore storeUnderTest;

  /** Opens the store under test; called once, before the first test. The kit closes it. */
  protected abstract MetadataStore newStore();

  @BeforeAll
  protected final void openStore() {
    storeUnderTest = Objects.requireNonNull(newStore(), "newStore() returned null");
  }

  @AfterAll
  protected final void closeStore() {
    if (storeUnderTest != null) {
      storeUnderTest.close();
    }
  }

  @Nested
  class Tenants extends TenantTests {
    Tenants() {
      super(storeUnderTest);
    }
  }

  @Nested
  class Warehouses extends WarehouseTests {
    Warehouses() {
      super(storeUnderTest);
    }
  }

  @Nested
  class Catalogs extends CatalogTests {
    Catalogs() {
      super(storeUnderTest);
    }
  }

  @Nested
  class Namespaces extends NamespaceTests {
    Namespaces() {
      super(storeUnderTest);
    }
  }

  @Nested
  class Assets extends AssetTests {
    Assets() {
      super(storeUnderTest);
    }
  }

  @Nested
  class MultiAssetCommits extends MultiAssetCommitTests {
    MultiAssetCommits() {
      super(storeUnderTest);
    }
  }

  @Nested
  class Renames extends RenameTests {
    Renames() {
      super(storeUnderTest);
    }
  }

  @Nested
  class Users extends UserTests {
    Users() {
      super(storeUnderTest);
    }
  }

  @Nested
  class Principals extends PrincipalTests {
    Principals() {
      super(storeUnderTest);
    }
  }

  @Nested
  class Grants extends GrantTests {
    Grants() {
      super(storeUnderTest);
    }
  }

  @Nested
  class Audit extends AuditTests {
    Audit() {
      super(storeUnderTest);
    }
  }

  @Nested
  class Paging extends PagingTests {
    Paging() {
      super(storeUnderTest);
    }
  }

  @Nested
  class LargeListings extends LargeListingTests {
    LargeListings() {
      super(storeUnderTest);
    }
  }

  @Nested
  class Search extends SearchTests {
    Search() {
      super(storeUnderTest);
    }
  }

  @Nested
  class Counts extends CountTests {
    Counts() {
      super(storeUnderTest);
    }
  }

  @Nested
  class Concurrency extends ConcurrencyTests {
    Concurrency() {
      super(storeUnderTest);
    }
  }

  @Nested
  class Quotas extends QuotaTests {
    Quotas() {
      super(storeUnderTest);
    }
  }

  @Nested
  class TenantIsolation extends TenantIsolationTests {
    TenantIsolation() {
      super(storeUnderTest);
    }
  }

  @Nested
  class Restore extends RestoreTests {
    Restore() {
      super(storeUnderTest);
    }
  }

  @Nested
  class StorageRoots extends StorageRootTests {
    StorageRoots() {
      super(storeUnderTest);
    }
  }

  @Nested
  class Placements extends PlacementTests {
    Placements() {
      super(storeUnderTest);
    }
  }

  @Nested
  class Leases extends LeaseTests {
    Leases() {
      super(storeUnderTest);
    }
  }

  @Nested
  class Health extends HealthTests {
    Health() {
      super(storeUnderTest);
    }
  }
}
