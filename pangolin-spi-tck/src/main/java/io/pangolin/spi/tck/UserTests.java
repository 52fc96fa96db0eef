package io.pangolin.spi.tck;

import static io.pangolin.spi.tck.Fixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.ConflictException;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.User;
import io.pangolin.spi.MetadataStore;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Users: create / get / update / delete and the tenant parent. */
abstract class UserTests extends StoreTests {
  UserTests(MetadataStore store) {
    super(store);
  }

  @Test
  void createUser_returnsVersionOneAndRoundTripsAllFields() {
    String tenant = newTenant();
    User given = Fixtures.user(tenant, "alice").withVersion(11);

    User created = store.createUser(given);

    assertThat(created).isEqualTo(given.withVersion(1));
    assertThat(created.email()).contains("alice@example.com");
    assertThat(store.getUser(tenant, "alice")).contains(created);
  }

  @Test
  void createUser_withoutEmailOrProperties_roundTrips() {
    String tenant = newTenant();
    User given = new User(tenant, "robot", Optional.empty(), Map.of(), Fixtures.now(), Fixtures.now(), 0);

    store.createUser(given);

    assertThat(store.getUser(tenant, "robot")).contains(given.withVersion(1));
  }

  @Test
  void createUser_whenTenantMissing_failsAndWritesNothing() {
    String missing = uniqueName("t");

    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> store.createUser(Fixtures.user(missing, "alice")));

    assertThat(store.getUser(missing, "alice")).isEmpty();
    assertThat(store.getTenant(missing)).isEmpty();
  }

  @Test
  void getUser_whenMissing_isEmpty() {
    String tenant = newTenant();

    assertThat(store.getUser(tenant, "nobody")).isEmpty();
    assertThat(store.getUser(uniqueName("t"), "nobody")).isEmpty();
  }

  @Test
  void createUser_whenNameTaken_failsAndKeepsOriginal() {
    String tenant = newTenant();
    User original = newUser(tenant, "alice");
    User duplicate = new User(tenant, "alice", Optional.of("other@example.com"), Map.of(), Fixtures.now(),
        Fixtures.now(), 0);

    assertThatExceptionOfType(AlreadyExistsException.class).isThrownBy(() -> store.createUser(duplicate));

    assertThat(store.getUser(tenant, "alice")).contains(original);
  }

  @Test
  void updateUser_persistsEmailPropertiesAndTimestampsAsGivenAndBumpsVersion() {
    String tenant = newTenant();
    User v1 = newUser(tenant, "alice");
    User change = new User(tenant, "alice", Optional.of("alice@corp.example"), Map.of("team", "data"),
        v1.createdAt().minusSeconds(60), v1.updatedAt().plusSeconds(60), 1);

    User v2 = store.updateUser(change, 1);

    assertThat(v2).isEqualTo(change.withVersion(2));
    assertThat(store.getUser(tenant, "alice")).contains(v2);
  }

  @Test
  void updateUser_canClearTheEmail() {
    String tenant = newTenant();
    User v1 = newUser(tenant, "alice");
    User change = new User(tenant, "alice", Optional.empty(), v1.properties(), v1.createdAt(), v1.updatedAt(), 1);

    store.updateUser(change, 1);

    assertThat(store.getUser(tenant, "alice")).contains(change.withVersion(2));
  }

  @Test
  void updateUser_withStaleVersion_failsAndChangesNothing() {
    String tenant = newTenant();
    User v1 = newUser(tenant, "alice");
    User v2 = store.updateUser(withEmail(v1, "second@example.com"), 1);

    assertThatExceptionOfType(ConflictException.class)
        .isThrownBy(() -> store.updateUser(withEmail(v1, "third@example.com"), 1));

    assertThat(store.getUser(tenant, "alice")).contains(v2);
  }

  @Test
  void updateUser_whenMissing_failsWithoutCreatingIt() {
    String tenant = newTenant();

    assertThatThrownBy(() -> store.updateUser(Fixtures.user(tenant, "nobody"), 1))
        .isInstanceOfAny(NotFoundException.class, ConflictException.class);

    assertThat(store.getUser(tenant, "nobody")).isEmpty();
  }

  @Test
  void deleteUser_removesItAndFreesTheName() {
    String tenant = newTenant();
    newUser(tenant, "alice");

    store.deleteUser(tenant, "alice");

    assertThat(store.getUser(tenant, "alice")).isEmpty();
    assertThat(newUser(tenant, "alice").version()).isEqualTo(1);
  }

  @Test
  void deleteUser_whenMissing_fails() {
    String tenant = newTenant();

    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> store.deleteUser(tenant, "nobody"));
  }

  private static User withEmail(User u, String email) {
    return new User(u.tenant(), u.name(), Optional.of(email), u.properties(), u.createdAt(), u.updatedAt(),
        u.version());
  }
}
