package io.pangolin.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.pangolin.api.ValidationException;
import io.pangolin.spi.PlaceScope;
import io.pangolin.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Places for tenants on MongoDB: a database of its own, provisioned with its indexes, dropped again. */
class PlacesTest {
  private final MongoStoreProvider provider = new MongoStoreProvider();

  private static ProviderConfig config(String database) {
    return ProviderConfig.of(Map.of("connection-string", TestServers.sharedUri(), "database", database,
        "server-selection-timeout-ms", "5000", "audit-archive-interval-minutes", "0"));
  }

  private static List<String> databases() {
    try (MongoClient c = MongoClients.create(TestServers.sharedUri())) {
      return c.listDatabaseNames().into(new ArrayList<>());
    }
  }

  private static List<String> indexes(String database) {
    try (MongoClient c = MongoClients.create(TestServers.sharedUri())) {
      List<String> names = new ArrayList<>();
      c.getDatabase(database).getCollection(Schema.ASSETS).listIndexes().forEach(d -> names.add(d.getString("name")));
      return names;
    }
  }

  @Test
  void provision_createsTheDatabaseWithItsIndexes_idempotently_andDeprovisionDropsIt() {
    String database = TestServers.database("place");
    provider.provision(config(database), PlaceScope.DATABASE);
    provider.provision(config(database), PlaceScope.SCHEMA);

    assertThat(databases()).contains(database);
    assertThat(indexes(database)).anyMatch(n -> n.startsWith("pangolin_"));

    provider.deprovision(config(database), PlaceScope.DATABASE);
    provider.deprovision(config(database), PlaceScope.DATABASE);
    assertThat(databases()).doesNotContain(database);
  }

  @Test
  void deprovision_refusesMongosOwnDatabases() {
    for (String db : List.of("admin", "local", "config")) {
      assertThatThrownBy(() -> provider.deprovision(config(db), PlaceScope.DATABASE))
          .isInstanceOf(ValidationException.class);
    }
  }
}
