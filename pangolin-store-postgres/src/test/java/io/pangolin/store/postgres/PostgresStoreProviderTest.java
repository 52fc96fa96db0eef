package io.pangolin.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.pangolin.api.UnavailableException;
import io.pangolin.api.ValidationException;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.ProviderConfig;
import io.pangolin.spi.Providers;
import io.pangolin.spi.StoreProvider;
import io.pangolin.spi.tck.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provider as the engine and server find it: by name through {@link java.util.ServiceLoader}, configured by
 * string keys only; its module descriptor; and its failures on bad configuration or an unreachable server.
 */
class PostgresStoreProviderTest {
  @RegisterExtension
  static final TestDatabase DB = new TestDatabase();

  @Test
  void provider_isFoundByName() {
    assertThat(Providers.store("postgres")).isInstanceOf(PostgresStoreProvider.class);
    assertThat(Providers.storeNames()).contains("postgres");
  }

  @Test
  void open_fromStringConfiguration_migratesIntoTheConfiguredSchemaAndWorks() throws Exception {
    StoreProvider provider = Providers.store("postgres");
    try (MetadataStore store = provider.open(ProviderConfig.of(Map.of("url", DB.url(), "user",
        PostgresTestServer.USER, "schema", "by_config", "pool-size", "3", "maintenance-interval-s", "0")))) {
      String t = store.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))).name();
      assertThat(store.getTenant(t)).isPresent();
      assertThat(store.health().up()).isTrue();
    }
    try (Connection c = DB.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM by_config.tenants")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(1);
    }
  }

  @Test
  void open_twice_appliesMigrationsOnce() {
    PostgresStoreConfig config = DB.config().schema("twice").build();
    PostgresMetadataStore.open(config).close();
    try (PostgresMetadataStore again = PostgresMetadataStore.open(config)) {
      assertThat(again.health().up()).isTrue();
    }
  }

  @Test
  void open_withBadConfiguration_failsWithValidationException() {
    assertThatExceptionOfType(ValidationException.class)
        .isThrownBy(() -> Providers.store("postgres").open(ProviderConfig.of(Map.of("url", DB.url(),
            "pool-size", "lots"))));
  }

  @Test
  void open_whenThePostgresServerIsUnreachable_failsWithUnavailableException() {
    int closedPort = OsProcesses.freePort();
    assertThatExceptionOfType(UnavailableException.class).isThrownBy(() -> PostgresMetadataStore.open(
        PostgresTestServer.config(PostgresTestServer.url("127.0.0.1", closedPort, "x")).connectionTimeoutMs(500)
            .build()));
  }

  @Test
  void closedStore_reportsDown_andRefusesCalls() {
    PostgresMetadataStore store = PostgresMetadataStore.open(DB.config().schema("closing").build());
    store.close();
    store.close();

    assertThat(store.health().up()).isFalse();
    assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> store.getTenant("x"));
  }

  @Test
  void moduleDescriptor_exportsOnePackage_requiresOnlyTheSpiTransitively_andProvidesTheStoreProvider() throws Exception {
    ModuleDescriptor d;
    Path classes = Path.of(PostgresStoreProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      d = ModuleDescriptor.read(in);
    }

    assertThat(d.name()).isEqualTo("io.pangolin.store.postgres");
    assertThat(d.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("io.pangolin.store.postgres");
    assertThat(d.exports()).allMatch(e -> !e.isQualified());
    assertThat(d.opens()).isEmpty();
    assertThat(d.requires()).extracting(ModuleDescriptor.Requires::name).contains("io.pangolin.spi", "java.sql",
        "org.jdbi.v3.core", "org.postgresql.jdbc", "com.zaxxer.hikari");
    // only the SPI is part of the exported API (the provider and the store implement its interfaces)
    assertThat(d.requires()).filteredOn(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE))
        .extracting(ModuleDescriptor.Requires::name).containsExactly("io.pangolin.spi");
    assertThat(d.provides()).singleElement().satisfies(p -> {
      assertThat(p.service()).isEqualTo(StoreProvider.class.getName());
      assertThat(p.providers()).containsExactly(PostgresStoreProvider.class.getName());
    });
  }

  @Test
  void serviceFile_listsTheSameProvidersAsTheModuleDescriptor() throws IOException {
    Path services = Path.of("src/main/resources/META-INF/services/" + StoreProvider.class.getName());
    Set<String> listed = Files.readAllLines(services, StandardCharsets.UTF_8).stream().map(String::trim)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());

    assertThat(listed).containsExactly(PostgresStoreProvider.class.getName());
  }
}
