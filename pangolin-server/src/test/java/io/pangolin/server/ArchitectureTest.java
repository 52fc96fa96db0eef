package io.pangolin.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency rules of the architecture, checked on every Pangolin class on this module's class path (api, spi,
 * core, the in-memory store and the server): dependencies point one way, server → core → spi → api, and nothing
 * depends on the server.
 */
@AnalyzeClasses(packages = "io.pangolin", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule api_dependsOnlyOnTheJdk = classes().that().resideInAPackage("io.pangolin.api..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.pangolin.api..")
      .because("pangolin-api is the public model and must carry no third-party types");

  @ArchTest
  static final ArchRule spi_dependsOnlyOnTheJdkAndTheApi = classes().that().resideInAPackage("io.pangolin.spi..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.pangolin.api..", "io.pangolin.spi..")
      .because("plugin contracts must not leak driver or framework types");

  @ArchTest
  static final ArchRule core_knowsNoServerContainerOrFramework = noClasses().that()
      .resideInAPackage("io.pangolin.core..")
      .should().dependOnClassesThat().resideInAnyPackage("io.pangolin.server..", "jakarta..", "io.helidon..")
      .because("the engine is embeddable without Helidon, CDI or JAX-RS");

  @ArchTest
  static final ArchRule iceberg_knowsNoServerContainerOrFramework = noClasses().that()
      .resideInAPackage("io.pangolin.iceberg..")
      .should().dependOnClassesThat().resideInAnyPackage("io.pangolin.server..", "jakarta..", "io.helidon..")
      .because("the Iceberg semantics are independent of HTTP and embeddable without the server");

  @ArchTest
  static final ArchRule nothing_dependsOnTheServer = noClasses().that()
      .resideOutsideOfPackage("io.pangolin.server..")
      .should().dependOnClassesThat().resideInAPackage("io.pangolin.server..")
      .because("the server is the outermost layer");

  @ArchTest
  static final ArchRule packages_areFreeOfCycles = slices().matching("io.pangolin.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule classesExist = classes().that().resideInAPackage("io.pangolin.core..")
      .should().haveSimpleNameNotEndingWith("ThisNameDoesNotExist")
      .because("the rules above must see the engine's classes, not an empty package");
}
