package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.iceberg.view.ViewCatalogTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Iceberg's REST Compatibility Kit, view part: every test of {@code ViewCatalogTests} (iceberg-core 1.10, tests jar),
 * run as upstream's {@code RESTCompatibilityKitViewCatalogTests} runs them, against the packaged server
 * ({@link RckServer}), with the capabilities of {@link IcebergRckCatalogIT#RCK}.
 */
@ExtendWith(RckServer.class)
class IcebergRckViewCatalogIT extends ViewCatalogTests<RESTCatalog> {
  private static RESTCatalog restCatalog;

  @BeforeAll
  static void beforeClass(RckServer.Rck server) {
    restCatalog = server.client(IcebergRckCatalogIT.RCK, Map.of());
    assertThat(restCatalog.listNamespaces())
        .withFailMessage("Namespaces list should not contain: %s", RckServer.Rck.TEST_NAMESPACES)
        .doesNotContainAnyElementsOf(RckServer.Rck.TEST_NAMESPACES);
  }

  @BeforeEach
  void before() {
    try {
      RckServer.Rck.purgeTestEntries(restCatalog);
    } catch (RuntimeException e) {
      System.getLogger(IcebergRckViewCatalogIT.class.getName()).log(System.Logger.Level.WARNING,
          "Failure during test setup", e);
    }
  }

  @AfterAll
  static void afterClass() throws Exception {
    restCatalog.close();
  }

  @Override
  protected RESTCatalog catalog() {
    return restCatalog;
  }

  @Override
  protected Catalog tableCatalog() {
    return restCatalog;
  }

  @Override
  protected boolean requiresNamespaceCreate() {
    return PropertyUtil.propertyAsBoolean(restCatalog.properties(), "rck.requires-namespace-create", true);
  }

  @Override
  protected boolean supportsServerSideRetry() {
    return PropertyUtil.propertyAsBoolean(restCatalog.properties(), "rck.supports-serverside-retry", true);
  }

  @Override
  protected boolean overridesRequestedLocation() {
    return PropertyUtil.propertyAsBoolean(restCatalog.properties(), "rck.overrides-requested-location", false);
  }
}
