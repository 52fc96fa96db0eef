package io.pangolin.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.spi.CacheProvider;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The module descriptor: a small surface, the provider declared for the module path and the class path alike. */
class ModuleDescriptorTest {
  private static Path classes() throws URISyntaxException {
    return Path.of(CaffeineRedisCacheProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static ModuleDescriptor descriptor() throws URISyntaxException {
    return ModuleFinder.of(classes()).find("io.pangolin.cache").orElseThrow().descriptor();
  }

  @Test
  void module_exportsOnePackage_opensNothing_andRequiresOnlySpiCaffeineAndRedisson() throws Exception {
    ModuleDescriptor d = descriptor();

    assertThat(d.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("io.pangolin.cache");
    assertThat(d.exports()).allMatch(e -> !e.isQualified());
    assertThat(d.opens()).isEmpty();
    assertThat(d.isOpen()).isFalse();
    Set<String> requires = d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
    assertThat(requires).containsExactlyInAnyOrder("java.base", "io.pangolin.spi", "com.github.benmanes.caffeine",
        "redisson");
  }

  @Test
  void module_providesTheCacheProvider_andTheServicesFileSaysTheSame() throws Exception {
    ModuleDescriptor d = descriptor();

    assertThat(d.provides()).singleElement().satisfies(p -> {
      assertThat(p.service()).isEqualTo(CacheProvider.class.getName());
      assertThat(p.providers()).containsExactly(CaffeineRedisCacheProvider.class.getName());
    });
    assertThat(servicesFile()).containsExactly(CaffeineRedisCacheProvider.class.getName());
  }

  @Test
  void exportedPackage_hasOnlyTheProviderItsConfigAndTheFamilies() throws Exception {
    Set<String> publicTypes;
    try (var files = Files.list(classes().resolve("io/pangolin/cache"))) {
      publicTypes = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
          .map(n -> n.substring(0, n.length() - ".class".length()))
          .filter(n -> !n.equals("package-info"))
          .filter(n -> {
            try {
              return java.lang.reflect.Modifier.isPublic(Class.forName("io.pangolin.cache." + n).getModifiers());
            } catch (ClassNotFoundException e) {
              throw new AssertionError(e);
            }
          })
          .collect(Collectors.toSet());
    }
    assertThat(publicTypes).containsExactlyInAnyOrder("CaffeineRedisCacheProvider", "CacheConfig",
        "CacheConfig$Builder", "CacheConfig$WarmCatalog", "CacheFamily");
  }

  private static java.util.List<String> servicesFile() throws IOException, URISyntaxException {
    return Files.readAllLines(classes().resolve("META-INF/services/" + CacheProvider.class.getName())).stream()
        .map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
