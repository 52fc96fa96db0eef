package io.pangolin.spi.tck;

import static io.pangolin.spi.tck.Fixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.Grant;
import io.pangolin.api.GrantScope;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Privilege;
import io.pangolin.api.Role;
import io.pangolin.spi.MetadataStore;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Custom roles and grants of a tenant: create / list / delete, uniqueness of role names and of one grant per grantee
 * and scope, deleting a role deletes the grants given to it, tenants are isolated, every field round-trips (scopes of
 * every kind, asset names with dots).
 */
abstract class GrantTests extends StoreTests {
  GrantTests(MetadataStore store) {
    super(store);
  }

  private static Grant grant(GrantScope scope, Grant.Grantee grantee, Privilege... privileges) {
    return new Grant(uniqueName("grant"), scope, grantee, Set.of(privileges), Fixtures.now(), "alice");
  }

  @Test
  void roles_roundTripInNameOrder_andNamesAreUniquePerTenant() {
    String tenant = newTenant();
    Role b = store.createRole(tenant, new Role("engineers", "builds pipelines", Fixtures.now()));
    Role a = store.createRole(tenant, new Role("analysts", "", Fixtures.now()));

    assertThat(store.listRoles(tenant)).containsExactly(a, b);
    assertThatExceptionOfType(AlreadyExistsException.class)
        .isThrownBy(() -> store.createRole(tenant, new Role("analysts", "again", Fixtures.now())));
    assertThat(store.listRoles(tenant)).containsExactly(a, b);
    String other = newTenant();
    assertThat(store.listRoles(other)).isEmpty();
    assertThat(store.createRole(other, new Role("analysts", "theirs", Fixtures.now())).description())
        .isEqualTo("theirs");
  }

  @Test
  void grants_roundTripEveryScopeKind() {
    String tenant = newTenant();
    List<Grant> given = List.of(
        grant(GrantScope.tenant(), Grant.Grantee.role("tenant-user"), Privilege.LIST),
        grant(GrantScope.catalog("prod"), Grant.Grantee.role("analysts"), Privilege.LIST, Privilege.READ),
        grant(GrantScope.namespace("prod", List.of("sales", "emea")), Grant.Grantee.principal("client-1"),
            Privilege.CREATE, Privilege.WRITE, Privilege.DELETE, Privilege.MANAGE_GRANTS),
        grant(GrantScope.asset("prod", List.of("sales"), "orders.v2"), Grant.Grantee.principal("client-1"),
            Privilege.READ));
    for (Grant g : given) {
      assertThat(store.createGrant(tenant, g)).isEqualTo(g);
    }
    assertThat(store.listGrants(tenant)).containsExactlyInAnyOrderElementsOf(given);
    assertThat(store.listGrants(tenant)).extracting(Grant::id).isSorted();
    assertThat(store.listGrants(newTenant())).isEmpty();
  }

  @Test
  void createGrant_forAGranteeAndScopeThatHaveOne_failsAndChangesNothing() {
    String tenant = newTenant();
    Grant first = store.createGrant(tenant, grant(GrantScope.catalog("prod"), Grant.Grantee.role("analysts"),
        Privilege.READ));

    assertThatExceptionOfType(AlreadyExistsException.class).isThrownBy(() -> store.createGrant(tenant,
        grant(GrantScope.catalog("prod"), Grant.Grantee.role("analysts"), Privilege.WRITE)));
    // the same scope for another grantee, or another scope for the same grantee, is a grant of its own
    Grant other = store.createGrant(tenant, grant(GrantScope.catalog("prod"), Grant.Grantee.principal("analysts"),
        Privilege.READ));
    Grant wider = store.createGrant(tenant, grant(GrantScope.tenant(), Grant.Grantee.role("analysts"),
        Privilege.LIST));
    assertThat(store.listGrants(tenant)).containsExactlyInAnyOrder(first, other, wider);
  }

  @Test
  void deleteGrant_removesOnlyIt_andAMissingOneIsNotFound() {
    String tenant = newTenant();
    Grant a = store.createGrant(tenant, grant(GrantScope.catalog("a"), Grant.Grantee.role("r"), Privilege.READ));
    Grant b = store.createGrant(tenant, grant(GrantScope.catalog("b"), Grant.Grantee.role("r"), Privilege.READ));

    store.deleteGrant(tenant, a.id());

    assertThat(store.listGrants(tenant)).containsExactly(b);
    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> store.deleteGrant(tenant, a.id()));
    String other = newTenant();
    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> store.deleteGrant(other, b.id()));
    assertThat(store.listGrants(tenant)).containsExactly(b);
  }

  @Test
  void deleteRole_deletesTheGrantsGivenToIt_only() {
    String tenant = newTenant();
    store.createRole(tenant, new Role("analysts", "", Fixtures.now()));
    store.createRole(tenant, new Role("engineers", "", Fixtures.now()));
    store.createGrant(tenant, grant(GrantScope.catalog("prod"), Grant.Grantee.role("analysts"), Privilege.READ));
    Grant keep1 = store.createGrant(tenant, grant(GrantScope.catalog("prod"), Grant.Grantee.role("engineers"),
        Privilege.WRITE));
    Grant keep2 = store.createGrant(tenant, grant(GrantScope.catalog("prod"), Grant.Grantee.principal("analysts"),
        Privilege.READ));

    store.deleteRole(tenant, "analysts");

    assertThat(store.listRoles(tenant)).extracting(Role::name).containsExactly("engineers");
    assertThat(store.listGrants(tenant)).containsExactlyInAnyOrder(keep1, keep2);
    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> store.deleteRole(tenant, "analysts"));
  }

  @Test
  void rolesAndGrants_ofAMissingTenant_areNotFound() {
    String missing = uniqueName("no-tenant");
    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> store.createRole(missing, new Role("r", "", Fixtures.now())));
    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> store.createGrant(missing,
        grant(GrantScope.tenant(), Grant.Grantee.role("r"), Privilege.READ)));
    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> store.listGrants(missing));
    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> store.listRoles(missing));
  }

  @Test
  void deleteTenant_withRolesAndGrants_deletesThem() {
    String tenant = newTenant();
    store.createRole(tenant, new Role("analysts", "", Fixtures.now()));
    store.createGrant(tenant, grant(GrantScope.tenant(), Grant.Grantee.role("analysts"), Privilege.READ));

    store.deleteTenant(tenant); // roles and grants do not keep a tenant alive (unlike catalogs)

    assertThat(store.getTenant(tenant)).isEmpty();
    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> store.listGrants(tenant));
    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> store.listRoles(tenant));
  }
}
