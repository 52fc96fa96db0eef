package io.pangolin.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.ConflictException;
import io.pangolin.api.MetadataCommit;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NewAsset;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.PageRequest;
import io.pangolin.api.RequestContext;
import io.pangolin.api.ValidationException;
import io.pangolin.spi.MetadataStore;
import io.pangolin.store.memory.MemoryMetadataStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Storage belongs to one tenant: each test reproduces one way tenant B ("globex") tried to reach tenant A's ("acme")
 * storage, through the engine over a real (in-memory) store.
 */
class StorageIsolationTest {
  private static final String A_ROOT = "s3://shared-bucket/acme";
  private final RequestContext acme = RequestContext.of("acme", "alice");
  private final RequestContext globex = RequestContext.of("globex", "mallory");
  private MemoryMetadataStore store;
  private Pangolin pangolin;

  @BeforeEach
  void setUp() {
    store = new MemoryMetadataStore();
    pangolin = Pangolin.builder().store(store).localStorageRoots(List.of(Path.of("/srv/lakes"))).build();
    pangolin.tenants().create(acme, "acme", Map.of());
    pangolin.tenants().create(globex, "globex", Map.of());
    pangolin.warehouses().create(acme, "lake", A_ROOT, Map.of());
    pangolin.catalogs().create(acme, "prod", "lake", Map.of());
    pangolin.warehouses().create(globex, "lake", "s3://shared-bucket/globex", Map.of());
    pangolin.catalogs().create(globex, "prod", "lake", Map.of());
    pangolin.namespaces().create(globex, "prod", NamespaceName.of("sales"), Map.of());
  }

  @AfterEach
  void tearDown() {
    pangolin.close();
  }

  private List<String> globexWarehouses() {
    return pangolin.warehouses().list(globex, PageRequest.first()).items().stream().map(w -> w.name()).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3://shared-bucket/acme", "s3://shared-bucket/acme/", "S3://shared-bucket/acme",
      "s3://SHARED-BUCKET/acme", "s3://shared-bucket//acme", "s3://shared-bucket/%61cme", "s3a://shared-bucket/acme",
      "s3://shared-bucket/acme/inside", "s3://shared-bucket/acme//x/y/", "s3://shared-bucket", "s3://shared-bucket/"})
  void createWarehouse_atInsideOrContainingAnotherTenantsRoot_isRefused(String root) {
    assertThatThrownBy(() -> pangolin.warehouses().create(globex, "steal", root, Map.of()))
        .isInstanceOf(ConflictException.class)
        .satisfies(e -> {
          // the caller's own input may be quoted back; the other warehouse, its tenant and its root never are
          assertThat(e.getMessage()).doesNotContain("tenant").doesNotContain("'lake'");
          if (!Locations.canonical("root", root).contains("acme")) {
            assertThat(e.getMessage()).doesNotContain("acme");
          }
        });
    assertThat(globexWarehouses()).containsExactly("lake");
  }

  @Test
  void createWarehouse_besideAnotherRootWithCommonPrefix_isAccepted() {
    assertThat(pangolin.warehouses().create(globex, "w2", "s3://shared-bucket/acme2", Map.of()).storageRoot())
        .isEqualTo("s3://shared-bucket/acme2");
  }

  @Test
  void updateWarehouse_intoAnotherTenantsRoot_isRefused_andNothingChanges() {
    assertThatThrownBy(() -> pangolin.warehouses().update(globex, "lake", Optional.of(A_ROOT + "/x"), Map.of(),
        Set.of())).isInstanceOf(ConflictException.class);
    assertThat(pangolin.warehouses().get(globex, "lake").storageRoot()).isEqualTo("s3://shared-bucket/globex");
  }

  @Test
  void updateWarehouse_movesItsClaim_soTheOldRootBecomesFree() {
    pangolin.warehouses().update(globex, "lake", Optional.of("s3://other-bucket/globex"), Map.of(), Set.of());
    assertThat(pangolin.warehouses().create(acme, "second", "s3://shared-bucket/globex", Map.of()).storageRoot())
        .isEqualTo("s3://shared-bucket/globex");
  }

  @Test
  void updateWarehouse_toAnotherSpellingOfItsOwnRoot_keepsItsClaim() {
    pangolin.warehouses().update(globex, "lake", Optional.of("s3a://shared-bucket/globex/"), Map.of(), Set.of());
    assertThat(pangolin.warehouses().get(globex, "lake").storageRoot()).isEqualTo("s3a://shared-bucket/globex");
    assertThat(store.storageRootsOverlapping("s3://shared-bucket/globex")).hasSize(1);
    assertThatThrownBy(() -> pangolin.warehouses().create(acme, "again", "s3://shared-bucket/globex", Map.of()))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void deleteWarehouse_releasesItsRoot() {
    pangolin.warehouses().create(globex, "tmp", "s3://b3/tmp", Map.of());
    pangolin.warehouses().delete(globex, "tmp");
    pangolin.warehouses().create(acme, "tmp", "s3://b3/tmp", Map.of());
    assertThat(pangolin.warehouses().get(acme, "tmp").storageRoot()).isEqualTo("s3://b3/tmp");
  }

  @Test
  void failedCreate_releasesItsClaim() {
    assertThatThrownBy(() -> pangolin.warehouses().create(globex, "lake", "s3://b4/x", Map.of()))
        .isInstanceOf(io.pangolin.api.AlreadyExistsException.class);
    assertThat(store.storageRootsOverlapping("s3://b4/x")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"file:///etc", "file:/etc/passwd", "http://169.254.169.254/", "https://x/y", "gopher://x",
      "ftp://h/x", "jar:file:/x!/", "file:///srv/lakes/../etc", "file:///srv/lakes2/x",
      "file:///srv/lakes", "file:/srv/lakes/", "file:///srv"})
  void createWarehouse_withForbiddenStorage_isRefused(String root) {
    assertThatThrownBy(() -> pangolin.warehouses().create(globex, "bad", root, Map.of()))
        .isInstanceOf(ValidationException.class);
    assertThat(globexWarehouses()).containsExactly("lake");
  }

  @Test
  void createWarehouse_underALocalRoot_isAccepted_inCanonicalForm() {
    assertThat(pangolin.warehouses().create(globex, "local", "file:/srv/lakes/globex/", Map.of()).storageRoot())
        .isEqualTo("file:///srv/lakes/globex");
    assertThatThrownBy(() -> pangolin.warehouses().create(acme, "local", "file://localhost/srv/lakes/globex/x",
        Map.of())).isInstanceOf(ConflictException.class);
  }

  @Test
  void withoutLocalRoots_fileStorageIsRefused() {
    try (Pangolin p = Pangolin.builder().store(new MemoryMetadataStore()).build()) {
      p.tenants().create(acme, "acme", Map.of());
      assertThatThrownBy(() -> p.warehouses().create(acme, "w", "file:///tmp/w", Map.of()))
          .isInstanceOf(ValidationException.class).hasMessageContaining("local storage root");
    }
  }

  private NewAsset table(String name, Optional<String> location, Optional<String> metadataLocation) {
    return new NewAsset(name, AssetKind.ICEBERG_TABLE, location, Map.of(), metadataLocation);
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3://shared-bucket/acme/t/metadata/v1.metadata.json",
      "s3://shared-bucket/globex/../acme/t/v1.metadata.json", "S3://shared-bucket/acme/t/v1.metadata.json",
      "file:///etc/passwd", "http://169.254.169.254/latest/meta-data"})
  void createAsset_withMetadataLocationOutsideOwnRoot_isRefused(String metadataLocation) {
    assertThatThrownBy(() -> pangolin.assets().create(globex, "prod", NamespaceName.of("sales"),
        table("t", Optional.empty(), Optional.of(metadataLocation)))).isInstanceOf(ValidationException.class);
    assertThat(pangolin.assets().exists(globex, new AssetKey("prod", NamespaceName.of("sales"), "t"))).isFalse();
  }

  @Test
  void createAsset_withLocationInsideAnotherTenantsTable_isRefused() {
    pangolin.namespaces().create(acme, "prod", NamespaceName.of("sales"), Map.of());
    String aTable = pangolin.assets().create(acme, "prod", NamespaceName.of("sales"),
        table("orders", Optional.empty(), Optional.empty())).location();
    assertThatThrownBy(() -> pangolin.assets().create(globex, "prod", NamespaceName.of("sales"),
        table("t", Optional.of(aTable + "/data"), Optional.empty()))).isInstanceOf(ValidationException.class);
  }

  @Test
  void commitMetadata_toAnotherTenantsFile_isRefused_singleAndMulti() {
    AssetKey key = new AssetKey("prod", NamespaceName.of("sales"), "t");
    var t = pangolin.assets().create(globex, "prod", NamespaceName.of("sales"),
        table("t", Optional.empty(), Optional.of("s3://shared-bucket/globex/t/v1.metadata.json")));
    String foreign = A_ROOT + "/t/v9.metadata.json";
    assertThatThrownBy(() -> pangolin.assets().commitMetadata(globex, key, t.version(), foreign))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> pangolin.assets().commitMetadata(globex, List.of(new MetadataCommit(key, t.version(),
        foreign)))).isInstanceOf(ValidationException.class);
    assertThat(pangolin.assets().get(globex, key).metadataLocation())
        .contains("s3://shared-bucket/globex/t/v1.metadata.json");
  }

  @Test
  void storedLocations_areCanonical() {
    var a = pangolin.assets().create(globex, "prod", NamespaceName.of("sales"),
        table("t", Optional.of("S3://shared-bucket/globex//t/"),
            Optional.of("s3://shared-bucket/globex/t/metadata/v%31.metadata.json")));
    assertThat(a.location()).isEqualTo("s3://shared-bucket/globex/t");
    assertThat(a.metadataLocation()).contains("s3://shared-bucket/globex/t/metadata/v1.metadata.json");
  }

  @Test
  void fileMetadataLocations_areStoredAsWritten_whenThatNamesTheSameFile() {
    pangolin.warehouses().create(globex, "local", "file:///srv/lakes/globex", Map.of());
    pangolin.catalogs().create(globex, "files", "local", Map.of());
    AssetKey key = new AssetKey("files", NamespaceName.of("sales"), "t");
    pangolin.namespaces().create(globex, "files", NamespaceName.of("sales"), Map.of());
    // the spelling a client wrote (Iceberg's own clients write file:/x) comes back, checked in canonical form
    var t = pangolin.assets().create(globex, "files", NamespaceName.of("sales"),
        table("t", Optional.of("file:/srv/lakes/globex/t"), Optional.of("file:/srv/lakes/globex/t/m/v1.json")));
    assertThat(t.location()).isEqualTo("file:///srv/lakes/globex/t");
    assertThat(t.metadataLocation()).contains("file:/srv/lakes/globex/t/m/v1.json");
    var c = pangolin.assets().commitMetadata(globex, key, t.version(), "file://localhost/srv/lakes/globex//t/v2.json");
    assertThat(c.metadataLocation()).contains("file://localhost/srv/lakes/globex//t/v2.json");
    pangolin.assets().commitMetadata(globex, List.of(new MetadataCommit(key, c.version(),
        "file:/srv/lakes/globex/t/v%33.json")));
    assertThat(pangolin.assets().get(globex, key).metadataLocation())
        .contains("file:///srv/lakes/globex/t/v3.json"); // escapes: only the canonical form names one file
    assertThatThrownBy(() -> pangolin.assets().commitMetadata(globex, key, c.version() + 1,
        "file:/srv/lakes/globex2/t/v4.json")).isInstanceOf(ValidationException.class);
  }

  @Test
  void concurrentOverlappingCreates_leaveAtMostOneWarehouse() throws Exception {
    List<String> roots = List.of("s3://race/x", "s3://race/x/y", "s3://race", "s3://race/x/");
    var pool = java.util.concurrent.Executors.newFixedThreadPool(roots.size());
    try {
      var start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<Boolean>> fs = new java.util.ArrayList<>();
      for (int i = 0; i < roots.size(); i++) {
        int n = i;
        RequestContext ctx = n % 2 == 0 ? acme : globex;
        fs.add(pool.submit(() -> {
          start.await();
          try {
            pangolin.warehouses().create(ctx, "race" + n, roots.get(n), Map.of());
            return true;
          } catch (ConflictException e) {
            return false;
          }
        }));
      }
      start.countDown();
      int created = 0;
      for (var f : fs) {
        created += f.get() ? 1 : 0;
      }
      assertThat(created).isLessThanOrEqualTo(1);
      assertThat(store.storageRootsOverlapping("s3://race")).hasSize(created);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void storeWithoutRegistry_fallsBackToScanningEveryTenant() {
    MetadataStore plain = new io.pangolin.spi.ForwardingMetadataStore() {
      @Override
      protected MetadataStore delegate() {
        return store2;
      }

      @Override
      public boolean supportsStorageRoots() {
        return false;
      }
    };
    try (Pangolin p = Pangolin.builder().store(plain).build()) {
      p.tenants().create(acme, "acme", Map.of());
      p.tenants().create(globex, "globex", Map.of());
      p.warehouses().create(acme, "lake", A_ROOT, Map.of());
      assertThatThrownBy(() -> p.warehouses().create(globex, "lake", A_ROOT + "/in", Map.of()))
          .isInstanceOf(ConflictException.class);
      assertThatThrownBy(() -> p.warehouses().get(globex, "lake")).isInstanceOf(NotFoundException.class);
    }
  }

  private final MemoryMetadataStore store2 = new MemoryMetadataStore();
}
