package io.pangolin.spi.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.ConflictException;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Tenant;
import io.pangolin.api.User;
import io.pangolin.spi.AssetUpdate;
import io.pangolin.spi.MetadataStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Concurrent writers: compare-and-swap loses no update, one of several equal creates wins, and parent checks are
 * atomic with the insert.
 */
abstract class ConcurrencyTests extends StoreTests {
  private static final int THREADS = 8;
  private static final int INCREMENTS_PER_THREAD = 50;
  private static final int RACE_ROUNDS = 25;
  private static final String COUNTER = "counter";

  ConcurrencyTests(MetadataStore store) {
    super(store);
  }

  private static int counter(Asset a) {
    return Integer.parseInt(a.properties().get(COUNTER));
  }

  private static Asset incremented(Asset a) {
    return Fixtures.withProperties(a, Map.of(COUNTER, Integer.toString(counter(a) + 1)));
  }

  @Test
  void updateAsset_withConcurrentReadModifyWriteRetries_losesNoIncrement() {
    Scope s = newScope();
    store.createAsset(Fixtures.withProperties(
        Fixtures.asset(s.tenant(), s.catalog(), s.namespace(), "c", AssetKind.ICEBERG_TABLE), Map.of(COUNTER, "0")));

    List<Outcome<Integer>> outcomes = concurrently(THREADS, i -> {
      int conflicts = 0;
      for (int n = 0; n < INCREMENTS_PER_THREAD; n++) {
        while (true) {
          Asset current = store.getAsset(s.tenant(), s.key("c")).orElseThrow();
          try {
            store.updateAsset(incremented(current), current.version());
            break;
          } catch (ConflictException e) {
            conflicts++;
          }
        }
      }
      return conflicts;
    });

    assertThat(outcomes).allMatch(Outcome::succeeded, "no thread failed");
    Asset last = store.getAsset(s.tenant(), s.key("c")).orElseThrow();
    int total = THREADS * INCREMENTS_PER_THREAD;
    assertThat(counter(last)).isEqualTo(total);
    assertThat(last.version()).isEqualTo(1L + total);
  }

  @Test
  void updateAssets_withConcurrentMultiAssetCommits_losesNoIncrementAndKeepsAssetsInStep() {
    Scope s = newScope();
    for (String name : List.of("x", "y")) {
      store.createAsset(Fixtures.withProperties(
          Fixtures.asset(s.tenant(), s.catalog(), s.namespace(), name, AssetKind.ICEBERG_TABLE), Map.of(COUNTER, "0")));
    }

    List<Outcome<Void>> outcomes = concurrently(THREADS, i -> {
      for (int n = 0; n < INCREMENTS_PER_THREAD; n++) {
        while (true) {
          Asset x = store.getAsset(s.tenant(), s.key("x")).orElseThrow();
          Asset y = store.getAsset(s.tenant(), s.key("y")).orElseThrow();
          try {
            store.updateAssets(s.tenant(),
                List.of(new AssetUpdate(incremented(x), x.version()), new AssetUpdate(incremented(y), y.version())));
            break;
          } catch (ConflictException e) {
            // another commit won; read again
          }
        }
      }
      return null;
    });

    assertThat(outcomes).allMatch(Outcome::succeeded, "no thread failed");
    int total = THREADS * INCREMENTS_PER_THREAD;
    for (String name : List.of("x", "y")) {
      Asset a = store.getAsset(s.tenant(), s.key(name)).orElseThrow();
      assertThat(counter(a)).as(name).isEqualTo(total);
      assertThat(a.version()).as(name).isEqualTo(1L + total);
    }
  }

  @Test
  void createTenant_concurrentlyWithTheSameName_exactlyOneWins() {
    String name = Fixtures.uniqueName("t");

    List<Outcome<Tenant>> outcomes = concurrently(THREADS, i -> store.createTenant(
        new Tenant(name, Map.of("writer", Integer.toString(i)), Fixtures.now(), Fixtures.now(), 0)));

    List<Tenant> winners = outcomes.stream().filter(Outcome::succeeded).map(Outcome::value).toList();
    assertThat(winners).hasSize(1);
    assertThat(outcomes).filteredOn(o -> !o.succeeded()).hasSize(THREADS - 1)
        .allMatch(o -> o.failure() instanceof AlreadyExistsException, "failed with AlreadyExistsException");
    assertThat(store.getTenant(name)).contains(winners.get(0));
  }

  @Test
  void createAsset_concurrentlyWithTheSameNameAndDifferentKinds_exactlyOneWins() {
    Scope s = newScope();
    AssetKind[] kinds = AssetKind.values();

    List<Outcome<Asset>> outcomes = concurrently(THREADS, i -> store.createAsset(
        Fixtures.asset(s.tenant(), s.catalog(), s.namespace(), "same", kinds[i % kinds.length])));

    List<Asset> winners = outcomes.stream().filter(Outcome::succeeded).map(Outcome::value).toList();
    assertThat(winners).hasSize(1);
    assertThat(outcomes).filteredOn(o -> !o.succeeded()).hasSize(THREADS - 1)
        .allMatch(o -> o.failure() instanceof AlreadyExistsException, "failed with AlreadyExistsException");
    assertThat(store.getAsset(s.tenant(), s.key("same"))).contains(winners.get(0));
    assertThat(store.countAssets(s.tenant(), s.catalog(), s.namespace())).isEqualTo(1);
  }

  @Test
  void createAsset_racingDeleteOfItsNamespace_neverLeavesAnOrphan() {
    Scope s = newScope();
    for (int round = 0; round < RACE_ROUNDS; round++) {
      NamespaceName ns = NamespaceName.of("race" + round);
      newNamespace(s.tenant(), s.catalog(), ns);
      AssetKey key = new AssetKey(s.catalog(), ns, "x");

      List<Outcome<Object>> outcomes = concurrently(2, i -> {
        if (i == 0) {
          store.deleteNamespace(s.tenant(), s.catalog(), ns);
        } else {
          store.createAsset(Fixtures.asset(s.tenant(), s.catalog(), ns, "x", AssetKind.ICEBERG_TABLE));
        }
        return null;
      });

      boolean namespaceExists = store.getNamespace(s.tenant(), s.catalog(), ns).isPresent();
      if (store.getAsset(s.tenant(), key).isPresent()) {
        assertThat(namespaceExists).as("round %d: the asset's namespace exists", round).isTrue();
        assertThat(outcomes.get(0).failure()).as("round %d: delete", round).isInstanceOf(ConflictException.class);
      } else {
        assertThat(namespaceExists).as("round %d: namespace deleted", round).isFalse();
        assertThat(outcomes.get(1).failure()).as("round %d: create", round).isInstanceOf(NotFoundException.class);
      }
    }
  }

  @Test
  void createUser_racingDeleteOfItsTenant_neverLeavesAnOrphan() {
    for (int round = 0; round < RACE_ROUNDS; round++) {
      String tenant = newTenant();

      List<Outcome<Object>> outcomes = concurrently(2, i -> i == 0
          ? deleteTenant(tenant)
          : store.createUser(Fixtures.user(tenant, "bob")));

      boolean tenantExists = store.getTenant(tenant).isPresent();
      User user = store.getUser(tenant, "bob").orElse(null);
      if (user != null) {
        assertThat(tenantExists).as("round %d: the user's tenant exists", round).isTrue();
        assertThat(outcomes.get(0).failure()).as("round %d: delete", round).isInstanceOf(ConflictException.class);
      } else {
        assertThat(tenantExists).as("round %d: tenant deleted", round).isFalse();
        assertThat(outcomes.get(1).failure()).as("round %d: create", round).isInstanceOf(NotFoundException.class);
      }
    }
  }

  private Object deleteTenant(String tenant) {
    store.deleteTenant(tenant);
    return tenant;
  }
}
