package io.pangolin.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.iceberg.catalog.CatalogTests;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.util.PropertyUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Iceberg's REST Compatibility Kit, table part: every test of {@code CatalogTests} (iceberg-core 1.10, tests jar),
 * run as upstream's {@code RESTCompatibilityKitCatalogTests} runs them, against the packaged server
 * ({@link RckServer}: a warehouse root written {@code file:///…}, a service principal's credentials).
 *
 * <p>Capabilities: those upstream's RCK reads from the catalog properties ({@link #RCK}, same keys and the same
 * reading), plus nested namespaces, which Pangolin supports and advertises.
 */
@ExtendWith(RckServer.class)
class IcebergRckCatalogIT extends CatalogTests<RESTCatalog> {
  /** The RCK's capability properties ({@code RESTCompatibilityKitSuite.RCK_*}) as Pangolin declares them. */
  static final Map<String, String> RCK = Map.of(
      "rck.requires-namespace-create", "true", // a namespace must exist before tables or views are created in it
      "rck.supports-serverside-retry", "true", // commits are retried on the server, requirements re-checked
      "rck.overrides-requested-location", "false", // a requested location is honoured (or refused), never replaced
      // upstream's default: a namespace level or table name never contains a dot (namespaces are written dotted in
      // the management API: "sales.emea")
      "rck.supports-names-with-dot", "false");

  private static RckServer.Rck rck;
  private static RESTCatalog restCatalog;

  @BeforeAll
  static void beforeClass(RckServer.Rck server) {
    rck = server;
    restCatalog = rck.client(RCK, Map.of());
    assertThat(restCatalog.listNamespaces())
        .withFailMessage("Namespaces list should not contain: %s", RckServer.Rck.TEST_NAMESPACES)
        .doesNotContainAnyElementsOf(RckServer.Rck.TEST_NAMESPACES);
  }

  @BeforeEach
  void before() {
    try {
      RckServer.Rck.purgeTestEntries(restCatalog);
    } catch (RuntimeException e) {
      System.getLogger(IcebergRckCatalogIT.class.getName()).log(System.Logger.Level.WARNING,
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
  protected RESTCatalog initCatalog(String catalogName, Map<String, String> additionalProperties) {
    return rck.client(RCK, additionalProperties);
  }

  @Override
  protected boolean requiresNamespaceCreate() {
    return PropertyUtil.propertyAsBoolean(restCatalog.properties(), "rck.requires-namespace-create",
        super.requiresNamespaceCreate());
  }

  @Override
  protected boolean supportsServerSideRetry() {
    return PropertyUtil.propertyAsBoolean(restCatalog.properties(), "rck.supports-serverside-retry", true);
  }

  @Override
  protected boolean overridesRequestedLocation() {
    return PropertyUtil.propertyAsBoolean(restCatalog.properties(), "rck.overrides-requested-location", false);
  }

  @Override
  protected boolean supportsNamesWithDot() {
    return PropertyUtil.propertyAsBoolean(restCatalog.properties(), "rck.supports-names-with-dot", false);
  }

  // supportsNamesWithSlashes(): the kit's default (true) — names containing '/' are accepted, as the spec allows

  /**
   * The kit's hook for where tables with a requested location go: upstream's {@code file:/tmp/<ns>/<name>}, with the
   * warehouse directory in place of {@code /tmp} (and the same {@code file:/} spelling), see {@link RckServer}.
   */
  @Override
  protected String baseTableLocation(TableIdentifier identifier) {
    return rck.baseTableLocation() + "/" + identifier.namespace() + "/" + identifier.name();
  }

  /** Not an RCK property: Pangolin advertises nested namespaces (up to {@code pangolin.limits.max-namespace-depth}). */
  @Override
  protected boolean supportsNestedNamespaces() {
    return true;
  }
}
