package io.pangolin.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.spi.StoreProvider;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The module descriptor: a small exported surface, the driver as the only third-party dependency, services in step. */
class ModuleDescriptorTest {

  private static Path classes() throws URISyntaxException {
    return Path.of(MongoStoreProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  @Test
  void descriptor_exportsOnePackage_requiresSpiTheDriverAndRetry_providesTheStore_opensNothing() throws Exception {
    ModuleDescriptor d;
    try (InputStream in = Files.newInputStream(classes().resolve("module-info.class"))) {
      d = ModuleDescriptor.read(in);
    }

    assertThat(d.name()).isEqualTo("io.pangolin.store.mongo");
    assertThat(d.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("io.pangolin.store.mongo");
    assertThat(d.requires()).extracting(ModuleDescriptor.Requires::name).containsExactlyInAnyOrder("java.base",
        "io.pangolin.spi", "org.mongodb.driver.sync.client", "org.mongodb.driver.core", "org.mongodb.bson",
        "io.github.resilience4j.core", "io.github.resilience4j.retry");
    assertThat(d.opens()).isEmpty();
    assertThat(d.provides()).singleElement().satisfies(p -> {
      assertThat(p.service()).isEqualTo(StoreProvider.class.getName());
      assertThat(p.providers()).containsExactly(MongoStoreProvider.class.getName());
    });
  }

  @Test
  void servicesFile_namesTheSameProvider() throws Exception {
    List<String> lines = Files.readAllLines(classes().resolve("META-INF/services/" + StoreProvider.class.getName()))
        .stream().map(String::strip).filter(s -> !s.isEmpty()).toList();

    assertThat(lines).containsExactly(MongoStoreProvider.class.getName());
  }

  @Test
  void exportedTypes_areOnlyTheProviderAndItsConfig() throws Exception {
    List<String> publicTypes;
    try (var files = Files.list(classes().resolve("io/pangolin/store/mongo"))) {
      publicTypes = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
          .map(n -> n.substring(0, n.length() - ".class".length()))
          .filter(n -> !n.equals("package-info"))
          .filter(n -> {
            try {
              Class<?> c = Class.forName("io.pangolin.store.mongo." + n);
              return java.lang.reflect.Modifier.isPublic(c.getModifiers()) && c.getEnclosingClass() == null;
            } catch (ClassNotFoundException e) {
              throw new AssertionError(e);
            }
          }).toList();
    }

    assertThat(publicTypes).containsExactlyInAnyOrder("MongoStoreProvider", "MongoStoreConfig");
  }
}
