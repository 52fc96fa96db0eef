package io.pangolin.spi.tck;

import static io.pangolin.spi.tck.Fixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.ConflictException;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.PlacementRecord;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Placements (control plane): create / get / list / compare-and-swap update / delete. A placement needs no tenant
 * row. Every record here is on the {@code shared} tier or counts no catalogs, so a placement tenancy strategy under
 * test routes and counts exactly as without them.
 */
abstract class PlacementTests extends StoreTests {
  private static final PlacementRecord.Place SHARED = new PlacementRecord.Place("shared", "");

  PlacementTests(MetadataStore store) {
    super(store);
  }

  private static PlacementRecord shared(String tenant) {
    return new PlacementRecord(tenant, SHARED, 0, Optional.empty(), Optional.empty(), Fixtures.now(),
        Fixtures.now(), 0);
  }

  @Test
  void createPlacement_returnsVersionOneAndRoundTripsAllFields() {
    String tenant = uniqueName("p");
    PlacementRecord given = new PlacementRecord(tenant, SHARED, 3,
        Optional.of(new PlacementRecord.Move(new PlacementRecord.Place("dedicated", "srv/pangolin_t_x"),
            PlacementRecord.MoveState.SWITCHING, "move-1", Fixtures.now().minus(2, ChronoUnit.MINUTES))),
        Optional.of(new PlacementRecord.Cleanup(new PlacementRecord.Place("hybrid", "pangolin_t_y"), "digest-1")),
        Fixtures.now().minus(1, ChronoUnit.DAYS), Fixtures.now(), 9);

    PlacementRecord created = store.createPlacement(given);

    assertThat(created).isEqualTo(given.withVersion(1));
    assertThat(store.getPlacement(tenant)).contains(created);
    assertThat(store.getTenant(tenant)).as("a placement is no tenant").isEmpty();
  }

  @Test
  void createPlacement_twice_isRefusedAndKeepsTheFirst() {
    PlacementRecord first = store.createPlacement(shared(uniqueName("p")));

    assertThatExceptionOfType(AlreadyExistsException.class).isThrownBy(() -> store.createPlacement(
        new PlacementRecord(first.tenant(), new PlacementRecord.Place("hybrid", "other"), 0, Optional.empty(),
            Optional.empty(), Fixtures.now(), Fixtures.now(), 0)));

    assertThat(store.getPlacement(first.tenant())).contains(first);
  }

  @Test
  void getPlacement_ofUnknownTenant_isEmpty() {
    assertThat(store.getPlacement(uniqueName("p"))).isEmpty();
  }

  @Test
  void updatePlacement_withCurrentVersion_replacesEveryFieldAndBumpsTheVersion() {
    PlacementRecord created = store.createPlacement(shared(uniqueName("p")));
    PlacementRecord moving = new PlacementRecord(created.tenant(), SHARED, 0,
        Optional.of(new PlacementRecord.Move(new PlacementRecord.Place("hybrid", "pangolin_t_z"),
            PlacementRecord.MoveState.COPYING, "move-2", Fixtures.now())),
        Optional.empty(), created.createdAt(), Fixtures.now().plusSeconds(1), 1);

    PlacementRecord updated = store.updatePlacement(moving, 1);

    assertThat(updated).isEqualTo(moving.withVersion(2));
    PlacementRecord cleared = new PlacementRecord(created.tenant(), SHARED, 0, Optional.empty(),
        Optional.of(new PlacementRecord.Cleanup(new PlacementRecord.Place("hybrid", "pangolin_t_z"), "d")),
        Fixtures.now(), Fixtures.now(), 2);
    assertThat(store.updatePlacement(cleared, 2)).isEqualTo(cleared.withVersion(3));
    assertThat(store.getPlacement(created.tenant())).contains(cleared.withVersion(3));
  }

  @Test
  void updatePlacement_withStaleVersion_conflictsAndChangesNothing() {
    PlacementRecord created = store.createPlacement(shared(uniqueName("p")));
    PlacementRecord v2 = store.updatePlacement(created, 1);

    assertThatExceptionOfType(ConflictException.class).isThrownBy(() -> store.updatePlacement(
        new PlacementRecord(created.tenant(), new PlacementRecord.Place("hybrid", "x"), 0, Optional.empty(),
            Optional.empty(), created.createdAt(), Fixtures.now(), 1), 1));

    assertThat(store.getPlacement(created.tenant())).contains(v2);
  }

  @Test
  void concurrentUpdates_ofOneVersion_exactlyOneWins() {
    PlacementRecord created = store.createPlacement(shared(uniqueName("p")));

    List<Outcome<PlacementRecord>> outcomes = concurrently(6, i -> store.updatePlacement(
        new PlacementRecord(created.tenant(), SHARED, i, Optional.empty(), Optional.empty(), created.createdAt(),
            Fixtures.now(), 1), 1));

    assertThat(outcomes.stream().filter(Outcome::succeeded).count()).isEqualTo(1);
    assertThat(outcomes.stream().filter(o -> !o.succeeded()))
        .allMatch(o -> o.failure() instanceof ConflictException);
    assertThat(store.getPlacement(created.tenant()).orElseThrow().version()).isEqualTo(2);
  }

  @Test
  void updateAndDelete_ofUnknownPlacement_areNotFound() {
    String tenant = uniqueName("p");

    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> store.updatePlacement(shared(tenant), 1));
    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> store.deletePlacement(tenant));
    assertThat(store.getPlacement(tenant)).isEmpty();
  }

  @Test
  void deletePlacement_removesIt_andTheTenantMayBePlacedAgain() {
    PlacementRecord created = store.createPlacement(shared(uniqueName("p")));

    store.deletePlacement(created.tenant());

    assertThat(store.getPlacement(created.tenant())).isEmpty();
    assertThat(store.createPlacement(shared(created.tenant())).version()).isEqualTo(1);
  }

  @Test
  void listPlacements_isOrderedByTenant_onEveryPageSize() {
    String prefix = uniqueName("pl") + "-";
    List<String> mine = List.of(prefix + "a", prefix + "b", prefix + "c", prefix + "d", prefix + "e");
    for (String t : List.of(mine.get(3), mine.get(0), mine.get(4), mine.get(2), mine.get(1))) {
      store.createPlacement(shared(t));
    }

    for (int size : List.of(1, 2, PageRequest.MAX_SIZE)) {
      List<String> listed = new ArrayList<>();
      Optional<String> token = Optional.empty();
      do {
        Page<PlacementRecord> page = store.listPlacements(new PageRequest(token, size));
        assertThat(page.items()).hasSizeLessThanOrEqualTo(size);
        page.items().forEach(p -> listed.add(p.tenant()));
        token = page.nextToken();
      } while (token.isPresent());
      assertThat(listed).as("page size " + size).isSorted().doesNotHaveDuplicates()
          .containsSubsequence(mine);
      assertThat(listed.stream().filter(t -> t.startsWith(prefix))).containsExactlyElementsOf(mine);
    }
  }
}
