package io.pangolin.spi.tck;

import static io.pangolin.spi.tck.Fixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.ConflictException;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.Principal;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.PrincipalRecord;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Principals (control plane): create / get / by name / list / compare-and-swap update / delete, uniqueness. */
abstract class PrincipalTests extends StoreTests {
  PrincipalTests(MetadataStore store) {
    super(store);
  }

  private static PrincipalRecord service(String tenant, String name) {
    return new PrincipalRecord(uniqueName("client"), Optional.of(tenant), name, Principal.Kind.SERVICE,
        "$2a$10$hash-of-" + name, Set.of("tenant-user"), true, Optional.empty(), Fixtures.now(), Fixtures.now(), 0);
  }

  @Test
  void createPrincipal_returnsVersionOneAndRoundTripsAllFields() {
    String tenant = newTenant();
    PrincipalRecord given = new PrincipalRecord(uniqueName("client"), Optional.of(tenant), "etl",
        Principal.Kind.SERVICE, "$2a$10$abc", Set.of("tenant-admin", "tenant-user"), false,
        Optional.of(Fixtures.now().plus(3, ChronoUnit.DAYS)), Fixtures.now(), Fixtures.now(), 7);

    PrincipalRecord created = store.createPrincipal(given);

    assertThat(created).isEqualTo(given.withVersion(1));
    assertThat(store.getPrincipal(given.id())).contains(created);
    assertThat(store.getPrincipalByName(Optional.of(tenant), Principal.Kind.SERVICE, "etl")).contains(created);
  }

  @Test
  void rootPrincipals_haveNoTenant_andAreListedApart() {
    String name = uniqueName("root");
    PrincipalRecord root = store.createPrincipal(new PrincipalRecord(uniqueName("client"), Optional.empty(), name,
        Principal.Kind.ROOT, "$2a$10$r", Set.of("root"), true, Optional.empty(), Fixtures.now(), Fixtures.now(), 0));

    assertThat(store.getPrincipalByName(Optional.empty(), Principal.Kind.ROOT, name)).contains(root);
    assertThat(all(Optional.empty())).contains(root);
    String tenant = newTenant();
    assertThat(all(Optional.of(tenant))).isEmpty();
  }

  @Test
  void createPrincipal_withTakenIdOrName_failsAndChangesNothing() {
    String tenant = newTenant();
    PrincipalRecord first = store.createPrincipal(service(tenant, "etl"));
    PrincipalRecord sameId = new PrincipalRecord(first.id(), Optional.of(tenant), "other", Principal.Kind.SERVICE,
        "$2a$10$x", Set.of(), true, Optional.empty(), Fixtures.now(), Fixtures.now(), 0);

    assertThatExceptionOfType(AlreadyExistsException.class).isThrownBy(() -> store.createPrincipal(sameId));
    assertThatExceptionOfType(AlreadyExistsException.class)
        .isThrownBy(() -> store.createPrincipal(service(tenant, "etl")));

    assertThat(all(Optional.of(tenant))).containsExactly(first);
  }

  @Test
  void sameName_inAnotherTenantOrOfAnotherKind_isAllowed() {
    String a = newTenant();
    String b = newTenant();
    store.createPrincipal(service(a, "etl"));
    store.createPrincipal(service(b, "etl"));
    store.createPrincipal(new PrincipalRecord("user:" + a + ":etl", Optional.of(a), "etl", Principal.Kind.USER,
        "$2a$10$u", Set.of(), true, Optional.empty(), Fixtures.now(), Fixtures.now(), 0));

    assertThat(all(Optional.of(a))).extracting(PrincipalRecord::kind)
        .containsExactlyInAnyOrder(Principal.Kind.SERVICE, Principal.Kind.USER);
    assertThat(all(Optional.of(b))).hasSize(1);
  }

  @Test
  void createPrincipal_whenTenantMissing_failsAndWritesNothing() {
    String missing = uniqueName("t");
    PrincipalRecord p = service(missing, "etl");

    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> store.createPrincipal(p));
    assertThat(store.getPrincipal(p.id())).isEmpty();
  }

  @Test
  void updatePrincipal_isACompareAndSwapOnTheVersion() {
    String tenant = newTenant();
    PrincipalRecord v1 = store.createPrincipal(service(tenant, "etl"));
    PrincipalRecord change = new PrincipalRecord(v1.id(), v1.tenant(), v1.name(), v1.kind(), "$2a$10$new",
        Set.of("tenant-admin"), false, Optional.of(Fixtures.now()), v1.createdAt(), Fixtures.now(), v1.version());

    PrincipalRecord v2 = store.updatePrincipal(change, 1);

    assertThat(v2).isEqualTo(change.withVersion(2));
    assertThat(store.getPrincipal(v1.id())).contains(v2);
    assertThatExceptionOfType(ConflictException.class).isThrownBy(() -> store.updatePrincipal(change, 1));
    assertThat(store.getPrincipal(v1.id())).contains(v2);
    PrincipalRecord gone = service(tenant, "nobody");
    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> store.updatePrincipal(gone, 1));
  }

  @Test
  void deletePrincipal_removesIt_andAMissingOneIsNotFound() {
    String tenant = newTenant();
    PrincipalRecord p = store.createPrincipal(service(tenant, "etl"));

    store.deletePrincipal(p.id());

    assertThat(store.getPrincipal(p.id())).isEmpty();
    assertThat(store.getPrincipalByName(Optional.of(tenant), Principal.Kind.SERVICE, "etl")).isEmpty();
    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> store.deletePrincipal(p.id()));
  }

  @Test
  void listPrincipals_pagesInNameOrder() {
    String tenant = newTenant();
    for (String n : List.of("delta", "alpha", "echo", "charlie", "bravo")) {
      store.createPrincipal(service(tenant, n));
    }

    Page<PrincipalRecord> first = store.listPrincipals(Optional.of(tenant), PageRequest.first(2));
    assertThat(first.items()).extracting(PrincipalRecord::name).containsExactly("alpha", "bravo");
    assertThat(first.nextToken()).isPresent();
    assertThat(all(Optional.of(tenant))).extracting(PrincipalRecord::name)
        .containsExactly("alpha", "bravo", "charlie", "delta", "echo");
  }

  private List<PrincipalRecord> all(Optional<String> tenant) {
    List<PrincipalRecord> out = new ArrayList<>();
    Page<PrincipalRecord> page = store.listPrincipals(tenant, PageRequest.first(2));
    out.addAll(page.items());
    while (page.nextToken().isPresent()) {
      page = store.listPrincipals(tenant, PageRequest.after(page.nextToken().get(), 2));
      out.addAll(page.items());
    }
    return out;
  }
}
