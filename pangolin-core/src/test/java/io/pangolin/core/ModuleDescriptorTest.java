package io.pangolin.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.api.Tenant;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.StoreProvider;
import io.pangolin.store.memory.MemoryStoreProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Checks the module descriptors of the library modules (tests run on the class path, so this test resolves the
 * real jars/classes directories as named modules in a fresh {@link ModuleLayer}).
 */
class ModuleDescriptorTest {

  private static Path locationOf(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ModuleFinder finder() {
    return ModuleFinder.of(locationOf(Tenant.class), locationOf(MetadataStore.class), locationOf(Pangolin.class),
        locationOf(MemoryStoreProvider.class),
        locationOf(org.bouncycastle.crypto.generators.OpenBSDBCrypt.class),
        locationOf(com.github.benmanes.caffeine.cache.Caffeine.class));
  }

  private static ModuleDescriptor descriptor(String name) {
    return finder().find(name).orElseThrow(() -> new AssertionError("module " + name + " not found")).descriptor();
  }

  private static Set<String> requires(ModuleDescriptor d) {
    return d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
  }

  @Test
  void api_exportsOnePackage_andRequiresOnlyJavaBase() {
    ModuleDescriptor d = descriptor("io.pangolin.api");
    assertThat(d.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("io.pangolin.api");
    assertThat(requires(d)).containsExactly("java.base");
    assertThat(d.opens()).isEmpty();
    assertThat(d.isOpen()).isFalse();
  }

  @Test
  void spi_requiresApiTransitively_andUsesEveryProviderType() {
    ModuleDescriptor d = descriptor("io.pangolin.spi");
    assertThat(d.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("io.pangolin.spi");
    assertThat(requires(d)).containsExactlyInAnyOrder("java.base", "io.pangolin.api");
    assertThat(d.requires()).filteredOn(r -> r.name().equals("io.pangolin.api"))
        .allMatch(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE));
    assertThat(d.uses()).containsExactlyInAnyOrder("io.pangolin.spi.StoreProvider", "io.pangolin.spi.CacheProvider",
        "io.pangolin.spi.TenancyProvider");
    assertThat(d.opens()).isEmpty();
  }

  @Test
  void core_dependsOnSpiBouncyCastleAndCaffeineOnly() {
    ModuleDescriptor d = descriptor("io.pangolin.core");
    // Bouncy Castle: bcrypt hashes of client secrets and passwords (no hand-written crypto); Caffeine: the bounded
    // per-instance cache of each tenant's grants
    assertThat(requires(d)).containsExactlyInAnyOrder("java.base", "io.pangolin.spi", "org.bouncycastle.provider",
        "com.github.benmanes.caffeine");
    assertThat(d.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("io.pangolin.core");
    assertThat(d.opens()).isEmpty();
  }

  @Test
  void memoryStore_providesStoreProvider_andServicesFileMatches() throws IOException {
    ModuleDescriptor d = descriptor("io.pangolin.store.memory");
    assertThat(requires(d)).containsExactlyInAnyOrder("java.base", "io.pangolin.spi");
    assertThat(d.provides()).singleElement().satisfies(p -> {
      assertThat(p.service()).isEqualTo(StoreProvider.class.getName());
      assertThat(p.providers()).containsExactly(MemoryStoreProvider.class.getName());
    });
    assertThat(servicesFile(locationOf(MemoryStoreProvider.class), StoreProvider.class.getName()))
        .containsExactly(MemoryStoreProvider.class.getName());
  }

  @Test
  void memoryStore_isFoundByServiceLoader_inAModuleLayer() {
    ModuleLayer parent = ModuleLayer.boot();
    Configuration cf = parent.configuration().resolveAndBind(finder(), ModuleFinder.of(),
        Set.of("io.pangolin.core", "io.pangolin.store.memory"));
    ModuleLayer layer = parent.defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
    Class<?> spiType;
    try {
      spiType = layer.findLoader("io.pangolin.spi").loadClass(StoreProvider.class.getName());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
    List<String> providers = ServiceLoader.load(layer, spiType).stream().map(p -> p.type().getName()).toList();
    assertThat(providers).containsExactly(MemoryStoreProvider.class.getName());
    assertThat(layer.findModule("io.pangolin.store.memory")).isPresent();
  }

  private static List<String> servicesFile(Path location, String service) throws IOException {
    String entry = "META-INF/services/" + service;
    if (Files.isDirectory(location)) {
      return Files.readAllLines(location.resolve(entry)).stream().map(String::trim).filter(s -> !s.isEmpty())
          .toList();
    }
    try (JarFile jar = new JarFile(location.toFile()); InputStream in = jar.getInputStream(jar.getEntry(entry))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
          .filter(s -> !s.isEmpty()).toList();
    }
  }
}
