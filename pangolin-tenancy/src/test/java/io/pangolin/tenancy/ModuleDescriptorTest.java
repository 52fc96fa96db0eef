package io.pangolin.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.api.Tenant;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.TenancyProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The module descriptor of {@code io.pangolin.tenancy}, read from the built classes as a named module. */
class ModuleDescriptorTest {
  private static Path locationOf(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ModuleDescriptor descriptor() {
    return ModuleFinder.of(locationOf(PlacementTenancy.class), locationOf(MetadataStore.class),
        locationOf(Tenant.class)).find("io.pangolin.tenancy").orElseThrow().descriptor();
  }

  @Test
  void module_requiresTheSpiOnly_exportsOnePackage_opensNothing() {
    ModuleDescriptor d = descriptor();
    assertThat(d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("java.base", "io.pangolin.spi");
    assertThat(d.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("io.pangolin.tenancy");
    assertThat(d.opens()).isEmpty();
    assertThat(d.isOpen()).isFalse();
  }

  @Test
  void module_providesTheThreeTiers_exactlyAsTheServicesFileDoes() throws IOException {
    List<String> provided = descriptor().provides().stream()
        .filter(p -> p.service().equals(TenancyProvider.class.getName()))
        .flatMap(p -> p.providers().stream()).sorted().toList();
    String file;
    try (InputStream in = PlacementTenancy.class.getClassLoader()
        .getResourceAsStream("META-INF/services/" + TenancyProvider.class.getName())) {
      file = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(provided).containsExactlyElementsOf(file.lines().map(String::strip).filter(l -> !l.isEmpty())
        .sorted().toList());
    assertThat(ServiceLoader.load(TenancyProvider.class).stream().map(p -> p.get().name()).toList())
        .contains("shared", "hybrid", "dedicated");
  }
}
